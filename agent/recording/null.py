"""The recorder used when RECORDING_MODE=off: the audio path stays untouched."""

from __future__ import annotations

from livekit.agents.voice import io

from agent.recording.base import RecordingResult, RecordingStatus


class NullRecorder:
    """Records nothing; ``wrap_*`` return their argument so there is zero overhead."""

    async def start(self, *, application_id: str, interview_id: str | None = None) -> None:
        return None

    async def set_interview_id(self, interview_id: str) -> None:
        return None

    def wrap_input(self, audio_input: io.AudioInput) -> io.AudioInput:
        return audio_input

    def wrap_output(self, audio_output: io.AudioOutput) -> io.AudioOutput:
        return audio_output

    async def stop(self) -> RecordingResult:
        return RecordingResult(
            bucket=None,
            key=None,
            url=None,
            duration_s=0.0,
            status=RecordingStatus.OFF,
            note=None,
            bytes=0,
        )

    async def aclose(self) -> None:
        return None
