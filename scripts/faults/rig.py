"""The fault matrix's rig: local platform and S3 subprocesses, the worker side in this
process (platform client, outbox, a scripted text candidate), and the measuring."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import aiohttp
import structlog

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "faults-key"
APP = "app-strong-001"
ANSWER = (
    "In my last role I designed the order service in Python, moved it to PostgreSQL "
    "partitions, and cut the p99 latency from 900 to 120 milliseconds within a quarter."
)
log = structlog.get_logger("faults")


# -- local processes --------------------------------------------------------------------------


class Proc:
    """A local server subprocess that prints one ready line with its URL."""

    def __init__(self, module: str, ready: str, *args: str) -> None:
        self._module, self._ready, self._args = module, ready, args
        self.port = 0
        self.url = ""
        self._proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self._module,
            "--port",
            str(self.port),
            *self._args,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert self._proc.stdout is not None
        line = (await asyncio.wait_for(self._proc.stdout.readline(), 60)).decode().strip()
        if not line.startswith(self._ready):
            raise RuntimeError(f"{self._module} did not start: {line!r}")
        self.url = line.removeprefix(self._ready)
        self.port = int(urlparse(self.url).port or 0)  # a restart comes back on this port

    async def kill(self) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.kill()
            await self._proc.wait()
        self._proc = None


class Platform(Proc):
    def __init__(self, workdir: Path) -> None:
        super().__init__(
            "scripts.local_platform",
            "local platform ready: ",
            "--db",
            str(workdir / "platform.sqlite3"),
            "--api-key",
            API_KEY,
        )
        self.http: aiohttp.ClientSession | None = None

    @property
    def base(self) -> str:
        return self.url.removesuffix("/graphql")

    async def admin(self, path: str, body: Any = None) -> Any:
        assert self.http is not None
        async with self.http.post(
            f"{self.base}/_admin/{path}", json=body or {}, headers={"x-api-key": API_KEY}
        ) as resp:
            resp.raise_for_status()
            return await resp.json()

    async def inject(self, **faults: Any) -> None:
        await self.admin("faults", faults)

    async def reset(self) -> None:
        await self.admin("reset")

    async def stats(self) -> dict[str, Any]:
        assert self.http is not None
        async with self.http.get(
            f"{self.base}/_admin/stats", headers={"x-api-key": API_KEY}
        ) as resp:
            return dict(await resp.json())


# -- the worker side (in this process) --------------------------------------------------------


@dataclass
class Env:
    workdir: Path
    platform: Platform
    s3: Proc
    http: aiohttp.ClientSession
    voice_turns: int
    client: Any = None  # GraphQLPlatform, the worker's platform seam
    cv_loader: Any = None  # CVLoader allowed to fetch from loopback, where the platform is

    def outbox(self, name: str) -> Any:
        from service.outbox import Outbox

        return Outbox(self.workdir / name / "outbox")

    def interview_settings(self) -> Any:
        from config.settings import InterviewSettings

        return InterviewSettings(  # type: ignore[call-arg]
            _env_file=None,
            duration_minutes=5,
            # the scripted candidate is never late: this only bounds the setup calls'
            # retries, which 20 sessions sharing one loop stretch past a couple of seconds
            no_show_timeout=30,
            reconnect_grace=1,
            silence_timeout=30,
        )

    def worker_env(self, outbox_dir: Path) -> dict[str, str]:
        """Environment of a worker-like child process (settings come from it)."""
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "HF_HUB_OFFLINE": "1",
            "GRAPHQL_ENDPOINT": self.platform.url,
            "PLATFORM_API_KEY": API_KEY,
            "OUTBOX_DIR": str(outbox_dir),
            "CV_ALLOWED_HOSTS": "127.0.0.1",
            "RETRY_MIN_WAIT": "0.05",
            "RETRY_MAX_WAIT": "0.2",
            "HTTP_TIMEOUT": "10",
            "LOG_LEVEL": "WARNING",
        }

    async def python(
        self, *args: str, outbox_dir: Path, stdout: int = asyncio.subprocess.DEVNULL
    ) -> asyncio.subprocess.Process:
        """`python -m ARGS` as a worker-like child process."""
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            *args,
            cwd=ROOT,
            env=self.worker_env(outbox_dir),
            stdout=stdout,
            stderr=asyncio.subprocess.DEVNULL,
        )

    async def replay(self, outbox_dir: Path) -> None:
        """The next job start on this host: a real `python -m agent outbox --replay`."""
        await (await self.python("agent", "outbox", "--replay", outbox_dir=outbox_dir)).wait()


def platform_client(http: aiohttp.ClientSession, url: str) -> Any:
    from service.graphql import PlatformClient
    from service.interviews import GraphQLPlatform

    client = PlatformClient(
        session=http,
        endpoint=url,
        api_key=API_KEY,
        timeout=10.0,
        max_attempts=3,
        min_wait=0.05,
        max_wait=0.2,
    )
    return GraphQLPlatform(client=client)


def _observed(run: Any) -> asyncio.Future[Any]:
    waiter = asyncio.ensure_future(run)
    waiter.add_done_callback(lambda t: t.cancelled() or t.exception())
    return waiter


class ScriptedLink:
    """The candidate: joins at once (or the room fails), types the same answer each turn."""

    def __init__(self, *, room_fails: Exception | None = None, impatient: bool = False) -> None:
        self.room_fails = room_fails
        self.impatient = impatient
        self.session: Any = None
        self.started = asyncio.Event()
        self.closed = asyncio.Event()

    async def wait_for_candidate(self, within: float) -> bool:
        if self.room_fails is not None:
            await asyncio.sleep(0.1)
            raise self.room_fails
        return True

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        pass

    async def start_session(self, session: Any, agent: Any, **_: Any) -> None:
        session.on("close", lambda _ev: self.closed.set())
        await session.start(agent)
        self.session = session
        self.started.set()

    def _run(self, text: str) -> asyncio.Future[Any]:
        """``session.run`` as a future that observes its own failure: a run still going
        when the session closes fails then, maybe after the caller stopped waiting."""
        try:
            run = self.session.run(user_input=text)
        except RuntimeError:
            # closing: run() registers its RunResult before generate_reply raises, and
            # the session fails that orphan on close (livekit-agents 1.x): observe it too
            if (orphan := self.session._global_run_state) is not None:
                _observed(orphan)
            raise
        return _observed(run)

    async def answer_until(self, done: asyncio.Future[Any]) -> None:
        """Answer each question once it has been asked (a failing model never finishes a
        turn: give up waiting after a while and answer again)."""
        started = asyncio.ensure_future(self.started.wait())
        await asyncio.wait({started, done}, return_when=asyncio.FIRST_COMPLETED)
        started.cancel()
        while not done.done() and not self.closed.is_set():
            with contextlib.suppress(RuntimeError):  # the session is closing
                if self.impatient:  # answers again without waiting for the reply
                    self.session.generate_reply(user_input=ANSWER)
                    await asyncio.sleep(0.2)
                else:
                    await asyncio.wait({self._run(ANSWER)}, timeout=5)
            await asyncio.sleep(0.05)


@dataclass
class Run:
    """One interview as the worker saw it."""

    orchestrator: Any
    link: ScriptedLink
    rows: list[Any] = field(default_factory=list)
    outcome: Any = None
    grew: asyncio.Event = field(default_factory=asyncio.Event)


def make_run(
    env: Env,
    room: str,
    *,
    outbox: Any,
    link: ScriptedLink | None = None,
    llm: Any = None,
    recorder: Any = None,
    on_row: Callable[[Any], None] | None = None,
) -> Run:
    from livekit.agents import AgentSession

    from agent.interview.policy_llm import PolicyLLM
    from agent.orchestrator import InterviewOrchestrator
    from agent.recording import NullRecorder

    model = llm or PolicyLLM()
    link = link or ScriptedLink()
    rows: list[Any] = []
    grew = asyncio.Event()

    def tee(entry: Any) -> None:
        rows.append(entry)  # parked before this is called: printed means on disk
        grew.set()
        if on_row is not None:
            on_row(entry)

    orchestrator = InterviewOrchestrator(
        application_id=APP,
        room=room,
        platform=env.client,
        cv_loader=env.cv_loader,
        recorder=recorder or NullRecorder(),
        link=link,
        session_factory=lambda _lang: AgentSession(llm=model),
        settings=env.interview_settings(),
        outbox=outbox,
        on_transcript=tee,
    )
    return Run(orchestrator, link, rows, grew=grew)


async def interview(run: Run, *, within: float = 90) -> Any:
    task = asyncio.ensure_future(run.orchestrator.run())
    driver = asyncio.create_task(run.link.answer_until(task))
    try:
        run.outcome = await asyncio.wait_for(task, within)
    finally:
        driver.cancel()  # a turn still going observes its own end (ScriptedLink._run)
    return run.outcome


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Row:
    case: str
    injected: str
    produced: int = 0
    delivered: int = 0
    duplicated: int = 0
    reported: str = ""
    final: str = ""
    lost: int = 0
    notes: str = ""

    @property
    def result(self) -> str:
        if self.lost or self.duplicated:
            return f"FAIL ({self.lost} lost, {self.duplicated} dup)"
        return "ok"


async def measure(
    env: Env,
    row: Row,
    interview_id: str | None,
    produced: list[Any],
    *,
    expect: str,
    rating: bool = True,
) -> Row:
    """Compare what the worker produced with what the platform holds now."""
    if interview_id is None:
        row.lost += 1
        row.notes += " no interview record"
        return row
    stored = await env.client.list_transcripts(interview_id)
    record = await env.client.get_interview(interview_id)
    want = {(e.sequence_number, e.content) for e in produced}
    have = [(r.sequence_number, r.content) for r in stored]
    row.produced += len(want)
    delivered = len(want & set(have))
    row.delivered += delivered
    row.duplicated += len(have) - delivered
    row.lost += len(want) - delivered
    final = record.status.value if record is not None else "MISSING"
    row.final = final if not row.final else row.final
    if final != expect:
        row.lost += 1
        row.notes += f" status {final}, expected {expect}"
    if rating and (record is None or record.rating is None):
        row.lost += 1
        row.notes += " no evaluation"
    return row


def reported(outcome: Any) -> str:
    if outcome is None:
        return "cancelled"
    return outcome.status + (f"->{outcome.final_status}" if outcome.status == "PENDING" else "")


async def next_job_start(env: Env, outbox: Any) -> Any:
    """What a job start on the same host does with what earlier jobs left."""
    return await outbox.deliver(env.client)


async def interview_id(env: Env, room: str) -> str:
    """createInterview is keyed by (application, room): it returns the existing record."""
    return str((await env.client.create_interview(APP, room)).id)


@contextlib.asynccontextmanager
async def environment(voice_turns: int) -> AsyncIterator[Env]:
    from service.cv import CVLoader
    from service.netguard import NetGuard

    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        workdir = Path(tmp)
        platform = Platform(workdir)
        s3 = Proc("scripts.local_s3", "local S3 ready: ")
        await asyncio.gather(platform.start(), s3.start())
        try:
            async with aiohttp.ClientSession() as admin, aiohttp.ClientSession() as http:
                platform.http = admin
                env = Env(workdir, platform, s3, http, voice_turns)
                env.client = platform_client(http, platform.url)
                env.cv_loader = CVLoader(guard=NetGuard(allowed_hosts=["127.0.0.1"]))
                try:
                    yield env
                finally:
                    await env.cv_loader.aclose()
        finally:
            await asyncio.gather(platform.kill(), s3.kill())
