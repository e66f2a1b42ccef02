"""``RoomLink`` against a room without a server (tests/agent/fake_room.py), with real
``RoomIO``, a real ``AgentSession`` and real audio tracks: the wiring production uses,
which no test could reach before because no LiveKit server can be had here."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import Agent, AgentSession
from livekit.agents.voice import io

from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import InterviewOrchestrator
from agent.recording import NullRecorder, RecordingStatus, S3Recorder
from agent.room import RoomLink
from agent.simulation.audio import SimMicrophone, SimSpeaker
from agent.simulation.candidate import SimLink
from agent.simulation.script import CandidateScript
from config.settings import InterviewSettings
from scripts.bench_stubs import SineTTS
from service.cv import CVLoader
from service.outbox import Outbox
from tests.agent.fake_room import FakeRoom, Microphone
from tests.agent.helpers import said
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import FAST_RETRY, decode, dominant_hz

CANDIDATE = "candidate-sara"
OUT_RATE = 24_000  # RoomIO's default output rate


def link_to(room: FakeRoom) -> RoomLink:
    return RoomLink(room=cast(rtc.Room, room))  # the part of rtc.Room that RoomIO uses


def chain(output: io.AudioOutput | None) -> list[str]:
    labels = []
    while output is not None:
        labels.append(output.label)
        output = output.next_in_chain
    return labels


async def joined(room: FakeRoom, link: RoomLink) -> Microphone:
    waiting = asyncio.create_task(link.wait_for_candidate(5))
    mic = Microphone()
    room.publish_microphone(room.connect(CANDIDATE), mic)
    assert await waiting
    return mic


async def test_candidate_is_back_once_we_can_hear_them() -> None:
    room = FakeRoom()
    link = link_to(room)
    presence: list[bool] = []
    link.on_presence(presence.append)
    mics = [await joined(room, link), Microphone(), Microphone(), Microphone()]

    room.publish_microphone(room.connect("someone-else"), mics[1])
    room.disconnect("someone-else")
    assert presence == []

    room.disconnect(CANDIDATE)
    assert presence == [False]
    back = room.connect(CANDIDATE)
    # connected but not yet publishing: a "welcome back" now would be lost
    assert presence == [False]
    room.publish_microphone(back, mics[2])
    assert presence == [False, True]
    room.publish_microphone(back, mics[3])  # a new microphone is no second return
    assert presence == [False, True]
    await link.aclose()
    for mic in mics:
        await mic.aclose()


async def test_no_candidate_within_the_timeout() -> None:
    room = FakeRoom()
    room.connect("egress-bot", kind=rtc.ParticipantKind.PARTICIPANT_KIND_EGRESS)
    assert not await link_to(room).wait_for_candidate(0.2)


async def test_simulation_wires_the_session_like_the_room(tmp_path: Path) -> None:
    """Recorder taps above RoomIO's transcript synchronizer, in both: tests exercise the
    order production uses."""
    room = FakeRoom()
    link = link_to(room)
    mic = await joined(room, link)
    recorder = S3Recorder(s3_client=None, bucket="unused", spool_dir=str(tmp_path))
    speaker = SimSpeaker()
    sim = SimLink(
        mic=SimMicrophone(), speaker=speaker, script=CandidateScript(steps=[], join_after=0)
    )
    room_session: AgentSession = AgentSession()
    sim_session: AgentSession = AgentSession()
    for side, session in ((link, room_session), (sim, sim_session)):
        await side.start_session(
            session,
            Agent(instructions="test"),
            wrap_input=recorder.wrap_input,
            wrap_output=recorder.wrap_output,
        )
    try:
        taps = ["RecordingAudioOutput", "TranscriptSynchronizer", "AudioSinkProxy"]
        assert chain(room_session.output.audio) == [*taps, "RoomIO"]
        assert chain(sim_session.output.audio) == [*taps, speaker.label]
        room_text, sim_text = room_session.output.transcription, sim_session.output.transcription
        assert room_text is not None and sim_text is not None
        assert room_text.label == sim_text.label == "TranscriptSynchronizer"
        assert room_text.next_in_chain is not None and room_text.next_in_chain.label == "RoomIO"
        for session in (room_session, sim_session):
            assert session.input.audio is not None and session.input.audio.source is not None
            assert session.input.audio.label == "RecordingAudioInput"
        assert room_session.input.audio.source.label == "RoomIO"  # type: ignore[union-attr]
    finally:
        await room_session.aclose()
        await sim_session.aclose()
        await link.aclose()
        await speaker.aclose()
        await mic.aclose()


async def _tone_frames(seconds: float, freq: float) -> AsyncIterator[rtc.AudioFrame]:
    n = OUT_RATE // 50
    for i in range(round(seconds * 50)):
        t = (np.arange(n) + i * n) / OUT_RATE
        pcm = (0.5 * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)
        yield rtc.AudioFrame(pcm.tobytes(), OUT_RATE, 1, n)


class Listener:
    """The candidate's ear: the agent's published track, read as a client would."""

    def __init__(self, track: rtc.Track) -> None:
        self.pcm: list[np.ndarray] = []
        self._stream = rtc.AudioStream.from_track(track=track, sample_rate=OUT_RATE, num_channels=1)
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for event in self._stream:
            self.pcm.append(np.frombuffer(event.frame.data, dtype=np.int16).copy())

    def loud_seconds(self) -> float:
        audio = np.concatenate(self.pcm) if self.pcm else np.zeros(0, np.int16)
        blocks = audio[: len(audio) // 240 * 240].reshape(-1, 240).astype(np.float32) / 32767
        return float(np.sum(np.sqrt(np.mean(blocks**2, axis=1)) > 0.05)) / 100

    async def aclose(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self._stream.aclose()


@pytest.mark.slow
async def test_room_session_speaks_hears_and_relinks_a_returning_candidate(
    s3: S3Env, tmp_path: Path
) -> None:
    room = FakeRoom()
    link = link_to(room)
    presence: list[bool] = []
    link.on_presence(presence.append)
    mic = await joined(room, link)
    recorder = S3Recorder(
        s3_client=s3.client, bucket=s3.bucket, spool_dir=str(tmp_path), retry=FAST_RETRY
    )
    t0 = time.time()  # the recording's zero
    await recorder.start(application_id="app-test-1", interview_id="room")
    session: AgentSession = AgentSession()
    await link.start_session(
        session,
        Agent(instructions="test"),
        wrap_input=recorder.wrap_input,
        wrap_output=recorder.wrap_output,
    )
    listener: Listener | None = None
    mics = [mic]
    try:
        while not room.local_participant.track_publications:  # noqa: ASYNC110 - RoomIO publishes in a task
            await asyncio.sleep(0.01)
        (published,) = room.local_participant.track_publications.values()
        listener = Listener(published.track)
        room.subscribe_to_agent()

        spoke_at = time.time() - t0
        await mic.tone(1.0, 440.0)  # the candidate talks
        said = session.say("Tell me about your last project.", audio=_tone_frames(1.0, 880.0))
        await asyncio.wait_for(said.wait_for_playout(), 10)
        heard_at = time.time() - t0

        room.disconnect(CANDIDATE)
        await asyncio.sleep(0.3)
        back = room.connect(CANDIDATE)
        mics.append(Microphone())
        room.publish_microphone(back, mics[-1])
        assert presence == [False, True]
        returned_at = time.time() - t0
        await mics[-1].tone(1.5, 660.0)  # heard again, through the new track
        await asyncio.sleep(0.3)
    finally:
        result = await recorder.stop()
        await session.aclose()
        await link.aclose()
        if listener is not None:
            await listener.aclose()
        for m in mics:
            await m.aclose()

    # the agent's audio reached the room's track, and its words the transcription stream
    assert listener.loud_seconds() == pytest.approx(1.0, abs=0.15)
    assert "".join(room.local_participant.transcription) == "Tell me about your last project."
    # the recording holds both sides: the returning candidate's new track was re-linked
    assert result.status is RecordingStatus.UPLOADED
    audio, rate = decode(s3.client.get_object(Bucket=s3.bucket, Key=result.key)["Body"].read())
    first = audio[0, int((spoke_at + 0.2) * rate) : int((spoke_at + 0.8) * rate)]
    agent = audio[1, int((heard_at - 0.8) * rate) : int((heard_at - 0.2) * rate)]
    again = audio[0, int((returned_at + 0.3) * rate) : int((returned_at + 1.2) * rate)]
    assert dominant_hz(first, rate) == pytest.approx(440, abs=15)
    assert dominant_hz(agent, rate) == pytest.approx(880, abs=15)
    assert dominant_hz(again, rate) == pytest.approx(660, abs=15)


@pytest.mark.slow
async def test_interview_in_the_room_waits_out_a_dropout_and_welcomes_back_once_heard(
    graphql_platform: Any, cv_loader: CVLoader, tmp_path: Path
) -> None:
    """The orchestrator over RoomLink, RoomIO and a real session (stub TTS, silent
    candidate): silence while the candidate is gone is not theirs, and "welcome back"
    waits until their microphone is subscribed again."""
    room = FakeRoom()
    link = link_to(room)
    spoken: list[tuple[float, str]] = []
    interview = InterviewSettings(  # type: ignore[call-arg]
        _env_file=None,
        duration_minutes=5,
        no_show_timeout=5,
        silence_timeout=0.5,
        reconnect_grace=6,
    )
    orchestrator = InterviewOrchestrator(
        application_id="app-strong-001",
        room=room.name,
        platform=graphql_platform,
        cv_loader=cv_loader,
        recorder=NullRecorder(),
        link=link,
        session_factory=lambda _lang: AgentSession(
            llm=PolicyLLM(),
            tts=SineTTS(ttfa=0.05, ms_per_char=10, max_seconds=1.0),
            user_away_timeout=interview.silence_timeout,
        ),
        settings=interview,
        outbox=Outbox(tmp_path / "outbox"),
        on_transcript=lambda e: (
            spoken.append((time.monotonic(), e.content)) if e.speaker == "interviewer" else None
        ),
    )

    def lines() -> list[str]:
        return [text for _, text in spoken]

    task = asyncio.create_task(orchestrator.run())
    mics = [Microphone()]
    try:
        room.publish_microphone(room.connect(CANDIDATE), mics[0])
        while not room.local_participant.track_publications:  # noqa: ASYNC110 - RoomIO publishes in a task
            await asyncio.sleep(0.02)
        room.subscribe_to_agent()
        while len(spoken) < 2:  # noqa: ASYNC110 - greeting, first question: fed by the orchestrator
            await asyncio.sleep(0.02)

        room.disconnect(CANDIDATE)  # gone before any silence prompt
        await asyncio.sleep(1.5)  # several silence timeouts
        back = room.connect(CANDIDATE)
        await asyncio.sleep(2.0)  # connected, not yet publishing
        assert not task.done() and not said(lines(), "still_there")
        assert not said(lines(), "welcome_back")
        mics.append(Microphone())
        heard_at = time.monotonic()
        room.publish_microphone(back, mics[-1])
        outcome = await asyncio.wait_for(task, 30)  # silent again: prompted, then closed
    finally:
        if not task.done():
            task.cancel()
        await link.aclose()
        for mic in mics:
            await mic.aclose()

    assert outcome.status == "COMPLETED" and outcome.ended_by == "silence"
    texts = lines()
    (welcome,) = said(texts, "welcome_back")
    assert spoken[welcome][0] > heard_at
    (prompt,) = said(texts, "still_there")
    assert welcome < prompt < said(texts, "closing_silence")[0]
    # what the room's transcription stream carried is what the platform stored
    assert "".join(room.local_participant.transcription).endswith(texts[-1])
