"""Ship a growing spool file to S3 as a multipart upload, part by part, while it grows.

While the interview runs, a background task uploads each whole part as soon as the
encoder has written it, so S3 holds all but the newest < part_size bytes. When S3
fails (unreachable, no bucket, access denied) the task logs it once, keeps the
bytes on disk (they are there anyway) and retries with the project's backoff
(``service.retry``) until S3 answers, then catches up from the file. ``finish()`` sends
what is left as the last part and completes the upload, retrying only what may pass.
The spool drain sends a finished file with the same part loop (``upload_whole``).

A lost multipart upload (NoSuchUpload: aborted, expired, or S3 forgot it) is not an
error worth surfacing: the whole file is still on disk, so the upload restarts from
byte 0.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

import structlog

from agent.recording.spool import SpoolEntry
from service.retry import retry_policy
from service.storage import MultipartUpload, StorageError, UploadNotFound

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class RetryTiming:
    """Retry backoff: exponential from ``initial`` to ``maximum`` seconds, jittered."""

    initial: float = 1.0
    maximum: float = 30.0
    final_attempts: int = 3
    """Attempts at stop(); a refusal (no bucket, access denied) stops at the first."""


class StreamingUpload:
    """Follows one :class:`SpoolEntry` and mirrors it to ``s3://bucket/key``."""

    def __init__(
        self,
        *,
        client: Any,
        entry: SpoolEntry,
        part_size: int,
        retry: RetryTiming = RetryTiming(),
    ) -> None:
        m = entry.manifest
        self._entry = entry
        self._mpu = MultipartUpload(
            client=client,
            bucket=m.bucket,
            key=m.key,
            content_type=m.content_type,
            metadata=m.metadata,
        )
        self._part_size = part_size
        self._retry = retry
        self._written = 0
        self._shipped = 0
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.failures = 0
        """S3 failures seen so far (each logged; the first of a streak as a warning)."""
        self.last_error: StorageError | None = None
        self._streak = 0

    @property
    def parts_uploaded(self) -> int:
        return len(self._mpu.parts)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="recording-upload")
        self._wake.set()  # create the multipart upload now: a missing bucket shows up early

    def notify(self, written: int) -> None:
        """The encoder wrote up to ``written`` bytes (called on the event loop)."""
        self._written = written
        if written - self._shipped >= self._part_size:
            self._wake.set()

    async def finish(self, total: int) -> StorageError | None:
        """Upload the rest and complete; None on success, else the last error."""
        self._written = total
        self._closing.set()
        self._wake.set()
        if self._task is not None:
            await self._task
        retrying = retry_policy(
            max_attempts=self._retry.final_attempts,
            min_wait=self._retry.initial,
            max_wait=self._retry.maximum,
            event=None,  # _ship() logs each failure
        )
        try:
            await retrying(self._ship, final=True)
        except StorageError as exc:
            return exc
        return None

    async def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    @property
    def upload_id(self) -> str | None:
        return self._mpu.upload_id

    async def upload_whole(self, size: int) -> None:
        """The drain's one attempt: the finished file's ``size`` bytes from byte 0.

        Whatever stops it (S3, an unreadable file, a cancel) aborts the upload, and its id
        is in the manifest before the first part, so even a crash leaves no orphan the
        next drain cannot abort. Not boto3's managed transfer (``upload_fileobj``): it keeps
        the upload id to itself, so a killed drain would leave parts no one can abort, and
        it blocks a thread that a cancel cannot stop, so a cancelled drain would go on uploading.
        """
        self._written = size
        try:
            await self._ship_once(final=True)
        except BaseException:
            with contextlib.suppress(StorageError, asyncio.CancelledError):
                await asyncio.shield(self._mpu.abort())
            raise

    # -- internals -------------------------------------------------------------------
    async def _run(self) -> None:
        while not self._closing.is_set():
            await self._wake.wait()
            self._wake.clear()
            retrying = retry_policy(
                max_attempts=None,
                min_wait=self._retry.initial,
                max_wait=self._retry.maximum,
                event=None,  # _ship() logs each failure
                retry_on=lambda exc: isinstance(exc, StorageError),
                sleep=self._pause,
            )
            async for attempt in retrying:
                with attempt:
                    if self._closing.is_set():
                        return  # finish() takes over
                    await self._ship(final=False)
            if self._streak:
                log.info(
                    "recording.s3_recovered",
                    key=self._mpu.key,
                    shipped_bytes=self._shipped,
                    failures=self.failures,
                )
            self._streak = 0

    async def _pause(self, seconds: float) -> None:
        """The backoff wait, cut short by finish()."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def _ship(self, *, final: bool) -> None:
        try:
            try:
                await self._ship_once(final=final)
            except UploadNotFound:
                log.warning("recording.upload_restarted", key=self._mpu.key)
                self._mpu.upload_id, self._mpu.parts, self._shipped = None, [], 0
                await self._ship_once(final=final)
        except StorageError as exc:
            self._failed(exc)
            raise

    async def _ship_once(self, *, final: bool) -> None:
        if self._mpu.upload_id is None:
            self._entry.manifest.upload_id = await self._mpu.create()
            await asyncio.to_thread(self._entry.save)
        while True:
            pending = self._written - self._shipped
            if pending >= self._part_size:
                size = self._part_size
            elif final and (pending > 0 or not self._mpu.parts):
                size = pending  # the last part may be small (or even empty if all else is)
            else:
                break
            body = await asyncio.to_thread(self._entry.read, self._shipped, size)
            await self._mpu.upload_part(body)
            self._shipped += len(body)
            if final and pending <= self._part_size:
                break
        if final:
            await self._mpu.complete()

    def _failed(self, exc: StorageError) -> None:
        self.failures += 1
        self._streak += 1
        self.last_error = exc
        event = "recording.s3_unavailable" if exc.retryable else "recording.s3_refused"
        level = log.warning if self._streak == 1 else log.debug
        level(
            event,
            key=self._mpu.key,
            bucket=self._mpu.bucket,
            error=exc.message,
            error_type=type(exc).__name__,
            failures=self.failures,
            spool=str(self._entry.path),
        )
