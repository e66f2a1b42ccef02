"""The LiveKit worker: a thin composition root (models loaded once per job process,
one ``InterviewOrchestrator`` per job, closed in the job's shutdown callbacks).

Process options come from ``WORKER_*`` settings. SIGTERM drains (LiveKit's CLI in
``start`` mode): the worker stops taking jobs, waits up to ``WORKER_DRAIN_TIMEOUT``
for running jobs, and each job then has ``INTERVIEW_SHUTDOWN_TIMEOUT`` for its
shutdown callbacks. Once started, the main process also serves readiness and
samples the outbox and spool for the metrics.
"""

from __future__ import annotations

import asyncio
import math
import os
from typing import Any

import structlog
from livekit.agents import AgentServer, JobContext, JobProcess
from livekit.agents.worker import ServerEnvOption

from agent.components import Components
from agent.metadata import BadJobMetadata, resolve_application_id
from agent.room import RoomLink
from config.logging import bind_interview, configure_logging, register_secrets
from config.settings import Settings, get_settings

log = structlog.get_logger(__name__)

PRELOAD_MODULES = ("agent.components", "agent.orchestrator", "agent.room")
"""Imported once in LiveKit's forkserver (Linux) and shared copy-on-write by every job
process, beside the plugins LiveKit preloads itself: ~40 MB a job would otherwise import
on its own (boto3, the platform client, analysis, recording)."""


def prewarm(proc: JobProcess) -> None:
    settings = get_settings()
    configure_logging(settings.log_level, handler=False)  # forwarded to the main process
    register_secrets(settings.secret_values())
    proc.userdata["engines"] = Components(settings).prewarm()


async def interview(ctx: JobContext) -> None:
    """The session entrypoint (module level: job processes import it by reference)."""
    await run_job(ctx, get_settings())


def build_server(settings: Settings) -> AgentServer:
    w = settings.worker
    server = AgentServer(
        setup_fnc=prewarm,
        preload_modules=list(PRELOAD_MODULES),
        # loading the offline speech models takes ~10 s on 2 busy cores
        initialize_process_timeout=60.0,
        shutdown_process_timeout=settings.interview.shutdown_timeout,
        # `dev` keeps LiveKit's development defaults (no load limit, no idle process)
        load_threshold=ServerEnvOption(dev_default=math.inf, prod_default=w.load_threshold),
        num_idle_processes=ServerEnvOption(dev_default=0, prod_default=w.idle_processes),
        job_memory_warn_mb=w.job_memory_warn_mb,
        job_memory_limit_mb=w.job_memory_limit_mb,
        drain_timeout=w.drain_timeout,
        port=ServerEnvOption(dev_default=0, prod_default=w.health_port),
        prometheus_port=w.metrics_port or None,
        prometheus_multiproc_dir=os.path.abspath(w.metrics_dir) if w.metrics_port else None,
    )
    server.rtc_session(interview, agent_name=settings.livekit.agent_name)
    server.on("worker_started", lambda: _start_ops(settings))
    return server


_ops_tasks: set[asyncio.Task[Any]] = set()


def _start_ops(settings: Settings) -> None:
    """Readiness endpoint and backlog sampling, in the worker's loop once it runs
    (after LiveKit cleaned the metrics directory). Cancelled with the loop at exit."""

    async def _ops() -> None:
        from agent import metrics
        from service.health import serve_readiness

        stop = None
        if settings.worker.ready_port:
            stop = await serve_readiness(settings)
        try:
            await metrics.watch_backlogs(
                settings.platform.outbox_dir, settings.storage.recording_spool_dir, every=15.0
            )
        finally:
            if stop is not None:
                await stop()

    task = asyncio.get_running_loop().create_task(_ops(), name="worker-ops")
    _ops_tasks.add(task)
    task.add_done_callback(_ops_tasks.discard)


async def run_job(ctx: JobContext, settings: Settings) -> None:
    bind_interview(room=ctx.room.name, job_id=ctx.job.id)
    try:
        application_id = resolve_application_id(
            job_metadata=ctx.job.metadata,
            room_metadata=ctx.job.room.metadata,
            room_name=ctx.room.name,
        )
    except BadJobMetadata as exc:
        log.error("bad_job_metadata", error=str(exc))
        ctx.shutdown(reason="bad job metadata")
        return

    components = Components(settings, prewarmed=ctx.proc.userdata.get("engines"))
    await components.open()
    ctx.add_shutdown_callback(components.aclose)
    link = RoomLink(room=ctx.room)
    ctx.add_shutdown_callback(link.aclose)
    await ctx.connect()
    orchestrator = components.orchestrator(
        application_id=application_id,
        room=ctx.room.name,
        link=link,
        recorder=components.recorder(livekit_api=ctx.api, room_name=ctx.room.name),
    )
    from agent.metrics import run_interview  # see agent.metrics: after the worker started

    outcome = await run_interview(orchestrator)
    ctx.shutdown(reason=f"interview {outcome.status.lower()}")
