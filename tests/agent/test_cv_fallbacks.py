"""A CV that cannot be used never stops the interview: over a limit, at an internal
address, or never arriving (the plan deadline), the interview goes on with a plan
from the job alone and a warning. Real local platform, text-mode session."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import structlog
from livekit.agents import AgentSession

from agent.analysis.results import CvStatus
from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import InterviewOrchestrator, InterviewOutcome
from agent.recording import NullRecorder
from config.settings import InterviewSettings
from service.cv import CVLoader, CVSource, CVText
from service.outbox import Outbox
from tests.agent.helpers import GOOD_ANSWER
from tests.service.test_cv_safety import docx_bomb


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


async def _interview(
    graphql_platform: Any, cv: CVSource, tmp_path: Path, application_id: str = "app-strong-001"
) -> tuple[InterviewOutcome, list[MutableMapping[str, Any]]]:
    link = TextLink()
    orchestrator = InterviewOrchestrator(
        application_id=application_id,
        room=f"interview-{application_id}-1",
        platform=graphql_platform,
        cv_loader=cv,
        recorder=NullRecorder(),
        link=link,
        session_factory=lambda _lang: AgentSession(llm=PolicyLLM()),
        settings=InterviewSettings(  # type: ignore[call-arg]
            _env_file=None, duration_minutes=3, no_show_timeout=1, plan_deadline=2
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
    return outcome, logs


def _add_application(platform_server: Any, tmp_path: Path, new_id: str, **resume: str) -> None:
    seed = Path(__file__).resolve().parents[2] / "scripts/local_platform/seed/applications.json"
    entry = next(a for a in json.loads(seed.read_text()) if a["id"] == "app-strong-001")
    entry = {**entry, "id": new_id, **resume}
    entry.pop("resumeFile" if "resumeUrl" in resume else "resumeUrl", None)
    platform_server.upsert_applications([entry], base_dir=tmp_path)


async def test_docx_bomb_cv_means_a_job_only_plan_and_a_warning(
    graphql_platform: Any, platform_server: Any, cv_loader: CVLoader, tmp_path: Path
) -> None:
    (tmp_path / "cv.docx").write_bytes(docx_bomb(25))  # 120 KB, 27 MB unzipped
    _add_application(platform_server, tmp_path, "app-bomb-005", resumeFile="cv.docx")
    _, logs = await _interview(graphql_platform, cv_loader, tmp_path, "app-bomb-005")
    warning = [e for e in logs if e["event"] == "cv_unusable_job_only_plan"]
    assert warning and "expands to" in warning[0]["error"]


async def test_cv_at_an_internal_address_means_a_job_only_plan(
    graphql_platform: Any, platform_server: Any, cv_loader: CVLoader, tmp_path: Path
) -> None:
    metadata = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    _add_application(platform_server, tmp_path, "app-ssrf-006", resumeUrl=metadata)
    _, logs = await _interview(graphql_platform, cv_loader, tmp_path, "app-ssrf-006")
    warning = [e for e in logs if e["event"] == "cv_unusable_job_only_plan"]
    assert warning and "169.254.169.254" in warning[0]["error"]


async def test_interview_goes_on_with_a_job_only_plan_after_the_deadline(
    graphql_platform: Any, platform_server: Any, tmp_path: Path
) -> None:
    cv = HangingCVHost()
    outcome, logs = await _interview(graphql_platform, cv, tmp_path)
    assert cv.cancelled  # the CV work was stopped, not left running
    deadline = [e for e in logs if e["event"] == "plan_deadline_passed"]
    assert deadline and deadline[0]["with_cv"] is False
    stored = platform_server.store.get_interview(outcome.interview_id)
    assert stored["status"] == "COMPLETED"
