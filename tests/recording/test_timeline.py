"""The recording's content: duration, channel placement, interruptions."""

from __future__ import annotations

import pytest

from agent.recording import DURATION_METADATA, RecordingStatus
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import (
    Interview,
    active_seconds,
    decode,
    dominant_hz,
    rms,
    window,
)

CANDIDATE_HZ = 440.0
INTERVIEWER_HZ = 880.0
LEFT, RIGHT = 0, 1
LOUD, QUIET = 0.2, 0.02


async def test_two_speakers_land_on_their_channels_at_their_times(s3: S3Env, clock, make_recorder):
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="app1", interview_id="int1")
    iv = Interview(rec, clock, in_rate=16_000, out_rate=24_000)

    await iv.silence(1.0)  # 0.0 - 1.0
    await iv.candidate(2.0, CANDIDATE_HZ)  # 1.0 - 3.0
    await iv.interviewer(2.0, INTERVIEWER_HZ)  # 3.0 - 5.0
    await iv.silence(1.0)  # 5.0 - 6.0
    await iv.candidate(1.5, CANDIDATE_HZ)  # 6.0 - 7.5
    await iv.interviewer(1.0, INTERVIEWER_HZ)  # 7.5 - 8.5
    result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.UPLOADED, result.note
    assert result.note is None
    assert result.key == "interviews/app1/int1/recording.ogg"
    assert result.url == f"s3://{s3.bucket}/{result.key}"
    assert result.duration_s == pytest.approx(8.5, abs=0.1)

    obj = s3.client.get_object(Bucket=s3.bucket, Key=result.key)
    assert obj["ContentType"] == "audio/ogg"
    assert float(obj["Metadata"][DURATION_METADATA]) == pytest.approx(8.5, abs=0.1)
    data = obj["Body"].read()
    assert len(data) == result.bytes
    audio, rate = decode(data)
    assert rate == 48_000 and audio.shape[0] == 2
    assert audio.shape[1] / rate == pytest.approx(8.5, abs=0.1)

    for start, end in ((1.0, 3.0), (6.0, 7.5)):  # candidate: left only
        assert rms(window(audio, rate, start, end, LEFT)) > LOUD
        assert rms(window(audio, rate, start, end, RIGHT)) < QUIET
        assert dominant_hz(window(audio, rate, start, end, LEFT), rate) == pytest.approx(
            CANDIDATE_HZ, abs=5
        )
    for start, end in ((3.0, 5.0), (7.5, 8.5)):  # interviewer: right only
        assert rms(window(audio, rate, start, end, RIGHT)) > LOUD
        assert rms(window(audio, rate, start, end, LEFT)) < QUIET
        assert dominant_hz(window(audio, rate, start, end, RIGHT), rate) == pytest.approx(
            INTERVIEWER_HZ, abs=5
        )
    for start, end in ((0.0, 1.0), (5.0, 6.0)):  # nobody
        assert rms(window(audio, rate, start, end, LEFT)) < QUIET
        assert rms(window(audio, rate, start, end, RIGHT)) < QUIET


@pytest.mark.parametrize("progress", [False, True], ids=["endpoints", "progress-runs"])
async def test_interrupted_turn_is_cut_where_playback_stopped(
    s3: S3Env, clock, make_recorder, progress: bool
):
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="app1", interview_id=f"cut-{progress}")
    iv = Interview(rec, clock, progress=progress)
    await iv.silence(1.0)
    await iv.interviewer(3.0, INTERVIEWER_HZ, interrupt_after=1.0)  # 1.0 - 2.0 played
    await iv.candidate(2.0, CANDIDATE_HZ)  # the barge-in: 2.0 - 4.0
    result = await rec.stop()

    audio, rate = decode(s3.client.get_object(Bucket=s3.bucket, Key=result.key)["Body"].read())
    assert audio.shape[1] / rate == pytest.approx(4.0, abs=0.1)
    assert active_seconds(audio[RIGHT], rate) == pytest.approx(1.0, abs=0.1)
    assert rms(window(audio, rate, 1.0, 2.0, RIGHT)) > LOUD
    assert rms(window(audio, rate, 2.0, 4.0, RIGHT)) < QUIET  # the unplayed 2 s are not there
    assert active_seconds(audio[LEFT], rate) == pytest.approx(2.0, abs=0.1)


async def test_agent_segment_still_playing_at_stop_is_kept_up_to_now(
    s3: S3Env, clock, make_recorder
):
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="app1", interview_id="tail")
    iv = Interview(rec, clock)
    await iv.silence(0.5)
    n = 480
    from tests.recording.conftest import frame_of, tone

    for i in range(100):  # 2 s pushed, only 1 s played when the interview stops
        await iv.output.capture_frame(frame_of(tone(n, 24_000, INTERVIEWER_HZ, i * n), 24_000))
    iv.output.flush()
    iv.speaker.start_playback()
    await iv.silence(1.0)
    result = await rec.stop()

    audio, rate = decode(s3.client.get_object(Bucket=s3.bucket, Key=result.key)["Body"].read())
    assert audio.shape[1] / rate == pytest.approx(1.5, abs=0.1)
    assert active_seconds(audio[RIGHT], rate) == pytest.approx(1.0, abs=0.1)


def opus_input_rate(data: bytes) -> int:
    """The input sample rate an Ogg/Opus file declares (its OpusHead packet, RFC 7845)."""
    head = data.index(b"OpusHead")
    return int.from_bytes(data[head + 12 : head + 16], "little")


async def test_session_rate_audio_is_encoded_as_it_came(s3: S3Env, clock, make_recorder):
    """24 kHz is what the session carries both ways: recorded at that rate (nothing to
    resample), its whole band kept, played back at Opus's 48 kHz."""
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="app1", interview_id="int1")
    iv = Interview(rec, clock, in_rate=24_000, out_rate=24_000)
    await iv.candidate(2.0, 11_000.0)  # 0.0 - 2.0: near the top of a 24 kHz band
    await iv.interviewer(2.0, INTERVIEWER_HZ)  # 2.0 - 4.0
    result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.UPLOADED, result.note
    data = s3.client.get_object(Bucket=s3.bucket, Key=result.key)["Body"].read()
    assert opus_input_rate(data) == 24_000
    audio, rate = decode(data)
    assert rate == 48_000 and audio.shape[0] == 2
    assert audio.shape[1] / rate == pytest.approx(4.0, abs=0.1)
    assert dominant_hz(window(audio, rate, 0.0, 2.0, LEFT), rate) == pytest.approx(11_000, abs=5)
    assert rms(window(audio, rate, 0.0, 2.0, LEFT)) > LOUD
    assert dominant_hz(window(audio, rate, 2.0, 4.0, RIGHT), rate) == pytest.approx(
        INTERVIEWER_HZ, abs=5
    )
