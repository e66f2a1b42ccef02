"""The worker's Prometheus series, served by LiveKit's own exporter.

livekit-agents exposes ``prometheus_client``'s registry on ``prometheus_port`` and,
with ``PROMETHEUS_MULTIPROC_DIR`` set, reads every process's value files through
``MultiProcessCollector`` (``livekit.agents.telemetry.http_server``). Interviews run in
job processes, so these series are plain ``prometheus_client`` objects that write to
that directory too: one exporter, LiveKit's ``lk_agents_*`` beside ours.

Labels are low-cardinality on purpose: status, GraphQL operation, error class. Ids
(interview, application, room) go to the end-of-interview log line, never to labels.

Import this module only after the multiprocess directory exists and LiveKit has
cleaned it (job processes, or the main process once the worker started): an
unlabelled gauge opens its value file at import.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from prometheus_client import Counter, Gauge, Histogram, multiprocess

from agent.recording.spool import MANIFEST_NAME, Manifest, list_entries
from service.outbox import Outbox

if TYPE_CHECKING:
    from livekit.agents import AgentSession

    from agent.orchestrator import CandidateLink, InterviewOrchestrator, InterviewOutcome
    from service.errors import PlatformError

log = structlog.get_logger(__name__)

NS = "interview_agent"
# voice turns: sub-second is the goal, several seconds is an incident
_TURN_BUCKETS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)

INTERVIEWS = Counter(f"{NS}_interviews", "Interviews by final status", ["status"])
ACTIVE = Gauge(
    f"{NS}_active_interviews",
    "Interviews in progress on this node",
    multiprocess_mode="livesum",
)
SETUP = Histogram(
    f"{NS}_setup_seconds",
    "Job start (or the candidate's arrival, if later) to the interviewer's first audio",
    buckets=(0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 30.0, 60.0),
)
TURN = Histogram(
    f"{NS}_turn_latency_seconds",
    "End of the candidate's speech to the interviewer's first audio, per turn",
    buckets=_TURN_BUCKETS,
)
LLM_TTFT = Histogram(
    f"{NS}_llm_ttft_seconds", "LLM time to first token, per turn", buckets=_TURN_BUCKETS
)
TTS_TTFB = Histogram(
    f"{NS}_tts_ttfb_seconds", "TTS time to first audio byte, per turn", buckets=_TURN_BUCKETS
)
PLATFORM_SECONDS = Histogram(
    f"{NS}_platform_request_seconds",
    "Platform GraphQL calls, retries included, by operation",
    ["operation"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
PLATFORM_ERRORS = Counter(
    f"{NS}_platform_errors",
    "Platform GraphQL calls that failed after retries, by operation and error class",
    ["operation", "error"],
)
OUTBOX_DEPTH = Gauge(
    f"{NS}_outbox_depth", "Platform calls parked in the outbox", multiprocess_mode="mostrecent"
)
OUTBOX_AGE = Gauge(
    f"{NS}_outbox_oldest_age_seconds",
    "Age of the oldest parked platform call (0 when empty)",
    multiprocess_mode="mostrecent",
)
SPOOL_DEPTH = Gauge(
    f"{NS}_recording_spool_depth",
    "Recordings on the local spool, live ones included (an entry leaves once in S3)",
    multiprocess_mode="mostrecent",
)
UPLOAD_LAG = Gauge(
    f"{NS}_recording_upload_lag_seconds",
    "Age of the oldest recording not yet wholly in S3 (0 when none); a live recording "
    "counts from its start, so alert above the longest interview",
    multiprocess_mode="mostrecent",
)


# -- platform calls ---------------------------------------------------------------------
def observe_platform_call(operation: str, seconds: float, error: PlatformError | None) -> None:
    """``PlatformClient(on_call=...)``: latency of every call, and errors by class."""
    PLATFORM_SECONDS.labels(operation=operation).observe(seconds)
    if error is not None:
        PLATFORM_ERRORS.labels(operation=operation, error=type(error).__name__).inc()


# -- the voice session -------------------------------------------------------------------
_TURN_SERIES = (("e2e_latency", TURN), ("llm_node_ttft", LLM_TTFT), ("tts_node_ttfb", TTS_TTFB))


class MeteredLink:
    """A ``CandidateLink`` that times setup (job start, or the candidate's arrival when
    they were not there yet, to the interviewer's first audio) and every turn."""

    def __init__(self, link: CandidateLink) -> None:
        self._link = link
        self._from = time.monotonic()

    async def wait_for_candidate(self, within: float) -> bool:
        asked = time.monotonic()
        present = await self._link.wait_for_candidate(within)
        if time.monotonic() - asked > 0.5:  # they arrived later: count from their arrival
            self._from = time.monotonic()
        return present

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        self._link.on_presence(callback)

    async def start_session(self, session: AgentSession, agent: Any, **wiring: Any) -> None:
        first: list[bool] = []

        def _on_state(ev: Any) -> None:
            if ev.new_state == "speaking" and not first:
                first.append(True)
                SETUP.observe(time.monotonic() - self._from)

        def _on_item(ev: Any) -> None:  # the framework's own per-message metrics
            metrics = getattr(ev.item, "metrics", None) or {}
            for key, series in _TURN_SERIES:
                if metrics.get(key) is not None:
                    series.observe(float(metrics[key]))

        session.on("agent_state_changed", _on_state)
        session.on("conversation_item_added", _on_item)
        await self._link.start_session(session, agent, **wiring)


# -- the interview as a whole -----------------------------------------------------------
async def run_interview(orchestrator: InterviewOrchestrator) -> InterviewOutcome:
    """Run one interview, count it, and log its one summary line."""
    ACTIVE.inc()
    try:
        outcome = await orchestrator.run()
    finally:
        ACTIVE.dec()
    # how the interview ended (the worker's decision); delivery lag shows in the outbox series
    INTERVIEWS.labels(status=outcome.final_status or outcome.status).inc()
    log.info("interview_summary", **summary(outcome))
    return outcome


def summary(outcome: InterviewOutcome) -> dict[str, Any]:
    e2e = outcome.latency.get("e2e_latency", {})
    recording = outcome.recording
    parked = list(outcome.pending_delivery)
    if recording is not None and str(recording.status) == "spooled":
        parked.append("recording")
    return {
        "application_id": outcome.application_id,
        "interview_id": outcome.interview_id,
        "room": outcome.room,
        "status": outcome.status,
        "final_status": outcome.final_status,
        "ended_by": outcome.ended_by,
        "reason": outcome.reason or None,
        "duration_s": round(outcome.duration_s, 1),
        "questions_asked": len(outcome.questions_asked),
        "latency_p50_s": e2e.get("p50"),
        "latency_p95_s": e2e.get("p95"),
        "recording": str(recording.status) if recording is not None else None,
        "parked": parked,
        "problems": len(outcome.problems),
    }


# -- backlogs on disk -------------------------------------------------------------------
def sample_backlogs(outbox_dir: str | Path, spool_dir: str | Path) -> None:
    """Outbox and spool depth and age, read from disk (shared by every job process)."""
    t = time.time()
    depth, oldest = Outbox(outbox_dir, clock=lambda: t).backlog()
    OUTBOX_DEPTH.set(depth)
    OUTBOX_AGE.set(oldest)
    started = [_created_at(p) for p in list_entries(spool_dir)]
    SPOOL_DEPTH.set(len(started))
    UPLOAD_LAG.set(max((t - s for s in started if s is not None), default=0.0))


async def watch_backlogs(outbox_dir: str | Path, spool_dir: str | Path, every: float) -> None:
    """The main process's sampling loop; also forgets job processes that died."""
    while True:
        await asyncio.to_thread(sample_backlogs, outbox_dir, spool_dir)
        await asyncio.to_thread(forget_dead_processes)
        await asyncio.sleep(every)


def forget_dead_processes(directory: str | None = None) -> list[int]:
    """``mark_process_dead`` for every process gone from the multiprocess directory.

    LiveKit does not call it, so a job process that crashed mid-interview would keep
    its ``livesum`` share of the active-interviews gauge forever."""
    directory = directory or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory or not os.path.isdir(directory):
        return []
    pids = {int(path.stem.rsplit("_", 1)[1]) for path in Path(directory).glob("gauge_live*_*.db")}
    dead = sorted(pid for pid in pids if not _alive(pid))
    for pid in dead:
        multiprocess.mark_process_dead(pid, directory)  # type: ignore[no-untyped-call]
    return dead


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _created_at(entry: Path) -> float | None:
    try:
        return Manifest.model_validate_json((entry / MANIFEST_NAME).read_bytes()).created_at
    except (OSError, ValueError):
        return None  # being removed right now (uploaded)
