"""Our series through LiveKit's own exporter, as the worker runs it.

Job processes write ``prometheus_client`` value files to ``PROMETHEUS_MULTIPROC_DIR``;
the worker's main process serves ``/metrics`` with LiveKit's
``telemetry.http_server.HttpServer``, which merges every process's files. Here two
child processes play the job processes and the test process plays the main one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from livekit.agents.telemetry.http_server import HttpServer
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from agent import metrics
from service.outbox import Outbox

ROOT = Path(__file__).resolve().parents[2]

JOB = textwrap.dedent(
    """
    import sys
    from agent import metrics
    from service.errors import ServerError

    metrics.ACTIVE.inc()
    metrics.INTERVIEWS.labels(status="COMPLETED").inc()
    metrics.observe_platform_call("GetApplication", 0.12, None)
    metrics.observe_platform_call("CompleteInterview", 0.3, ServerError("HTTP 503", status=503))
    print("ready", flush=True)
    sys.stdin.readline()
    """
)


async def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        assert resp.status == 200
        text = await resp.text()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def job_process(directory: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", JOB],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


async def test_job_processes_series_are_merged_by_livekits_exporter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    server = HttpServer("127.0.0.1", 0)
    await server.start()
    jobs = [job_process(tmp_path), job_process(tmp_path)]
    try:
        url = f"http://127.0.0.1:{server.port}/metrics"
        seen = await scrape(url)
        active = "interview_agent_active_interviews"
        assert seen[(active, ())] == 2
        assert seen[("interview_agent_interviews_total", (("status", "COMPLETED"),))] == 2
        errors = "interview_agent_platform_errors_total"
        key = (("error", "ServerError"), ("operation", "CompleteInterview"))
        assert seen[(errors, key)] == 2
        count = "interview_agent_platform_request_seconds_count"
        assert seen[(count, (("operation", "GetApplication"),))] == 2
        # one series per label set, not one per process
        assert not any("pid" in dict(labels) for _, labels in seen)

        first = jobs.pop(0)
        assert first.stdin is not None
        first.stdin.write("\n")
        first.stdin.flush()
        first.wait(30)
        assert metrics.forget_dead_processes(str(tmp_path)) == [first.pid]
        seen = await scrape(url)
        assert seen[(active, ())] == 1  # a finished job no longer counts as active
        assert seen[("interview_agent_interviews_total", (("status", "COMPLETED"),))] == 2
    finally:
        for job in jobs:
            job.kill()
            job.wait(30)
        await server.aclose()


def test_backlogs_are_read_from_disk(tmp_path: Path) -> None:
    outbox, spool = tmp_path / "outbox", tmp_path / "spool"
    metrics.sample_backlogs(outbox, spool)  # neither exists yet
    assert _gauges() == (0, 0, 0, 0)

    Outbox(outbox, clock=lambda: time.time() - 90).put("i-1", "complete_interview", {})
    (outbox / "x.tmp").write_text("{}")  # a write in progress is not parked yet
    entry = spool / "abc"
    entry.mkdir(parents=True)
    manifest: dict[str, Any] = {
        "bucket": "b",
        "key": "k",
        "content_type": "audio/ogg",
        "created_at": time.time() - 30,
    }
    (entry / "manifest.json").write_text(json.dumps(manifest))
    metrics.sample_backlogs(outbox, spool)
    depth, age, spooled, lag = _gauges()
    assert depth == 1 and 89 <= age <= 120
    assert spooled == 1 and 29 <= lag <= 60


def _gauges() -> tuple[float, ...]:
    names = ("outbox_depth", "outbox_oldest_age_seconds", "recording_spool_depth")
    values = [
        REGISTRY.get_sample_value(f"interview_agent_{n}")
        for n in (*names, "recording_upload_lag_seconds")
    ]
    assert all(v is not None for v in values)
    return tuple(float(v or 0.0) for v in values)
