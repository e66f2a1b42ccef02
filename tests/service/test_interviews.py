"""InterviewService against the local platform: lifecycle, idempotency, transcripts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.errors import GraphQLResponseError, InterviewNotFound
from service.interviews import InterviewService
from service.models import InterviewStatus, InterviewUpdate, TranscriptEntry

APP = "app-strong-001"
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def room() -> str:
    return f"interview-{APP}-{uuid.uuid4().hex[:8]}"


def entries(numbers: range) -> list[TranscriptEntry]:
    return [
        TranscriptEntry(
            content=f"line {n}",
            speaker="interviewer" if n % 2 else "candidate",
            timestamp=T0 + timedelta(seconds=n),
            sequence_number=n,
            confidence=0.9,
            language="en",
        )
        for n in numbers
    ]


async def test_create_interview_defaults(interviews: InterviewService) -> None:
    room_id = room()
    interview = await interviews.create_interview(APP, room_id, duration_minutes=15)

    assert interview.application_id == APP
    assert interview.room_id == room_id
    assert interview.status is InterviewStatus.SCHEDULED
    assert interview.type == "VIDEO"
    assert interview.duration == 15


async def test_create_interview_is_idempotent_per_room(
    interviews: InterviewService, platform: Any
) -> None:
    room_id = room()
    first = await interviews.create_interview(APP, room_id)
    again = await interviews.create_interview(APP, room_id)
    other = await interviews.create_interview(APP, room())

    assert again.id == first.id
    assert other.id != first.id


async def test_create_interview_retried_after_500_makes_one_record(
    interviews: InterviewService, platform: Any
) -> None:
    room_id = room()
    platform.inject(fail_next=1)

    interview = await interviews.create_interview(APP, room_id)

    assert platform.stats()["by_operation"]["CreateInterview"] == 2
    assert (await interviews.create_interview(APP, room_id)).id == interview.id


async def test_create_interview_for_unknown_application(interviews: InterviewService) -> None:
    with pytest.raises(GraphQLResponseError) as caught:
        await interviews.create_interview("app-nope", room())

    assert "NOT_FOUND" in caught.value.codes


async def test_lifecycle_start_update_complete(interviews: InterviewService) -> None:
    interview = await interviews.create_interview(APP, room())

    started = await interviews.start_interview(interview.id)
    updated = await interviews.update_interview(
        interview.id,
        InterviewUpdate(rating=8.5, feedback="solid", ai_analysis={"overall": 8.5}),
    )
    completed = await interviews.complete_interview(interview.id)

    assert started.status is InterviewStatus.STARTED
    assert updated.rating == 8.5 and updated.ai_analysis == {"overall": 8.5}
    assert completed.status is InterviewStatus.COMPLETED
    fetched = await interviews.get_interview(interview.id)
    assert fetched is not None and fetched.status is InterviewStatus.COMPLETED


async def test_update_sends_only_set_fields(interviews: InterviewService) -> None:
    interview = await interviews.create_interview(APP, room(), duration_minutes=20)
    await interviews.update_interview(interview.id, InterviewUpdate(feedback="first"))

    updated = await interviews.update_interview(
        interview.id, InterviewUpdate(recording_url="s3://bucket/rec.ogg")
    )

    assert updated.recording_url == "s3://bucket/rec.ogg"
    assert updated.feedback == "first"  # not cleared by the second update
    assert updated.duration == 20


async def test_cancel_keeps_reason(interviews: InterviewService) -> None:
    interview = await interviews.create_interview(APP, room())

    cancelled = await interviews.cancel_interview(interview.id, "candidate asked to stop")

    assert cancelled.status is InterviewStatus.CANCELLED
    assert cancelled.notes and "candidate asked to stop" in cancelled.notes


async def test_mark_no_show(interviews: InterviewService) -> None:
    interview = await interviews.create_interview(APP, room())

    assert (await interviews.mark_no_show(interview.id)).status is InterviewStatus.NO_SHOW


async def test_unknown_interview(interviews: InterviewService) -> None:
    assert await interviews.get_interview("no-such-interview") is None
    with pytest.raises(InterviewNotFound):
        await interviews.start_interview("no-such-interview")
    with pytest.raises(InterviewNotFound):
        await interviews.update_interview("no-such-interview", InterviewUpdate(rating=1))


async def test_add_transcripts_resent_batch_does_not_duplicate(
    interviews: InterviewService, platform: Any
) -> None:
    interview = await interviews.create_interview(APP, room())

    assert await interviews.add_transcripts(interview.id, entries(range(1, 4))) == 3
    # Re-sent after a lost answer, overlapping the next batch.
    assert await interviews.add_transcripts(interview.id, entries(range(2, 6))) == 4
    assert await interviews.add_transcripts(interview.id, []) == 0

    stored = await interviews.list_transcripts(interview.id)
    assert [t.sequence_number for t in stored] == [1, 2, 3, 4, 5]
    assert stored[0].content == "line 1" and stored[0].interview_id == interview.id
    assert stored[0].timestamp == T0 + timedelta(seconds=1)


async def test_add_transcripts_retried_after_dropped_connection(
    interviews: InterviewService, platform: Any
) -> None:
    interview = await interviews.create_interview(APP, room())
    platform.inject(drop_next=1)

    assert await interviews.add_transcripts(interview.id, entries(range(1, 3))) == 2

    assert platform.stats()["by_operation"]["CreateBulkTranscripts"] == 2
    assert len(await interviews.list_transcripts(interview.id)) == 2


async def test_transcript_content_survives_unicode(interviews: InterviewService) -> None:
    interview = await interviews.create_interview("app-arabic-003", room())
    line = TranscriptEntry(
        content="مرحباً، أنا ليلى", speaker="candidate", timestamp=T0, sequence_number=1
    )

    await interviews.add_transcripts(interview.id, [line])

    assert (await interviews.list_transcripts(interview.id))[0].content == line.content


class _RefusingClient:
    """Answers a transition with a GraphQL error, as a platform that validates
    transitions would when a lost first attempt had already applied it."""

    def __init__(self, status: str) -> None:
        self.status = status
        self.operations: list[str] = []

    async def execute(self, document: Any, variables: Any = None, **_: Any) -> dict[str, Any]:
        from service.graphql import operation_name

        op = operation_name(document)
        self.operations.append(op)
        if op == "GetInterview":
            return {
                "interview": {
                    "id": variables["id"],
                    "applicationId": APP,
                    "status": self.status,
                    "type": "VIDEO",
                }
            }
        raise GraphQLResponseError("invalid transition", operation=op, codes=["CONFLICT"])


async def test_transition_already_applied_counts_as_success() -> None:
    client = _RefusingClient("COMPLETED")
    service = InterviewService(client=client)  # type: ignore[arg-type]

    done = await service.complete_interview("i-1")

    assert done.status is InterviewStatus.COMPLETED
    assert client.operations == ["CompleteInterview", "GetInterview"]


async def test_transition_refused_for_another_reason_is_raised() -> None:
    service = InterviewService(client=_RefusingClient("CANCELLED"))  # type: ignore[arg-type]

    with pytest.raises(GraphQLResponseError):
        await service.complete_interview("i-1")
