"""The transcript sink: batches, keeps what the platform refused, never duplicates."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from agent.transcript import TranscriptSink
from service.errors import ServerError
from service.fake_platform import FakePlatform
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


async def test_rows_survive_an_outage_in_order_without_gaps() -> None:
    platform = FakePlatform([application()])
    interview = await platform.create_interview("app-test-1", "room-1")
    sink = TranscriptSink(platform=platform, language="en", batch_size=2, flush_interval=0.05)
    sink.on_item(item("assistant", "Hello, this call is recorded."))
    sink.start(interview.id)
    platform.fail_next("add_transcripts", ServerError("down", status=503), times=3)
    for n in range(5):
        sink.on_item(item("user", f"answer {n}", end_of_turn_delay=0.4, transcription_delay=0.9))
        sink.on_item(item("assistant", f"question {n}", e2e_latency=1.2))
        await asyncio.sleep(0.02)
    sink.on_item(SimpleNamespace(item=SimpleNamespace(type="agent_handoff")))  # not a message
    sink.on_item(item("user", "   "))  # nothing said: no row

    assert await asyncio.wait_for(sink.aclose(), 5)
    sent = [n for method, (_, n) in platform.calls if method == "add_transcripts"]
    assert len(sent) > 3  # the failed batches were sent again, with the same numbers
    rows = await platform.list_transcripts(interview.id)
    assert [r.sequence_number for r in rows] == list(range(1, 12))
    assert rows[0].speaker == "interviewer" and rows[1].speaker == "candidate"
    assert sink.latency_summary()["e2e_latency"] == {"p50": 1.2, "p95": 1.2, "n": 5}


async def test_what_the_platform_never_took_is_handed_back() -> None:
    platform = FakePlatform([application()])
    interview = await platform.create_interview("app-test-1", "room-1")
    sink = TranscriptSink(platform=platform, language="en", flush_interval=0.05)
    sink.start(interview.id)
    platform.fail_next("add_transcripts", ServerError("down", status=503), times=1000)
    sink.on_item(item("user", "an answer"))
    assert not await asyncio.wait_for(sink.aclose(), 5)
    assert [e.content for e in sink.pending] == ["an answer"]  # for the outbox
