"""A simulated interview for the recorder: a fake clock, a tone "microphone", a speaker.

The clock is injected into the recorder and used by the fake audio I/O, so a
10-second interview runs in a fraction of a second and timestamps are exact:

* ``ToneMic`` yields 20 ms frames (a sine, or silence) and advances the clock by
  each frame's duration, like a room input delivering audio in real time;
* ``Speaker`` is the leaf audio sink. It accepts a segment faster than real time (as
  TTS pushes it), "plays" it while the clock advances, and reports playback as
  LiveKit sinks do: endpoints only (``started``/``finished``), or also
  ``playback_progressed`` runs like the room output.
"""

from __future__ import annotations

import asyncio
import io as pyio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from livekit import rtc
from livekit.agents.voice import io

from agent.recording import RetryTiming, S3Recorder

FRAME_MS = 20
AMPLITUDE = 0.5


class FakeClock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def tone(n: int, rate: int, freq: float | None, phase: int = 0) -> np.ndarray:
    if freq is None:
        return np.zeros(n, dtype=np.int16)
    t = (np.arange(n) + phase) / rate
    return (AMPLITUDE * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def frame_of(pcm: np.ndarray, rate: int) -> rtc.AudioFrame:
    return rtc.AudioFrame(
        data=pcm.tobytes(), sample_rate=rate, num_channels=1, samples_per_channel=len(pcm)
    )


class ToneMic(io.AudioInput):
    def __init__(self, clock: FakeClock, *, rate: int = 24_000) -> None:
        super().__init__(label="ToneMic")
        self.clock = clock
        self.rate = rate
        self.freq: float | None = None
        self._phase = 0

    async def __anext__(self) -> rtc.AudioFrame:
        await asyncio.sleep(0)  # a real source yields to the loop between frames
        n = self.rate * FRAME_MS // 1000
        pcm = tone(n, self.rate, self.freq, self._phase)
        self._phase += n
        self.clock.advance(n / self.rate)
        return frame_of(pcm, self.rate)


class Speaker(io.AudioOutput):
    def __init__(self, clock: FakeClock, *, rate: int = 24_000, progress: bool = False) -> None:
        super().__init__(
            label="Speaker",
            capabilities=io.AudioOutputCapabilities(pause=False),
            sample_rate=rate,
        )
        self.clock = clock
        self.progress = progress
        self.pushed = 0.0
        self.started_at: float | None = None
        self.frames: list[rtc.AudioFrame] = []

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        self.frames.append(frame)
        self.pushed += frame.duration

    def flush(self) -> None:
        super().flush()

    def start_playback(self) -> None:
        self.started_at = self.clock()
        self.on_playback_started(created_at=self.started_at)

    def finish(self) -> None:
        self._end(self.pushed, interrupted=False)

    def clear_buffer(self) -> None:
        if self.started_at is None:
            return
        self._end(min(self.pushed, self.clock() - self.started_at), interrupted=True)

    def _end(self, played: float, *, interrupted: bool) -> None:
        assert self.started_at is not None
        if self.progress and played > 0:
            self.on_playback_progressed(started_at=self.started_at, offset=0.0, duration=played)
        self.pushed, self.started_at = 0.0, None
        self.on_playback_finished(playback_position=played, interrupted=interrupted)


class Interview:
    """Drives the wrapped I/O the way an AgentSession would."""

    def __init__(
        self,
        recorder: Any,
        clock: FakeClock,
        *,
        in_rate: int = 24_000,
        out_rate: int = 24_000,
        progress: bool = False,
    ) -> None:
        self.clock = clock
        self.mic = ToneMic(clock, rate=in_rate)
        self.speaker = Speaker(clock, rate=out_rate, progress=progress)
        self.input = recorder.wrap_input(self.mic)
        self.output = recorder.wrap_output(self.speaker)
        self.out_rate = out_rate

    async def candidate(self, seconds: float, freq: float | None) -> None:
        """The candidate speaks ``freq`` (None: silence) for ``seconds``."""
        self.mic.freq = freq
        for _ in range(round(seconds * 1000 / FRAME_MS)):
            await self.input.__anext__()
        self.mic.freq = None

    async def silence(self, seconds: float) -> None:
        await self.candidate(seconds, None)

    async def interviewer(
        self, seconds: float, freq: float, *, interrupt_after: float | None = None
    ) -> None:
        """The agent says a ``seconds`` segment; optionally the candidate barges in."""
        n = self.out_rate * FRAME_MS // 1000
        for i in range(round(seconds * 1000 / FRAME_MS)):
            await self.output.capture_frame(
                frame_of(tone(n, self.out_rate, freq, i * n), self.out_rate)
            )
        self.output.flush()
        self.speaker.start_playback()
        await self.silence(interrupt_after if interrupt_after is not None else seconds)
        if interrupt_after is not None:
            self.output.clear_buffer()
        else:
            self.speaker.finish()


def decode(data: bytes) -> tuple[np.ndarray, int]:
    """(channels, samples) float32 and the sample rate of an Ogg/Opus file."""
    with av.open(pyio.BytesIO(data), mode="r") as container:
        chunks = [f.to_ndarray() for f in container.decode(audio=0)]
        rate = container.streams.audio[0].sample_rate
    audio = np.concatenate(chunks, axis=1)
    return audio.astype(np.float32), rate


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x)))) if x.size else 0.0


def window(audio: np.ndarray, rate: int, start: float, end: float, ch: int) -> np.ndarray:
    """Samples of channel ``ch`` in [start+0.1, end-0.1] s: margins absorb codec smear."""
    return audio[ch, int((start + 0.1) * rate) : int((end - 0.1) * rate)]


def dominant_hz(x: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.fft.rfftfreq(len(x), 1 / rate)[int(np.argmax(spectrum))])


def active_seconds(x: np.ndarray, rate: int, threshold: float = 0.05) -> float:
    """How long (10 ms resolution) the signal carries energy."""
    hop = rate // 100
    n = len(x) // hop
    blocks = x[: n * hop].reshape(n, hop)
    return float(np.sum(np.sqrt(np.mean(blocks**2, axis=1)) > threshold)) / 100


async def wait_until(cond: Callable[[], bool], within: float = 10.0) -> None:
    """Poll ``cond`` (it reads S3/recorder state, which has no event to wait on)."""
    async with asyncio.timeout(within):
        while not cond():  # noqa: ASYNC110 - polling external state on purpose
            await asyncio.sleep(0.01)


FAST_RETRY = RetryTiming(initial=0.05, maximum=0.2, final_attempts=2)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def make_recorder(clock: FakeClock, spool: Path) -> Callable[..., S3Recorder]:
    def make(client: Any, bucket: str, **kw: Any) -> S3Recorder:
        kw.setdefault("retry", FAST_RETRY)
        kw.setdefault("stop_timeout", 20.0)
        return S3Recorder(s3_client=client, bucket=bucket, spool_dir=str(spool), now=clock, **kw)

    return make
