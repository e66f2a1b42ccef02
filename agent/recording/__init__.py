"""Interview recording: the Recorder protocol and its implementations.

* :class:`S3Recorder` (RECORDING_MODE=worker, default): taps the AgentSession's audio
  with :class:`RecordingAudioInput`/:class:`RecordingAudioOutput`, encodes stereo
  Ogg/Opus (candidate left, interviewer right) in a thread, spools it to disk and
  streams it to S3 as a multipart upload while the interview runs.
* :class:`EgressRecorder` (RECORDING_MODE=egress): asks LiveKit egress to record the room.
* :class:`NullRecorder` (RECORDING_MODE=off).

``build_recorder`` picks one. The taps must be in the session's audio chain before the
first word: ``wrap_input``/``wrap_output`` the session's I/O before ``session.start()``
(in a room, after starting RoomIO by hand: ``agent/room.py``). The recorder starts before
the interview record exists (the greeting plays meanwhile) and ``set_interview_id`` puts
everything recorded so far under its key; ``stop()`` never raises, its status and note
say what happened. Each job start drains what earlier runs left in the spool
(``SpoolUploader``).

Why not LiveKit's ``livekit.agents.voice.recorder_io.RecorderIO``: it taps the same two
streams onto one timeline and encodes stereo Ogg/Opus much as taps.py, timeline.py and
encoder.py do, but it writes to the job's temporary session directory (deleted at job
cleanup), and only uploads the file, read whole at session end, to LiveKit Cloud's
observability, not to our bucket. Nothing reaches S3 while the interview runs, a killed
job loses the recording (ours is appended to the spool and drained by the next start),
it runs only under a job context (not in room-less sessions), and it has no injectable
clock and no backpressure for faster-than-real-time simulation. ``record=False`` turns
it (and the rest of the session report sent to LiveKit Cloud: transcript, traces, logs)
off: its default follows the dispatch's ``enable_recording``, which would encode the
audio a second time and send the candidate's voice to a third party.
"""

from agent.recording.base import (
    DURATION_METADATA,
    NullRecorder,
    Recorder,
    RecordingResult,
    RecordingStatus,
    recording_key,
)
from agent.recording.drain import SpoolUploader
from agent.recording.egress import EgressRecorder, EgressS3Target
from agent.recording.factory import build_recorder
from agent.recording.s3_recorder import S3Recorder
from agent.recording.taps import RecordingAudioInput, RecordingAudioOutput
from agent.recording.uploader import RetryTiming

__all__ = [
    "DURATION_METADATA",
    "EgressRecorder",
    "EgressS3Target",
    "NullRecorder",
    "Recorder",
    "RecordingAudioInput",
    "RecordingAudioOutput",
    "RecordingResult",
    "RecordingStatus",
    "RetryTiming",
    "S3Recorder",
    "SpoolUploader",
    "build_recorder",
    "recording_key",
]
