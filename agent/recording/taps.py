"""Audio taps that sit in the AgentSession's I/O chain and copy audio to a recorder.

They work the same with LiveKit's room I/O and with the custom I/O objects of a
room-less simulation, because they only use the ``io.AudioInput``/``io.AudioOutput``
contracts:

* input: pull a frame from the wrapped source, hand a copy to the recorder stamped
  with its arrival time (frames carry no capture timestamp), return it unchanged;
* output: forward every call to the wrapped sink (``next_in_chain``), keep a copy of
  each segment's audio, and place it on the timeline only once the sink reports
  where it played (``playback_started`` / ``playback_progressed`` /
  ``playback_finished``). An interrupted segment reports a ``playback_position``
  short of what was captured; the part that never played is never recorded.

The events come *up* the chain: ``io.AudioOutput.__init__`` subscribes this wrapper to
the sink's events and calls our ``on_playback_*`` overrides, which must call
``super()`` so the session above still sees them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from livekit import rtc
from livekit.agents.voice import io

if TYPE_CHECKING:
    from agent.recording.s3_recorder import S3Recorder

INPUT, OUTPUT = 0, 1
MAX_SEGMENTS = 16
"""Unsettled agent segments kept; a sink that never reports playback must not grow memory."""


def _pcm(frame: rtc.AudioFrame) -> np.ndarray:
    # a copy: the frame's buffer belongs to the pipeline, the encoder thread reads later
    return np.frombuffer(frame.data, dtype=np.int16).copy()


class RecordingAudioInput(io.AudioInput):
    """Passes the candidate's frames through and copies them to the recorder."""

    def __init__(self, source: io.AudioInput, *, sink: S3Recorder) -> None:
        super().__init__(label="RecordingAudioInput", source=source)
        self._sink = sink

    async def __anext__(self) -> rtc.AudioFrame:
        assert self.source is not None
        frame = await self.source.__anext__()
        sink = self._sink
        if sink.active:
            sink.capture(
                INPUT,
                sink.clock() - frame.duration,
                _pcm(frame),
                frame.sample_rate,
                frame.num_channels,
            )
            await sink.wait_writable()
        return frame


@dataclass
class _Segment:
    """One agent utterance as captured (flush/clear_buffer delimit segments)."""

    since: float
    pcm: list[np.ndarray] = field(default_factory=list)
    rate: int = 0
    channels: int = 1
    started_at: float | None = None
    reported: bool = False
    joined: np.ndarray | None = None

    def audio(self) -> np.ndarray:
        if self.joined is None:
            self.joined = np.concatenate(self.pcm) if self.pcm else np.zeros(0, np.int16)
        return self.joined


class RecordingAudioOutput(io.AudioOutput):
    """Forwards the interviewer's audio to the real sink; records what actually played."""

    def __init__(self, next_in_chain: io.AudioOutput, *, sink: S3Recorder) -> None:
        super().__init__(
            label="RecordingAudioOutput",
            capabilities=io.AudioOutputCapabilities(pause=True),  # can_pause asks the chain
            next_in_chain=next_in_chain,
        )
        self._sink = sink
        self._segments: deque[_Segment] = deque()
        self._capturing: _Segment | None = None

    @property
    def sample_rate(self) -> int | None:
        # the session resamples TTS audio to what the real sink wants
        if self._sample_rate is not None:
            return self._sample_rate
        return self.next_in_chain.sample_rate if self.next_in_chain else None

    @property
    def pending_since(self) -> float | None:
        """Start of the oldest segment whose playback is not settled yet, if any."""
        return self._segments[0].since if self._segments else None

    # -- the audio path (downwards) ----------------------------------------------
    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        assert self.next_in_chain is not None
        await self.next_in_chain.capture_frame(frame)
        await super().capture_frame(frame)
        if not self._sink.active:
            return
        if self._capturing is None:
            self._capturing = _Segment(
                since=self._sink.clock(), rate=frame.sample_rate, channels=frame.num_channels
            )
            self._segments.append(self._capturing)
            if len(self._segments) > MAX_SEGMENTS:
                self._segments.popleft()  # its sink never said where it played
        self._capturing.pcm.append(_pcm(frame))
        self._capturing.joined = None
        await self._sink.wait_writable()

    def flush(self) -> None:
        super().flush()
        self._capturing = None
        if self.next_in_chain is not None:
            self.next_in_chain.flush()

    def clear_buffer(self) -> None:
        if self.next_in_chain is not None:
            self.next_in_chain.clear_buffer()

    # -- playback reports (upwards) ------------------------------------------------
    def on_playback_started(self, *, created_at: float) -> None:
        super().on_playback_started(created_at=created_at)
        for seg in self._segments:
            if seg.started_at is None:
                seg.started_at = created_at
                break

    def on_playback_progressed(self, *, started_at: float, offset: float, duration: float) -> None:
        super().on_playback_progressed(started_at=started_at, offset=offset, duration=duration)
        if self._segments:
            seg = self._segments[0]
            seg.reported = True
            self._place(seg, started_at=started_at, offset=offset, duration=duration)

    def on_playback_finished(
        self,
        *,
        playback_position: float,
        interrupted: bool,
        synchronized_transcript: str | None = None,
    ) -> None:
        super().on_playback_finished(
            playback_position=playback_position,
            interrupted=interrupted,
            synchronized_transcript=synchronized_transcript,
        )
        if not self._segments:
            return
        seg = self._segments.popleft()
        if seg is self._capturing:
            self._capturing = None
        if not seg.reported:
            # the sink reports only endpoints: the segment played from its start, unpaused
            start = seg.started_at
            start = self._sink.clock() - playback_position if start is None else start
            self._place(seg, started_at=start, offset=0.0, duration=playback_position)
        if self._sink.active:
            self._sink.end_run(OUTPUT)

    def settle(self, now: float) -> None:
        """At stop: place what in-flight segments have played so far, by the clock."""
        while self._segments:
            seg = self._segments.popleft()
            if seg.started_at is not None and not seg.reported:
                played = now - seg.started_at
                self._place(seg, started_at=seg.started_at, offset=0.0, duration=played)
        self._capturing = None

    def _place(self, seg: _Segment, *, started_at: float, offset: float, duration: float) -> None:
        if not self._sink.active or not seg.pcm or duration <= 0:
            return
        pcm = seg.audio()
        lo = round(offset * seg.rate) * seg.channels
        hi = min(round((offset + duration) * seg.rate) * seg.channels, len(pcm))
        if hi > lo:
            self._sink.capture(OUTPUT, started_at, pcm[lo:hi], seg.rate, seg.channels)
