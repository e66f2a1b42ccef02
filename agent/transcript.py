"""Streams the conversation to the platform while the interview runs.

Final candidate and interviewer messages arrive from ``conversation_item_added``
(an interrupted interviewer message already holds only what was played). Each
gets the next sequence number at once, so a batch re-sent after a timeout is
deduplicated by the platform on (interviewId, sequenceNumber). Rows are sent in
small batches every few seconds or items; a batch that fails stays queued for the
next attempt, so nothing is lost and nothing is sent twice as a new row.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import structlog

from service.models import TranscriptEntry

log = structlog.get_logger(__name__)

_LATENCY_KEYS = (
    "e2e_latency",
    "end_of_turn_delay",
    "transcription_delay",
    "llm_node_ttft",
    "tts_node_ttfb",
)


class TranscriptPlatform(Protocol):
    async def add_transcripts(self, interview_id: str, entries: list[TranscriptEntry]) -> int: ...


class TranscriptSink:
    def __init__(
        self,
        *,
        platform: TranscriptPlatform,
        language: str,
        batch_size: int = 6,
        flush_interval: float = 3.0,
        on_entry: Callable[[TranscriptEntry, str], None] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._platform = platform
        self._language = language
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._on_entry = on_entry
        self._now = now
        self.entries: list[TranscriptEntry] = []
        self._pending: list[TranscriptEntry] = []
        self._interview_id: str | None = None
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.latencies: dict[str, list[float]] = {k: [] for k in _LATENCY_KEYS}

    def start(self, interview_id: str) -> None:
        """Rows seen before the interview record exists wait in the queue until now."""
        self._interview_id = interview_id
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="transcript-sink")

    def on_item(self, ev: Any) -> None:
        """``conversation_item_added`` handler."""
        item = ev.item
        if getattr(item, "type", None) != "message" or item.role not in ("user", "assistant"):
            return
        text = (item.text_content or "").strip()
        if not text:
            return
        self._record_latency(item)
        entry = TranscriptEntry(
            content=text,
            speaker="candidate" if item.role == "user" else "interviewer",
            timestamp=datetime.fromtimestamp(item.created_at, UTC),
            sequence_number=len(self.entries) + 1,
            confidence=item.transcript_confidence,
            language=self._language,
        )
        self.entries.append(entry)
        self._pending.append(entry)
        if self._on_entry is not None:
            self._on_entry(entry, item.id)  # the message id ties the row to the flow
        if len(self._pending) >= self._batch_size:
            self._wake.set()

    async def flush(self) -> bool:
        """Send everything queued; True when nothing is left."""
        if self._interview_id is None:
            return not self._pending
        async with self._lock:
            while self._pending:
                batch = self._pending[: self._batch_size * 4]
                try:
                    await self._platform.add_transcripts(self._interview_id, batch)
                except Exception as exc:  # retried next round; the error says what failed
                    log.warning(
                        "transcript_flush_failed", error=str(exc), queued=len(self._pending)
                    )
                    return False
                del self._pending[: len(batch)]
        return True

    @property
    def pending(self) -> list[TranscriptEntry]:
        return list(self._pending)

    async def aclose(self) -> bool:
        """Stop the background loop and send what is left; True when nothing is."""
        # A flag, not task.cancel(): on Python 3.11 asyncio.wait_for can swallow a
        # cancellation that races with the event it waits on, and the loop would go on.
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        return await self.flush()

    async def _loop(self) -> None:
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._flush_interval)
            self._wake.clear()
            if not self._closing:
                await self.flush()

    def _record_latency(self, item: Any) -> None:
        metrics = item.metrics or {}
        values = {k: metrics[k] for k in _LATENCY_KEYS if metrics.get(k) is not None}
        for key, value in values.items():
            self.latencies[key].append(float(value))
        if values:
            log.info("turn_latency", role=item.role, **{k: round(v, 3) for k, v in values.items()})

    def latency_summary(self) -> dict[str, dict[str, float]]:
        """p50/p95 per latency metric, in seconds."""
        out: dict[str, dict[str, float]] = {}
        for key, values in self.latencies.items():
            if values:
                ordered = sorted(values)
                p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
                out[key] = {
                    "p50": round(statistics.median(ordered), 3),
                    "p95": round(p95, 3),
                    "n": len(ordered),
                }
        return out
