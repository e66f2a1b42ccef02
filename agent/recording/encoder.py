"""Incremental Ogg/Opus encoding in a dedicated thread.

The event loop only enqueues captured frames and "write up to time T" marks; the
thread resamples, mixes (``timeline.Mixer``) and encodes with PyAV (libopus), writing
Ogg pages to a byte sink as they are produced. It mixes and encodes at the session's own
rate (``timeline.SAMPLE_RATE``), so the session's audio needs no resampling and
nothing it carries is lost; Opus players decode at 48 kHz whatever the input rate.
Encoding costs ~1 % of a core in real time, but it comes in bursts (a whole agent
turn at once) that must not stall the voice pipeline, hence the thread.

Memory stays bounded: the mixer is drained every flush, encoding goes in slices of at
most one second, and the queue applies backpressure (``wait_writable``) when a
faster-than-real-time producer (a simulation, the benchmark) outruns the encoder.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import av
import numpy as np
import structlog

from agent.recording.timeline import SAMPLE_RATE, Mixer

if TYPE_CHECKING:
    from agent.recording.spool import SpoolEntry

log = structlog.get_logger(__name__)

HIGH_WATER = 2000
"""Queued items (≈ 20–40 s of 10–20 ms frames) above which producers wait..."""
LOW_WATER = 500
"""...until the encoder is back below this."""
SLICE_S = 1
"""Seconds per encode call: bounds the transient buffer after a long hold."""
BITRATE = 48_000


@dataclass(frozen=True, slots=True)
class Captured:
    channel: int
    started_at: float
    pcm: np.ndarray
    sample_rate: int
    num_channels: int


@dataclass(frozen=True, slots=True)
class EndRun:
    channel: int


@dataclass(frozen=True, slots=True)
class Flush:
    until: float
    final: bool = False


@dataclass(frozen=True, slots=True)
class EncodeReport:
    duration_s: float
    bytes: int
    dropped_s: float
    error: str | None


def opus_codec() -> tuple[str, int]:
    """(encoder, sample rate): libopus at the session's rate, or FFmpeg's native encoder
    (a PyAV built without libopus), which takes 48 kHz only."""
    try:
        av.Codec("libopus", "w")
    except av.codec.codec.UnknownCodecError:
        return "opus", 48_000
    return "libopus", SAMPLE_RATE


class OggOpusEncoder:
    """A stereo PyAV Ogg/Opus muxer on a write-only sink (Ogg needs no seeking back)."""

    def __init__(self, sink: SpoolEntry, *, codec: str, rate: int) -> None:
        # flush_packets + a small I/O buffer: each Ogg page (~1 s of audio) reaches the
        # spool file as soon as the muxer releases it, instead of waiting in PyAV's
        # 32 KiB buffer (~5 s of audio) that a crash would lose
        self._container = av.open(
            sink,
            mode="w",
            format="ogg",
            buffer_size=4096,
            container_options={"flush_packets": "1"},
        )
        self._rate = rate
        self._stream: Any = self._container.add_stream(codec, rate=rate, layout="stereo")
        self._stream.codec_context.bit_rate = BITRATE
        if codec == "opus":
            self._stream.codec_context.options["strict"] = "experimental"

    def encode(self, block: np.ndarray) -> None:
        """Encode planar float32 audio shaped (2, n)."""
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(block, dtype=np.float32), format="fltp", layout="stereo"
        )
        frame.sample_rate = self._rate
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def close(self) -> None:
        for packet in self._stream.encode(None):
            self._container.mux(packet)
        self._container.close()


class EncoderThread:
    """Owns the mixer and the encoder (its thread starts at once); the loop talks to it
    only through a queue."""

    def __init__(
        self,
        *,
        t0: float,
        sink: SpoolEntry,
        on_progress: Callable[[int], None],
    ) -> None:
        self._t0 = t0
        self._sink = sink
        self._on_progress = on_progress
        self._q: queue.SimpleQueue[Captured | EndRun | Flush | None] = queue.SimpleQueue()
        self._loop = asyncio.get_running_loop()
        self._done: asyncio.Future[EncodeReport] = self._loop.create_future()
        self._alive = True
        self._drained = asyncio.Event()
        self._want_drain = False
        threading.Thread(target=self._run, name="recording-encoder", daemon=True).start()

    def put(self, item: Captured | EndRun | Flush) -> None:
        if self._alive:
            self._q.put(item)

    async def wait_writable(self) -> None:
        """Backpressure for producers faster than real time; free when keeping up."""
        while self._alive and self._q.qsize() > HIGH_WATER:
            self._drained.clear()
            self._want_drain = True
            # the timeout covers a wake-up the thread sent before we started waiting
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drained.wait(), 0.05)

    async def close(self, until: float) -> EncodeReport:
        """Write everything up to ``until``, finish the Ogg stream, and report."""
        if self._alive:  # a final flush ends both runs
            self._q.put(Flush(until, final=True))
            self._q.put(None)
        return await asyncio.shield(self._done)

    # -- thread side ---------------------------------------------------------------
    def _run(self) -> None:
        codec, rate = opus_codec()
        mixer = Mixer(t0=self._t0, sample_rate=rate)
        error: str | None = None
        reported = 0
        try:
            encoder = OggOpusEncoder(self._sink, codec=codec, rate=rate)
            while (item := self._q.get()) is not None:
                if self._want_drain and self._q.qsize() < LOW_WATER:
                    self._want_drain = False
                    self._loop.call_soon_threadsafe(self._drained.set)
                if isinstance(item, Captured):
                    mixer.tracks[item.channel].push(
                        item.started_at, item.pcm, item.sample_rate, item.num_channels
                    )
                elif isinstance(item, EndRun):
                    mixer.tracks[item.channel].end_run()
                else:
                    end = mixer.settled_end(item.until, final=item.final)
                    while mixer.cursor < end:
                        encoder.encode(mixer.take(min(end, mixer.cursor + SLICE_S * rate)))
                    if self._sink.written != reported:
                        reported = self._sink.written
                        self._notify(reported)
            encoder.close()
        except Exception as exc:  # the recording stops; the interview must not
            error = f"{type(exc).__name__}: {exc}"
            log.exception("recording.encoder_failed")
        finally:
            self._alive = False
            report = EncodeReport(
                duration_s=mixer.cursor / rate,
                bytes=self._sink.written,
                dropped_s=mixer.dropped_samples / rate,
                error=error,
            )
            self._notify(self._sink.written)
            with contextlib.suppress(RuntimeError):  # loop already closed
                self._loop.call_soon_threadsafe(self._done.set_result, report)

    def _notify(self, written: int) -> None:
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._on_progress, written)
