"""Upload what earlier recorders left in the spool (S3 refused it, or the worker died).

Run ``await SpoolUploader(...).drain()`` at worker start (and, if wanted, on a timer).
Entries a live recorder still holds (flock) are skipped, so running it while
interviews are in progress is safe. Each upload starts from byte 0 of the file:
whatever a dead recorder (or an interrupted drain) had sent is aborted, since the
file is the complete truth.

Like the outbox: one entry never blocks the others; junk (no manifest, no audio) is
moved to ``dead/`` with the reason at once; an entry S3 refuses for good (no bucket,
access denied) ``max_attempts`` times goes there too, while an unreachable S3 only
counts attempts and leaves it for the next drain.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import av
import structlog

from agent.recording.base import DURATION_METADATA
from agent.recording.spool import JunkEntry, SpoolEntry, bury, list_entries
from agent.recording.uploader import StreamingUpload
from service.storage import MIN_PART_SIZE, MultipartUpload, StorageError

log = structlog.get_logger(__name__)

_JUNK_GRACE_S = 120.0
_ALARM_COUNT = 20  # recordings waiting that log recording.spool_backlog


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


@dataclass(frozen=True, slots=True)
class DrainResult:
    """What one drain did with one entry (``key`` is the directory's name for junk)."""

    key: str
    status: Literal["uploaded", "failed", "dead"]


def probe_duration(path: Path) -> float | None:
    """Seconds of audio in an Ogg file, also one cut short by a crash; None if unreadable."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            end = None
            for packet in container.demux(stream):
                if packet.pts is not None:
                    end = packet.pts + (packet.duration or 0)
            if end is None or stream.time_base is None:
                return None
            return max(0.0, float(end * stream.time_base))
    except (av.FFmpegError, IndexError, OSError):
        return None


class SpoolUploader:
    def __init__(
        self,
        *,
        s3_client: Any,
        spool_dir: str | Path,
        part_size: int = MIN_PART_SIZE,
        max_attempts: int = 5,
        alarm_age_s: float = 3600.0,
    ):
        self._client = s3_client
        self._spool_dir = Path(spool_dir)
        self._part_size = part_size
        self._max_attempts = max_attempts
        self._alarm_age_s = alarm_age_s

    async def drain(self) -> list[DrainResult]:
        """Upload every unheld entry; failures stay in the spool for the next drain."""
        results: list[DrainResult] = []
        paths = await asyncio.to_thread(list_entries, self._spool_dir)
        await asyncio.to_thread(self._check_backlog, paths)
        for path in paths:
            # (before claim(), which may create the lock file and touch the directory)
            young = time.time() - await asyncio.to_thread(_mtime, path) < _JUNK_GRACE_S
            try:
                entry = await asyncio.to_thread(SpoolEntry.claim, path)
            except JunkEntry as exc:
                if young:
                    continue  # maybe a recorder between mkdir and its first manifest
                await self._bury(path, str(exc))
                results.append(DrainResult(path.name, "dead"))
                continue
            if entry is None:
                continue  # a live recorder (or another drain) holds it
            try:
                results.append(await self._upload(entry))
            finally:
                entry.release()
        return results

    def _check_backlog(self, paths: list[Path]) -> None:
        """Log ``recording.spool_backlog`` when recordings pile up or wait too long."""
        if not paths:
            return
        oldest = max(0.0, time.time() - min(_mtime(p) for p in paths))
        if len(paths) >= _ALARM_COUNT or oldest >= self._alarm_age_s:
            log.error(
                "recording.spool_backlog",
                entries=len(paths),
                oldest_age_s=round(oldest),
                spool=str(self._spool_dir),
                hint="S3 has not taken these recordings: check the bucket and credentials",
            )

    async def _bury(self, path: Path, reason: str) -> None:
        try:
            await asyncio.to_thread(bury, path, reason)
        except OSError as exc:
            log.error("recording.spool_bury_failed", spool=str(path), error=str(exc))
            return
        log.error("recording.spool_dead_letter", spool=str(path), reason=reason)

    async def _upload(self, entry: SpoolEntry) -> DrainResult:
        m = entry.manifest
        if m.upload_id:
            stale = MultipartUpload(
                client=self._client, bucket=m.bucket, key=m.key, upload_id=m.upload_id
            )
            with contextlib.suppress(StorageError):
                await stale.abort()
        duration = m.duration_s
        if duration is None:
            duration = await asyncio.to_thread(probe_duration, entry.audio_path)
        if duration is not None:
            m.metadata[DURATION_METADATA] = f"{duration:.3f}"
        upload = StreamingUpload(client=self._client, entry=entry, part_size=self._part_size)
        try:
            size = await asyncio.to_thread(lambda: entry.audio_path.stat().st_size)
            await upload.upload_whole(size)
        except (StorageError, OSError) as exc:
            message = exc.message if isinstance(exc, StorageError) else f"spool unreadable: {exc}"
            log.warning(
                "recording.drain_failed",
                key=m.key,
                bucket=m.bucket,
                error=message,
                error_type=type(exc).__name__,
                spool=str(entry.path),
            )
            m.attempts += 1
            permanent = not isinstance(exc, StorageError) or not exc.retryable
            if permanent and m.attempts >= self._max_attempts:
                entry.release()
                await self._bury(entry.path, f"refused {m.attempts} times: {message}")
                return DrainResult(m.key, "dead")
            with contextlib.suppress(OSError):
                await asyncio.to_thread(entry.save)
            return DrainResult(m.key, "failed")
        await asyncio.to_thread(entry.remove)
        log.info("recording.drained", key=m.key, bucket=m.bucket, bytes=size, duration_s=duration)
        return DrainResult(m.key, "uploaded")
