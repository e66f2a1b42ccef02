"""The orchestrator against the real local platform, with a text-mode candidate link.

The session is a real AgentSession driven by text (no audio), so these tests are
about lifecycle: who is present, what the platform ends up holding, and how the
interview ends. The audio path has its own end-to-end test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from livekit import rtc
from livekit.agents import AgentSession, APIConnectOptions, APIStatusError, tts
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS
from livekit.agents.voice import io

from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import InterviewOrchestrator
from agent.recording import NullRecorder
from config.settings import InterviewSettings
from service.models import TranscriptEntry
from service.outbox import Outbox
from tests.agent.helpers import GOOD_ANSWER, said
from tests.fixtures.platform import ATTEMPTS


class TextLink:
    """A candidate who joins (or not) and answers by text."""

    def __init__(self, *, shows_up: bool = True, room_fails: Exception | None = None) -> None:
        self.shows_up = shows_up
        self.room_fails = room_fails
        self.closed = asyncio.Event()
        self.session: AgentSession | None = None
        self.started = asyncio.Event()
        self._callbacks: list[Callable[[bool], None]] = []

    async def wait_for_candidate(self, within: float) -> bool:
        if self.room_fails is not None:  # as JobContext.wait_for_participant on disconnect
            await asyncio.sleep(0.1)
            raise self.room_fails
        if not self.shows_up:
            await asyncio.sleep(within)
        return self.shows_up

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        self._callbacks.append(callback)

    def set_present(self, present: bool) -> None:
        for callback in self._callbacks:
            callback(present)

    async def start_session(self, session: AgentSession, agent: Any, **_: Any) -> None:
        session.on("close", lambda _ev: self.closed.set())
        await session.start(agent)
        self.session = session
        self.started.set()

    async def answer(self, text: str) -> None:
        await self.started.wait()
        assert self.session is not None
        await self.session.run(user_input=text)


def settings(**overrides: Any) -> InterviewSettings:
    values: dict[str, Any] = {
        "duration_minutes": 5,
        "no_show_timeout": 0.3,
        "reconnect_grace": 0.5,
        "silence_timeout": 30,
    }
    values.update(overrides)
    return InterviewSettings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def make(
    graphql_platform: Any, cv_loader: Any, tmp_path: Any
) -> Callable[..., InterviewOrchestrator]:
    def _make(link: TextLink, app: str = "app-strong-001", **kw: Any) -> InterviewOrchestrator:
        interview = settings(**kw.pop("interview", {}))
        model = kw.pop("llm", None) or PolicyLLM()
        voice = kw.pop("tts", None)
        return InterviewOrchestrator(
            application_id=app,
            room=kw.pop("room", f"interview-{app}-1"),
            platform=kw.pop("platform", graphql_platform),
            cv_loader=cv_loader,
            recorder=NullRecorder(),
            link=link,
            # as build_session does: LiveKit's away timer is the silence timeout
            session_factory=lambda _lang: AgentSession(
                llm=model, tts=voice, user_away_timeout=interview.silence_timeout
            ),
            settings=interview,
            outbox=kw.pop("outbox", Outbox(tmp_path / "outbox")),
            **kw,
        )

    return _make


async def started_record(platform_server: Any, application_id: str) -> dict[str, Any]:
    """The interview record once the orchestrator has created and started it."""
    async with asyncio.timeout(10):
        while True:
            records = platform_server.store.interviews_by_application(application_id)
            if records and records[0]["status"] == "STARTED":
                return records[0]
            await asyncio.sleep(0.02)


async def answer_everything(link: TextLink, orchestrator_task: asyncio.Task[Any]) -> None:
    while not orchestrator_task.done():
        await link.answer(GOOD_ANSWER)
        await asyncio.sleep(0.05)


async def answered_to_the_end(link: TextLink, task: asyncio.Task[Any]) -> Any:
    """The outcome of an interview in which the candidate answers everything from now on."""
    driver = asyncio.create_task(answer_everything(link, task))
    try:
        return await asyncio.wait_for(task, 60)
    finally:
        driver.cancel()


async def interview_to_the_end(orchestrator: InterviewOrchestrator, link: TextLink) -> Any:
    return await answered_to_the_end(link, asyncio.create_task(orchestrator.run()))


async def test_complete_interview_lands_on_the_platform(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    outcome = await interview_to_the_end(make(link), link)
    assert outcome.status == "COMPLETED" and outcome.ended_by == "completed"
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED"
    rows = platform_server.store.transcripts_by_interview(outcome.interview_id)
    assert [r["sequenceNumber"] for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) == len(outcome.transcript) >= 2 * len(outcome.questions_asked)
    assert stored["aiAnalysis"]["schema_version"] == "1.1"
    assert 1 <= stored["rating"] <= 10


async def test_no_show_marks_the_interview(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    outcome = await make(TextLink(shows_up=False)).run()
    assert outcome.status == "NO_SHOW"
    assert platform_server.store.get_interview(outcome.interview_id)["status"] == "NO_SHOW"


async def test_candidate_who_returns_within_grace_finishes(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    task = asyncio.create_task(make(link, interview={"reconnect_grace": 2.0}).run())
    await link.answer(GOOD_ANSWER)
    link.set_present(False)
    await asyncio.sleep(0.3)
    link.set_present(True)
    outcome = await answered_to_the_end(link, task)
    assert outcome.ended_by == "completed"
    assert len(outcome.questions_asked) >= 2


async def test_candidate_gone_for_good_ends_after_grace(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    task = asyncio.create_task(make(link, interview={"reconnect_grace": 0.3}).run())
    await link.answer(GOOD_ANSWER)
    link.set_present(False)
    outcome = await asyncio.wait_for(task, 30)
    assert outcome.status == "COMPLETED" and outcome.ended_by == "candidate_left"
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED"
    assert "candidate_left" in str(stored["aiAnalysis"])


async def test_unknown_application_fails_clearly(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    outcome = await make(TextLink(), app="app-missing-999").run()
    assert outcome.status == "FAILED"
    assert "app-missing-999" in outcome.reason
    assert platform_server.store.interviews_by_application("app-missing-999") == []


async def test_platform_down_at_setup_fails_clearly(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    # down for longer than the no-show timeout, however many tries fit in it
    platform_server.inject(fail_next=100_000)
    outcome = await make(TextLink()).run()
    assert outcome.status == "FAILED"
    assert "could not read the application" in outcome.reason
    assert "500" in outcome.reason or "server" in outcome.reason.lower()


async def test_a_platform_blip_longer_than_one_calls_retries_does_not_fail_the_setup(
    make, platform_server
) -> None:  # type: ignore[no-untyped-def]
    # Each call gives up after ATTEMPTS; the candidate may still be on their way, so the
    # setup reads and writes are tried again until the no-show timeout.
    link = TextLink()
    platform_server.inject(fail_next=2 * ATTEMPTS + 1, only="application")
    outcome = await interview_to_the_end(make(link, interview={"no_show_timeout": 30}), link)
    assert outcome.status == "COMPLETED", outcome.reason
    assert platform_server.stats()["faults_applied"]["fail"] == 2 * ATTEMPTS + 1


async def test_results_the_platform_refuses_wait_in_the_outbox(
    make, platform_server, graphql_platform, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    task = asyncio.create_task(make(link).run())
    await link.answer(GOOD_ANSWER)
    await link.answer(GOOD_ANSWER)
    # the record is created behind the greeting: wait for it, then the platform goes down
    await started_record(platform_server, "app-strong-001")
    platform_server.inject(fail_next=1000)  # before the results
    outcome = await answered_to_the_end(link, task)
    assert "complete_interview" in outcome.pending_delivery
    assert platform_server.store.get_interview(outcome.interview_id)["status"] != "COMPLETED"

    platform_server.reset()  # back up: replay delivers everything, once
    report = await Outbox(tmp_path / "outbox").deliver(graphql_platform)
    assert report.left == 0 and report.sent >= 2
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED" and stored["aiAnalysis"] is not None
    rows = platform_server.store.transcripts_by_interview(outcome.interview_id)
    assert len(rows) == len(outcome.transcript)


async def test_silent_candidate_is_prompted_then_closed_politely(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    spoken: list[str] = []
    task = asyncio.create_task(make(link, interview={"silence_timeout": 0.5}).run())
    await link.started.wait()
    assert link.session is not None
    link.session.on(
        "conversation_item_added",
        lambda ev: (
            spoken.append(ev.item.text_content or "") if ev.item.role == "assistant" else None
        ),
    )
    outcome = await asyncio.wait_for(task, 30)
    assert any("still there" in text for text in spoken)
    assert any("lost you" in text for text in spoken)
    assert outcome.ended_by == "silence" and outcome.status == "COMPLETED"


def interviewer_lines(link: TextLink) -> list[str]:
    assert link.session is not None
    spoken: list[str] = []
    link.session.on(
        "conversation_item_added",
        lambda ev: (
            spoken.append(ev.item.text_content or "") if ev.item.role == "assistant" else None
        ),
    )
    return spoken


def slow_model(seconds: float) -> Callable[[str], Any]:
    """A refine model that takes its time and then answers nothing usable, as models do."""

    async def _answer(_prompt: str) -> str:
        await asyncio.sleep(seconds)
        return "Sure! Here is the refined plan."

    return _answer


async def wait_for_line(spoken: list[str], key: str, count: int = 1) -> None:
    while len(said(spoken, key)) < count:  # noqa: ASYNC110 - the session's own event fills it
        await asyncio.sleep(0.02)


async def test_silence_while_the_plan_is_built_is_prompted_once_it_is(
    make, platform_server
) -> None:  # type: ignore[no-untyped-def]
    # LiveKit says "away" once, while the plan is still being built; the candidate then
    # hears the first question and says nothing: they must still be prompted, then closed.
    link = TextLink()
    task = asyncio.create_task(
        make(link, interview={"silence_timeout": 0.5}, refine=slow_model(2.0)).run()
    )
    await link.started.wait()
    spoken = interviewer_lines(link)
    outcome = await asyncio.wait_for(task, 30)
    assert outcome.ended_by == "silence" and len(outcome.questions_asked) == 1
    (prompt,) = said(spoken, "still_there")  # it repeats the open question
    assert said(spoken, "closing_silence")[0] > prompt


async def test_silence_while_the_candidate_is_gone_is_not_theirs(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    # "away" fires while the candidate is disconnected: inside the reconnect grace the
    # presence decides, so the interview goes on when they come back.
    link = TextLink()
    # a silence timeout long enough that a loaded machine still answers within it
    interview = {"silence_timeout": 1.0, "reconnect_grace": 8.0}
    task = asyncio.create_task(make(link, interview=interview).run())
    await link.answer(GOOD_ANSWER)
    link.set_present(False)
    await asyncio.sleep(3.5)  # several silence timeouts
    assert not task.done()
    link.set_present(True)
    outcome = await answered_to_the_end(link, task)
    assert outcome.ended_by == "completed"
    assert len(outcome.questions_asked) >= 2


async def test_prompted_candidate_who_drops_out_gets_the_grace_then_the_silence_rules(
    make, platform_server
) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    interview = {"silence_timeout": 0.5, "reconnect_grace": 5.0}
    task = asyncio.create_task(make(link, interview=interview).run())
    await link.started.wait()
    spoken = interviewer_lines(link)
    await link.answer(GOOD_ANSWER)
    await asyncio.wait_for(wait_for_line(spoken, "still_there"), 10)
    link.set_present(False)  # right after the prompt: its close must not run while gone
    await asyncio.sleep(1.5)
    assert not task.done()
    link.set_present(True)  # back, and silent again: welcomed, prompted again, then closed
    outcome = await asyncio.wait_for(task, 30)
    assert outcome.ended_by == "silence"
    first_prompt, second_prompt = said(spoken, "still_there")
    assert first_prompt < said(spoken, "welcome_back")[0] < second_prompt
    assert said(spoken, "closing_silence")[0] > second_prompt


def on_wrap_up(link: TextLink, action: Callable[[], None]) -> None:
    """Run ``action`` when the session closes: the wrap-up starts right after."""

    async def _wait() -> None:
        await link.closed.wait()
        action()

    asyncio.get_running_loop().create_task(_wait())


async def test_cancelled_mid_wrap_up_every_result_is_delivered_or_parked(
    make, platform_server, graphql_platform, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """LiveKit cancels the entrypoint 15 s after a shutdown trigger, whatever it is doing."""
    rows: list[TranscriptEntry] = []
    link = TextLink()
    task = asyncio.create_task(make(link, on_transcript=rows.append).run())
    driver = asyncio.create_task(answer_everything(link, task))
    await asyncio.wait_for(link.closed.wait(), 60)
    platform_server.inject(latency=3.0)  # the platform hangs through the wrap-up
    await asyncio.sleep(1.0)
    assert not task.done()
    task.cancel()  # as livekit.agents' aio.cancel_and_wait(job_entry_task)
    await asyncio.gather(task, return_exceptions=True)
    driver.cancel()

    interview_id = platform_server.store.interviews_by_application("app-strong-001")[0]["id"]
    outbox = Outbox(tmp_path / "outbox")
    parked = [p.operation for p in outbox.pending(interview_id)]
    assert parked[-2:] == ["update_interview", "complete_interview"]
    platform_server.reset()
    assert (await outbox.deliver(graphql_platform)).left == 0
    stored = platform_server.store.get_interview(interview_id)
    assert stored["status"] == "COMPLETED" and stored["rating"] is not None
    stored_rows = platform_server.store.transcripts_by_interview(interview_id)
    assert [r["content"] for r in stored_rows] == [e.content for e in rows]


async def test_a_redispatched_interview_continues_its_transcript(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    """LiveKit re-dispatches (same application, same room) after a worker crash."""
    link = TextLink()
    first = await interview_to_the_end(make(link), link)
    link = TextLink()
    second = await interview_to_the_end(make(link), link)
    assert second.interview_id == first.interview_id  # createInterview is keyed by the room
    rows = platform_server.store.transcripts_by_interview(second.interview_id)
    assert len(rows) == len(first.transcript) + len(second.transcript)
    assert [r["content"] for r in rows[len(first.transcript) :]] == [
        e.content for e in second.transcript
    ]
    assert [r["sequenceNumber"] for r in rows] == list(range(1, len(rows) + 1))


async def test_an_unwritable_outbox_still_delivers_the_results(
    make, platform_server, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "not-a-dir").write_text("")
    link = TextLink()
    orchestrator = make(link, outbox=Outbox(tmp_path / "not-a-dir" / "outbox"))
    # the platform stumbles at the wrap-up: three calls' worth of 503s
    on_wrap_up(link, lambda: platform_server.inject(fail_next=9, fail_status=503))
    outcome = await interview_to_the_end(orchestrator, link)
    assert outcome.status == "COMPLETED", outcome.problems
    assert any("outbox could not be written" in p for p in outcome.problems)
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED" and stored["rating"] is not None
    assert len(platform_server.store.transcripts_by_interview(outcome.interview_id)) == len(
        outcome.transcript
    )


async def test_completion_never_overtakes_a_refused_transcript_batch(
    make, platform_server, graphql_platform, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    platform_server.inject(refuse_next=1000, only="createBulkTranscripts")
    link = TextLink()
    outcome = await interview_to_the_end(make(link), link)
    assert outcome.status == "PENDING" and outcome.final_status == "COMPLETED"
    assert outcome.pending_delivery[-2:] == ["update_interview", "complete_interview"]
    assert platform_server.store.get_interview(outcome.interview_id)["status"] == "STARTED"

    platform_server.reset()
    assert (await Outbox(tmp_path / "outbox").deliver(graphql_platform)).left == 0
    assert platform_server.store.get_interview(outcome.interview_id)["status"] == "COMPLETED"
    rows = platform_server.store.transcripts_by_interview(outcome.interview_id)
    assert len(rows) == len(outcome.transcript)


async def test_status_is_what_the_platform_acknowledged(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    platform_server.inject(refuse_next=1000, only="completeInterview")
    link = TextLink()
    outcome = await interview_to_the_end(make(link), link)
    assert outcome.status == "PENDING" and outcome.final_status == "COMPLETED"
    assert outcome.pending_delivery == ["complete_interview"]
    assert platform_server.store.get_interview(outcome.interview_id)["status"] == "STARTED"


class RevokedKeyTTS(tts.TTS):
    """A speech provider whose key was revoked: every synthesis fails for good (401)."""

    def __init__(self) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False), sample_rate=24_000, num_channels=1
        )

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _RevokedSpeech(tts=self, input_text=text, conn_options=conn_options)


class _RevokedSpeech(tts.ChunkedStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        raise APIStatusError("Incorrect API key provided", status_code=401)


class Mute(io.AudioOutput):
    """An audio output that plays nothing (the TTS never gets that far)."""

    def __init__(self) -> None:
        super().__init__(label="Mute", capabilities=io.AudioOutputCapabilities(pause=False))

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)

    def flush(self) -> None:
        super().flush()

    def clear_buffer(self) -> None:
        pass


class VoiceLink(TextLink):
    async def start_session(self, session: AgentSession, agent: Any, **kw: Any) -> None:
        session.output.audio = Mute()
        await super().start_session(session, agent, **kw)


async def test_a_session_closed_by_a_speech_failure_is_cancelled_with_the_reason(
    make, platform_server
) -> None:  # type: ignore[no-untyped-def]
    # A model failure alone does not end the interview (the interviewer falls back to its
    # offline policy, see test_interviewer_llm); a voice that cannot speak does: LiveKit
    # closes the session after its unrecoverable TTS errors.
    link = VoiceLink()
    outcome = await interview_to_the_end(make(link, tts=RevokedKeyTTS()), link)
    assert outcome.status == "CANCELLED" and outcome.ended_by == "error"
    assert "Incorrect API key" in outcome.reason
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "CANCELLED" and "Incorrect API key" in (stored["notes"] or "")


async def test_a_room_that_disconnects_before_the_candidate_is_recorded(
    make, platform_server
) -> None:  # type: ignore[no-untyped-def]
    link = TextLink(room_fails=RuntimeError("room disconnected while waiting for participant"))
    outcome = await asyncio.wait_for(make(link).run(), 30)
    assert outcome.status == "CANCELLED" and "room disconnected" in outcome.reason
    assert platform_server.store.get_interview(outcome.interview_id)["status"] == "CANCELLED"
    leftovers = [
        t
        for t in asyncio.all_tasks()
        if getattr(t.get_coro(), "__qualname__", "").startswith("InterviewOrchestrator.")
    ]
    await asyncio.sleep(0)
    assert all(t.done() for t in leftovers)  # the create and plan tasks do not live on
