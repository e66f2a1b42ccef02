"""The worker's main process as ops and LiveKit see it: liveness, readiness, metrics,
its registration, and what its process options (load threshold, job memory bounds,
drain timeout) do.

A real ``AgentServer`` from ``build_server`` runs in a child process, unregistered or
against a fake LiveKit worker endpoint (``FakeLiveKit``); the local platform and S3
stand behind readiness.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from livekit.protocol import agent

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import asyncio
    from config.settings import load_settings
    from agent.__main__ import worker_environment

    settings = load_settings()
    worker_environment(settings)
    from agent.worker import build_server

    asyncio.run(build_server(settings).run(devmode=False, unregistered=UNREGISTERED))
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.text()


async def until(check: Any, within: float = 180.0) -> Any:
    """A generous bound: a worker loads its models first, slowly on a loaded machine."""
    deadline = time.monotonic() + within
    while True:
        try:
            result = await check()
            if result:
                return result
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.3)


def child_env(home: Path) -> dict[str, str]:
    """What a worker child needs besides its settings; nothing ambient leaks in."""
    return {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(ROOT)}


async def start_worker(
    env: dict[str, str], cwd: Path, *, registered: bool
) -> asyncio.subprocess.Process:
    script = f"UNREGISTERED = {not registered}\n{CHILD}"
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, cwd=cwd, env=env, stderr=asyncio.subprocess.PIPE
    )


async def stop_worker(child: asyncio.subprocess.Process) -> bytes:
    child.terminate()  # SIGTERM: drains (nothing running) and exits
    try:
        _, err = await asyncio.wait_for(child.communicate(), 60)
    except TimeoutError:
        child.kill()
        _, err = await child.communicate()
    return err


async def test_health_readiness_and_metrics(platform_server: Any, s3: Any, tmp_path: Path) -> None:
    health, ready, metrics = free_port(), free_port(), free_port()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "00000000000000000001-1-0001-complete_interview.json").write_text("{}")
    env = {
        **child_env(tmp_path),
        **platform_server.settings_env,
        **s3.settings_env,
        "MAX_RETRIES": "1",
        "OUTBOX_DIR": str(outbox),
        "RECORDING_SPOOL_DIR": str(tmp_path / "spool"),
        "WORKER_IDLE_PROCESSES": "0",
        "WORKER_HEALTH_PORT": str(health),
        "WORKER_READY_PORT": str(ready),
        "WORKER_METRICS_PORT": str(metrics),
        "WORKER_METRICS_DIR": str(tmp_path / "metrics"),
    }
    child = await start_worker(env, tmp_path, registered=False)
    try:
        status, body = await until(lambda: get(f"http://127.0.0.1:{health}/"))
        assert (status, body) == (200, "OK")  # liveness: LiveKit's own endpoint

        status, body = await until(lambda: get(f"http://127.0.0.1:{ready}/ready"))
        assert status == 200, body
        assert '"platform": {"ok": true' in body and '"s3": {"ok": true' in body

        async def scraped() -> str | None:
            _, text = await get(f"http://127.0.0.1:{metrics}/metrics")
            return text if "interview_agent_outbox_depth 1.0" in text else None

        text = await until(scraped)
        # LiveKit's main-process series come through the same exporter
        assert "lk_agents_worker_load" in text

        platform_server.stop()  # the platform goes away: not ready, still alive
        try:
            await asyncio.sleep(5.5)  # readiness answers from a 5 s cache
            status, body = await get(f"http://127.0.0.1:{ready}/ready")
            assert status == 503
            assert '"platform": {"ok": false' in body and '"s3": {"ok": true' in body
            assert (await get(f"http://127.0.0.1:{health}/"))[0] == 200
        finally:
            platform_server.start()
    finally:
        err = await stop_worker(child)
    assert b"Traceback" not in err, err.decode()[-3000:]


class FakeLiveKit:
    """LiveKit's worker endpoint as its dispatcher sees workers: what they register and
    report, and their answers to a job offer."""

    def __init__(self) -> None:
        self.registered: list[agent.RegisterWorkerRequest] = []
        self.statuses: list[agent.UpdateWorkerStatus] = []
        self.answers: list[agent.AvailabilityResponse] = []
        self.url = ""
        self._ws: web.WebSocketResponse | None = None

    async def worker_socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = self._ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for raw in ws:
            message = agent.WorkerMessage()
            message.ParseFromString(raw.data)
            if message.HasField("register"):
                self.registered.append(message.register)
                answer = agent.ServerMessage()
                answer.register.worker_id = "AW_test"
                await ws.send_bytes(answer.SerializeToString())
            elif message.HasField("update_worker"):
                self.statuses.append(message.update_worker)
            elif message.HasField("availability"):
                self.answers.append(message.availability)
        return ws

    async def offer_job(self, job_id: str) -> None:
        assert self._ws is not None
        offer = agent.ServerMessage()
        offer.availability.job.id = job_id
        offer.availability.job.type = agent.JobType.JT_ROOM
        offer.availability.job.room.name = f"interview-{job_id}"
        await self._ws.send_bytes(offer.SerializeToString())


@pytest.fixture
async def livekit() -> AsyncIterator[FakeLiveKit]:
    server = FakeLiveKit()
    app = web.Application()
    app.router.add_get("/agent", server.worker_socket)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    server.url = f"ws://127.0.0.1:{runner.addresses[0][1]}"
    yield server
    await runner.cleanup()


def livekit_env(livekit: FakeLiveKit) -> dict[str, str]:
    return {
        "LIVEKIT_URL": livekit.url,
        "LIVEKIT_API_KEY": "devkey",
        "LIVEKIT_API_SECRET": "devsecret-devsecret-devsecret-0123",
    }


async def test_the_worker_registers_with_livekit_under_its_agent_name(
    livekit: FakeLiveKit, tmp_path: Path
) -> None:
    """What LiveKit's dispatcher sees of LIVEKIT_AGENT_NAME: the worker's registration."""
    env = {
        **child_env(tmp_path),
        **livekit_env(livekit),
        "WORKER_IDLE_PROCESSES": "0",
        "WORKER_HEALTH_PORT": str(free_port()),
        "WORKER_READY_PORT": "0",
        "WORKER_METRICS_PORT": "0",
    }
    # from .env, which only the settings read (LiveKit itself reads os.environ)
    (tmp_path / ".env").write_text("LIVEKIT_AGENT_NAME=interviewer-test\n")
    child = await start_worker(env, tmp_path, registered=True)
    try:

        async def seen() -> bool:
            return bool(livekit.registered)

        await until(seen)
    finally:
        err = await stop_worker(child)
    assert livekit.registered[0].agent_name == "interviewer-test"
    assert b"Traceback" not in err, err.decode()[-3000:]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize(
    ("variable", "logged", "killed"),
    [
        ("WORKER_JOB_MEMORY_WARN_MB", "memory usage is above the warning threshold", False),
        ("WORKER_JOB_MEMORY_LIMIT_MB", "exceeded memory limit, killing it", True),
    ],
)
async def test_the_worker_options_act_on_jobs_and_processes(
    livekit: FakeLiveKit,
    platform_server: Any,
    s3: Any,
    tmp_path: Path,
    variable: str,
    logged: str,
    killed: bool,
) -> None:
    """`python -m agent start` with a load threshold any load exceeds, a 1 MB job-process
    memory bound and a drain timeout: LiveKit's dispatcher is told the worker is full and
    is refused a job, the prewarmed job process is warned about (or killed), and SIGTERM
    drains with the configured timeout. (Waiting the drain timeout out needs a live job
    and at least 60 s: not done here.)"""
    env = {
        **child_env(tmp_path),
        "HF_HUB_OFFLINE": "1",
        **livekit_env(livekit),
        **platform_server.settings_env,
        **s3.settings_env,
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "RECORDING_SPOOL_DIR": str(tmp_path / "spool"),
        "OPENAI_API_KEY": "sk-unused",  # remote models: a prewarm without local weights
        "WORKER_LOAD_THRESHOLD": "0.000001",
        "WORKER_IDLE_PROCESSES": "1",
        variable: "1",
        "WORKER_DRAIN_TIMEOUT": "61",
        "WORKER_HEALTH_PORT": str(free_port()),
        "WORKER_READY_PORT": "0",
        "WORKER_METRICS_PORT": "0",
    }
    child = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "agent", "start"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    records: list[dict[str, Any]] = []

    async def read_logs() -> None:  # LiveKit's CLI logs JSON lines to stdout in `start`
        assert child.stdout is not None
        async for line in child.stdout:
            with contextlib.suppress(ValueError):
                records.append(json.loads(line))

    assert child.stderr is not None
    reader = asyncio.gather(read_logs(), child.stderr.read())

    def logged_record(text: str) -> dict[str, Any] | None:
        return next((r for r in records if text in r.get("message", "")), None)

    try:

        async def reported_load() -> bool:
            return any(status.load > 0 for status in livekit.statuses)

        await until(reported_load)
        status = next(status for status in livekit.statuses if status.load > 0)
        assert status.status == agent.WorkerStatus.WS_FULL
        await livekit.offer_job("J_over_threshold")

        async def answered() -> bool:
            return bool(livekit.answers)

        await until(answered)
        assert livekit.answers[0].job_id == "J_over_threshold"
        assert not livekit.answers[0].available

        async def memory_acted() -> dict[str, Any] | None:
            return logged_record(logged)

        record = await until(memory_acted)
        assert record["memory_usage_mb"] > 1 and not record["has_running_job"]
        if killed:

            async def gone() -> bool:
                return not alive(record["pid"])

            await until(gone, within=30)
        else:  # a warning only: the process stays
            assert alive(record["pid"])
    finally:
        child.terminate()  # SIGTERM: LiveKit's CLI drains the worker, then exits
        _, err = await asyncio.wait_for(reader, 90)
        await child.wait()
    drained = logged_record("draining worker")
    assert drained is not None and drained["timeout"] == 61
    assert b"Traceback" not in err, err.decode()[-3000:]


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
