"""structlog, configured once, routed through stdlib logging.

LiveKit forwards stdlib log records from job processes to the main process, so
structlog renders through ``ProcessorFormatter`` on the root handler rather than
writing to stdout itself: our events and LiveKit's share one stream and format
(JSON lines in production or when not on a TTY, a readable console otherwise).

Secrets never reach a log line: ``redact`` masks values of keys that look secret
(api_key, token, password, authorization, cv_text...) and any registered secret
value wherever it appears in a string.
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


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember secret values so that they are masked wherever they appear."""
    _secret_values.update(v for v in values if v and len(v) >= 4)


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


class _ScrubFilter(logging.Filter):
    """Masks registered secrets in foreign (non-structlog) records too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _secret_values and isinstance(record.msg, str):
            record.msg = _scrub(record.msg)
        return True


def configure_logging(level: str = "INFO", *, json: bool | None = None) -> None:
    """Idempotent: safe to call from the main process and from every job process."""
    if json is None:
        json = not sys.stderr.isatty()
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact,
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
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
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.addFilter(_ScrubFilter())
    handler.set_name("interview-agent")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "interview-agent"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # chatty libraries stay at WARNING; gql's transport logs whole request and response
    # bodies (transcripts, CV analysis) at DEBUG, so it never goes below WARNING
    for name in ("botocore", "boto3", "urllib3", "aiohttp.access"):
        logging.getLogger(name).setLevel(logging.WARNING if level.upper() != "DEBUG" else level)
    logging.getLogger("gql").setLevel(logging.WARNING)


def _identity(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    return event


def bind_interview(**ids: str | None) -> None:
    """Bind interview_id / application_id / room to every later log line of this task."""
    structlog.contextvars.bind_contextvars(**{k: v for k, v in ids.items() if v})
