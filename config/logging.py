"""structlog, configured once, routed through stdlib logging.

Inside the LiveKit worker, LiveKit's CLI owns the root handler (JSON in production)
and forwards stdlib records from job processes to the main process. So there
structlog hands each event to stdlib as a message plus ``extra`` fields
(``handler=False``), and interview_id / application_id / room arrive as fields of
LiveKit's own JSON lines. Everywhere else (demo, scripts) we install one handler
ourselves: JSON lines, or a readable console on a TTY.

Secrets never reach a log line: ``redact`` masks values of keys that look secret
(api_key, token, password, authorization, cv_text...) and any registered secret
value inside our events; a log-record factory masks registered secrets in every
other library's records too.
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
    if _secret_values and not getattr(logging.getLogRecordFactory(), "scrubs", False):
        logging.setLogRecordFactory(_scrubbing_factory(logging.getLogRecordFactory()))


def _scrubbing_factory(base: Any) -> Any:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = base(*args, **kwargs)
        if isinstance(record.msg, str):
            record.msg = _scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub(a) if isinstance(a, str) else a for a in record.args)
        return record

    factory.scrubs = True  # type: ignore[attr-defined]
    return factory


def redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in list(event.items()):
        if _SECRET_KEYS.search(key):
            event[key] = _MASK
        elif isinstance(value, str):
            event[key] = _scrub(value)
    return event


def _scrub(text: str) -> str:
    for secret in _secret_values:
        if secret in text:
            text = text.replace(secret, _MASK)
    return text


def _as_extra(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Fields that would clash with LogRecord attributes (name, module...) get a suffix."""
    for key in [k for k in event if k in _RESERVED]:
        event[f"{key}_"] = event.pop(key)
    return event


def configure_logging(
    level: str = "INFO", *, json: bool | None = None, handler: bool = True
) -> None:
    """Idempotent. ``handler=False`` inside the LiveKit worker (its CLI owns the output)."""
    shared: list[Any] = [structlog.contextvars.merge_contextvars, redact]
    if not handler:  # the record's own level and time are LiveKit's formatter's to print
        structlog.configure(
            processors=[*shared, _as_extra, structlog.stdlib.render_to_log_kwargs],
            logger_factory=structlog.stdlib.LoggerFactory(),
            wrapper_class=structlog.stdlib.BoundLogger,
            cache_logger_on_first_use=False,
        )
        _quiet_libraries(level)
        return
    if json is None:
        json = not sys.stderr.isatty()
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        redact,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # not cached: structlog.testing.capture_logs must keep working after configure
        cache_logger_on_first_use=False,
    )
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info if json else _identity,
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
    _quiet_libraries(level)


def _quiet_libraries(level: str) -> None:
    # chatty libraries stay at WARNING; gql's transport logs whole request and response
    # bodies (transcripts, CV analysis) at DEBUG, so it never goes below WARNING
    for name in ("botocore", "boto3", "urllib3", "aiohttp.access", "faster_whisper"):
        logging.getLogger(name).setLevel(logging.WARNING if level.upper() != "DEBUG" else level)
    logging.getLogger("gql").setLevel(logging.WARNING)


def _identity(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    return event


def bind_interview(**ids: str | None) -> None:
    """Bind interview_id / application_id / room to every later log line of this task."""
    structlog.contextvars.bind_contextvars(**{k: v for k, v in ids.items() if v})
