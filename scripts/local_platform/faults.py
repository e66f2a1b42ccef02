"""Fault injection and request counting for the local platform.

Tests of the worker's retry, timeout and outbox paths need a platform that misbehaves
on demand and a way to prove how many requests really arrived. Both live here, apart
from the HTTP layer, and are guarded by a lock because the admin API (server thread)
and test code (another thread) touch them concurrently.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Generator
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Faults:
    """The injected faults currently armed.

    `latency` (seconds) delays every authenticated GraphQL request; the counters are
    consumed one per GraphQL request, in the order drop → fail → malformed → refuse →
    lose; then `fail_rate` and `lose_rate` draw at random (seeded, so runs repeat).
    `only` (a root field such as ``completeInterview``) limits counters and rates to
    the requests that ask for it.

    * drop: close the connection before executing (nothing stored, no answer)
    * fail: answer `fail_status` (5xx) before executing
    * malformed: answer a cut-off JSON body before executing
    * refuse: answer GraphQL ``errors`` (a permanent refusal) before executing
    * lose: execute and commit, then close the connection: the answer is lost
    """

    latency: float = 0.0
    fail_next: int = 0
    fail_status: int = 500
    drop_next: int = 0
    malformed_next: int = 0
    refuse_next: int = 0
    lose_next: int = 0
    fail_rate: float = 0.0
    lose_rate: float = 0.0
    only: str = ""

    def __post_init__(self) -> None:
        if self.latency < 0:
            raise ValueError("latency must be >= 0 seconds")
        for name in ("fail_next", "drop_next", "malformed_next", "refuse_next", "lose_next"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        if not (0 <= self.fail_rate <= 1 and 0 <= self.lose_rate <= 1):
            raise ValueError("fail_rate and lose_rate must be within [0, 1]")
        if not 500 <= self.fail_status <= 599:
            raise ValueError("fail_status must be a 5xx HTTP status")

    def __await__(self) -> Generator[None, None, Faults]:
        """Allow `await platform.inject(...)` as well as a plain call.

        The change is applied synchronously before this object exists, so awaiting it
        only hands the snapshot back; it lets async tests use either spelling.
        """
        return self
        yield  # pragma: no cover - makes this a generator

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def field_names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))


class FaultAction(StrEnum):
    NONE = "none"
    DROP = "drop"
    FAIL = "fail"
    MALFORMED = "malformed"
    REFUSE = "refuse"
    LOSE = "lose"


_COUNTERS = (
    ("drop_next", FaultAction.DROP),
    ("fail_next", FaultAction.FAIL),
    ("malformed_next", FaultAction.MALFORMED),
    ("refuse_next", FaultAction.REFUSE),
    ("lose_next", FaultAction.LOSE),
)


@dataclass(frozen=True)
class FaultDecision:
    """What to do with one GraphQL request: wait `latency`, then apply `action`."""

    latency: float
    action: FaultAction
    fail_status: int


class FaultInjector:
    """Thread-safe holder of the armed faults."""

    def __init__(self, initial: Faults | None = None, *, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._faults = initial or Faults()
        self._random = random.Random(seed)

    def snapshot(self) -> Faults:
        with self._lock:
            return self._faults

    def update(self, **changes: Any) -> Faults:
        """Merge the given fields into the armed faults (unknown names are rejected)."""
        unknown = set(changes) - Faults.field_names()
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        with self._lock:
            self._faults = replace(self._faults, **changes)
            return self._faults

    def reset(self) -> Faults:
        with self._lock:
            self._faults = Faults()
            return self._faults

    def take(self, root_fields: list[str] | tuple[str, ...] = ()) -> FaultDecision:
        """Consume at most one pending fault for the request being handled."""
        with self._lock:
            faults = self._faults
            if faults.only and faults.only not in root_fields:
                return FaultDecision(faults.latency, FaultAction.NONE, faults.fail_status)
            action = FaultAction.NONE
            for name, candidate in _COUNTERS:
                if getattr(faults, name):
                    action = candidate
                    self._faults = replace(faults, **{name: getattr(faults, name) - 1})
                    break
            else:
                draw = self._random.random()
                if draw < faults.fail_rate:
                    action = FaultAction.FAIL
                elif draw < faults.fail_rate + faults.lose_rate:
                    action = FaultAction.LOSE
            return FaultDecision(faults.latency, action, faults.fail_status)


class RequestStats:
    """Counts GraphQL requests so tests can prove that a client retried."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = 0
        self._unauthorized = 0
        self._by_operation: Counter[str] = Counter()
        self._by_field: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()

    def record_request(self, operation: str, root_fields: list[str]) -> None:
        with self._lock:
            self._total += 1
            self._by_operation[operation] += 1
            self._by_field.update(root_fields)

    def record_unauthorized(self) -> None:
        with self._lock:
            self._unauthorized += 1

    def record_fault(self, action: FaultAction) -> None:
        with self._lock:
            self._faults[action.value] += 1

    def reset(self) -> None:
        with self._lock:
            self._total = self._unauthorized = 0
            self._by_operation.clear()
            self._by_field.clear()
            self._faults.clear()

    def snapshot(self) -> dict[str, Any]:
        """JSON-ready counters; `by_field` counts root fields such as `createInterview`."""
        with self._lock:
            return {
                "graphql_requests": self._total,
                "by_operation": dict(self._by_operation),
                "by_field": dict(self._by_field),
                "unauthorized": self._unauthorized,
                "faults_applied": dict(self._faults),
            }
