"""The taps are transparent to the AgentSession: same frames, same events, same chain."""

from __future__ import annotations

import asyncio

from livekit.agents.voice import io

from agent.recording import NullRecorder, RecordingAudioInput, RecordingAudioOutput
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import Interview, Speaker, ToneMic, frame_of, tone


async def test_input_frames_pass_through_unchanged(s3: S3Env, clock, make_recorder):
    rec = make_recorder(s3.client, s3.bucket)
    mic = ToneMic(clock)
    mic.freq = 300.0
    wrapped = rec.wrap_input(mic)
    assert isinstance(wrapped, RecordingAudioInput) and wrapped.source is mic

    before = await wrapped.__anext__()  # not started yet: passes, records nothing
    await rec.start(application_id="a", interview_id="taps-in")
    frame = await wrapped.__anext__()
    assert frame.sample_rate == before.sample_rate == 24_000
    assert frame.samples_per_channel == 480
    await rec.stop()
    assert (await wrapped.__anext__()).samples_per_channel == 480  # and after stop


async def test_output_chain_forwards_audio_and_playback_events(s3: S3Env, clock, make_recorder):
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="a", interview_id="taps-out")
    iv = Interview(rec, clock)
    out = iv.output
    assert isinstance(out, RecordingAudioOutput)
    assert out.sample_rate == 24_000  # the session resamples TTS audio to the real sink's rate
    assert out.can_pause is False  # asks the chain, the speaker cannot pause

    started: list[float] = []
    finished: list[io.PlaybackFinishedEvent] = []
    out.on("playback_started", lambda ev: started.append(ev.created_at))
    out.on("playback_finished", finished.append)

    waiter = asyncio.create_task(out.wait_for_playout())  # what the session awaits
    await iv.interviewer(0.4, 500.0, interrupt_after=0.2)
    ev = await asyncio.wait_for(waiter, 2)

    assert len(iv.speaker.frames) == 20  # every frame reached the real sink
    assert ev.interrupted is True and abs(ev.playback_position - 0.2) < 1e-6
    assert finished == [ev] and len(started) == 1
    await rec.stop()


async def test_clear_buffer_reaches_the_real_sink(s3: S3Env, clock, make_recorder):
    rec = make_recorder(s3.client, s3.bucket)
    speaker = Speaker(clock)
    out = rec.wrap_output(speaker)
    await out.capture_frame(frame_of(tone(480, 24_000, 500.0), 24_000))
    out.flush()
    speaker.start_playback()
    clock.advance(0.01)
    cleared: list[io.PlaybackFinishedEvent] = []
    out.on("playback_finished", cleared.append)
    out.clear_buffer()
    assert cleared and cleared[0].interrupted


async def test_null_recorder_leaves_the_audio_path_alone(clock):
    rec = NullRecorder()
    mic, speaker = ToneMic(clock), Speaker(clock)
    assert rec.wrap_input(mic) is mic
    assert rec.wrap_output(speaker) is speaker
    await rec.start(application_id="a", interview_id="b")
    result = await rec.stop()
    assert result.status == "off" and result.url is None
    await rec.aclose()


async def test_an_empty_frame_does_not_stop_the_recording(s3: S3Env, clock, make_recorder):
    """A source may hand over a frame with no samples (a resampler still filling up);
    the recording goes on around it."""

    class Stutter(ToneMic):
        calls = 0

        async def __anext__(self):  # type: ignore[no-untyped-def]
            self.calls += 1
            frame = await super().__anext__()
            return frame_of(tone(0, 24_000, None), 24_000) if self.calls == 1 else frame

    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="a", interview_id="empty-frame")
    mic = Stutter(clock)
    mic.freq = 300.0
    wrapped = rec.wrap_input(mic)
    for _ in range(100):  # 2 s
        await wrapped.__anext__()
    result = await rec.stop()
    assert result.status.value == "uploaded", result.note
    assert result.duration_s > 1.5
