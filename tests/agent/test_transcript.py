"""The transcript sink: parks every row, batches, keeps what the platform refused, never
duplicates, and continues the numbering of an interview's earlier run."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import SimpleNamespace

from agent.transcript import TranscriptSink
from service.errors import ServerError
from service.fake_platform import FakePlatform
from service.outbox import Courier, Outbox
from tests.agent.helpers import application


def item(role: str, text: str, **metrics: float) -> SimpleNamespace:
    return SimpleNamespace(
        item=SimpleNamespace(
            type="message",
            role=role,
            text_content=text,
            created_at=time.time(),
            transcript_confidence=0.9 if role == "user" else None,
            metrics=metrics,
        )
    )


async def test_rows_survive_an_outage_in_order_without_gaps(tmp_path: Path) -> None:
    platform = FakePlatform([application()])
    interview = await platform.create_interview("app-test-1", "room-1")
    outbox = Outbox(tmp_path)
    sink = TranscriptSink(language="en", batch_size=2, flush_interval=0.05)
    sink.on_item(item("assistant", "Hello, this call is recorded."))
    sink.start(Courier(platform=platform, interview_id=interview.id, outbox=outbox))
    platform.fail_next("add_transcripts", ServerError("down", status=503), times=3)
    for n in range(5):
        sink.on_item(item("user", f"answer {n}", end_of_turn_delay=0.4, transcription_delay=0.9))
        sink.on_item(item("assistant", f"question {n}", e2e_latency=1.2))
        await asyncio.sleep(0.02)
    sink.on_item(SimpleNamespace(item=SimpleNamespace(type="agent_handoff")))  # not a message
    sink.on_item(item("user", "   "))  # nothing said: no row

    await sink.aclose()
    assert await sink.flush(within=5)
    assert outbox.files() == []  # acknowledged rows leave the outbox
    sent = [n for method, (_, n) in platform.calls if method == "add_transcripts"]
    assert len(sent) > 3  # the failed batches were sent again, with the same numbers
    rows = await platform.list_transcripts(interview.id)
    assert [r.sequence_number for r in rows] == list(range(1, 12))
    assert rows[0].speaker == "interviewer" and rows[1].speaker == "candidate"
    assert sink.latency_summary()["e2e_latency"] == {"p50": 1.2, "p95": 1.2, "n": 5}


async def test_every_row_is_parked_before_it_is_sent(tmp_path: Path) -> None:
    """A row said while the platform is down is on disk at once: a crash cannot lose it."""
    platform = FakePlatform([application()])
    interview = await platform.create_interview("app-test-1", "room-1")
    outbox = Outbox(tmp_path)
    sink = TranscriptSink(language="en", flush_interval=60)
    sink.start(Courier(platform=platform, interview_id=interview.id, outbox=outbox))
    platform.fail_next("add_transcripts", ServerError("down", status=503), times=1000)
    sink.on_item(item("user", "an answer"))
    parked = outbox.pending(interview.id)  # before any send was even tried
    assert [row["content"] for p in parked for row in p.rows()] == ["an answer"]
    await sink.aclose()
    assert not await sink.flush(within=5)
    assert len(outbox.pending(interview.id)) == 1


async def test_numbering_continues_after_an_earlier_run(tmp_path: Path) -> None:
    platform = FakePlatform([application()])
    interview = await platform.create_interview("app-test-1", "room-1")
    sink = TranscriptSink(language="en", after=7, flush_interval=60)
    sink.start(Courier(platform=platform, interview_id=interview.id, outbox=Outbox(tmp_path)))
    sink.on_item(item("assistant", "Welcome back."))
    sink.on_item(item("user", "Thanks."))
    await sink.aclose()
    assert await sink.flush(within=5)
    rows = await platform.list_transcripts(interview.id)
    assert [r.sequence_number for r in rows] == [8, 9]
