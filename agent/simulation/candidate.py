"""A simulated candidate who follows a script, and the link that puts them "in the room".

The candidate listens to the interviewer's audio through ``SimSpeaker`` and takes
its turn once the interviewer has finished and stayed quiet briefly, as a person
would; it answers through ``SimMicrophone`` in its own synthetic voice (espeak-ng,
distinct from the interviewer's Piper voice). ``SimLink`` is the orchestrator's
``CandidateLink`` for the simulation: presence (join, leave, return) and wiring the
session's audio I/O before the session starts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Unpack

import numpy as np
import structlog
from livekit import rtc
from livekit.agents import Agent, AgentSession
from livekit.agents.voice.transcription.synchronizer import TranscriptSynchronizer

from agent.orchestrator import AudioTaps
from agent.simulation.audio import SimMicrophone, SimSpeaker
from agent.simulation.integrity import Spoken
from agent.simulation.script import CandidateScript, Step

log = structlog.get_logger(__name__)

Voice = Callable[[str], np.ndarray]  # text -> int16 mono samples at the microphone's rate


def espeak_voice(language: str, sample_rate: int) -> Voice:
    """The candidate's voice: espeak-ng, resampled to the microphone's rate."""
    from agent.voice import espeak  # optional extra; imported only when simulating

    voice_name = espeak.candidate_voice(language)

    def _speak(text: str) -> np.ndarray:
        samples, rate = espeak.synthesize(text, voice=voice_name)
        if rate == sample_rate or not len(samples):
            return samples
        resampler = rtc.AudioResampler(rate, sample_rate, num_channels=1)
        frame = rtc.AudioFrame(samples.tobytes(), rate, 1, len(samples))
        frames = resampler.push(frame) + resampler.flush()
        return np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])

    return _speak


class SimLink:
    """``CandidateLink`` for the simulation."""

    def __init__(self, *, mic: SimMicrophone, speaker: SimSpeaker, script: CandidateScript) -> None:
        self.mic = mic
        self.speaker = speaker
        self._script = script
        self._callbacks: list[Callable[[bool], None]] = []
        self.joined = asyncio.Event()

    async def wait_for_candidate(self, within: float) -> bool:
        if self._script.no_show:
            await asyncio.sleep(within)
            return False
        await asyncio.sleep(min(self._script.join_after, within))
        self.joined.set()
        return True

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        self._callbacks.append(callback)

    def set_present(self, present: bool) -> None:
        self.mic.muted = not present
        for callback in self._callbacks:
            callback(present)

    async def start_session(
        self, session: AgentSession, agent: Agent, **taps: Unpack[AudioTaps]
    ) -> None:
        session.input.audio = taps["wrap_input"](self.mic)
        # The room's chain (agent/room.py): RoomIO puts a transcript synchronizer over its
        # track, so text follows playback and an interrupted interviewer turn is transcribed
        # only as far as the candidate heard it; the recorder's taps wrap the synchronizer.
        sync = TranscriptSynchronizer(next_in_chain_audio=self.speaker, next_in_chain_text=None)
        session.output.audio = taps["wrap_output"](sync.audio_output)
        session.output.transcription = sync.text_output
        await session.start(agent)


class SimulatedCandidate:
    def __init__(
        self,
        script: CandidateScript,
        *,
        link: SimLink,
        voice: Voice,
        speed: float = 1.0,
        think_s: float = 0.6,
        quiet_s: float = 0.9,
    ) -> None:
        self._script = script
        self._link = link
        self._voice = voice
        self._speed = speed
        self._think_s = think_s
        self._quiet_s = quiet_s
        self._heard_segments = 0
        self.spoken: list[Spoken] = []  # what was said when, to check the transcript against

    async def run(self) -> None:
        await self._link.joined.wait()
        for index, step in enumerate(self._script.steps):
            await self._wait_for_turn(step)
            log.debug("candidate_step", index=index, step=step.model_dump(exclude_defaults=True))
            if not await self._do(step):
                return

    async def _do(self, step: Step) -> bool:
        if step.silence is not None:
            await self._sleep(step.silence)
            return True
        if step.leave_for_good:
            self._link.set_present(False)
            return False
        if step.leave is not None:
            self._link.set_present(False)
            await self._sleep(step.leave)
            self._link.set_present(True)
            return True
        text = step.text(self._script.language) or ""
        samples = await asyncio.to_thread(self._voice, text)
        started = time.time()
        await self._link.mic.speak(samples)
        self.spoken.append(Spoken(step=step, text=text, started=started, ended=time.time()))
        return True

    async def _wait_for_turn(self, step: Step) -> None:
        speaker = self._link.speaker
        if step.interrupt_after is not None:
            # cut in: wait for the interviewer's next turn to start, then talk over it
            target = speaker.segments_started + 1 + step.after_turns
            while speaker.segments_started < target:  # noqa: ASYNC110 - polls sim state
                await asyncio.sleep(0.05)
            # the turn cut into is heard: what comes next waits for the reply to the cut-in
            self._heard_segments = target
            await self._sleep(step.interrupt_after)
            return
        # a person answers after the interviewer has spoken and then paused (and lets
        # `after_turns` turns, such as the greeting, go by: they ask nothing)
        while True:
            quiet = time.monotonic() - speaker.last_activity
            spoke = speaker.segments_started > self._heard_segments + step.after_turns
            if spoke and not speaker.speaking and quiet >= self._quiet_s / self._speed:
                break
            await asyncio.sleep(0.05)
        self._heard_segments = speaker.segments_started
        await self._sleep(self._think_s)

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self._speed)
