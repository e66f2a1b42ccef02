"""The fault matrix: does any failure lose or duplicate a result?

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python -m scripts.faults [--case NAME ...]
        [--voice-turns 4] [--json PATH]

Runs every case against real local processes: the local platform as a subprocess
(``python -m scripts.local_platform``, killed and restarted where a case says so,
faults armed through its admin API) and moto's S3 as a subprocess
(``python -m scripts.local_s3``). Interviews are text-level (the real orchestrator,
``Interviewer`` and ``PolicyLLM`` in a real room-less ``AgentSession``, a scripted
candidate typing its answers) because twenty voice sessions would overload two cores;
the slow-platform case also measures voice turns (real Silero VAD, espeak-ng candidate,
stub STT/TTS of known latency, ``scripts.bench_voice``). The SIGTERM/SIGKILL cases run
the interview in a child process (``python -m scripts.faults child``) that shuts down
as a LiveKit job process does: the session closes, the entrypoint is cancelled after
a window (LiveKit's 15 s, shortened where the cancel must land inside the wrap-up),
then the shutdown callback gets a last delivery.

Every case ends with what the next job start on that host would do (outbox replay,
spool drain) and then counts, per interview: transcript rows produced (by the worker),
delivered (on the platform, same number and words) and duplicated (on the platform
beyond that), the platform's final status and rating. Lost = rows not delivered +
results (final status, evaluation, recording) missing. The last line is
``N cases, L lost, D duplicated``; the exit status is 1 when L or D is not 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import aiohttp
import structlog

ROOT = Path(__file__).resolve().parents[1]
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

    def outbox(self, name: str) -> Any:
        from service.outbox import Outbox

        return Outbox(self.workdir / name / "outbox")

    def interview_settings(self, **overrides: Any) -> Any:
        from config.settings import InterviewSettings

        values: dict[str, Any] = {
            "duration_minutes": 5,
            "no_show_timeout": 2,
            "reconnect_grace": 1,
            "silence_timeout": 30,
        }
        values.update(overrides)
        return InterviewSettings(_env_file=None, **values)  # type: ignore[call-arg]

    def worker_env(self, outbox_dir: Path) -> dict[str, str]:
        """Environment of a worker-like child process (settings come from it)."""
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "HF_HUB_OFFLINE": "1",
            "GRAPHQL_ENDPOINT": self.platform.url,
            "PLATFORM_API_KEY": API_KEY,
            "OUTBOX_DIR": str(outbox_dir),
            "RETRY_MIN_WAIT": "0.05",
            "RETRY_MAX_WAIT": "0.2",
            "HTTP_TIMEOUT": "10",
            "LOG_LEVEL": "WARNING",
        }


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

    async def answer_until(self, done: asyncio.Future[Any]) -> None:
        """Answer each question once it has been asked (a failing model never finishes a
        turn: give up waiting after a while and answer again)."""
        started = asyncio.ensure_future(self.started.wait())
        await asyncio.wait({started, done}, return_when=asyncio.FIRST_COMPLETED)
        started.cancel()
        unanswered: list[Any] = []
        while not done.done() and not self.closed.is_set():
            with contextlib.suppress(RuntimeError, TimeoutError):  # RuntimeError: closed
                if self.impatient:  # answers again without waiting for the reply
                    self.session.generate_reply(user_input=ANSWER)
                    await asyncio.sleep(0.2)
                else:
                    turn = self.session.run(user_input=ANSWER)
                    unanswered.append(turn)
                    await asyncio.wait_for(turn, 5)
                    unanswered.remove(turn)
            await asyncio.sleep(0.05)
        for turn in unanswered:  # the session fails them when it closes: observe that
            with contextlib.suppress(Exception):
                await asyncio.wait_for(turn, 1)


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
    from service.cv import CVLoader

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
        cv_loader=CVLoader(session=env.http),
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
        # let the candidate notice the closed session (cancelling it mid-turn would leave
        # the turn's result to fail unobserved)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(driver, 6)
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


# -- cases --------------------------------------------------------------------------------------

Case = Callable[[Env], Awaitable[Row]]
CASES: dict[str, tuple[str, Case]] = {}


def case(name: str, injected: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[name] = (injected, fn)
        return fn

    return register


@case("1 wrap-up cancelled", "platform hangs (3 s/call) at wrap-up; cancelled 1 s in")
async def wrap_up_cancelled(env: Env) -> Row:
    row = Row(*_label("1 wrap-up cancelled"))
    outbox = env.outbox("c1")
    run = make_run(env, "faults-c1", outbox=outbox)
    task = asyncio.ensure_future(run.orchestrator.run())
    driver = asyncio.create_task(run.link.answer_until(task))
    await asyncio.wait_for(run.link.closed.wait(), 60)
    await env.platform.inject(latency=3.0)
    await asyncio.sleep(1.0)
    task.cancel()  # as LiveKit's aio.cancel_and_wait(job_entry_task)
    await asyncio.gather(task, return_exceptions=True)
    driver.cancel()
    row.reported = "cancelled"
    row.notes = f"parked at cancel: {len(outbox.pending())} calls"
    await env.platform.reset()
    await next_job_start(env, outbox)
    return await measure(
        env, row, await _interview_id(env, "faults-c1"), run.rows, expect="COMPLETED"
    )


@case("2 re-dispatch", "same application and room run twice")
async def redispatch(env: Env) -> Row:
    row = Row(*_label("2 re-dispatch"))
    outbox = env.outbox("c2")
    first = make_run(env, "faults-c2", outbox=outbox)
    second = make_run(env, "faults-c2", outbox=outbox)
    await interview(first)
    outcome = await interview(second)
    row.reported = reported(outcome)
    return await measure(
        env, row, outcome.interview_id, first.rows + second.rows, expect="COMPLETED"
    )


@case("3 outbox unwritable", "OUTBOX_DIR unusable + 9 x 503 at wrap-up")
async def outbox_unwritable(env: Env) -> Row:
    from service.outbox import Outbox

    row = Row(*_label("3 outbox unwritable"))
    blocker = env.workdir / "c3-not-a-dir"
    blocker.write_text("")
    run = make_run(env, "faults-c3", outbox=Outbox(blocker / "outbox"))

    async def at_wrap_up() -> None:
        await run.link.closed.wait()
        await env.platform.inject(fail_next=9, fail_status=503)

    hook = asyncio.create_task(at_wrap_up())
    outcome = await interview(run)
    hook.cancel()
    row.reported = reported(outcome)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("4 transcript refused", "createBulkTranscripts refused (GraphQL errors) all along")
async def transcript_refused(env: Env) -> Row:
    row = Row(*_label("4 transcript refused"))
    outbox = env.outbox("c4")
    await env.platform.inject(refuse_next=1000, only="createBulkTranscripts")
    run = make_run(env, "faults-c4", outbox=outbox)
    outcome = await interview(run)
    row.reported = reported(outcome)
    record = await env.client.get_interview(outcome.interview_id)
    if record.status.value == "COMPLETED":  # completed ahead of its transcript
        row.lost += 1
        row.notes = "COMPLETED before its transcript"
    else:
        row.notes = f"held at {record.status.value} while rows were refused"
    await env.platform.reset()
    await next_job_start(env, outbox)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("5 poison files", "4 poison outbox files + 2 junk spool entries before the job")
async def poison(env: Env) -> Row:
    from agent.recording import SpoolUploader
    from agent.recording.spool import SpoolEntry, new_manifest
    from service.models import TranscriptEntry

    row = Row(*_label("5 poison files"))
    outbox = env.outbox("c5")
    earlier = await env.client.create_interview(APP, "faults-c5-earlier")
    await env.client.start_interview(earlier.id)
    left = [
        TranscriptEntry(
            content=f"left by a dead job {n}",
            speaker="candidate",
            sequence_number=n,
            timestamp=datetime.now(UTC),
        )
        for n in (1, 2)
    ]
    outbox.directory.mkdir(parents=True, exist_ok=True)
    for n, body in enumerate(
        [
            "",
            json.dumps({"interview_id": earlier.id}),
            json.dumps({"interview_id": earlier.id, "operation": "drop_table", "payload": {}}),
            json.dumps(
                {"interview_id": earlier.id, "operation": "update_interview", "payload": "x"}
            ),
        ]
    ):
        (outbox.directory / f"{n:020d}-1-00000{n}-poison.json").write_text(body)
    outbox.put(
        earlier.id, "add_transcripts", {"entries": [e.model_dump(mode="json") for e in left]}
    )
    outbox.put(earlier.id, "update_interview", {"rating": 5})
    outbox.put(earlier.id, "complete_interview", {})
    spool = env.workdir / "c5" / "spool"
    for audio in (False, True):
        made = SpoolEntry.create(
            spool, new_manifest(bucket="b", key="k", content_type="audio/ogg", metadata={})
        )
        made.release()
        (made.path / ("manifest.json" if audio else "recording.ogg")).unlink()
        os.utime(made.path, (time.time() - 3600, time.time() - 3600))
    report = await next_job_start(env, outbox)  # the job start replay, then the drain
    drained = await SpoolUploader(s3_client=None, spool_dir=spool).drain()
    run = make_run(env, "faults-c5", outbox=outbox)
    outcome = await interview(run)
    row.reported = reported(outcome)
    dead = len(outbox.dead()) + sum(1 for d in drained if d.status == "dead")
    row.notes = f"{report.dead} outbox + {dead - report.dead} spool entries moved to dead/"
    if dead != 6:
        row.lost += 1
    await measure(env, row, earlier.id, left, expect="COMPLETED")
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("6 completion refused", "completeInterview refused for good, then accepted")
async def completion_refused(env: Env) -> Row:
    row = Row(*_label("6 completion refused"))
    outbox = env.outbox("c6")
    await env.platform.inject(refuse_next=1000, only="completeInterview")
    run = make_run(env, "faults-c6", outbox=outbox)
    outcome = await interview(run)
    row.reported = reported(outcome)
    if outcome.status == "COMPLETED":  # reported done while the platform says STARTED
        row.lost += 1
        row.notes = "reported COMPLETED, platform STARTED"
    await env.platform.reset()
    await next_job_start(env, outbox)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("7 shared outbox", "two `python -m agent outbox --replay` processes on one directory")
async def shared_outbox(env: Env) -> Row:
    row = Row(*_label("7 shared outbox"))
    outbox = env.outbox("c7")
    ids = []
    for n in range(12):
        created = await env.client.create_interview(APP, f"faults-c7-{n}")
        await env.client.start_interview(created.id)
        outbox.put(created.id, "update_interview", {"rating": 6})
        ids.append(created.id)
    await env.platform.reset()
    await env.platform.inject(latency=0.05)
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "agent",
            "outbox",
            "--replay",
            cwd=ROOT,
            env=env.worker_env(outbox.directory),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    await asyncio.gather(*(p.wait() for p in procs))
    sends = (await env.platform.stats())["by_field"].get("updateInterview", 0)
    await env.platform.reset()
    row.produced = len(ids)
    row.delivered = sum(
        1 for r in [await env.client.get_interview(i) for i in ids] if r.rating == 6
    )
    row.duplicated = max(0, sends - len(ids))
    row.lost = row.produced - row.delivered + len(outbox.files())
    row.reported = row.final = "n/a"
    row.notes = f"calls, not rows: {sends} sends for {len(ids)} calls"
    return row


@case("8 power loss", "fsync spied on over a whole interview")
async def durability(env: Env) -> Row:
    row = Row(*_label("8 power loss"))
    outbox = env.outbox("c8")
    synced: set[str] = set()
    real = os.fsync

    def spy(fd: Any) -> None:
        with contextlib.suppress(OSError):
            synced.add(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    parked: list[str] = []
    real_put = outbox.put

    def put(*args: Any) -> Path:
        path = real_put(*args)
        parked.append(str(path))
        return Path(path)

    outbox.put = put  # type: ignore[method-assign]
    os.fsync = spy
    try:
        run = make_run(env, "faults-c8", outbox=outbox)
        outcome = await interview(run)
    finally:
        os.fsync = real
    unsynced = [
        p
        for p in parked
        if not any(s.startswith(p + ".") for s in synced) or str(Path(p).parent) not in synced
    ]
    row.reported = reported(outcome)
    row.notes = f"{len(parked)} parked calls, {len(unsynced)} without file+dir fsync"
    row.lost += len(unsynced)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("13a model failure", "the LLM fails for good (401) after the first turn")
async def model_failure(env: Env) -> Row:
    from livekit.agents import APIStatusError, llm
    from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS

    from agent.interview.policy_llm import PolicyLLM

    class Revoked(llm.LLMStream):
        async def _run(self) -> None:
            raise APIStatusError("Incorrect API key provided", status_code=401)

    class RevokedKeyLLM(PolicyLLM):
        calls = 0

        def chat(self, **kw: Any) -> llm.LLMStream:  # type: ignore[override]
            self.calls += 1
            if self.calls <= 2:
                return super().chat(**kw)
            return Revoked(
                self,
                chat_ctx=kw["chat_ctx"],
                tools=kw.get("tools") or [],
                conn_options=kw.get("conn_options", DEFAULT_API_CONNECT_OPTIONS),
            )

    row = Row(*_label("13a model failure"))
    # LiveKit closes the session after 4 model failures in a row (an impatient candidate
    # gets there fast; a slow one may meet a silence close first, as in production)
    link = ScriptedLink(impatient=True)
    run = make_run(env, "faults-c13a", outbox=env.outbox("c13a"), llm=RevokedKeyLLM(), link=link)
    outcome = await interview(run)
    row.reported = reported(outcome)
    row.notes = outcome.reason[:60]
    return await measure(env, row, outcome.interview_id, run.rows, expect="CANCELLED")


@case("13b room lost", "room disconnects while waiting for the candidate")
async def room_lost(env: Env) -> Row:
    row = Row(*_label("13b room lost"))
    link = ScriptedLink(room_fails=RuntimeError("room disconnected while waiting"))
    run = make_run(env, "faults-c13b", outbox=env.outbox("c13b"), link=link)
    try:
        outcome = await interview(run)
    except RuntimeError as exc:  # the job crashed
        row.reported, row.lost, row.notes = "crashed", 1, str(exc)
        return row
    row.reported = reported(outcome)
    return await measure(env, row, outcome.interview_id, run.rows, expect="CANCELLED", rating=False)


@case("platform killed", "platform SIGKILLed after 3 rows, back 2 s later")
async def platform_killed(env: Env) -> Row:
    row = Row(*_label("platform killed"))
    outbox = env.outbox("c9")
    run = make_run(env, "faults-c9", outbox=outbox)
    task = asyncio.ensure_future(run.orchestrator.run())
    driver = asyncio.create_task(run.link.answer_until(task))
    while len(run.rows) < 3 and not task.done():
        run.grew.clear()
        await asyncio.wait_for(run.grew.wait(), 60)
    await env.platform.kill()
    await asyncio.sleep(2.0)
    await env.platform.start()
    outcome = await asyncio.wait_for(task, 90)
    driver.cancel()
    row.reported = reported(outcome)
    await next_job_start(env, outbox)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("slow platform", "2 s per platform call, whole interview")
async def slow_platform(env: Env) -> Row:
    row = Row(*_label("slow platform"))
    outbox = env.outbox("c10")
    await env.platform.inject(latency=2.0)
    run = make_run(env, "faults-c10", outbox=outbox)
    outcome = await interview(run, within=180)
    row.reported = reported(outcome)
    await env.platform.reset()
    await next_job_start(env, outbox)  # the shutdown callback's last delivery does this
    if env.voice_turns:
        fast, slow = await voice_turn_latency(env.voice_turns)
        row.notes = f"voice e2e p50 {slow:.0f} ms at 2 s vs {fast:.0f} ms at 0.05 s"
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("S3 down", "S3 killed for the whole interview, then back")
async def s3_down(env: Env) -> Row:
    from pydantic import SecretStr

    from agent.recording import SpoolUploader, build_recorder
    from config.settings import StorageSettings
    from scripts.local_s3 import ACCESS_KEY, REGION, SECRET_KEY
    from service.storage import make_s3_client

    row = Row(*_label("S3 down"))
    storage = StorageSettings(  # type: ignore[call-arg]
        _env_file=None,
        aws_access_key_id=SecretStr(ACCESS_KEY),
        aws_secret_access_key=SecretStr(SECRET_KEY),
        aws_region=REGION,
        aws_bucket_name="faults-recordings",
        aws_endpoint_url=env.s3.url,
        recording_spool_dir=str(env.workdir / "c11" / "spool"),
    )
    s3 = make_s3_client(storage, max_attempts=1, connect_timeout=1, read_timeout=5)
    await asyncio.to_thread(s3.create_bucket, Bucket="faults-recordings")
    await env.s3.kill()
    recorder = build_recorder(storage, s3_client=s3)
    outbox = env.outbox("c11")
    run = make_run(env, "faults-c11", outbox=outbox, recorder=recorder)
    outcome = await interview(run)
    row.reported = reported(outcome)
    await env.s3.start()  # back, empty (moto keeps state in memory): ops recreate the bucket
    await asyncio.to_thread(s3.create_bucket, Bucket="faults-recordings")
    drained = await SpoolUploader(s3_client=s3, spool_dir=storage.recording_spool_dir).drain()
    record = await env.client.get_interview(outcome.interview_id)
    key = outcome.recording.key if outcome.recording else None
    listed = await asyncio.to_thread(s3.list_objects_v2, Bucket="faults-recordings")
    stored = {o["Key"] for o in listed.get("Contents", [])}
    if key not in stored or not record.recording_url:
        row.lost += 1
    row.notes = f"recording {outcome.recording.status if outcome.recording else '?'}, drained " + (
        ",".join(d.status for d in drained) or "nothing"
    )
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("SIGTERM interview", "SIGTERM to the job process after 4 rows")
async def sigterm_interview(env: Env) -> Row:
    return await child_case(env, "SIGTERM interview", "c12", signal.SIGTERM, at="rows")


@case("SIGTERM wrap-up", "SIGTERM at wrap-up, platform 3 s/call, cancel 1 s later")
async def sigterm_wrap_up(env: Env) -> Row:
    return await child_case(env, "SIGTERM wrap-up", "c13", signal.SIGTERM, at="wrap-up")


@case("SIGKILL + restart", "SIGKILL after 4 rows; re-dispatched to a new process")
async def sigkill(env: Env) -> Row:
    return await child_case(env, "SIGKILL + restart", "c14", signal.SIGKILL, at="rows")


@case("20 concurrent", "20 interviews at once; 10% 500s, 5% answers lost after commit")
async def concurrent(env: Env) -> Row:
    row = Row(*_label("20 concurrent"))
    outbox = env.outbox("c15")
    await env.platform.inject(fail_rate=0.10, lose_rate=0.05)
    runs = [make_run(env, f"faults-c15-{n}", outbox=outbox) for n in range(20)]
    outcomes = await asyncio.gather(*(interview(r, within=240) for r in runs))
    pending = sum(1 for o in outcomes if o.status == "PENDING")
    for _ in range(5):  # job starts on this host, faults still armed
        if not (await next_job_start(env, outbox)).left:
            break
    faults = (await env.platform.stats())["faults_applied"]
    await env.platform.reset()
    row.reported = f"{20 - pending} COMPLETED, {pending} PENDING"
    for run, outcome in zip(runs, outcomes, strict=True):
        await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")
    row.notes = f"injected {faults.get('fail', 0)} x 500, {faults.get('lose', 0)} lost answers"
    row.final = "20 COMPLETED" if "expected" not in row.notes else row.final
    return row


# -- the child process (a LiveKit job process stand-in) ----------------------------------------


async def child_case(env: Env, name: str, tag: str, sig: signal.Signals, *, at: str) -> Row:
    row = Row(*_label(name))
    outbox_dir = env.workdir / tag / "outbox"
    room = f"faults-{tag}"
    window = 1.0 if at == "wrap-up" else 15.0
    first = await ChildRun.start(env, room, outbox_dir, cancel_window=window)
    if at == "rows":
        await first.wait_rows(4)
    else:
        await first.wait_line("phase wrap-up")
        await env.platform.inject(latency=3.0)
    first.proc.send_signal(sig)
    await first.finish()
    rows = first.rows
    row.reported = first.status or ("killed" if sig == signal.SIGKILL else "cancelled")
    await env.platform.reset()
    if sig == signal.SIGKILL:  # LiveKit re-dispatches; the new job replays what was parked
        second = await ChildRun.start(env, room, outbox_dir, cancel_window=15.0)
        await second.finish()
        rows += second.rows
        row.reported += f", then {second.status}"
    else:  # the next job start on this host: a real `python -m agent outbox --replay`
        replay = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "agent",
            "outbox",
            "--replay",
            cwd=ROOT,
            env=env.worker_env(outbox_dir),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        await replay.wait()
    return await measure(env, row, await _interview_id(env, room), rows, expect="COMPLETED")


@dataclass
class ChildRun:
    proc: asyncio.subprocess.Process
    rows: list[Any] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    status: str | None = None

    @classmethod
    async def start(
        cls, env: Env, room: str, outbox_dir: Path, *, cancel_window: float
    ) -> ChildRun:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "scripts.faults",
            "child",
            "--room",
            room,
            "--cancel-window",
            str(cancel_window),
            cwd=ROOT,
            env=env.worker_env(outbox_dir),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return cls(proc)

    async def _read(self) -> str | None:
        assert self.proc.stdout is not None
        raw = await asyncio.wait_for(self.proc.stdout.readline(), 120)
        if not raw:
            return None
        line = raw.decode().rstrip("\n")
        self.lines.append(line)
        kind, _, rest = line.partition(" ")
        if kind == "row":
            from service.models import TranscriptEntry

            self.rows.append(TranscriptEntry.model_validate_json(rest))
        elif kind == "outcome":
            self.status = json.loads(rest)["status"]
        return line

    async def wait_rows(self, n: int) -> None:
        while len(self.rows) < n:
            if await self._read() is None:
                return

    async def wait_line(self, wanted: str) -> None:
        while (line := await self._read()) is not None and line != wanted:
            pass

    async def finish(self) -> None:
        while await self._read() is not None:
            pass
        await self.proc.wait()


async def child_main(room: str, cancel_window: float) -> int:
    """One interview in this process, shut down as LiveKit shuts down a job process."""
    from config.settings import load_settings
    from service.http import create_http_session
    from service.outbox import Outbox

    settings = load_settings()
    p = settings.platform
    async with create_http_session(max_connections=8, timeout=10) as http:
        platform = platform_client(http, p.graphql_endpoint or "")
        outbox = Outbox(p.outbox_dir)
        await outbox.deliver(platform)  # Components.open(): the job start's replay
        env = Env(Path(p.outbox_dir), None, None, http, 0, platform)  # type: ignore[arg-type]
        run = make_run(
            env,
            room,
            outbox=outbox,
            on_row=lambda e: print("row", e.model_dump_json(), flush=True),
        )
        task = asyncio.ensure_future(run.orchestrator.run())
        driver = asyncio.create_task(run.link.answer_until(task))

        async def announce() -> None:
            await run.link.closed.wait()
            print("phase wrap-up", flush=True)

        announcer = asyncio.create_task(announce())

        closing: list[asyncio.Future[Any]] = []

        def shutdown() -> None:  # LiveKit: ctx.shutdown() -> session closes, then the cancel
            print("phase sigterm", flush=True)
            if run.link.session is not None:
                closing.append(asyncio.ensure_future(run.link.session.aclose()))
            asyncio.get_running_loop().call_later(cancel_window, task.cancel)

        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, shutdown)
        try:
            outcome = await task
            print("outcome", json.dumps({"status": outcome.status}), flush=True)
        except asyncio.CancelledError:
            print("outcome", json.dumps({"status": "cancelled"}), flush=True)
        finally:
            driver.cancel()
            announcer.cancel()
        with contextlib.suppress(TimeoutError):  # the shutdown callback: one last delivery
            async with asyncio.timeout(2.0):
                await outbox.deliver(platform)
    return 0


# -- running --------------------------------------------------------------------------------------


def _label(name: str) -> tuple[str, str]:
    return name, CASES[name][0]


async def _interview_id(env: Env, room: str) -> str:
    """createInterview is keyed by (application, room): it returns the existing record."""
    return str((await env.client.create_interview(APP, room)).id)


@contextlib.asynccontextmanager
async def environment(voice_turns: int) -> AsyncIterator[Env]:
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
                yield env
        finally:
            await asyncio.gather(platform.kill(), s3.kill())


async def run_matrix(names: list[str] | None = None, *, voice_turns: int = 4) -> list[Row]:
    rows: list[Row] = []
    async with environment(voice_turns) as env:
        for name, (injected, fn) in CASES.items():
            if names and name not in names:
                continue
            await env.platform.reset()
            started = time.monotonic()
            try:
                row = await fn(env)
            except Exception as exc:  # a case that blows up lost something
                row = Row(name, injected, lost=1, notes=f"crashed: {type(exc).__name__}: {exc}")
            row.notes = f"{row.notes.strip()} ({time.monotonic() - started:.0f} s)".strip()
            rows.append(row)
            print(format_row(row), flush=True)
    return rows


async def voice_turn_latency(turns: int) -> tuple[float, float]:
    """p50 e2e latency (ms) of voice turns with the platform at 0.05 s and at 2 s per call."""
    import multiprocessing
    import statistics
    from concurrent.futures import ProcessPoolExecutor

    from scripts.bench_voice import Params, run_turns

    context = multiprocessing.get_context("spawn")
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        raw = await asyncio.gather(
            *(
                loop.run_in_executor(
                    pool, run_turns, "ours", Params(turns=turns, platform_latency=latency)
                )
                for latency in (0.05, 2.0)
            )
        )
    fast, slow = (
        statistics.median(r["e2e_latency"] for r in side["replies"]) * 1000 for side in raw
    )
    return fast, slow


HEADER = ("case", "injected", "produced", "delivered", "dup", "reported", "final", "result")


def format_row(row: Row) -> str:
    cells = (
        row.case,
        row.injected,
        str(row.produced),
        str(row.delivered),
        str(row.duplicated),
        row.reported,
        row.final,
        row.result,
        row.notes,
    )
    return "| " + " | ".join(cells) + " |"


def table(rows: list[Row]) -> str:
    """The matrix as a Markdown table (the README's Reliability section)."""
    head = ["| " + " | ".join((*HEADER, "notes")) + " |", "|" + "---|" * (len(HEADER) + 1)]
    return "\n".join(head + [format_row(r) for r in rows])


def summary(rows: list[Row]) -> str:
    lost = sum(r.lost for r in rows)
    dup = sum(r.duplicated for r in rows)
    return f"{len(rows)} cases, {lost} lost, {dup} duplicated"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.faults", description=__doc__)
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument(
        "--voice-turns",
        type=int,
        default=4,
        help="voice turns per side for the slow-platform latency check (0 skips it)",
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("child", help="(internal) one interview as a job process")
    child.add_argument("--room", required=True)
    child.add_argument("--cancel-window", type=float, default=15.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from config.logging import configure_logging

    configure_logging("ERROR")  # the cases provoke warnings on purpose
    if args.command == "child":
        return asyncio.run(child_main(args.room, args.cancel_window))
    rows = asyncio.run(run_matrix(args.case, voice_turns=args.voice_turns))
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"result": r.result} for r in rows], indent=2))
    line = summary(rows)
    print(line)
    return 0 if line.endswith(", 0 lost, 0 duplicated") else 1


if __name__ == "__main__":
    sys.exit(main())
