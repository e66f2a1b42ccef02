"""A LiveKit job process stand-in: one interview in a child process, shut down as LiveKit
shuts a job down (the session closes, the entrypoint is cancelled after a window, the
shutdown callback gets one last delivery)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.faults.rig import (
    Env,
    Row,
    interview_id,
    make_run,
    measure,
    platform_client,
)

# -- the child process (a LiveKit job process stand-in) ----------------------------------------


async def child_case(env: Env, row: Row, tag: str, sig: signal.Signals, *, at: str) -> Row:
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
    else:  # the next job start on this host
        await env.replay(outbox_dir)
    return await measure(env, row, await interview_id(env, room), rows, expect="COMPLETED")


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
        proc = await env.python(
            "scripts.faults",
            "child",
            "--room",
            room,
            "--cancel-window",
            str(cancel_window),
            outbox_dir=outbox_dir,
            stdout=asyncio.subprocess.PIPE,
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
    from service.cv import cv_loader_from_settings
    from service.http import create_http_session
    from service.outbox import Outbox

    settings = load_settings()
    p = settings.platform
    cv_loader = cv_loader_from_settings(settings.cv)  # CV_ALLOWED_HOSTS: the loopback rig
    async with create_http_session(max_connections=8, timeout=10) as http:
        platform = platform_client(http, p.graphql_endpoint or "")
        outbox = Outbox(p.outbox_dir)
        await outbox.deliver(platform)  # Components.open(): the job start's replay
        env = Env(Path(p.outbox_dir), None, None, http, 0, platform, cv_loader)  # type: ignore[arg-type]
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
    await cv_loader.aclose()
    return 0
