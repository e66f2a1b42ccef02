"""Recording through LiveKit egress, for deployments that run the egress service.

The worker asks LiveKit to record the room (RoomComposite, audio only, Ogg) and to
upload it to our bucket under the same key scheme as the in-worker recorder. Egress
mixes with ``DUAL_CHANNEL_AGENT``: agent participants on one channel, everyone else
on the other. Note the order is LiveKit's (egress puts the agent on the LEFT),
the opposite of the in-worker recorder (candidate left, interviewer right).

Stopping returns the egress' ``EgressInfo``; its ``file_results`` say where the file
went. There is no sleep-and-poll: if egress is still uploading (``EGRESS_ENDING``) the
result says ``pending`` with the key it will land at. If the egress already ended on
its own (room closed) StopEgress is refused, and one ListEgress call reads its end
state.

The LiveKit API client speaks Twirp: protobuf request/response bodies over HTTP POST
(``/twirp/livekit.Egress/<Method>``), errors as JSON ``{"code", "msg"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import aiohttp
import structlog
from livekit import api
from livekit.agents.voice import io

from agent.recording.base import RecordingResult, RecordingStatus, recording_key
from agent.recording.notes import failed_note
from service.errors import ServiceError
from service.storage import recording_url

log = structlog.get_logger(__name__)

_RETRYABLE_CODES = frozenset({"unavailable", "internal", "deadline_exceeded", "resource_exhausted"})


class EgressError(ServiceError):
    """LiveKit refused or failed an egress request; ``code`` is the Twirp code."""

    def __init__(self, message: str, *, code: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.code = code


class EgressUnavailable(EgressError):
    """LiveKit/egress did not answer, or answered 5xx/unavailable: try again later."""

    retryable_default: ClassVar[bool] = True


class EgressRefused(EgressError):
    """A 4xx: bad credentials, no room_record grant, bad request, egress not running."""


def map_egress_error(exc: BaseException, *, operation: str) -> EgressError:
    if isinstance(exc, api.TwirpError):
        text = f"LiveKit {operation} failed: {exc.code} (HTTP {exc.status}): {exc.message}"
        if exc.status >= 500 or exc.code in _RETRYABLE_CODES:
            return EgressUnavailable(text, code=exc.code, status=exc.status)
        return EgressRefused(text, code=exc.code, status=exc.status)
    return EgressUnavailable(
        f"LiveKit {operation} failed: {type(exc).__name__} (is LIVEKIT_URL reachable?)"
    )


@dataclass(frozen=True)
class EgressS3Target:
    """Where egress uploads (credentials travel to the egress service in the request;
    leave them None when egress runs with its own IAM role)."""

    bucket: str
    region: str
    endpoint: str | None = None
    access_key: str | None = None
    secret: str | None = None


def build_egress_request(
    *, room_name: str, key: str, target: EgressS3Target, metadata: dict[str, str]
) -> api.RoomCompositeEgressRequest:
    s3 = api.S3Upload(
        bucket=target.bucket,
        region=target.region,
        endpoint=target.endpoint or "",
        access_key=target.access_key or "",
        secret=target.secret or "",
        force_path_style=bool(target.endpoint),
        metadata=metadata,
    )
    return api.RoomCompositeEgressRequest(
        room_name=room_name,
        audio_only=True,
        audio_mixing=api.AudioMixing.DUAL_CHANNEL_AGENT,
        file_outputs=[
            api.EncodedFileOutput(file_type=api.EncodedFileType.OGG, filepath=key, s3=s3)
        ],
    )


class EgressRecorder:
    """Same Recorder protocol; the audio path is untouched (egress records the room)."""

    def __init__(
        self,
        *,
        livekit_api: api.LiveKitAPI,
        room_name: str,
        target: EgressS3Target,
        url_style: str = "s3",
        s3_client: Any | None = None,
    ) -> None:
        """``s3_client`` is only needed to presign URLs (RECORDING_URL_STYLE=presigned)."""
        self._lk = livekit_api
        self._room = room_name
        self._target = target
        self._url_style = url_style
        self._s3 = s3_client
        self._key: str | None = None
        self._application_id: str | None = None
        self._egress_id: str | None = None
        self._error: EgressError | None = None
        self._result: RecordingResult | None = None

    async def start(self, *, application_id: str, interview_id: str | None = None) -> None:
        self._application_id = application_id
        if interview_id is not None:
            await self.set_interview_id(interview_id)

    async def set_interview_id(self, interview_id: str) -> None:
        """Egress writes straight to the key, which needs the interview id, so it starts
        only now: in egress mode what was said before the record existed is not recorded."""
        if self._application_id is None:
            raise RuntimeError("start() the recorder before naming its interview")
        self._key = recording_key(self._application_id, interview_id)
        ids = {"application-id": self._application_id, "interview-id": interview_id}
        request = build_egress_request(
            room_name=self._room, key=self._key, target=self._target, metadata=ids
        )
        try:
            info = await self._lk.egress.start_room_composite_egress(request)
        except (TimeoutError, api.TwirpError, aiohttp.ClientError) as exc:
            self._error = map_egress_error(exc, operation="StartRoomCompositeEgress")
            log.error("recording.egress_start_failed", error=self._error.message, room=self._room)
            return
        self._egress_id = info.egress_id
        log.info("recording.egress_started", egress_id=info.egress_id, key=self._key)

    def wrap_input(self, audio_input: io.AudioInput) -> io.AudioInput:
        return audio_input

    def wrap_output(self, audio_output: io.AudioOutput) -> io.AudioOutput:
        return audio_output

    @property
    def last_error(self) -> EgressError | None:
        return self._error

    async def stop(self) -> RecordingResult:
        if self._result is not None:
            return self._result
        if self._egress_id is None:
            reason = self._error.message if self._error else "egress was never started"
            self._result = self._failed(reason)
            return self._result
        info: api.EgressInfo | None = None
        try:
            info = await self._lk.egress.stop_egress(
                api.StopEgressRequest(egress_id=self._egress_id)
            )
        except (TimeoutError, api.TwirpError, aiohttp.ClientError) as exc:
            self._error = map_egress_error(exc, operation="StopEgress")
            if self._error.code == "failed_precondition":  # it already ended on its own
                info = await self._ended_info()
        if info is None:
            reason = self._error.message if self._error else "no answer from StopEgress"
            log.error("recording.egress_stop_failed", error=reason)
            self._result = self._failed(reason)
        else:
            self._result = await self._from_info(info)
        return self._result

    async def aclose(self) -> None:
        """The LiveKitAPI belongs to the caller, who closes it."""
        if self._result is None and self._egress_id is not None:
            await self.stop()

    # -- internals ---------------------------------------------------------------------
    async def _ended_info(self) -> api.EgressInfo | None:
        """StopEgress refuses an egress that already ended; read its final state once."""
        assert self._egress_id is not None
        try:
            found = await self._lk.egress.list_egress(
                api.ListEgressRequest(egress_id=self._egress_id)
            )
        except (TimeoutError, api.TwirpError, aiohttp.ClientError):
            return None
        return found.items[0] if found.items else None

    async def _from_info(self, info: api.EgressInfo) -> RecordingResult:
        assert self._key is not None
        files = list(info.file_results) or ([info.file] if info.HasField("file") else [])
        f = files[0] if files else None
        key = (f.filename if f and f.filename else None) or self._key
        status, note = _status_of(info)
        log.info(
            "recording.egress_stopped",
            egress_id=info.egress_id,
            egress_status=api.EgressStatus.Name(info.status),
            location=f.location if f else None,
            key=key,
        )
        bucket = self._target.bucket
        failed = status is RecordingStatus.FAILED
        return RecordingResult(
            bucket=bucket,
            key=key,
            url=None
            if failed
            else await recording_url(self._s3, bucket, key, style=self._url_style),
            duration_s=(f.duration / 1e9) if f else 0.0,
            status=status,
            note=note,
            bytes=f.size if f else 0,
        )

    def _failed(self, reason: str) -> RecordingResult:
        return RecordingResult.failed(bucket=self._target.bucket, key=self._key, reason=reason)


def _status_of(info: api.EgressInfo) -> tuple[RecordingStatus, str | None]:
    s = info.status
    if s == api.EgressStatus.EGRESS_COMPLETE:
        return RecordingStatus.UPLOADED, None
    if s == api.EgressStatus.EGRESS_LIMIT_REACHED:
        return RecordingStatus.UPLOADED, "LiveKit egress hit its time limit; the recording is cut."
    if s in (api.EgressStatus.EGRESS_FAILED, api.EgressStatus.EGRESS_ABORTED):
        return RecordingStatus.FAILED, failed_note(
            f"LiveKit egress {api.EgressStatus.Name(s)}: {info.error or 'no reason given'}"
        )
    return RecordingStatus.PENDING, None
