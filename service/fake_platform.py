"""An in-memory ``InterviewPlatform`` for unit tests of code *above* the platform seam.

It keeps the contract's promises that callers rely on, so tests written against it
stay honest: ``create_interview`` is idempotent on (application, room), transcripts
are deduplicated on (interview, sequence number), ``update_interview`` merges only
the fields set, and unknown ids fail like the real client does. ``fail_next`` arms
errors (e.g. a retryable ``ServerError``) to exercise outbox and error paths.

Tests of the GraphQL client itself use the real local platform server instead.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from service.errors import (
    ApplicationNotFound,
    GraphQLResponseError,
    InterviewNotFound,
    ServiceError,
)
from service.models import (
    Application,
    Interview,
    InterviewStatus,
    InterviewUpdate,
    Transcript,
    TranscriptEntry,
)


class FakePlatform:
    """Implements ``service.interviews.InterviewPlatform`` in memory."""

    def __init__(
        self,
        applications: Iterable[Application] = (),
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.applications: dict[str, Application] = {a.id: a for a in applications}
        self.interviews: dict[str, Interview] = {}
        self.transcripts: dict[str, dict[int, Transcript]] = defaultdict(dict)
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self._now = now
        self._ids = itertools.count(1)
        self._failures: dict[str, list[ServiceError]] = defaultdict(list)

    # -- test controls --------------------------------------------------------------

    def add_application(self, application: Application) -> None:
        self.applications[application.id] = application

    def fail_next(self, method: str, error: ServiceError, *, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` raise ``error`` (then succeed)."""
        if not callable(getattr(self, method, None)):
            raise ValueError(f"FakePlatform has no method {method!r}")
        self._failures[method].extend([error] * times)

    def _enter(self, method: str, *args: object) -> None:
        self.calls.append((method, args))
        pending = self._failures.get(method)
        if pending:
            raise pending.pop(0)

    # -- InterviewPlatform ----------------------------------------------------------

    async def get_application(self, application_id: str) -> Application:
        self._enter("get_application", application_id)
        try:
            return self.applications[application_id]
        except KeyError:
            raise ApplicationNotFound(application_id) from None

    async def create_interview(
        self,
        application_id: str,
        room_id: str,
        *,
        duration_minutes: int | None = None,
        scheduled_at: datetime | None = None,
    ) -> Interview:
        self._enter("create_interview", application_id, room_id)
        if application_id not in self.applications:
            raise GraphQLResponseError(
                f"the platform rejected CreateInterview: unknown application: {application_id}",
                operation="CreateInterview",
                messages=[f"unknown application: {application_id}"],
                codes=["NOT_FOUND"],
            )
        for existing in self.interviews.values():
            if existing.application_id == application_id and existing.room_id == room_id:
                return existing
        stamp = self._now()
        interview = Interview(
            id=f"fake-interview-{next(self._ids)}",
            application_id=application_id,
            room_id=room_id,
            status=InterviewStatus.SCHEDULED,
            duration=duration_minutes,
            created_at=stamp,
            updated_at=stamp,
        )
        self.interviews[interview.id] = interview
        return interview

    async def start_interview(self, interview_id: str) -> Interview:
        self._enter("start_interview", interview_id)
        return self._set_status(interview_id, InterviewStatus.STARTED, "StartInterview")

    async def complete_interview(self, interview_id: str) -> Interview:
        self._enter("complete_interview", interview_id)
        return self._set_status(interview_id, InterviewStatus.COMPLETED, "CompleteInterview")

    async def cancel_interview(self, interview_id: str, reason: str | None = None) -> Interview:
        self._enter("cancel_interview", interview_id, reason)
        interview = self._set_status(interview_id, InterviewStatus.CANCELLED, "CancelInterview")
        if reason:
            notes = f"{interview.notes}\n{reason}" if interview.notes else reason
            interview = self._store(interview.model_copy(update={"notes": notes}))
        return interview

    async def mark_no_show(self, interview_id: str) -> Interview:
        self._enter("mark_no_show", interview_id)
        return self._set_status(interview_id, InterviewStatus.NO_SHOW, "MarkInterviewNoShow")

    async def update_interview(self, interview_id: str, update: InterviewUpdate) -> Interview:
        self._enter("update_interview", interview_id, update)
        current = self._require(interview_id, "UpdateInterview")
        changes = {name: getattr(update, name) for name in update.model_fields_set}
        return self._store(current.model_copy(update=changes))

    async def add_transcripts(self, interview_id: str, entries: list[TranscriptEntry]) -> int:
        self._enter("add_transcripts", interview_id, len(entries))
        self._require(interview_id, "CreateBulkTranscripts")
        rows = self.transcripts[interview_id]
        for entry in entries:
            rows.setdefault(
                entry.sequence_number,
                Transcript(
                    id=f"fake-transcript-{next(self._ids)}",
                    interview_id=interview_id,
                    **entry.model_dump(),
                ),
            )
        return len(entries)

    async def get_interview(self, interview_id: str) -> Interview | None:
        self._enter("get_interview", interview_id)
        return self.interviews.get(interview_id)

    async def list_transcripts(self, interview_id: str) -> list[Transcript]:
        self._enter("list_transcripts", interview_id)
        rows = self.transcripts.get(interview_id, {})
        return [rows[seq] for seq in sorted(rows)]

    # -- internals ------------------------------------------------------------------

    def _require(self, interview_id: str, operation: str) -> Interview:
        try:
            return self.interviews[interview_id]
        except KeyError:
            raise InterviewNotFound(interview_id, operation=operation) from None

    def _set_status(self, interview_id: str, status: InterviewStatus, operation: str) -> Interview:
        current = self._require(interview_id, operation)
        return self._store(current.model_copy(update={"status": status}))

    def _store(self, interview: Interview) -> Interview:
        interview = interview.model_copy(update={"updated_at": self._now()})
        self.interviews[interview.id] = interview
        return interview
