"""What every recorder promises the orchestrator, and what it hands back.

The orchestrator only sees :class:`Recorder`: start before the voice session (the
interview id may come later, while the greeting plays), wrap the session's audio
input/output, stop when the interview ends. Whatever goes wrong
with storage is reported in the :class:`RecordingResult` (``status`` + ``note``), never
raised: a recording problem must not end an interview.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from livekit.agents.voice import io

from agent.recording.notes import failed_note
from service.models import is_platform_id

CONTENT_TYPE = "audio/ogg"
DURATION_METADATA = "duration-s"
"""S3 user metadata key (sent as ``x-amz-meta-duration-s``) holding seconds, e.g. "912.48"."""


class RecordingStatus(StrEnum):
    UPLOADED = "uploaded"
    """The whole recording is in the bucket at ``key``."""
    PENDING = "pending"
    """Someone else (LiveKit egress) is finishing the upload to ``key``."""
    SPOOLED = "spooled"
    """S3 did not take it (yet); the bytes are on the worker's disk and a later
    ``SpoolUploader.drain()`` puts them at ``key``."""
    FAILED = "failed"
    """Nothing usable was recorded; ``note`` says why."""
    OFF = "off"
    """Recording is disabled by configuration."""


@dataclass(frozen=True, slots=True)
class RecordingResult:
    status: RecordingStatus
    bucket: str | None = None
    key: str | None = None
    url: str | None = None
    """``s3://bucket/key`` or a presigned https URL (RECORDING_URL_STYLE); also given
    when spooled, because that is where the drain will put the object."""
    duration_s: float = 0.0
    note: str | None = None
    """Human text for the interview notes when anything went wrong, else None."""
    bytes: int = 0

    @classmethod
    def failed(cls, *, bucket: str | None, key: str | None, reason: str) -> RecordingResult:
        """Nothing usable was recorded; the note says why (for the interview notes)."""
        return cls(RecordingStatus.FAILED, bucket=bucket, key=key, note=failed_note(reason))


class Recorder(Protocol):
    async def start(self, *, application_id: str, interview_id: str | None = None) -> None:
        """Start recording; the interview id may follow (``set_interview_id``) once the
        platform has created the record, and nothing recorded before then is lost."""

    async def set_interview_id(self, interview_id: str) -> None: ...

    def wrap_input(self, audio_input: io.AudioInput) -> io.AudioInput: ...

    def wrap_output(self, audio_output: io.AudioOutput) -> io.AudioOutput: ...

    async def stop(self) -> RecordingResult: ...

    async def aclose(self) -> None: ...


class NullRecorder:
    """RECORDING_MODE=off: records nothing; ``wrap_*`` return their argument (no overhead)."""

    async def start(self, *, application_id: str, interview_id: str | None = None) -> None:
        return None

    async def set_interview_id(self, interview_id: str) -> None:
        return None

    def wrap_input(self, audio_input: io.AudioInput) -> io.AudioInput:
        return audio_input

    def wrap_output(self, audio_output: io.AudioOutput) -> io.AudioOutput:
        return audio_output

    async def stop(self) -> RecordingResult:
        return RecordingResult(RecordingStatus.OFF)

    async def aclose(self) -> None:
        return None


def recording_key(application_id: str, interview_id: str) -> str:
    """``interviews/{applicationId}/{interviewId}/recording.ogg``.

    Ids become path segments (S3 key and spool directory), so anything that could
    climb out of them (``/``, ``..``) is refused rather than escaped.
    """
    for name, value in (("application_id", application_id), ("interview_id", interview_id)):
        if not is_platform_id(value):
            raise ValueError(f"{name} {value!r} is not usable in an S3 key")
    return f"interviews/{application_id}/{interview_id}/recording.ogg"
