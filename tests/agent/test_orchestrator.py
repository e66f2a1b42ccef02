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
from livekit.agents import AgentSession

from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import InterviewOrchestrator
from agent.recording import NullRecorder
from config.settings import InterviewSettings
from service.cv import CVLoader
from service.outbox import Outbox
from tests.agent.helpers import GOOD_ANSWER


class TextLink:
    """A candidate who joins (or not) and answers by text."""

    def __init__(self, *, shows_up: bool = True) -> None:
        self.shows_up = shows_up
        self.session: AgentSession | None = None
        self.started = asyncio.Event()
        self._callbacks: list[Callable[[bool], None]] = []

    async def wait_for_candidate(self, within: float) -> bool:
        if not self.shows_up:
            await asyncio.sleep(within)
        return self.shows_up

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        self._callbacks.append(callback)

    def set_present(self, present: bool) -> None:
        for callback in self._callbacks:
            callback(present)

    async def start_session(self, session: AgentSession, agent: Any, **_: Any) -> None:
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
    graphql_platform: Any, http_session: Any, tmp_path: Any
) -> Callable[..., InterviewOrchestrator]:
    def _make(link: TextLink, app: str = "app-strong-001", **kw: Any) -> InterviewOrchestrator:
        return InterviewOrchestrator(
            application_id=app,
            room=f"interview-{app}-1",
            platform=kw.pop("platform", graphql_platform),
            cv_loader=CVLoader(session=http_session),
            recorder=NullRecorder(),
            link=link,
            session_factory=lambda _lang: AgentSession(llm=PolicyLLM()),
            settings=settings(**kw.pop("interview", {})),
            outbox=Outbox(tmp_path / "outbox"),
            **kw,
        )

    return _make


async def answer_everything(link: TextLink, orchestrator_task: asyncio.Task[Any]) -> None:
    while not orchestrator_task.done():
        await link.answer(GOOD_ANSWER)
        await asyncio.sleep(0.05)


async def test_complete_interview_lands_on_the_platform(make, platform_server) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    task = asyncio.create_task(make(link).run())
    driver = asyncio.create_task(answer_everything(link, task))
    outcome = await asyncio.wait_for(task, 60)
    driver.cancel()
    assert outcome.status == "COMPLETED" and outcome.ended_by == "completed"
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED"
    rows = platform_server.store.transcripts_by_interview(outcome.interview_id)
    assert [r["sequenceNumber"] for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) == len(outcome.transcript) >= 2 * len(outcome.questions_asked)
    assert stored["aiAnalysis"]["schema_version"] == "1.0"
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
    driver = asyncio.create_task(answer_everything(link, task))
    outcome = await asyncio.wait_for(task, 60)
    driver.cancel()
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
    platform_server.inject(fail_next=50)
    outcome = await make(TextLink()).run()
    assert outcome.status == "FAILED"
    assert "could not read the application" in outcome.reason
    assert "500" in outcome.reason or "server" in outcome.reason.lower()


async def test_results_the_platform_refuses_wait_in_the_outbox(
    make, platform_server, graphql_platform, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    link = TextLink()
    task = asyncio.create_task(make(link).run())
    await link.answer(GOOD_ANSWER)
    await link.answer(GOOD_ANSWER)
    platform_server.inject(fail_next=1000)  # the platform goes down before the results
    driver = asyncio.create_task(answer_everything(link, task))
    outcome = await asyncio.wait_for(task, 60)
    driver.cancel()
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
