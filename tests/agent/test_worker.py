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


def test_job_processes_get_importable_functions() -> None:
    """Job processes receive the entrypoint and prewarm by pickling: both must be
    module-level functions (a closure fails only at worker start, in production)."""
    import pickle

    from agent.worker import build_server, interview, prewarm

    assert build_server(load_settings(_env_file=None)).setup_fnc is prewarm
    assert pickle.loads(pickle.dumps(interview)) is interview
    assert pickle.loads(pickle.dumps(prewarm)) is prewarm


def test_drain_timeout_below_a_minute_is_refused() -> None:
    from config.settings import ConfigError

    with pytest.raises(ConfigError) as err:
        load_settings({"WORKER_DRAIN_TIMEOUT": "10"}, _env_file=None)
    assert "WORKER_DRAIN_TIMEOUT" in str(err.value)
