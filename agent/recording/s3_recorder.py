"""The in-worker recorder: taps the session's audio, encodes Ogg/Opus, streams it to S3.

Data flow::

    RecordingAudioInput ─┐ (loop)               (thread)             (loop + to_thread)
                         ├─ capture, flush ─▶ EncoderThread ─▶ spool ─▶ StreamingUpload ─▶ S3
    RecordingAudioOutput ┘                    mix + Opus       (disk)   multipart parts

*When* audio may be written is decided here, on the loop: the timeline is "settled"
up to the latest input arrival (or ``now - INPUT_STALL`` when the input went quiet),
but never past the start of an agent segment whose playback has not been reported
yet, because that audio will still be placed at its playback time.

Nothing here raises into the interview: storage trouble ends up in
``RecordingResult.status``/``note``, and the log (``recording.*`` events).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import structlog
from livekit.agents.voice import io

from agent.recording.base import (
    CONTENT_TYPE,
    DURATION_METADATA,
    RecordingResult,
    RecordingStatus,
    recording_key,
)
from agent.recording.encoder import Captured, EncodeReport, EncoderThread, EndRun, Flush
from agent.recording.notes import spooled_note, uploaded_note
from agent.recording.spool import Manifest, SpoolEntry
from agent.recording.taps import RecordingAudioInput, RecordingAudioOutput
from agent.recording.uploader import RetryTiming, StreamingUpload
from service.storage import (
    MIN_PART_SIZE,
    StorageError,
    recording_url,
    replace_metadata,
)

log = structlog.get_logger(__name__)

INPUT_STALL = 1.0
"""Input silent this long (no frames at all) counts as silence rather than lateness."""
MAX_PENDING = 120.0
"""An agent segment unreported for longer than this no longer holds the writer back."""
FLUSH_INTERVAL = 1.0
"""How often the encoder is told how far it may write."""


class S3Recorder:
    """Records one interview at a time; build a new one per job."""

    def __init__(
        self,
        *,
        s3_client: Any,
        bucket: str,
        spool_dir: str,
        url_style: Literal["s3", "presigned"] = "s3",
        now: Callable[[], float] = time.time,
        part_size: int = MIN_PART_SIZE,
        allow_small_parts: bool = False,
        retry: RetryTiming | None = None,
        stop_timeout: float = 30.0,
    ) -> None:
        """``now`` must be the clock LiveKit's playback events use (``time.time``);
        tests inject a fake one. ``allow_small_parts`` is for tests against a store
        configured with a lower minimum (moto's ``S3_UPLOAD_PART_MIN_SIZE``)."""
        if part_size < MIN_PART_SIZE and not allow_small_parts:
            raise ValueError(f"part_size must be >= {MIN_PART_SIZE} (S3's minimum part size)")
        self._client = s3_client
        self._bucket = bucket
        self._spool_dir = spool_dir
        self._url_style = url_style
        self._now = now
        self._part_size = part_size
        self._retry = retry or RetryTiming()
        self._stop_timeout = stop_timeout

        self._key: str | None = None
        self._application_id: str | None = None
        self._encoded = 0
        self._active = False
        self._t0 = 0.0
        self._entry: SpoolEntry | None = None
        self._encoder: EncoderThread | None = None
        self._upload: StreamingUpload | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._outputs: list[RecordingAudioOutput] = []
        self._input_settled = 0.0
        self._last_until = 0.0
        self._last_flush_at = 0.0
        self._start_error: str | None = None
        self._result: RecordingResult | None = None

    # -- Recorder protocol ---------------------------------------------------------------
    async def start(self, *, application_id: str, interview_id: str | None = None) -> None:
        """Record from now on. Without ``interview_id`` (the platform record is still being
        created) the audio is spooled under a provisional key and S3 waits for
        :meth:`set_interview_id`; a crash before then leaves it there for the drain."""
        if self._active or self._result is not None:
            raise RuntimeError("an S3Recorder records one interview; build a new one")
        self._application_id = application_id
        self._key = recording_key(
            application_id, interview_id or f"unassigned-{uuid.uuid4().hex[:12]}"
        )
        ids = {"application-id": application_id}
        if interview_id is not None:
            ids["interview-id"] = interview_id
        manifest = Manifest(
            bucket=self._bucket, key=self._key, content_type=CONTENT_TYPE, metadata=ids
        )
        try:
            self._entry = await asyncio.to_thread(SpoolEntry.create, self._spool_dir, manifest)
        except OSError as exc:
            # without a spool there is nowhere to put audio: record nothing, say so
            self._start_error = f"local spool {self._spool_dir!r} is not writable ({exc})"
            log.error("recording.spool_unwritable", spool=self._spool_dir, error=str(exc))
            return
        self._t0 = self._input_settled = self._last_until = self._last_flush_at = self._now()
        self._encoder = EncoderThread(
            t0=self._t0,
            sink=self._entry,
            on_progress=self._on_encoded,
        )
        if interview_id is not None:
            self._start_upload()
        self._ticker = asyncio.create_task(self._tick(), name="recording-ticker")
        self._active = True
        log.info(
            "recording.started", key=self._key, bucket=self._bucket, spool=str(self._entry.path)
        )

    async def set_interview_id(self, interview_id: str) -> None:
        """The interview record exists now: the recording (all of it, from ``start``) goes
        to its key, and the upload to S3 begins."""
        if self._upload is not None or self._result is not None:
            raise RuntimeError("the recording already has its interview id")
        if self._application_id is None:
            raise RuntimeError("start() the recorder before naming its interview")
        self._key = recording_key(self._application_id, interview_id)
        if self._entry is None:  # the spool was unwritable: nothing is recorded anyway
            return
        self._entry.manifest.key = self._key
        self._entry.manifest.metadata["interview-id"] = interview_id
        await asyncio.to_thread(self._entry.save)
        if self._active:
            self._start_upload()
        log.info("recording.named", key=self._key)

    def wrap_input(self, audio_input: io.AudioInput) -> io.AudioInput:
        return RecordingAudioInput(audio_input, sink=self)

    def wrap_output(self, audio_output: io.AudioOutput) -> io.AudioOutput:
        out = RecordingAudioOutput(audio_output, sink=self)
        self._outputs.append(out)
        return out

    async def stop(self) -> RecordingResult:
        """Finish the recording and report; never raises (the interview must complete)."""
        if self._result is not None:
            return self._result
        if not self._active:
            reason = self._start_error or "the recorder was never started"
            self._result = self._failed_result(reason)
            return self._result
        try:
            self._result = await self._stop()
        except Exception as exc:
            log.exception("recording.stop_failed", key=self._key)
            self._result = self._failed_result(f"{type(exc).__name__}: {exc}")
        return self._result

    async def _stop(self) -> RecordingResult:
        end = self._now()
        for out in self._outputs:
            out.settle(end)
        self._active = False
        assert self._ticker is not None and self._encoder is not None and self._entry is not None
        self._ticker.cancel()
        report = await self._encoder.close(end)
        if report.dropped_s:
            # audio stamped before start() or placed after its time was written
            log.info("recording.late_audio_dropped", seconds=round(report.dropped_s, 3))
        await asyncio.to_thread(self._entry.close_audio)
        self._entry.manifest.state = "finished"
        self._entry.manifest.duration_s = round(report.duration_s, 3)
        await asyncio.to_thread(self._entry.save)
        if self._upload is None:
            # no interview record to attach it to (its creation failed): nothing to keep
            await asyncio.to_thread(self._entry.remove)
            return self._failed_result("the interview record was never created")
        try:
            return await asyncio.wait_for(self._finish(report), self._stop_timeout)
        except TimeoutError:
            return await self._spooled(report, None)

    async def aclose(self) -> None:
        """Stop if still recording (nothing is thrown away), then release everything."""
        if self._active:
            await self.stop()
        if self._ticker is not None:
            self._ticker.cancel()
            await asyncio.gather(self._ticker, return_exceptions=True)
        if self._upload is not None:
            await self._upload.cancel()
        if self._entry is not None:
            self._entry.release()

    # -- what tests and the benchmark look at -------------------------------------------
    @property
    def key(self) -> str | None:
        return self._key

    @property
    def parts_uploaded(self) -> int:
        return self._upload.parts_uploaded if self._upload else 0

    @property
    def s3_failures(self) -> int:
        return self._upload.failures if self._upload else 0

    # -- for the taps (called on the event loop) ----------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    def clock(self) -> float:
        return self._now()

    def capture(self, channel: int, started_at: float, pcm: np.ndarray, rate: int, ch: int) -> None:
        """Place int16 audio that started at ``started_at`` on ``channel`` (0 in, 1 out)."""
        assert self._encoder is not None
        if not len(pcm):  # nothing to place, and PyAV's resampler fails on an empty frame
            return
        self._encoder.put(Captured(channel, started_at, pcm, rate, ch))
        if channel == 0:
            self._input_settled = max(self._input_settled, started_at + len(pcm) / (rate * ch))
        now = self._now()
        if now - self._last_flush_at >= FLUSH_INTERVAL:
            self._flush(now)

    def end_run(self, channel: int) -> None:
        assert self._encoder is not None
        self._encoder.put(EndRun(channel))
        if channel == 1:  # an agent segment settled: it may release a long stretch at once
            self._flush(self._now())

    async def wait_writable(self) -> None:
        if self._encoder is not None:
            await self._encoder.wait_writable()

    # -- internals ---------------------------------------------------------------------
    def _start_upload(self) -> None:
        assert self._entry is not None
        self._upload = StreamingUpload(
            client=self._client, entry=self._entry, part_size=self._part_size, retry=self._retry
        )
        self._upload.start()
        if self._encoded:  # what was encoded before the interview id was known
            self._upload.notify(self._encoded)

    def _on_encoded(self, written: int) -> None:
        self._encoded = written
        if self._upload is not None:
            self._upload.notify(written)

    def _flush(self, now: float) -> None:
        """Let the encoder write up to where nothing new can land any more."""
        self._last_flush_at = now
        until = max(self._input_settled, now - INPUT_STALL)
        for out in self._outputs:
            since = out.pending_since
            if since is not None and now - since < MAX_PENDING:
                until = min(until, since)
        if until > self._last_until and self._encoder is not None:
            self._last_until = until
            self._encoder.put(Flush(until))

    async def _tick(self) -> None:
        # for stretches where no tap calls in at all (nobody talks, input paused)
        while True:
            await asyncio.sleep(FLUSH_INTERVAL)
            if self._active:
                self._flush(self._now())

    async def _finish(self, report: EncodeReport) -> RecordingResult:
        assert self._upload is not None and self._key is not None and self._entry is not None
        error = await self._upload.finish(report.bytes)
        if error is not None:
            return await self._spooled(report, error)
        meta_ok = True
        metadata = {**self._entry.manifest.metadata, DURATION_METADATA: f"{report.duration_s:.3f}"}
        try:
            await replace_metadata(
                self._client, self._bucket, self._key, content_type=CONTENT_TYPE, metadata=metadata
            )
        except StorageError as exc:
            meta_ok = False
            log.warning("recording.metadata_failed", key=self._key, error=exc.message)
        await asyncio.to_thread(self._entry.remove)
        log.info(
            "recording.uploaded",
            key=self._key,
            bytes=report.bytes,
            duration_s=round(report.duration_s, 3),
            parts=self._upload.parts_uploaded,
            s3_failures=self._upload.failures,
        )
        note = uploaded_note(
            last_error=self._upload.last_error,
            metadata_ok=meta_ok,
            encoder_error=report.error,
        )
        return await self._stored(report, RecordingStatus.UPLOADED, note)

    async def _spooled(self, report: EncodeReport, error: StorageError | None) -> RecordingResult:
        assert self._entry is not None and self._key is not None and self._upload is not None
        await self._upload.cancel()
        self._entry.manifest.upload_id = self._upload.upload_id
        await asyncio.to_thread(self._entry.save)
        self._entry.release()
        spool = str(self._entry.path)
        log.error(
            "recording.spooled",
            key=self._key,
            bucket=self._bucket,
            spool=spool,
            error=error.message if error else "timed out",
            error_type=type(error).__name__ if error else "TimeoutError",
        )
        note = spooled_note(bucket=self._bucket, key=self._key, spool=spool, error=error)
        return await self._stored(report, RecordingStatus.SPOOLED, note)

    async def _stored(
        self, report: EncodeReport, status: RecordingStatus, note: str | None
    ) -> RecordingResult:
        """Where the recording is (UPLOADED) or will be once the drain puts it (SPOOLED)."""
        assert self._key is not None
        url = await recording_url(self._client, self._bucket, self._key, style=self._url_style)
        return RecordingResult(
            status,
            bucket=self._bucket,
            key=self._key,
            url=url,
            duration_s=report.duration_s,
            note=note,
            bytes=report.bytes,
        )

    def _failed_result(self, reason: str) -> RecordingResult:
        return RecordingResult.failed(bucket=self._bucket, key=self._key, reason=reason)
