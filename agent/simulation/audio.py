"""Room-less audio I/O for an AgentSession: a microphone and a speaker in memory.

``SimMicrophone`` is the candidate's microphone: an ``io.AudioInput`` that yields
real-time-paced frames (speech when the candidate talks, silence otherwise), as a
LiveKit room track would. ``SimSpeaker`` is the candidate's speaker: an
``io.AudioOutput`` that "plays" the interviewer's audio at real-time pace and
reports playback as RoomIO's room output does: started, each stretch that played
(``playback_progressed``, when the player stops: paused, cut or done) and finished, with
the position reached. The session keeps its transcript honest with these, and the
recorder places the interviewer's audio by the stretches, as it does in a room.
``speed`` > 1 runs both faster than real time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

import numpy as np
from livekit import rtc
from livekit.agents.voice import io

SAMPLE_RATE = 16_000
FRAME_MS = 20


class SimMicrophone(io.AudioInput):
    def __init__(self, *, sample_rate: int = SAMPLE_RATE, speed: float = 1.0) -> None:
        super().__init__(label="sim-microphone")
        self.sample_rate = sample_rate  # the capacity bench's candidate talks at 48 kHz
        self._speed = speed
        self._frame_len = sample_rate * FRAME_MS // 1000
        self._queue: deque[np.ndarray] = deque()
        self._done: deque[tuple[int, asyncio.Future[None]]] = deque()
        self._sent = 0  # samples sent so far, to resolve `speak` futures
        self._queued = 0
        self._next_due: float | None = None
        self._closed = False
        self.muted = False

    def speak(self, samples: np.ndarray) -> asyncio.Future[None]:
        """Queue int16 mono speech at `sample_rate`; resolves once it has all been sent."""
        n = self._frame_len
        padded = np.pad(samples, (0, -len(samples) % n)).astype(np.int16, copy=False)
        self._queue.extend(padded[start : start + n] for start in range(0, len(padded), n))
        self._queued += len(padded)
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._done.append((self._queued, fut))
        return fut

    def close(self) -> None:
        self._closed = True

    async def __anext__(self) -> rtc.AudioFrame:
        if self._closed:
            raise StopAsyncIteration
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._next_due is None or self._next_due < now - 0.2:
            self._next_due = now  # first frame, or the consumer stalled: do not burst
        delay = self._next_due - now
        if delay > 0:
            await asyncio.sleep(delay)
        self._next_due += FRAME_MS / 1000 / self._speed
        if self._queue and not self.muted:
            data = self._queue.popleft()
            self._sent += self._frame_len
        else:
            if self._queue and self.muted:  # a candidate who left is not heard
                self._queue.clear()
                self._sent = self._queued
            data = np.zeros(self._frame_len, dtype=np.int16)
        while self._done and self._done[0][0] <= self._sent:
            fut = self._done.popleft()[1]
            if not fut.done():
                fut.set_result(None)
        return rtc.AudioFrame(
            data=data.tobytes(),
            sample_rate=self.sample_rate,
            num_channels=1,
            samples_per_channel=self._frame_len,
        )


class SimSpeaker(io.AudioOutput):
    def __init__(self, *, speed: float = 1.0) -> None:
        super().__init__(label="sim-speaker", capabilities=io.AudioOutputCapabilities(pause=True))
        self._speed = speed
        self._playing = asyncio.Event()
        self._playing.set()
        self._queue: asyncio.Queue[rtc.AudioFrame | None] = asyncio.Queue()
        self._player: asyncio.Task[None] | None = None
        self._segment_open = False
        self._started = False
        self._position = 0.0
        self._run_from = 0.0  # where the stretch now playing began in the segment
        self._cuts = 0  # clear_buffer calls, to drop a frame held over a pause that was a cut
        self.speaking = False
        self.last_activity = time.monotonic()
        self.segments_started = 0

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        self._segment_open = True
        if self._player is None:
            self._player = asyncio.create_task(self._play(), name="sim-speaker")
        self._queue.put_nowait(frame)

    def flush(self) -> None:
        super().flush()
        if self._segment_open:
            self._queue.put_nowait(None)

    def clear_buffer(self) -> None:
        self._cuts += 1
        while not self._queue.empty():
            self._queue.get_nowait()
        if self._segment_open:
            self._finish(interrupted=True)

    def pause(self) -> None:
        """The session pauses on a possible interruption and resumes if it was not one."""
        self._playing.clear()

    def resume(self) -> None:
        self._playing.set()

    async def _play(self) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            frame = await self._queue.get()
            if not self._playing.is_set():
                cuts = self._cuts
                self._report_run()
                await self._playing.wait()
                due = loop.time()
                if cuts != self._cuts:
                    continue  # its segment was cut while paused: RoomIO's output drops it too
            if frame is None:
                if self._segment_open:
                    self._finish(interrupted=False)
                continue
            if not self._started:
                self._started = True
                self.speaking = True
                self.segments_started += 1
                self.on_playback_started(created_at=time.time())
                due = max(due, loop.time())
            duration = frame.samples_per_channel / frame.sample_rate
            due += duration / self._speed
            await asyncio.sleep(max(0.0, due - loop.time()))
            if self._segment_open:
                self._position += duration
            self.last_activity = time.monotonic()

    def _report_run(self) -> None:
        played = self._position - self._run_from
        if played > 0:
            self.on_playback_progressed(
                started_at=time.time() - played / self._speed,
                offset=self._run_from,
                duration=played,
            )
        self._run_from = self._position

    def _finish(self, *, interrupted: bool) -> None:
        self._report_run()
        position = self._position
        self._segment_open = self._started = self.speaking = False
        self._position = self._run_from = 0.0
        self.last_activity = time.monotonic()
        self.on_playback_finished(playback_position=position, interrupted=interrupted)

    async def aclose(self) -> None:
        if self._player is not None:
            self._player.cancel()
            await asyncio.gather(self._player, return_exceptions=True)
