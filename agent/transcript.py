"""Streams the conversation to the platform while the interview runs.

Final candidate and interviewer messages arrive from ``conversation_item_added``
(an interrupted interviewer message already holds only what was played). Each
gets the next sequence number and is parked in the outbox at once (through the
interview's ``Courier``), so a crash loses no row that was said; every few seconds
or items the parked rows go out in one batch, in order. The platform deduplicates
on (interviewId, sequenceNumber), so a batch re-sent after a lost answer, or
replayed from the outbox by another process, never becomes a second row.

Numbering continues after ``start``'s ``after``: when LiveKit re-dispatches an
interview whose first run already stored rows, the second run's rows follow them
instead of being dropped as duplicates of rows 1..n. Rows said before the interview
record exists (the greeting plays while it is created) wait, unnumbered, for ``start``.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog

from service.models import TranscriptEntry
from service.outbox import Courier

log = structlog.get_logger(__name__)

_LATENCY_KEYS = (
    "e2e_latency",
    "end_of_turn_delay",
    "transcription_delay",
    "llm_node_ttft",
    "tts_node_ttfb",
)


class TranscriptSink:
    def __init__(
        self,
        *,
        language: str,
        batch_size: int = 6,
        flush_interval: float = 3.0,
        on_entry: Callable[[TranscriptEntry, str], None] | None = None,
    ) -> None:
        self._language = language
        self._after = 0
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._on_entry = on_entry
        self.entries: list[TranscriptEntry] = []
        self._unparked: list[tuple[TranscriptEntry, str]] = []  # said before the record existed
        self._unsent = 0
        self._courier: Courier | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.latencies: dict[str, list[float]] = {k: [] for k in _LATENCY_KEYS}

    def start(self, courier: Courier, *, after: int = 0) -> None:
        """Number from ``after`` + 1; rows seen before the interview record existed are
        numbered and parked now."""
        self._courier = courier
        self._after = after
        for n, (entry, item_id) in enumerate(self._unparked, start=after + 1):
            entry.sequence_number = n
            self._added(entry, item_id)
        self._unparked.clear()
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
        metrics = item.metrics or {}
        latency = {k: metrics[k] for k in _LATENCY_KEYS if metrics.get(k) is not None}
        for key, value in latency.items():
            self.latencies[key].append(float(value))
        if latency:
            log.info("turn_latency", role=item.role, **{k: round(v, 3) for k, v in latency.items()})
        entry = TranscriptEntry(
            content=text,
            speaker="candidate" if item.role == "user" else "interviewer",
            timestamp=datetime.fromtimestamp(item.created_at, UTC),
            sequence_number=self._after + len(self.entries) + 1,
            confidence=item.transcript_confidence,
            language=self._language,
        )
        self.entries.append(entry)
        if self._courier is None:
            self._unparked.append((entry, item.id))
        else:
            self._added(entry, item.id)

    def _added(self, entry: TranscriptEntry, item_id: str) -> None:
        assert self._courier is not None
        self._courier.park("add_transcripts", {"entries": [entry.model_dump(mode="json")]})
        self._unsent += 1
        if self._on_entry is not None:
            self._on_entry(entry, item_id)  # the message id ties the row to the flow
        if self._unsent >= self._batch_size:
            self._wake.set()

    async def flush(self, *, within: float | None = None) -> bool:
        """Send everything parked for this interview; True when nothing is left."""
        if self._courier is None:
            return not self._unparked
        self._unsent = 0
        return await self._courier.flush(within=within)

    async def aclose(self) -> bool:
        """Stop the background loop and try once more."""
        # The flag ends the loop even when Python 3.11's asyncio.wait_for swallows a
        # cancel racing with the event it waits on; the cancel stops a slow send at
        # once (what it was sending stays parked).
        self._closing = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        return await self.flush()

    def abort(self) -> None:
        """Stop the background loop now, sending nothing more (the job is being cancelled:
        every row is parked already)."""
        self._closing = True
        if self._task is not None:
            self._task.cancel()

    async def _loop(self) -> None:
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._flush_interval)
            self._wake.clear()
            if not self._closing:
                await self.flush()

    def latency_summary(self) -> dict[str, dict[str, float]]:
        """p50/p95 per latency metric, in seconds."""
        out: dict[str, dict[str, float]] = {}
        for key, values in self.latencies.items():
            if values:
                # quantiles() needs two samples; one sample is its own p95
                cuts = (
                    statistics.quantiles(values, n=20, method="inclusive") if values[1:] else values
                )
                out[key] = {
                    "p50": round(statistics.median(values), 3),
                    "p95": round(cuts[-1], 3),
                    "n": len(values),
                }
        return out
