"""The retry policy on its own: what it retries, how it stops, what it logs."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs
from tenacity import AsyncRetrying

from service.errors import AuthError, ServerError, ServiceError, TransportError
from service.retry import is_retryable, retry_policy


class Flaky:
    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "ok"


def policy(attempts: int = 3, max_delay: float | None = None) -> AsyncRetrying:
    return retry_policy(
        max_attempts=attempts, min_wait=0, max_wait=0, max_delay=max_delay, operation="Op"
    )


async def test_retryable_errors_are_retried_until_success() -> None:
    fn = Flaky(TransportError("reset"), ServerError("503", status=503))

    assert await policy()(fn) == "ok"
    assert fn.calls == 3


async def test_non_retryable_error_surfaces_at_once() -> None:
    fn = Flaky(AuthError("bad key", status=401))

    with pytest.raises(AuthError):
        await policy()(fn)
    assert fn.calls == 1


async def test_foreign_exceptions_are_not_retried() -> None:
    fn = Flaky(ValueError("bug"))

    with pytest.raises(ValueError):
        await policy()(fn)
    assert fn.calls == 1


async def test_stops_after_max_attempts_and_reraises_last_error() -> None:
    last = TransportError("third")
    fn = Flaky(TransportError("first"), TransportError("second"), last, TransportError("4th"))

    with pytest.raises(TransportError) as caught:
        await policy(attempts=3)(fn)
    assert caught.value is last
    assert fn.calls == 3


async def test_total_time_bound_stops_early() -> None:
    fn = Flaky(*(TransportError(str(n)) for n in range(10)))

    with pytest.raises(TransportError):
        await policy(attempts=10, max_delay=0)(fn)
    assert fn.calls == 1


async def test_each_retry_is_logged_without_the_message() -> None:
    fn = Flaky(ServerError("secret-ish detail", status=502))

    with capture_logs() as logs:
        await policy()(fn)

    assert logs == [
        {
            "event": "platform_retry",
            "log_level": "warning",
            "operation": "Op",
            "attempt": 1,
            "error": "ServerError",
            "status": 502,
            "wait_s": 0.0,
        }
    ]


async def waits_before_success(
    *failures: Exception, min_wait: float, max_wait: float
) -> list[float]:
    """The sleeps the policy asks for while ``failures`` are raised one after the other."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    policy = retry_policy(
        max_attempts=None, min_wait=min_wait, max_wait=max_wait, event=None, sleep=sleep
    )
    assert await policy(Flaky(*failures)) == "ok"
    return waits


async def test_backoff_stays_within_bounds_up_to_the_cap() -> None:
    waits = await waits_before_success(
        *(TransportError("x") for _ in range(10)), min_wait=1.0, max_wait=5.0
    )

    assert len(waits) == 10 and all(1.0 <= w <= 5.0 for w in waits)
    assert waits[-1] == 5.0


async def test_retry_after_raises_the_wait_up_to_the_cap() -> None:
    waits = await waits_before_success(
        ServerError("429", status=429, retry_after=3),
        ServerError("429", status=429, retry_after=60),
        min_wait=0.0,
        max_wait=5.0,
    )

    assert waits == [3.0, 5.0]


async def test_zero_waits_for_tests() -> None:
    waits = await waits_before_success(
        *(ServerError("429", status=429, retry_after=30) for _ in range(4)),
        min_wait=0.0,
        max_wait=0.0,
    )

    assert waits == [0.0] * 4


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (TransportError("x"), True),
        (ServiceError("x"), False),
        (ServiceError("x", retryable=True), True),
        (RuntimeError("x"), False),
    ],
)
def test_is_retryable(exc: BaseException, expected: bool) -> None:
    assert is_retryable(exc) is expected


def test_rejects_nonsense_bounds() -> None:
    with pytest.raises(ValueError):
        retry_policy(max_attempts=0, min_wait=0, max_wait=0)
    with pytest.raises(ValueError):
        retry_policy(max_attempts=1, min_wait=5, max_wait=1)


async def test_unbounded_variant_retries_what_it_is_told_and_sleeps_its_own_way() -> None:
    """The recording uploader's loop: every failure it names, until success, no log line."""
    fn = Flaky(*[AuthError("refused", status=403)] * 5)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    retrying = retry_policy(
        max_attempts=None,
        min_wait=1.0,
        max_wait=2.0,
        event=None,
        retry_on=lambda exc: isinstance(exc, ServiceError),
        sleep=sleep,
    )
    with capture_logs() as logs:
        assert await retrying(fn) == "ok"
    assert fn.calls == 6 and len(slept) == 5
    assert all(1.0 <= s <= 2.0 for s in slept)
    assert logs == []
