"""A durable outbox for results the platform did not accept in time.

When a platform call still fails after the retry policy gave up (the platform is
down for longer than a few seconds), the orchestrator puts the call here instead
of losing it: one JSON file per call, written atomically, named so that calls for
one interview replay in the order they were made. ``replay`` runs at every job
start (and from ``python -m agent outbox``); it stops at an interview's first
failure so that, say, ``completeInterview`` never lands before the transcript.
Every call is idempotent on the platform (transcripts by sequence number, status
changes by target state), so replaying a call that did land is harmless.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog

from service.errors import ServiceError
from service.interviews import InterviewPlatform
from service.models import InterviewUpdate, TranscriptEntry

log = structlog.get_logger(__name__)

OPERATIONS = (
    "add_transcripts",
    "update_interview",
    "complete_interview",
    "cancel_interview",
    "mark_no_show",
)


@dataclass
class ReplayReport:
    sent: int = 0
    failed: int = 0
    left: int = 0


class Outbox:
    def __init__(self, directory: str | Path) -> None:
        self._dir = Path(directory)
        self._counter = 0

    def put(self, interview_id: str, operation: str, payload: dict[str, Any]) -> Path:
        if operation not in OPERATIONS:
            raise ValueError(f"unknown outbox operation {operation!r}")
        self._dir.mkdir(parents=True, exist_ok=True)
        self._counter += 1
        name = f"{time.time_ns():020d}-{os.getpid()}-{self._counter:04d}-{operation}.json"
        path = self._dir / name
        tmp = path.with_suffix(".tmp")
        body = {"interview_id": interview_id, "operation": operation, "payload": payload}
        tmp.write_text(json.dumps(body, default=str), encoding="utf-8")
        tmp.replace(path)  # atomic: a crash leaves either nothing or the whole call
        log.warning("outbox_put", interview_id=interview_id, operation=operation, file=name)
        return path

    def pending(self) -> list[Path]:
        return sorted(self._dir.glob("*.json")) if self._dir.exists() else []

    async def replay(self, platform: InterviewPlatform) -> ReplayReport:
        report = ReplayReport()
        blocked: set[str] = set()
        for path in self.pending():
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
                interview_id = body["interview_id"]
            except (OSError, ValueError, KeyError) as exc:
                log.error("outbox_unreadable", file=path.name, error=str(exc))
                path.rename(path.with_suffix(".bad"))
                report.failed += 1
                continue
            if interview_id in blocked:
                report.left += 1
                continue
            try:
                await send(platform, interview_id, body["operation"], body["payload"])
            except ServiceError as exc:
                log.warning("outbox_replay_failed", file=path.name, error=str(exc))
                blocked.add(interview_id)
                report.left += 1
                continue
            path.unlink()
            report.sent += 1
        if report.sent or report.left:
            log.info("outbox_replayed", sent=report.sent, left=report.left)
        return report


async def send(
    platform: InterviewPlatform, interview_id: str, operation: str, payload: dict[str, Any]
) -> None:
    """Perform one outbox operation against the platform."""
    if operation == "add_transcripts":
        entries = [TranscriptEntry.model_validate(e) for e in payload["entries"]]
        await platform.add_transcripts(interview_id, entries)
    elif operation == "update_interview":
        await platform.update_interview(interview_id, InterviewUpdate.model_validate(payload))
    elif operation == "complete_interview":
        await platform.complete_interview(interview_id)
    elif operation == "cancel_interview":
        await platform.cancel_interview(interview_id, payload.get("reason"))
    elif operation == "mark_no_show":
        await platform.mark_no_show(interview_id)
    else:
        raise ValueError(f"unknown outbox operation {operation!r}")
