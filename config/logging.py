"""structlog, configured once, routed through stdlib logging.

Inside the LiveKit worker, LiveKit's CLI owns the root handler (JSON in production)
and forwards stdlib records from job processes to the main process. So there
structlog hands each event to stdlib as a message plus ``extra`` fields
(``handler=False``), and interview_id / application_id / room arrive as fields of
LiveKit's own JSON lines. Everywhere else (demo, scripts) we install one handler
ourselves: JSON lines, or a readable console on a TTY.

Secrets never reach a log line, whatever carries them: ``redact`` masks values of
keys that look secret (api_key, token, password, authorization, cv_text...) and any
registered secret value inside our events, at any depth (dicts, lists, exceptions,
objects whose text shows it). Other libraries log objects too (botocore's request
object prints ``Credential=<access key id>``), so ``_ScrubFilter`` renders every
stdlib record's message, exception and extra fields and masks them before any
handler formats it; it is attached to every handler on the root logger, including
the ones LiveKit's CLI adds after us (the record factory attaches it on first use).
Our own handler (demo, scripts) also scrubs the final rendered line.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any

import structlog

_SECRET_KEYS = re.compile(
    r"(api[_-]?key|secret|token|password|authorization|x-api-key|cv_text|resume_text)", re.I
)
_MASK = "**********"
_secret_values: set[str] = set()
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember secret values so that they are masked wherever they appear."""
    _secret_values.update(v for v in values if v and len(v) >= 4)
    _install_factory()


def _install_factory() -> None:
    base = logging.getLogRecordFactory()
    if getattr(base, "scrubs", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        # extra fields are set on the record after the factory returns, so the scrubbing
        # itself happens in a handler filter; handlers may appear at any time (LiveKit's
        # CLI adds its own after we configure), hence the check on every record
        for handler in logging.getLogger().handlers:
            if _SCRUB_FILTER not in handler.filters:
                handler.addFilter(_SCRUB_FILTER)
        return base(*args, **kwargs)

    factory.scrubs = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class _ScrubFilter(logging.Filter):
    """Masks secrets in a record's message, arguments, exception and extra fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):  # a structlog event on its way to a formatter
            record.msg = redact(None, "", record.msg)
        elif record.args or not isinstance(record.msg, str) or _has_secret(record.msg):
            try:
                message = record.getMessage()
            except Exception:  # a bad format string: logging reports it as usual
                return True
            record.msg, record.args = _scrub(message), ()
        if record.exc_info and record.exc_info[0] is not None:
            text = _FORMATTER.formatException(record.exc_info)
            if _has_secret(text):
                # drop the exception itself so that no formatter renders it unmasked
                record.exc_text, record.exc_info = _scrub(text), None
        if record.exc_text:
            record.exc_text = _scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = _scrub(record.stack_info)
        for key in [k for k in record.__dict__ if k not in _RESERVED and k[0] != "_"]:
            record.__dict__[key] = _scrub_item(key, record.__dict__[key], 0)
        return True


_SCRUB_FILTER = _ScrubFilter()
_FORMATTER = logging.Formatter()


def redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in list(event.items()):
        if key == "exc_info":  # rendered later; the record filter / final scrub mask it
            continue
        event[key] = _scrub_item(key, value, 0)
    return event


def _scrub(text: str) -> str:
    for secret in _secret_values:
        text = text.replace(secret, _MASK)
    return text


def _scrub_item(key: Any, value: Any, depth: int) -> Any:
    return (
        _MASK if isinstance(key, str) and _SECRET_KEYS.search(key) else _scrub_value(value, depth)
    )


def _has_secret(text: str) -> bool:
    return any(secret in text for secret in _secret_values)


def _scrub_value(value: Any, depth: int = 0) -> Any:
    """``value`` with secrets masked; containers keep their shape, and any other object
    whose text would show a secret is replaced by that text, masked."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _scrub(value)
    if depth < 5 and isinstance(value, dict):
        return {k: _scrub_item(k, v, depth + 1) for k, v in value.items()}
    if depth < 5 and type(value) in (list, tuple, set, frozenset):
        return type(value)(_scrub_value(v, depth + 1) for v in value)
    if not _secret_values:
        return value
    try:
        text, shown = str(value), repr(value)
    except Exception:
        return "<unprintable>"
    if _has_secret(text) or _has_secret(shown):
        return _scrub(text)
    return value


def _as_extra(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Fields that would clash with LogRecord attributes (name, module...) get a suffix."""
    for key in [k for k in event if k in _RESERVED]:
        event[f"{key}_"] = event.pop(key)
    return event


def configure_logging(
    level: str = "INFO", *, json: bool | None = None, handler: bool = True
) -> None:
    """Idempotent. ``handler=False`` inside the LiveKit worker (its CLI owns the output)."""
    _install_factory()
    _quiet_libraries(level)
    if handler:
        shared: list[Any] = [
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.add_log_level,
            redact,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
        ]
        to_stdlib: list[Any] = [structlog.stdlib.ProcessorFormatter.wrap_for_formatter]
    else:  # the record's own level and time are LiveKit's formatter's to print
        shared = [structlog.contextvars.merge_contextvars, redact]
        to_stdlib = [_as_extra, structlog.stdlib.render_to_log_kwargs]
    structlog.configure(
        processors=[*shared, *to_stdlib],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # not cached: structlog.testing.capture_logs must keep working after configure
        cache_logger_on_first_use=False,
    )
    if not handler:
        return
    if json is None:
        json = not sys.stderr.isatty()
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    formatter = _ScrubbingFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *([structlog.processors.format_exc_info] if json else []),
            renderer,
        ],
    )
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(formatter)
    stream.set_name("interview-agent")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "interview-agent"]:
        root.removeHandler(old)
    root.addHandler(stream)
    root.setLevel(level.upper())


class _ScrubbingFormatter(structlog.stdlib.ProcessorFormatter):
    """The last line of defence: the rendered line itself (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return _scrub(super().format(record))


def _quiet_libraries(level: str) -> None:
    # chatty libraries stay at WARNING; gql's transport logs whole request and response
    # bodies (transcripts, CV analysis) at DEBUG, so it never goes below WARNING
    for name in ("botocore", "boto3", "urllib3", "aiohttp.access", "faster_whisper"):
        logging.getLogger(name).setLevel(logging.WARNING if level.upper() != "DEBUG" else level)
    logging.getLogger("gql").setLevel(logging.WARNING)


def bind_interview(**ids: str | None) -> None:
    """Bind interview_id / application_id / room to every later log line of this task."""
    structlog.contextvars.bind_contextvars(**{k: v for k, v in ids.items() if v})
