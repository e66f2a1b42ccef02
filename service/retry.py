"""The one retry policy for outbound calls.

Only errors that say ``retryable=True`` are retried (see ``service/errors.py``); all
others surface at once. Waits grow exponentially with random jitter so that many
workers hitting the same platform blip do not retry in lock-step, and a 429/503's
``Retry-After`` is honoured within ``max_wait``. Two bounds stop the loop: the number
of attempts, and a total time budget, so a degraded platform cannot hold a job for
``attempts × timeout``; the interview's setup calls keep only the time budget (the
no-show timeout, ``PlatformClient.execute(retry_for=...)``). The last error is
re-raised unchanged.

Tests pass ``min_wait=0, max_wait=0``: same policy, no sleeping.

The recording uploader's background loop is the one caller that keeps trying without
an attempt limit, refusals included (the bytes are safe in the spool, and ops may
create the bucket while the interview runs), and sleeps until it is told to stop:
``max_attempts=None``, ``retry_on`` and ``sleep`` are for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import structlog
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    stop_never,
    wait_exponential_jitter,
)
from tenacity.stop import stop_base

from service.errors import ServiceError

log = structlog.get_logger(__name__)


def is_retryable(exc: BaseException) -> bool:
    """True only for service errors that declare themselves transient."""
    return isinstance(exc, ServiceError) and exc.retryable


def retry_policy(
    *,
    max_attempts: int | None,
    min_wait: float,
    max_wait: float,
    max_delay: float | None = None,
    operation: str = "call",
    event: str | None = "platform_retry",
    retry_on: Callable[[BaseException], bool] = is_retryable,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncRetrying:
    """A fresh ``AsyncRetrying`` (one per call: tenacity keeps per-run statistics).

    ``max_attempts`` counts the first try (None: until success). ``max_delay`` (seconds
    since the first attempt started) stops retrying before a wait that would cross it.
    ``event`` is the log event name of each retry (other callers pass their own, or
    None when they log failures themselves).
    """
    if max_attempts is not None and max_attempts < 1:
        raise ValueError("max_attempts must be >= 1")
    if min_wait < 0 or max_wait < min_wait:
        raise ValueError("need 0 <= min_wait <= max_wait")
    stop: stop_base = stop_never if max_attempts is None else stop_after_attempt(max_attempts)
    if max_delay is not None:
        stop = stop | stop_before_delay(max_delay)
    jittered = wait_exponential_jitter(
        multiplier=min_wait, max=max_wait, jitter=min_wait, min=min_wait
    )

    def wait(state: RetryCallState) -> float:
        """Exponential backoff with jitter in [min_wait, max_wait], raised to Retry-After."""
        retry_after = getattr(_error(state), "retry_after", None)
        floor = float(retry_after) if isinstance(retry_after, int | float) else 0.0
        return min(max(jittered(state), floor), max_wait)

    def log_retry(state: RetryCallState) -> None:
        exc = _error(state)
        log.warning(
            event,
            operation=operation,
            attempt=state.attempt_number,
            error=type(exc).__name__,
            status=getattr(exc, "status", None),
            wait_s=round(state.upcoming_sleep, 3),
        )

    return AsyncRetrying(
        retry=retry_if_exception(retry_on),
        stop=stop,
        wait=wait,
        before_sleep=None if event is None else log_retry,
        sleep=sleep,
        reraise=True,
    )


def _error(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome else None
