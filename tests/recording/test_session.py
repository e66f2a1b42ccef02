"""The taps inside a real, room-less AgentSession (real clock, real playback machinery).

No STT/LLM/TTS is needed: ``session.say(text, audio=...)`` plays given audio, which
exercises the same output path (capture_frame/flush/clear_buffer, playback events,
interruption) as a TTS turn.
"""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import Agent, AgentSession
from livekit.agents.voice import io

from agent.recording import RecordingStatus, S3Recorder
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import FAST_RETRY, active_seconds, decode, frame_of, tone

pytestmark = pytest.mark.slow

RATE = 24_000
N = RATE // 50  # 20 ms


class RealtimeMic(io.AudioInput):
    """20 ms frames at wall-clock pace: a tone while ``freq`` is set, else silence."""

    def __init__(self) -> None:
        super().__init__(label="RealtimeMic")
        self.freq: float | None = None
        self._next = 0.0
        self._i = 0

    async def __anext__(self) -> rtc.AudioFrame:
        now = time.monotonic()
        self._next = max(self._next, now)
        await asyncio.sleep(self._next - now)
        self._next += 0.02
        self._i += 1
        return frame_of(tone(N, RATE, self.freq, self._i * N), RATE)


class RealtimeSpeaker(io.AudioOutput):
    """Plays captured audio at wall-clock pace; reports playback like a device would."""

    def __init__(self) -> None:
        super().__init__(
            label="RealtimeSpeaker",
            capabilities=io.AudioOutputCapabilities(pause=False),
            sample_rate=RATE,
        )
        self._pushed = 0.0
        self._started: float | None = None
        self._task: asyncio.Task[None] | None = None

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if self._started is None:
            self._started = time.time()
            self.on_playback_started(created_at=self._started)
        self._pushed += frame.duration

    def flush(self) -> None:
        super().flush()
        if self._started is not None and self._task is None:
            self._task = asyncio.create_task(self._play_out())

    async def _play_out(self) -> None:
        assert self._started is not None
        await asyncio.sleep(max(0.0, self._started + self._pushed - time.time()))
        self._end(self._pushed, interrupted=False)

    def clear_buffer(self) -> None:
        if self._started is None:
            return
        if self._task is not None:
            self._task.cancel()
        self._end(min(self._pushed, time.time() - self._started), interrupted=True)

    def _end(self, position: float, *, interrupted: bool) -> None:
        self._pushed, self._started, self._task = 0.0, None, None
        self.on_playback_finished(playback_position=position, interrupted=interrupted)


async def frames(seconds: float, freq: float):
    for i in range(round(seconds * 50)):
        yield frame_of(tone(N, RATE, freq, i * N), RATE)


async def test_recording_a_real_agent_session(s3: S3Env, tmp_path):
    rec = S3Recorder(
        s3_client=s3.client, bucket=s3.bucket, spool_dir=str(tmp_path), retry=FAST_RETRY
    )
    await rec.start(application_id="app", interview_id="session")
    # the recording's clock starts once its spool entry is on disk (fsync: a loaded disk
    # makes that take a while), so the session's time is counted from there
    t0 = time.time()
    mic, speaker = RealtimeMic(), RealtimeSpeaker()
    session: AgentSession = AgentSession()
    session.input.audio = rec.wrap_input(mic)  # before start(), as with any custom I/O
    session.output.audio = rec.wrap_output(speaker)
    await session.start(Agent(instructions="test"))
    try:
        mic.freq = 440.0  # the candidate talks for 1 s
        await asyncio.sleep(1.0)
        mic.freq = None
        await session.say("first", audio=frames(1.0, 880.0)).wait_for_playout()
        handle = session.say("second", audio=frames(3.0, 880.0), allow_interruptions=True)
        await asyncio.sleep(1.0)  # ~1 s of the 3 s plays, then the candidate barges in
        handle.interrupt()
        await handle.wait_for_playout()
        await asyncio.sleep(0.5)
    finally:
        elapsed = time.time() - t0
        result = await rec.stop()
        await session.aclose()

    assert result.status is RecordingStatus.UPLOADED
    audio, rate = decode(s3.client.get_object(Bucket=s3.bucket, Key=result.key)["Body"].read())
    assert audio.shape[1] / rate == pytest.approx(elapsed, abs=0.2)
    assert active_seconds(audio[0], rate) == pytest.approx(1.0, abs=0.1)
    # 1 s first turn + ~1 s of the interrupted one (scheduling adds a little)
    assert active_seconds(audio[1], rate) == pytest.approx(2.0, abs=0.2)
    # nobody talks over anybody in this script: the channels never carry energy together
    hop = rate // 100
    n = audio.shape[1] // hop
    loud = np.sqrt(np.mean(audio[:, : n * hop].reshape(2, n, hop) ** 2, axis=2)) > 0.05
    assert np.sum(loud[0] & loud[1]) <= 2  # ≤ 20 ms of codec smear at a boundary
