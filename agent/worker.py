"""The LiveKit worker: a thin composition root.

``build_server`` registers the prewarm (Silero VAD and, when configured, the
offline engines: loaded once per job process) and the ``interview`` session
entrypoint, which only composes settings, logging context, services and the
``InterviewOrchestrator``, and closes what it opened in shutdown callbacks.
"""

from __future__ import annotations

import structlog
from livekit.agents import AgentServer, JobContext, JobProcess

from agent.components import Components, load_components
from agent.metadata import BadJobMetadata, resolve_application_id
from agent.room import RoomLink
from config.logging import bind_interview, configure_logging, register_secrets
from config.settings import Settings, get_settings

log = structlog.get_logger(__name__)


def prewarm(proc: JobProcess) -> None:
    settings = get_settings()
    configure_logging(settings.log_level, handler=False)  # forwarded to the main process
    register_secrets(settings.secret_values())
    proc.userdata["engines"] = load_components(settings).prewarm()


async def interview(ctx: JobContext) -> None:
    """The session entrypoint (module level: job processes import it by reference)."""
    await run_job(ctx, get_settings())


def build_server(settings: Settings) -> AgentServer:
    server = AgentServer(
        setup_fnc=prewarm,
        # loading the offline speech models takes ~10 s on 2 busy cores
        initialize_process_timeout=60.0,
        shutdown_process_timeout=settings.interview.shutdown_timeout,
    )
    server.rtc_session(interview, agent_name=settings.livekit.agent_name)
    return server


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

    components: Components = load_components(settings, prewarmed=ctx.proc.userdata.get("engines"))
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
    outcome = await orchestrator.run()
    log.info("job_done", status=outcome.status, reason=outcome.reason)
    ctx.shutdown(reason=f"interview {outcome.status.lower()}")
