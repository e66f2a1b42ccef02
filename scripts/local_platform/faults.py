"""Fault injection and request counting for the local platform.

Tests of the worker's retry, timeout and outbox paths need a platform that misbehaves
on demand and a way to prove how many requests really arrived. Both live here, apart
from the HTTP layer, and are guarded by a lock because the admin API (server thread)
and test code (another thread) touch them concurrently.
"""

from __future__ import annotations

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
    consumed one per GraphQL request, in the order drop → fail → malformed.
    """

    latency: float = 0.0
    fail_next: int = 0
    fail_status: int = 500
    drop_next: int = 0
    malformed_next: int = 0

    def __post_init__(self) -> None:
        if self.latency < 0:
            raise ValueError("latency must be >= 0 seconds")
        for name in ("fail_next", "drop_next", "malformed_next"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
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


@dataclass(frozen=True)
class FaultDecision:
    """What to do with one GraphQL request: wait `latency`, then apply `action`."""

    latency: float
    action: FaultAction
    fail_status: int


class FaultInjector:
    """Thread-safe holder of the armed faults."""

    def __init__(self, initial: Faults | None = None) -> None:
        self._lock = threading.Lock()
        self._faults = initial or Faults()

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

    def take(self) -> FaultDecision:
        """Consume at most one pending fault for the request being handled."""
        with self._lock:
            faults = self._faults
            action = FaultAction.NONE
            if faults.drop_next:
                action = FaultAction.DROP
                self._faults = replace(faults, drop_next=faults.drop_next - 1)
            elif faults.fail_next:
                action = FaultAction.FAIL
                self._faults = replace(faults, fail_next=faults.fail_next - 1)
            elif faults.malformed_next:
                action = FaultAction.MALFORMED
                self._faults = replace(faults, malformed_next=faults.malformed_next - 1)
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
