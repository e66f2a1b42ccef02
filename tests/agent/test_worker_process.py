"""The worker's main process as ops see it: liveness, readiness, metrics.

A real ``AgentServer`` from ``build_server`` runs unregistered (no LiveKit server
here) in a child process, with the environment ``python -m agent start`` prepares;
the local platform and S3 stand behind readiness.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import textwrap
import time
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
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
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


async def test_the_worker_registers_with_livekit_under_its_agent_name(tmp_path: Path) -> None:
    """What LiveKit's dispatcher sees of LIVEKIT_AGENT_NAME: the worker's registration."""
    registered: list[agent.RegisterWorkerRequest] = []

    async def worker_socket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        first = agent.WorkerMessage()
        first.ParseFromString(await ws.receive_bytes())
        registered.append(first.register)
        answer = agent.ServerMessage()
        answer.register.worker_id = "AW_test"
        await ws.send_bytes(answer.SerializeToString())
        async for _ in ws:  # status updates until the worker goes
            pass
        return ws

    app = web.Application()
    app.router.add_get("/agent", worker_socket)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "LIVEKIT_URL": f"ws://127.0.0.1:{port}",
        "LIVEKIT_API_KEY": "devkey",
        "LIVEKIT_API_SECRET": "devsecret-devsecret-devsecret-0123",
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
            return bool(registered)

        await until(seen)
    finally:
        err = await stop_worker(child)
        await runner.cleanup()
    assert registered[0].agent_name == "interviewer-test"
    assert b"Traceback" not in err, err.decode()[-3000:]


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
