"""GraphQLPlatform against the local platform: lifecycle, idempotency, transcripts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.errors import GraphQLResponseError, InterviewNotFound
from service.interviews import GraphQLPlatform
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


async def test_create_interview_defaults(graphql_platform: GraphQLPlatform) -> None:
    room_id = room()
    interview = await graphql_platform.create_interview(APP, room_id, duration_minutes=15)

    assert interview.application_id == APP
    assert interview.room_id == room_id
    assert interview.status is InterviewStatus.SCHEDULED
    assert interview.type == "VIDEO"
    assert interview.duration == 15


async def test_create_interview_is_idempotent_per_room(
    graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    room_id = room()
    first = await graphql_platform.create_interview(APP, room_id)
    again = await graphql_platform.create_interview(APP, room_id)
    other = await graphql_platform.create_interview(APP, room())

    assert again.id == first.id
    assert other.id != first.id


async def test_create_interview_retried_after_500_makes_one_record(
    graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    room_id = room()
    platform.inject(fail_next=1)

    interview = await graphql_platform.create_interview(APP, room_id)

    assert platform.stats()["by_operation"]["CreateInterview"] == 2
    assert (await graphql_platform.create_interview(APP, room_id)).id == interview.id


async def test_create_interview_for_unknown_application(graphql_platform: GraphQLPlatform) -> None:
    with pytest.raises(GraphQLResponseError) as caught:
        await graphql_platform.create_interview("app-nope", room())

    assert "NOT_FOUND" in str(caught.value)


async def test_lifecycle_start_update_complete(graphql_platform: GraphQLPlatform) -> None:
    interview = await graphql_platform.create_interview(APP, room())

    started = await graphql_platform.start_interview(interview.id)
    updated = await graphql_platform.update_interview(
        interview.id,
        InterviewUpdate(rating=8.5, feedback="solid", ai_analysis={"overall": 8.5}),
    )
    completed = await graphql_platform.complete_interview(interview.id)

    assert started.status is InterviewStatus.STARTED
    assert updated.rating == 8.5 and updated.ai_analysis == {"overall": 8.5}
    assert completed.status is InterviewStatus.COMPLETED
    fetched = await graphql_platform.get_interview(interview.id)
    assert fetched is not None and fetched.status is InterviewStatus.COMPLETED


async def test_update_sends_only_set_fields(graphql_platform: GraphQLPlatform) -> None:
    interview = await graphql_platform.create_interview(APP, room(), duration_minutes=20)
    await graphql_platform.update_interview(interview.id, InterviewUpdate(feedback="first"))

    updated = await graphql_platform.update_interview(
        interview.id, InterviewUpdate(recording_url="s3://bucket/rec.ogg")
    )

    assert updated.recording_url == "s3://bucket/rec.ogg"
    assert updated.feedback == "first"  # not cleared by the second update
    assert updated.duration == 20


async def test_cancel_keeps_reason(graphql_platform: GraphQLPlatform) -> None:
    interview = await graphql_platform.create_interview(APP, room())

    cancelled = await graphql_platform.cancel_interview(interview.id, "candidate asked to stop")

    assert cancelled.status is InterviewStatus.CANCELLED
    assert cancelled.notes and "candidate asked to stop" in cancelled.notes


async def test_mark_no_show(graphql_platform: GraphQLPlatform) -> None:
    interview = await graphql_platform.create_interview(APP, room())

    assert (await graphql_platform.mark_no_show(interview.id)).status is InterviewStatus.NO_SHOW


async def test_unknown_interview(graphql_platform: GraphQLPlatform) -> None:
    assert await graphql_platform.get_interview("no-such-interview") is None
    with pytest.raises(InterviewNotFound):
        await graphql_platform.start_interview("no-such-interview")
    with pytest.raises(InterviewNotFound):
        await graphql_platform.update_interview("no-such-interview", InterviewUpdate(rating=1))


async def test_add_transcripts_resent_batch_does_not_duplicate(
    graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    interview = await graphql_platform.create_interview(APP, room())

    assert await graphql_platform.add_transcripts(interview.id, entries(range(1, 4))) == 3
    # Re-sent after a lost answer, overlapping the next batch.
    assert await graphql_platform.add_transcripts(interview.id, entries(range(2, 6))) == 4
    assert await graphql_platform.add_transcripts(interview.id, []) == 0

    stored = await graphql_platform.list_transcripts(interview.id)
    assert [t.sequence_number for t in stored] == [1, 2, 3, 4, 5]
    assert stored[0].content == "line 1" and stored[0].interview_id == interview.id
    assert stored[0].timestamp == T0 + timedelta(seconds=1)


async def test_add_transcripts_retried_after_dropped_connection(
    graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    interview = await graphql_platform.create_interview(APP, room())
    platform.inject(drop_next=1)

    assert await graphql_platform.add_transcripts(interview.id, entries(range(1, 3))) == 2

    assert platform.stats()["by_operation"]["CreateBulkTranscripts"] == 2
    assert len(await graphql_platform.list_transcripts(interview.id)) == 2


async def test_transcript_content_survives_unicode(graphql_platform: GraphQLPlatform) -> None:
    interview = await graphql_platform.create_interview("app-arabic-003", room())
    line = TranscriptEntry(
        content="مرحباً، أنا ليلى", speaker="candidate", timestamp=T0, sequence_number=1
    )

    await graphql_platform.add_transcripts(interview.id, [line])

    assert (await graphql_platform.list_transcripts(interview.id))[0].content == line.content


async def test_transition_already_applied_counts_as_success(
    graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    """A retried completion whose first attempt landed is refused as a transition; the
    record already says COMPLETED, so that is success."""
    interview = await graphql_platform.create_interview(APP, room())
    await graphql_platform.complete_interview(interview.id)
    platform.inject(refuse_next=1, only="completeInterview")

    done = await graphql_platform.complete_interview(interview.id)

    assert done.status is InterviewStatus.COMPLETED
    assert platform.stats()["by_operation"]["GetInterview"] == 1


async def test_transition_refused_for_another_reason_is_raised(
    graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    interview = await graphql_platform.create_interview(APP, room())
    await graphql_platform.start_interview(interview.id)
    platform.inject(refuse_next=1, only="completeInterview")

    with pytest.raises(GraphQLResponseError):
        await graphql_platform.complete_interview(interview.id)

    stored = await graphql_platform.get_interview(interview.id)
    assert stored is not None and stored.status is InterviewStatus.STARTED
