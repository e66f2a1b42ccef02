"""The simulation behaves like a room and a person: its speaker reports playback as
RoomIO's room output does (so the session and the recorder above it take the paths they
take in a room), and its candidate waits for the interviewer's reply after cutting in."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest
from livekit import rtc

from agent.simulation.audio import SimMicrophone, SimSpeaker
from agent.simulation.candidate import SimLink, SimulatedCandidate
from agent.simulation.script import CandidateScript

RATE = 24_000
SPEED = 4.0  # a second of audio plays in a quarter of one


def frames(seconds: float) -> list[rtc.AudioFrame]:
    n = RATE // 50
    pcm = np.full(n, 1000, dtype=np.int16).tobytes()
    return [rtc.AudioFrame(pcm, RATE, 1, n) for _ in range(round(seconds * 50))]


class Events:
    def __init__(self, speaker: SimSpeaker) -> None:
        self.log: list[tuple[str, Any]] = []
        speaker.on("playback_started", lambda _ev: self.log.append(("started", None)))
        speaker.on(
            "playback_progressed", lambda ev: self.log.append(("run", (ev.offset, ev.duration)))
        )
        speaker.on(
            "playback_finished",
            lambda ev: self.log.append(("finished", (ev.playback_position, ev.interrupted))),
        )

    def runs(self) -> list[tuple[float, float]]:
        return [value for kind, value in self.log if kind == "run"]

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.log]


async def play(speaker: SimSpeaker, seconds: float) -> None:
    for frame in frames(seconds):
        await speaker.capture_frame(frame)
    speaker.flush()


async def until_played(speaker: SimSpeaker, events: Events, seconds: float) -> None:
    while speaker.speaking is False or not events.log:  # noqa: ASYNC110 - speaker state
        await asyncio.sleep(0.005)
    await asyncio.sleep(seconds / SPEED)


async def test_a_segment_that_plays_through_is_one_run() -> None:
    speaker = SimSpeaker(speed=SPEED)
    events = Events(speaker)
    await play(speaker, 1.0)
    finished = await asyncio.wait_for(speaker.wait_for_playout(), 5)
    assert events.kinds() == ["started", "run", "finished"]
    assert events.runs() == [(0.0, pytest.approx(1.0))]
    assert finished.playback_position == pytest.approx(1.0) and not finished.interrupted
    await speaker.aclose()


async def test_a_pause_that_was_no_interruption_splits_the_segment_into_runs() -> None:
    speaker = SimSpeaker(speed=SPEED)
    events = Events(speaker)
    await play(speaker, 1.0)
    await until_played(speaker, events, 0.3)
    speaker.pause()  # the session suspects an interruption...
    await asyncio.sleep(0.2)
    assert len(events.runs()) == 1  # the player stopped: what played so far is reported
    speaker.resume()  # ...and it was not one
    finished = await asyncio.wait_for(speaker.wait_for_playout(), 5)
    (first_offset, first), (second_offset, second) = events.runs()
    assert first_offset == 0.0 and second_offset == pytest.approx(first)
    assert first + second == pytest.approx(1.0)
    assert finished.playback_position == pytest.approx(1.0) and not finished.interrupted
    await speaker.aclose()


async def test_a_cut_while_paused_ends_the_segment_where_it_stopped() -> None:
    speaker = SimSpeaker(speed=SPEED)
    events = Events(speaker)
    await play(speaker, 1.0)
    await until_played(speaker, events, 0.3)
    speaker.pause()
    await asyncio.sleep(0.1)
    speaker.clear_buffer()  # it was an interruption
    speaker.resume()
    await asyncio.sleep(0.1)
    ((offset, played),) = events.runs()
    assert offset == 0.0 and 0.0 < played < 1.0
    assert events.log[-1] == ("finished", (played, True))
    # the frame the player held over the pause belonged to the cut segment: never played
    assert events.kinds().count("started") == 1 and not speaker.speaking
    await play(speaker, 0.2)  # the next segment plays on its own
    await asyncio.wait_for(speaker.wait_for_playout(), 5)
    assert events.runs()[-1] == (0.0, pytest.approx(0.2))
    await speaker.aclose()


async def test_a_candidate_who_cut_in_waits_for_the_reply_before_going_on() -> None:
    mic, speaker = SimMicrophone(speed=SPEED), SimSpeaker(speed=SPEED)
    script = CandidateScript.model_validate(
        {"join_after": 0, "steps": [{"say": "cut", "interrupt_after": 0.5}, {"say": "then"}]}
    )
    link = SimLink(mic=mic, speaker=speaker, script=script)
    said: list[str] = []

    def voice(text: str) -> np.ndarray:
        said.append(text)
        return np.full(mic.sample_rate // 10, 1000, dtype=np.int16)

    async def session_ear() -> None:  # the session reads the microphone in real time
        async for _frame in mic:
            pass

    ear = asyncio.create_task(session_ear())
    await link.wait_for_candidate(1)
    candidate = asyncio.create_task(
        SimulatedCandidate(script, link=link, voice=voice, speed=SPEED).run()
    )
    await play(speaker, 2.0)  # a question, which the candidate cuts into
    while said != ["cut"]:  # noqa: ASYNC110 - the candidate's own pace
        await asyncio.sleep(0.01)
    speaker.pause()  # the session stops for the interruption and cuts the question
    speaker.clear_buffer()
    speaker.resume()
    await asyncio.sleep(3.0 / SPEED)  # well past a pause that would end a turn
    assert said == ["cut"], "the candidate went on before the interviewer replied"
    await play(speaker, 0.5)  # the reply
    await asyncio.wait_for(candidate, 10)
    assert said == ["cut", "then"]
    mic.close()
    await asyncio.gather(ear, return_exceptions=True)
    await speaker.aclose()
