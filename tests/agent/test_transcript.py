"""The transcript sink: parks every row, batches, keeps what the platform refused, never
duplicates, and continues the numbering of an interview's earlier run."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from livekit.agents import llm

from agent.transcript import TranscriptSink
from service.interviews import GraphQLPlatform
from service.outbox import Courier, Outbox
from tests.fixtures.platform import ATTEMPTS

APP = "app-strong-001"


def item(role: str, text: str, **metrics: float) -> SimpleNamespace:
    """A ``conversation_item_added`` event with LiveKit's own message type."""
    message = llm.ChatMessage(
        role=role,  # type: ignore[arg-type]
        content=[text],
        transcript_confidence=0.9 if role == "user" else None,
        metrics=metrics,  # type: ignore[arg-type]
    )
    return SimpleNamespace(item=message)


async def new_interview(graphql_platform: GraphQLPlatform) -> str:
    interview = await graphql_platform.create_interview(APP, f"room-{uuid.uuid4().hex[:8]}")
    return interview.id


async def test_rows_survive_an_outage_in_order_without_gaps(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    interview_id = await new_interview(graphql_platform)
    outbox = Outbox(tmp_path)
    sink = TranscriptSink(language="en", batch_size=2, flush_interval=0.05)
    sink.on_item(item("assistant", "Hello, this call is recorded."))
    sink.start(Courier(platform=graphql_platform, interview_id=interview_id, outbox=outbox))
    # More 503s than one call's retries: whole batches fail and are sent again later.
    outage = 3 * ATTEMPTS
    platform.inject(fail_next=outage, fail_status=503, only="createBulkTranscripts")
    for n in range(5):
        sink.on_item(item("user", f"answer {n}", end_of_turn_delay=0.4, transcription_delay=0.9))
        sink.on_item(item("assistant", f"question {n}", e2e_latency=1.2))
        await asyncio.sleep(0.02)
    sink.on_item(SimpleNamespace(item=SimpleNamespace(type="agent_handoff")))  # not a message
    sink.on_item(item("user", "   "))  # nothing said: no row

    await sink.aclose()
    assert await sink.flush(within=5)
    assert outbox.files() == []  # acknowledged rows leave the outbox
    stats = platform.stats()
    assert stats["faults_applied"]["fail"] == outage
    assert stats["by_field"]["createBulkTranscripts"] > outage  # failed batches sent again
    rows = await graphql_platform.list_transcripts(interview_id)
    assert [r.sequence_number for r in rows] == list(range(1, 12))
    assert rows[0].speaker == "interviewer" and rows[1].speaker == "candidate"
    assert sink.latency_summary()["e2e_latency"] == {"p50": 1.2, "p95": 1.2, "n": 5}


async def test_every_row_is_parked_before_it_is_sent(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    """A row said while the platform is down is on disk at once: a crash cannot lose it."""
    interview_id = await new_interview(graphql_platform)
    outbox = Outbox(tmp_path)
    sink = TranscriptSink(language="en", flush_interval=60)
    sink.start(Courier(platform=graphql_platform, interview_id=interview_id, outbox=outbox))
    platform.inject(fail_next=1000, fail_status=503, only="createBulkTranscripts")
    sink.on_item(item("user", "an answer"))
    parked = outbox.pending(interview_id)  # before any send was even tried
    assert [row["content"] for p in parked for row in p.rows()] == ["an answer"]
    await sink.aclose()
    assert not await sink.flush(within=5)
    assert len(outbox.pending(interview_id)) == 1


async def test_numbering_continues_after_an_earlier_run(
    tmp_path: Path, graphql_platform: GraphQLPlatform
) -> None:
    interview_id = await new_interview(graphql_platform)
    sink = TranscriptSink(language="en", flush_interval=60)
    sink.on_item(item("assistant", "Welcome back."))  # said before the record was found
    courier = Courier(platform=graphql_platform, interview_id=interview_id, outbox=Outbox(tmp_path))
    sink.start(courier, after=7)
    sink.on_item(item("user", "Thanks."))
    await sink.aclose()
    assert await sink.flush(within=5)
    rows = await graphql_platform.list_transcripts(interview_id)
    assert [r.sequence_number for r in rows] == [8, 9]
