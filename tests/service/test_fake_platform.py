"""The in-memory FakePlatform keeps the same promises as the real platform seam."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import pytest

from service.errors import ApplicationNotFound, InterviewNotFound, ServerError
from service.fake_platform import FakePlatform
from service.interviews import GraphQLPlatform, InterviewPlatform
from service.models import Application, InterviewStatus, InterviewUpdate, TranscriptEntry

APPLICATION = Application.model_validate(
    {
        "id": "app-1",
        "status": "PENDING",
        "candidate": {"id": "u-1", "name": "Sara"},
        "job": {
            "id": "j-1",
            "title": "Backend Engineer",
            "interviewLanguage": "english",
            "company": {"id": "c-1", "name": "Acme"},
        },
    }
)
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def entry(n: int) -> TranscriptEntry:
    return TranscriptEntry(content=f"l{n}", speaker="candidate", timestamp=T0, sequence_number=n)


@pytest.mark.parametrize("impl", [FakePlatform, GraphQLPlatform])
def test_implements_the_protocol_with_the_same_signatures(impl: type) -> None:
    for name, member in inspect.getmembers(InterviewPlatform, inspect.isfunction):
        if name.startswith("_"):
            continue
        ours = getattr(impl, name)
        assert inspect.iscoroutinefunction(ours), f"{impl.__name__}.{name} is not async"
        assert inspect.signature(ours) == inspect.signature(member), f"{impl.__name__}.{name}"
    assert isinstance(FakePlatform(), InterviewPlatform)


async def test_application_lookup() -> None:
    fake = FakePlatform([APPLICATION])

    assert (await fake.get_application("app-1")).candidate.name == "Sara"
    with pytest.raises(ApplicationNotFound):
        await fake.get_application("nope")


async def test_create_is_idempotent_and_lifecycle_moves() -> None:
    fake = FakePlatform([APPLICATION])
    first = await fake.create_interview("app-1", "room-1", duration_minutes=15)

    assert (await fake.create_interview("app-1", "room-1")).id == first.id
    assert (await fake.start_interview(first.id)).status is InterviewStatus.STARTED
    updated = await fake.update_interview(first.id, InterviewUpdate(rating=7))
    assert updated.rating == 7 and updated.duration == 15
    assert (await fake.complete_interview(first.id)).status is InterviewStatus.COMPLETED
    cancelled = await fake.cancel_interview(first.id, "why")
    assert cancelled.notes == "why"


async def test_transcripts_deduplicate_on_sequence_number() -> None:
    fake = FakePlatform([APPLICATION])
    interview = await fake.create_interview("app-1", "room-1")

    await fake.add_transcripts(interview.id, [entry(1), entry(2)])
    await fake.add_transcripts(interview.id, [entry(2), entry(3)])

    assert [t.sequence_number for t in await fake.list_transcripts(interview.id)] == [1, 2, 3]


async def test_unknown_interview_and_armed_failures() -> None:
    fake = FakePlatform([APPLICATION])
    interview = await fake.create_interview("app-1", "room-1")
    fake.fail_next("add_transcripts", ServerError("down", status=503), times=2)

    for _ in range(2):
        with pytest.raises(ServerError):
            await fake.add_transcripts(interview.id, [entry(1)])
    assert await fake.add_transcripts(interview.id, [entry(1)]) == 1
    with pytest.raises(InterviewNotFound):
        await fake.mark_no_show("missing")
    assert await fake.get_interview("missing") is None
    with pytest.raises(ValueError):
        fake.fail_next("no_such_method", ServerError("x", status=500))
