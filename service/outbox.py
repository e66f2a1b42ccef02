"""The durable outbox: every result call is parked here before it is sent.

Park first, then send: a transcript row, the evaluation update, complete, cancel or
no-show is written as one JSON file (fsync of file and directory) before the first
attempt, and removed when the platform acknowledges it. Whatever kills the job
(a LiveKit cancel mid-wrap-up, SIGKILL, a power loss) therefore leaves each call
either acknowledged or on disk, and ``deliver`` (at every job start, in the job's
shutdown callback and from ``python -m agent outbox --replay``) sends it later.
Every call is idempotent on the platform (transcripts by sequence number, status
changes by target state, updates by value), so a call whose answer was lost after
the platform committed it is harmless to send again.

Layout::

    {OUTBOX_DIR}/{time ns}-{pid}-{n}-{operation}.json   one call, pending
    {OUTBOX_DIR}/dead/{same name}                      given up on, with
    {OUTBOX_DIR}/dead/{same name}.reason               why (JSON)

Rules:

* Order: per interview, by file name (creation order). A call that fails, or that
  another process is sending, stops that interview's delivery for this round, so
  ``completeInterview`` never overtakes the transcript parked before it.
* Claim: a sender holds an ``flock`` on the file while it sends and checks that the
  name still points at the file it locked (another process may have delivered and
  removed it meanwhile). A crash drops the lock, so nothing stays claimed.
* Poison: a file that cannot be a call (not JSON, no operation, an unknown one, a
  payload that does not validate) is moved to ``dead/`` with the reason at once; it
  never blocks the files behind it.
* Attempts: each failed send is counted in the file. A permanent refusal (GraphQL
  ``errors``, HTTP 4xx) moves it to ``dead/`` once it has been refused
  ``max_attempts`` times; transient failures (platform down) keep it parked however
  long it takes, and the backlog alarm (``outbox_backlog``, by count and by age of
  the oldest call) tells ops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from pydantic import ValidationError

from config.settings import PlatformSettings
from service.errors import ServiceError
from service.files import move_durably, try_lock, unlink_durably, write_atomic
from service.interviews import InterviewPlatform
from service.models import InterviewUpdate, TranscriptEntry
from service.retry import retry_policy

log = structlog.get_logger(__name__)

OPERATIONS = (
    "add_transcripts",
    "update_interview",
    "complete_interview",
    "cancel_interview",
    "mark_no_show",
)
DEAD_DIR = "dead"
REASON_SUFFIX = ".reason"
_MAX_ROWS_PER_CALL = 100
_RETRY_PAUSE = 0.5


class Poison(ValueError):
    """An outbox file that is not a call the worker can send."""


@dataclass
class Parked:
    """One pending call, as read from its file."""

    path: Path
    interview_id: str
    operation: str
    payload: dict[str, Any]
    created_at: float
    attempts: int = 0
    last_error: str | None = None

    def body(self) -> bytes:
        fields = ("interview_id", "operation", "payload", "created_at", "attempts", "last_error")
        return json.dumps({f: getattr(self, f) for f in fields}, default=str).encode()

    def rows(self) -> list[dict[str, Any]]:
        return list(self.payload.get("entries", [])) if self.operation == "add_transcripts" else []

    def describe(self, now: float) -> dict[str, Any]:
        return {
            "file": self.path.name,
            "interview_id": self.interview_id,
            "operation": self.operation,
            "rows": len(self.rows()) or None,
            "attempts": self.attempts,
            "age_s": round(now - self.created_at, 1),
            "last_error": self.last_error,
        }


@dataclass
class ReplayReport:
    sent: int = 0  # calls (files) the platform acknowledged
    left: int = 0  # calls still parked after this round
    dead: int = 0  # calls moved to the dead-letter folder this round
    refused: int = 0  # calls refused for good this round (counted toward dead-lettering)
    interviews_blocked: list[str] = field(default_factory=list)


PlatformCall = Callable[[InterviewPlatform, str], Awaitable[object]]


def platform_call(operation: str, payload: Any) -> PlatformCall:
    """The call ``(operation, payload)`` stands for, to make with (platform, interview id);
    raises ``Poison`` unless it is one."""
    if operation not in OPERATIONS:
        raise Poison(f"unknown operation {operation!r}")
    if not isinstance(payload, dict):
        raise Poison("payload is not a JSON object")
    try:
        if operation == "add_transcripts":
            entries = payload.get("entries")
            if not isinstance(entries, list) or not entries:
                raise Poison("add_transcripts needs a non-empty list of entries")
            rows = [TranscriptEntry.model_validate(entry) for entry in entries]
            return lambda platform, iid: platform.add_transcripts(iid, rows)
        if operation == "update_interview":
            update = InterviewUpdate.model_validate(payload)
            return lambda platform, iid: platform.update_interview(iid, update)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise Poison(
            f"{operation} payload does not validate (fields: {', '.join(fields)})"
        ) from None
    if operation == "cancel_interview":
        reason = payload.get("reason")
        if not isinstance(reason, str | None):
            raise Poison("cancel_interview reason must be a string")
        return lambda platform, iid: platform.cancel_interview(iid, reason)
    if operation == "complete_interview":
        return lambda platform, iid: platform.complete_interview(iid)
    return lambda platform, iid: platform.mark_no_show(iid)  # the last of OPERATIONS


def _parse(path: Path, raw: bytes) -> Parked:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise Poison("not JSON (empty or cut short)") from None
    if not isinstance(body, dict):
        raise Poison("not a JSON object")
    interview_id, operation = body.get("interview_id"), body.get("operation")
    if not isinstance(interview_id, str) or not interview_id:
        raise Poison("no interview_id")
    if not isinstance(operation, str):
        raise Poison("no operation")
    platform_call(operation, body.get("payload"))
    try:
        created_at = float(body.get("created_at") or _created_from_name(path))
        attempts = int(body.get("attempts") or 0)
    except (TypeError, ValueError):
        raise Poison("created_at or attempts is not a number") from None
    last_error = body.get("last_error")
    return Parked(
        path=path,
        interview_id=interview_id,
        operation=operation,
        payload=body["payload"],
        created_at=created_at,
        attempts=attempts,
        last_error=last_error if isinstance(last_error, str) else None,
    )


def _created_from_name(path: Path) -> float:
    try:
        return int(path.name.split("-", 1)[0]) / 1e9
    except ValueError:
        try:
            return path.stat().st_mtime
        except OSError:
            return time.time()


class _Busy(Exception):
    """Another process holds the file (it is sending it right now)."""


class Outbox:
    def __init__(
        self,
        directory: str | Path,
        *,
        max_attempts: int = 5,
        alarm_count: int = 200,
        alarm_age_s: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._dir = Path(directory)
        self._max_attempts = max_attempts
        self._alarm_count = alarm_count
        self._alarm_age_s = alarm_age_s
        self._clock = clock
        self._counter = 0
        self._last_ns = 0

    @property
    def directory(self) -> Path:
        return self._dir

    # -- parking -------------------------------------------------------------------
    def put(self, interview_id: str, operation: str, payload: dict[str, Any]) -> Path:
        """Park one call durably; raises ``OSError`` when the disk refuses it."""
        platform_call(operation, payload)
        self._dir.mkdir(parents=True, exist_ok=True)
        self._counter += 1
        # Names sort in creation order even if the wall clock steps back.
        self._last_ns = max(self._last_ns + 1, time.time_ns())
        name = f"{self._last_ns:020d}-{os.getpid()}-{self._counter:06d}-{operation}.json"
        path = self._dir / name
        write_atomic(path, Parked(path, interview_id, operation, payload, self._clock()).body())
        log.debug("outbox_put", interview_id=interview_id, operation=operation, file=name)
        return path

    # -- reading ---------------------------------------------------------------------
    def files(self) -> list[Path]:
        return sorted(self._dir.glob("*.json")) if self._dir.is_dir() else []

    def pending(self, interview_id: str | None = None) -> list[Parked]:
        """Readable pending calls in order (poison files are left for ``deliver``)."""
        out: list[Parked] = []
        for path in self.files():
            with contextlib.suppress(OSError, Poison):
                parked = _parse(path, path.read_bytes())
                if interview_id is None or parked.interview_id == interview_id:
                    out.append(parked)
        return out

    def dead(self) -> list[dict[str, Any]]:
        """Dead-lettered calls with the reason each was given up on."""
        folder = self._dir / DEAD_DIR
        if not folder.is_dir():
            return []
        out: list[dict[str, Any]] = []
        for path in sorted(folder.glob("*.json")):
            reason: dict[str, Any] = {}
            with contextlib.suppress(OSError, ValueError):
                reason = json.loads((folder / (path.name + REASON_SUFFIX)).read_text())
            out.append({"file": path.name, **reason})
        return out

    def last_sequence(self, interview_id: str) -> int:
        """The highest transcript sequence number parked for ``interview_id`` (0 if none)."""
        return max(
            (
                int(row.get("sequence_number") or 0)
                for parked in self.pending(interview_id)
                for row in parked.rows()
            ),
            default=0,
        )

    def backlog(self) -> tuple[int, float]:
        """(pending calls, age in seconds of the oldest)."""
        files = self.files()
        if not files:
            return 0, 0.0
        try:
            created = _parse(files[0], files[0].read_bytes()).created_at
        except (OSError, Poison):
            created = _created_from_name(files[0])
        return len(files), max(0.0, self._clock() - created)

    def _alarm_if_backlogged(self) -> None:
        pending, oldest = self.backlog()
        if pending >= self._alarm_count or oldest >= self._alarm_age_s:
            log.error(
                "outbox_backlog",
                pending=pending,
                oldest_age_s=round(oldest),
                directory=str(self._dir),
                hint="the platform has not taken these results: check it, then "
                "`python -m agent outbox --list`",
            )

    # -- sending -------------------------------------------------------------------
    async def deliver(
        self, platform: InterviewPlatform, interview_id: str | None = None
    ) -> ReplayReport:
        """Send pending calls (all, or one interview's) in order; see the module docstring.

        Cancelling it (a deadline, LiveKit's cancel) leaves every unsent call parked.
        """
        report = ReplayReport()
        groups: dict[str, list[Parked]] = {}
        for path in self.files():
            try:
                parked = _parse(path, path.read_bytes())
            except FileNotFoundError:
                continue  # another process delivered it
            except (OSError, Poison) as exc:
                if self._bury_poison(path, str(exc)):
                    report.dead += 1
                continue
            if interview_id is None or parked.interview_id == interview_id:
                groups.setdefault(parked.interview_id, []).append(parked)
        for iid, calls in groups.items():
            left = await self._deliver_interview(platform, calls, report)
            report.left += left
            if left:
                report.interviews_blocked.append(iid)
        if interview_id is None:
            if report.sent or report.left or report.dead:
                log.info("outbox_replayed", sent=report.sent, left=report.left, dead=report.dead)
            self._alarm_if_backlogged()
        return report

    async def _deliver_interview(
        self, platform: InterviewPlatform, calls: list[Parked], report: ReplayReport
    ) -> int:
        """Send one interview's calls until the first failure; returns how many are left."""
        i = 0
        while i < len(calls):
            claimed: list[Parked] = []
            consumed = 0
            with contextlib.ExitStack() as locks:
                for parked in self._run_from(calls, i):
                    try:
                        claim = self._claim(parked.path, locks)
                    except _Busy:
                        break
                    except Poison as exc:  # still locked by us: no one else is sending it
                        report.dead += int(self._bury(parked.path, str(exc)))
                    else:
                        if claim is not None:
                            claimed.append(claim)
                    consumed += 1
                if claimed:
                    first = claimed[0]
                    try:
                        call = platform_call(first.operation, _merged(claimed))
                        await call(platform, first.interview_id)
                    except ServiceError as exc:
                        report.dead += self._failed(claimed, exc)
                        report.refused += 0 if exc.retryable else len(claimed)
                        return _still_parked(calls[i:])
                    for parked in claimed:
                        unlink_durably(parked.path)
                    report.sent += len(claimed)
            i += consumed
            if consumed == 0:  # another process is sending this interview's next call
                return _still_parked(calls[i:])
        return 0

    @staticmethod
    def _run_from(calls: list[Parked], i: int) -> list[Parked]:
        """Consecutive transcript batches go out as one call; anything else alone."""
        run = [calls[i]]
        if calls[i].operation != "add_transcripts":
            return run
        rows = len(calls[i].rows())
        for parked in calls[i + 1 :]:
            if parked.operation != "add_transcripts" or rows >= _MAX_ROWS_PER_CALL:
                break
            run.append(parked)
            rows += len(parked.rows())
        return run

    def _claim(self, path: Path, locks: contextlib.ExitStack) -> Parked | None:
        """Lock ``path`` until ``locks`` closes and read it; None when it is gone
        (delivered by someone else)."""
        fd = try_lock(path)
        if fd is None:
            if path.exists():  # locked: another process is sending it right now
                raise _Busy()
            return None
        locks.callback(os.close, fd)
        try:
            if os.stat(path).st_ino != os.fstat(fd).st_ino:  # another sender replaced it
                return None
        except FileNotFoundError:
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            return _parse(path, f.read())

    def _failed(self, claimed: list[Parked], exc: ServiceError) -> int:
        """Count the attempt on each file; bury those refused for good too often."""
        dead = 0
        for parked in claimed:
            parked.attempts += 1
            parked.last_error = exc.message[:300]
            if not exc.retryable and parked.attempts >= self._max_attempts:
                self._bury(parked.path, f"refused {parked.attempts} times: {parked.last_error}")
                dead += 1
                continue
            with contextlib.suppress(OSError):  # the count is advisory; the call stays
                write_atomic(parked.path, parked.body())
        log.warning(
            "outbox_send_failed",
            interview_id=claimed[0].interview_id,
            operation=claimed[0].operation,
            calls=len(claimed),
            retryable=exc.retryable,
            error=exc.message[:300],
        )
        return dead

    def _bury_poison(self, path: Path, reason: str) -> bool:
        fd = try_lock(path)
        if fd is None:
            return False
        try:
            return self._bury(path, reason)
        finally:
            os.close(fd)

    def _bury(self, path: Path, reason: str) -> bool:
        target = self._dir / DEAD_DIR / path.name
        try:
            move_durably(path, target)
        except FileNotFoundError:
            return False
        info = {"reason": reason, "at": self._clock()}
        with contextlib.suppress(OSError):
            write_atomic(target.with_name(target.name + REASON_SUFFIX), json.dumps(info).encode())
        log.error("outbox_dead_letter", file=path.name, reason=reason)
        return True


def outbox_from_settings(settings: PlatformSettings) -> Outbox:
    return Outbox(
        settings.outbox_dir,
        max_attempts=settings.outbox_max_attempts,
        alarm_count=settings.outbox_alarm_count,
        alarm_age_s=settings.outbox_alarm_age,
    )


def _still_parked(calls: list[Parked]) -> int:
    return sum(1 for parked in calls if parked.path.exists())


def _merged(claimed: list[Parked]) -> dict[str, Any]:
    if claimed[0].operation != "add_transcripts":
        return claimed[0].payload
    return {"entries": [row for parked in claimed for row in parked.rows()]}


class Courier:
    """One interview's result calls: parked first, sent in order, removed when acknowledged.

    Should the outbox refuse a write (disk full, read-only), that call and every later
    one of the interview wait in memory behind the parked ones instead: still in
    order and still sent, only no longer crash-proof (``unwritable`` says so).
    """

    def __init__(
        self, *, platform: InterviewPlatform, interview_id: str, outbox: Outbox | None
    ) -> None:
        self.interview_id = interview_id
        self._platform = platform
        self._outbox = outbox
        self._memory: list[tuple[str, dict[str, Any]]] = []
        self._lock = asyncio.Lock()
        self.unwritable: str | None = None
        """Why the outbox refused a write, if it did (those calls were not crash-proof)."""

    def park(self, operation: str, payload: dict[str, Any] | None = None) -> None:
        payload = payload or {}
        if self._outbox is not None and not self._memory:
            try:
                self._outbox.put(self.interview_id, operation, payload)
                return
            except OSError as exc:
                log.error("outbox_unwritable", operation=operation, error=str(exc))
                self.unwritable = str(exc)
        self._memory.append((operation, payload))

    def waiting(self) -> list[str]:
        """Operations not acknowledged yet, parked or in memory, in order."""
        parked = self._outbox.pending(self.interview_id) if self._outbox is not None else []
        return [p.operation for p in parked] + [operation for operation, _ in self._memory]

    async def flush(self, *, within: float | None = None) -> bool:
        """Send what waits for this interview; True when nothing does.

        ``within`` (seconds) bounds the whole attempt: transient failures are tried
        again with the one retry policy until then (the platform client alone could
        retry for a minute per call); what is not acknowledged by then stays parked.
        None: one round.
        """
        retrying = retry_policy(
            max_attempts=1 if within is None else None,
            min_wait=_RETRY_PAUSE,
            max_wait=_RETRY_PAUSE,
            max_delay=within,
            operation="deliver",
            event="results_not_delivered_yet",
        )
        try:
            async with asyncio.timeout(within):
                await retrying(self._round)
        except TimeoutError:
            log.warning("results_not_delivered_yet", error="deadline")
            return False
        except ServiceError:  # refused for good, or still failing when the time is up
            return False
        return True

    async def _round(self) -> None:
        async with self._lock:
            if self._outbox is not None:
                report = await self._outbox.deliver(self._platform, self.interview_id)
                if report.refused:  # counted once; the next job start or replay tries again
                    raise ServiceError("the platform refused a result for good")
                if report.left:  # failed for now, or another process is sending one
                    raise ServiceError(f"{report.left} result(s) still parked", retryable=True)
            while self._memory:
                operation, payload = self._memory[0]
                count = 1
                if operation == "add_transcripts":
                    rows = list(payload["entries"])
                    while count < len(self._memory) and self._memory[count][0] == operation:
                        rows += self._memory[count][1]["entries"]
                        count += 1
                    payload = {"entries": rows}
                await platform_call(operation, payload)(self._platform, self.interview_id)
                del self._memory[:count]
