"""The job entrypoint's own decisions, before any service is built."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from structlog.testing import capture_logs

from agent.worker import run_job
from config.settings import load_settings


class FakeJobContext:
    def __init__(self, *, job_metadata: str, room_metadata: str = "", room: str = "lobby") -> None:
        self.room = SimpleNamespace(name=room)
        self.job = SimpleNamespace(
            id="job-1", metadata=job_metadata, room=SimpleNamespace(metadata=room_metadata)
        )
        self.shutdown_reasons: list[str] = []

    def shutdown(self, reason: str = "") -> None:
        self.shutdown_reasons.append(reason)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the job touched ctx.{name} after bad metadata")


@pytest.mark.parametrize("metadata", ["{not json", '{"foo": 1}', '"just a string"'])
async def test_bad_metadata_ends_the_job_with_a_clear_log(metadata: str) -> None:
    ctx = FakeJobContext(job_metadata=metadata)
    with capture_logs() as logs:
        await run_job(ctx, load_settings(_env_file=None))  # type: ignore[arg-type]
    assert ctx.shutdown_reasons == ["bad job metadata"]
    errors = [entry for entry in logs if entry["log_level"] == "error"]
    assert errors and errors[0]["event"] == "bad_job_metadata"
    assert "application_id" in errors[0]["error"]


def test_server_hands_job_processes_importable_functions() -> None:
    """Job processes receive the entrypoint and prewarm by pickling: both must be
    module-level functions (a closure fails only at worker start, in production)."""
    import pickle

    from agent.worker import build_server, interview, prewarm

    settings = load_settings({"LIVEKIT_AGENT_NAME": "interviewer-test"}, _env_file=None)
    server = build_server(settings)
    assert server._entrypoint_fnc is interview and server.setup_fnc is prewarm
    assert server._agent_name == "interviewer-test"
    assert pickle.loads(pickle.dumps(interview)) is interview
    assert pickle.loads(pickle.dumps(prewarm)) is prewarm


def test_worker_options_come_from_settings() -> None:
    from livekit.agents.worker import ServerEnvOption

    from agent.worker import build_server

    env = {
        "WORKER_LOAD_THRESHOLD": "0.5",
        "WORKER_IDLE_PROCESSES": "3",
        "WORKER_JOB_MEMORY_WARN_MB": "900",
        "WORKER_JOB_MEMORY_LIMIT_MB": "2500",
        "WORKER_DRAIN_TIMEOUT": "1200",
        "WORKER_HEALTH_PORT": "18081",
        "WORKER_METRICS_PORT": "19464",
        "INTERVIEW_SHUTDOWN_TIMEOUT": "150",
    }
    server = build_server(load_settings(env, _env_file=None))
    prod = {
        name: ServerEnvOption.getvalue(getattr(server, f"_{name}"), False)
        for name in ("load_threshold", "num_idle_processes", "port")
    }
    assert prod == {"load_threshold": 0.5, "num_idle_processes": 3, "port": 18081}
    assert ServerEnvOption.getvalue(server._num_idle_processes, True) == 0  # dev: LiveKit's
    assert (server._job_memory_warn_mb, server._job_memory_limit_mb) == (900, 2500)
    assert (server._drain_timeout, server._shutdown_process_timeout) == (1200, 150)
    assert server._prometheus_port == 19464


def test_drain_timeout_below_a_minute_is_refused() -> None:
    from config.settings import ConfigError

    with pytest.raises(ConfigError) as err:
        load_settings({"WORKER_DRAIN_TIMEOUT": "10"}, _env_file=None)
    assert "WORKER_DRAIN_TIMEOUT" in str(err.value)
