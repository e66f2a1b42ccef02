"""The question plan has a deadline: a CV that never arrives does not leave the
candidate in silence after the greeting. Real local platform, text-mode session."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import structlog
from livekit.agents import AgentSession

from agent.analysis.results import CvStatus
from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import InterviewOrchestrator
from agent.recording import NullRecorder
from config.settings import InterviewSettings
from service.cv import CVText
from service.outbox import Outbox
from tests.agent.helpers import GOOD_ANSWER


class HangingCVHost:
    """A CV host that accepts the connection and never answers (no client timeout)."""

    def __init__(self) -> None:
        self.cancelled = False

    async def load(self, url: str) -> CVText:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        raise AssertionError("unreachable")


class TextLink:
    def __init__(self) -> None:
        self.session: AgentSession | None = None
        self.started = asyncio.Event()

    async def wait_for_candidate(self, within: float) -> bool:
        return True

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        pass

    async def start_session(self, session: AgentSession, agent: Any, **_: Any) -> None:
        await session.start(agent)
        self.session = session
        self.started.set()


async def _answer_everything(link: TextLink, task: asyncio.Task[Any]) -> None:
    await link.started.wait()
    assert link.session is not None
    while not task.done():
        await link.session.run(user_input=GOOD_ANSWER)
        await asyncio.sleep(0.05)


async def test_interview_goes_on_with_a_job_only_plan_after_the_deadline(
    graphql_platform: Any, platform_server: Any, tmp_path: Any
) -> None:
    cv = HangingCVHost()
    link = TextLink()
    orchestrator = InterviewOrchestrator(
        application_id="app-strong-001",  # has a resumeUrl
        room="interview-app-strong-001-1",
        platform=graphql_platform,
        cv_loader=cv,
        recorder=NullRecorder(),
        link=link,
        session_factory=lambda _lang: AgentSession(llm=PolicyLLM()),
        settings=InterviewSettings(  # type: ignore[call-arg]
            _env_file=None, duration_minutes=3, no_show_timeout=1, plan_deadline=0.5
        ),
        outbox=Outbox(tmp_path / "outbox"),
    )
    with structlog.testing.capture_logs() as logs:
        task = asyncio.create_task(orchestrator.run())
        driver = asyncio.create_task(_answer_everything(link, task))
        outcome = await asyncio.wait_for(task, 90)
        driver.cancel()
    assert outcome.status == "COMPLETED" and outcome.questions_asked
    assert outcome.fit is not None and outcome.fit.cv_status is CvStatus.MISSING
    assert cv.cancelled  # the CV work was stopped, not left running
    deadline = [e for e in logs if e["event"] == "plan_deadline_passed"]
    assert deadline and deadline[0]["with_cv"] is False
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED"
