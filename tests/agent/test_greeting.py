"""Greeting at once: it needs only the application, so nothing else on the platform
(creating and starting the interview record) stands between the candidate and it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from livekit.agents import AgentSession, tts
from livekit.agents.types import NOT_GIVEN, NotGivenOr

from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import InterviewOrchestrator
from agent.recording import NullRecorder
from agent.simulation.audio import SimSpeaker
from scripts.bench_stubs import SineTTS
from service.interviews import InterviewPlatform
from service.models import Interview
from service.outbox import Outbox
from tests.agent.helpers import said
from tests.agent.test_orchestrator import TextLink, answered_to_the_end, settings


class SlowCreate:
    """The real platform, except that createInterview hangs until ``release`` is set
    (a platform under load); everything else goes straight through."""

    def __init__(self, inner: InterviewPlatform) -> None:
        self._inner = inner
        self.release = asyncio.Event()
        self.asked = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def create_interview(self, *args: Any, **kwargs: Any) -> Interview:
        self.asked.set()
        await self.release.wait()
        interview: Interview = await self._inner.create_interview(*args, **kwargs)
        return interview


class HearingLink(TextLink):
    """A text candidate who notes what the interviewer says, as it is said."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: list[str] = []
        self.greeted = asyncio.Event()

    async def start_session(self, session: AgentSession, agent: Any, **kw: Any) -> None:
        session.on("conversation_item_added", self._on_item)
        await super().start_session(session, agent, **kw)

    def _on_item(self, ev: Any) -> None:
        if ev.item.role == "assistant":
            self.heard.append(ev.item.text_content or "")
            self.greeted.set()


@pytest.fixture
def make(
    graphql_platform: Any, cv_loader: Any, tmp_path: Any
) -> Callable[..., InterviewOrchestrator]:
    def _make(
        link: TextLink, *, platform: Any = graphql_platform, voice: NotGivenOr[tts.TTS] = NOT_GIVEN
    ) -> InterviewOrchestrator:
        interview = settings()
        return InterviewOrchestrator(
            application_id="app-strong-001",
            room="interview-app-strong-001-1",
            platform=platform,
            cv_loader=cv_loader,
            recorder=NullRecorder(),
            link=link,
            session_factory=lambda _lang: AgentSession(
                llm=PolicyLLM(), tts=voice, user_away_timeout=interview.silence_timeout
            ),
            settings=interview,
            outbox=Outbox(tmp_path / "outbox"),
        )

    return _make


@dataclass
class Greeted:
    platform: SlowCreate
    link: HearingLink
    task: asyncio.Task[Any]


@pytest.fixture
async def greeted(
    make: Callable[..., InterviewOrchestrator], graphql_platform: Any
) -> AsyncIterator[Greeted]:
    """An interview that has greeted the candidate while createInterview still hangs."""
    platform = SlowCreate(graphql_platform)
    link = HearingLink()
    task = asyncio.create_task(make(link, platform=platform).run())
    await asyncio.wait_for(link.greeted.wait(), 30)
    yield Greeted(platform, link, task)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_the_greeting_is_said_before_the_platform_has_created_the_record(
    greeted: Greeted, platform_server: Any
) -> None:
    platform, link, task = greeted.platform, greeted.link, greeted.task
    assert platform.asked.is_set() and not platform.release.is_set()
    assert said(link.heard, "greeting") == [0]

    platform.release.set()  # the record arrives while the interview goes on
    outcome = await answered_to_the_end(link, task)
    assert outcome.status == "COMPLETED"
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED"
    rows = platform_server.store.transcripts_by_interview(outcome.interview_id)
    assert rows[0]["content"] == link.heard[0]  # the greeting, said before the record existed
    assert len(rows) == len(outcome.transcript)


async def test_a_record_the_platform_never_creates_ends_the_greeted_call_politely(
    greeted: Greeted, platform_server: Any
) -> None:
    platform_server.inject(fail_next=1000)  # down for good: createInterview fails
    greeted.platform.release.set()
    outcome = await asyncio.wait_for(greeted.task, 60)

    heard = greeted.link.heard
    assert outcome.status == "FAILED"
    assert "could not create the interview record" in outcome.reason
    assert said(heard, "greeting") == [0]
    assert said(heard, "closing_error") == [len(heard) - 1]
    platform_server.reset()
    assert platform_server.store.interviews_by_application("app-strong-001") == []


class CountingTTS(SineTTS):
    """The stub voice, noting every text it is asked to synthesize."""

    def __init__(self) -> None:
        super().__init__(ttfa=0.05, max_seconds=0.5)
        self.texts: list[str] = []
        self.asked = asyncio.Event()

    def synthesize(self, text: str, **kw: Any) -> tts.ChunkedStream:
        self.texts.append(text)
        self.asked.set()
        return super().synthesize(text, **kw)


class LateJoiner(TextLink):
    """A candidate who joins once the worker has begun to voice the greeting (in a room
    the job is dispatched before they arrive), and listens through a speaker."""

    def __init__(self, engine: CountingTTS) -> None:
        super().__init__()
        self.engine = engine
        self.speaker = SimSpeaker(speed=20.0)
        self.voiced_before_join: list[str] = []

    async def wait_for_candidate(self, within: float) -> bool:
        await asyncio.wait_for(self.engine.asked.wait(), 10)
        self.voiced_before_join = list(self.engine.texts)
        return True

    async def start_session(self, session: AgentSession, agent: Any, **kw: Any) -> None:
        session.output.audio = self.speaker
        await super().start_session(session, agent, **kw)


async def test_the_greeting_is_voiced_while_the_candidate_joins(
    make: Callable[..., InterviewOrchestrator],
) -> None:
    engine = CountingTTS()
    link = LateJoiner(engine)
    orchestrator = make(link, voice=engine)
    task = asyncio.create_task(orchestrator.run())
    try:
        while link.speaker.segments_started < 1 and not task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        assert not task.done(), task.exception()
        greeting = link.voiced_before_join
        assert len(greeting) == 1 and said(greeting, "greeting") == [0]
        # played from what was synthesized before they joined, not synthesized again
        assert engine.texts.count(greeting[0]) == 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await link.speaker.aclose()
