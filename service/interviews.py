"""The interview record's lifecycle and its transcript on the platform.

Every call here is safe to repeat, which is what lets ``PlatformClient`` retry
timeouts of mutations whose answer was lost:

* ``create_interview`` is keyed by (applicationId, roomId) per the contract;
* transcripts are keyed by (interviewId, sequenceNumber) per the contract;
* ``update_interview`` sets fields to values;
* status changes (start, complete, cancel, no-show): if the platform refuses one
  because a lost earlier attempt already applied it, the record is read back and
  accepted when it already has the target status.

``InterviewPlatform`` is the seam the orchestrator depends on; ``GraphQLPlatform``
implements it. Tests run it against the local platform server (scripts/local_platform),
which can also misbehave on demand (5xx, drops, lost answers, refusals).
"""

from __future__ import annotations

from typing import Any, Protocol

from gql import GraphQLRequest

from service import documents
from service.errors import ApplicationNotFound, GraphQLResponseError, InterviewNotFound
from service.graphql import PlatformClient, operation_name, parse_model
from service.models import (
    Application,
    Interview,
    InterviewStatus,
    InterviewUpdate,
    Transcript,
    TranscriptEntry,
)


class InterviewPlatform(Protocol):
    """Everything the worker asks of the recruiting platform."""

    async def get_application(
        self, application_id: str, *, retry_for: float | None = None
    ) -> Application: ...

    async def create_interview(
        self,
        application_id: str,
        room_id: str,
        *,
        duration_minutes: int | None = None,
        retry_for: float | None = None,
    ) -> Interview: ...

    async def start_interview(self, interview_id: str) -> Interview: ...

    async def add_transcripts(self, interview_id: str, entries: list[TranscriptEntry]) -> int: ...

    async def update_interview(self, interview_id: str, update: InterviewUpdate) -> Interview: ...

    async def complete_interview(self, interview_id: str) -> Interview: ...

    async def cancel_interview(self, interview_id: str, reason: str | None = None) -> Interview: ...

    async def mark_no_show(self, interview_id: str) -> Interview: ...

    async def get_interview(self, interview_id: str) -> Interview | None: ...

    async def list_transcripts(self, interview_id: str) -> list[Transcript]: ...


class GraphQLPlatform:
    """The ``InterviewPlatform`` over the platform's GraphQL API."""

    def __init__(self, *, client: PlatformClient) -> None:
        self._client = client

    async def get_application(
        self, application_id: str, *, retry_for: float | None = None
    ) -> Application:
        """The application with its candidate, job and company.

        Raises ``ApplicationNotFound`` when the platform answers ``null``: the id in
        the job metadata is wrong or belongs to another platform. ``retry_for``: see
        ``PlatformClient.execute``.
        """
        data = await self._client.execute(
            documents.GET_APPLICATION, {"id": application_id}, retry_for=retry_for
        )
        raw = data.get("application")
        if raw is None:
            raise ApplicationNotFound(application_id)
        return parse_model(Application, raw, operation="GetApplication")

    async def create_interview(
        self,
        application_id: str,
        room_id: str,
        *,
        duration_minutes: int | None = None,
        retry_for: float | None = None,
    ) -> Interview:
        """Create (or, for a repeated (application, room), return) the interview."""
        # type and status are left to the contract's defaults (VIDEO, SCHEDULED).
        payload: dict[str, Any] = {"applicationId": application_id, "roomId": room_id}
        if duration_minutes is not None:
            payload["duration"] = duration_minutes
        data = await self._client.execute(
            documents.CREATE_INTERVIEW, {"input": payload}, retry_for=retry_for
        )
        return parse_model(Interview, data["createInterview"], operation="CreateInterview")

    async def start_interview(self, interview_id: str) -> Interview:
        return await self._transition(
            documents.START_INTERVIEW, interview_id, InterviewStatus.STARTED
        )

    async def complete_interview(self, interview_id: str) -> Interview:
        return await self._transition(
            documents.COMPLETE_INTERVIEW, interview_id, InterviewStatus.COMPLETED
        )

    async def cancel_interview(self, interview_id: str, reason: str | None = None) -> Interview:
        return await self._transition(
            documents.CANCEL_INTERVIEW, interview_id, InterviewStatus.CANCELLED, reason=reason
        )

    async def mark_no_show(self, interview_id: str) -> Interview:
        return await self._transition(
            documents.MARK_INTERVIEW_NO_SHOW, interview_id, InterviewStatus.NO_SHOW
        )

    async def update_interview(self, interview_id: str, update: InterviewUpdate) -> Interview:
        """Send only the fields set on ``update`` (unset ones are left untouched)."""
        fields = update.model_dump(by_alias=True, exclude_unset=True, mode="json")
        data = await self._client.execute(
            documents.UPDATE_INTERVIEW, {"id": interview_id, "input": fields}
        )
        return self._interview_or_raise(data["updateInterview"], interview_id, "UpdateInterview")

    async def add_transcripts(self, interview_id: str, entries: list[TranscriptEntry]) -> int:
        """Store a batch; returns how many rows the platform holds for it.

        Re-sending a batch (after a timeout, or from the outbox) is safe: rows are
        keyed by sequence number, so the count covers old and new rows alike.
        """
        if not entries:
            return 0
        inputs = [
            {"interviewId": interview_id, **e.model_dump(by_alias=True, mode="json")}
            for e in entries
        ]
        data = await self._client.execute(documents.CREATE_BULK_TRANSCRIPTS, {"inputs": inputs})
        return len(data["createBulkTranscripts"])

    async def get_interview(self, interview_id: str) -> Interview | None:
        data = await self._client.execute(documents.GET_INTERVIEW, {"id": interview_id})
        raw = data.get("interview")
        return None if raw is None else parse_model(Interview, raw, operation="GetInterview")

    async def list_transcripts(self, interview_id: str) -> list[Transcript]:
        """The stored transcript in sequence order."""
        data = await self._client.execute(
            documents.TRANSCRIPTS_BY_INTERVIEW, {"interviewId": interview_id}
        )
        rows = [
            parse_model(Transcript, row, operation="TranscriptsByInterview")
            for row in data["transcriptsByInterview"]
        ]
        return sorted(rows, key=lambda r: (r.sequence_number is None, r.sequence_number or 0))

    async def _transition(
        self, document: GraphQLRequest, interview_id: str, target: InterviewStatus, **extra: Any
    ) -> Interview:
        operation = operation_name(document)
        try:
            data = await self._client.execute(document, {"id": interview_id, **extra})
        except GraphQLResponseError:
            # A retried mutation whose first attempt did land is refused as an invalid
            # transition; the record already says what we wanted, so that is success.
            current = await self.get_interview(interview_id)
            if current is not None and current.status == target:
                return current
            raise
        # the mutation's one root field, named like the operation (startInterview...)
        (raw,) = data.values()
        return self._interview_or_raise(raw, interview_id, operation)

    @staticmethod
    def _interview_or_raise(raw: Any, interview_id: str, operation: str) -> Interview:
        if raw is None:
            raise InterviewNotFound(interview_id)
        return parse_model(Interview, raw, operation=operation)
