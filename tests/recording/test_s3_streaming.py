"""Streaming to S3 while the interview runs, and what happens when S3 is not there."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from agent.recording import DURATION_METADATA, RecordingStatus, SpoolUploader
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import Interview, decode, wait_until

PART = 16 * 1024


def upload_parts(s3: S3Env, key: str) -> int:
    """Parts S3 holds for the in-progress multipart upload of ``key``."""
    uploads = s3.client.list_multipart_uploads(Bucket=s3.bucket, Prefix=key).get("Uploads", [])
    if not uploads:
        return 0
    parts = s3.client.list_parts(Bucket=s3.bucket, Key=key, UploadId=uploads[-1]["UploadId"])
    return len(parts.get("Parts", []))


def spool_entries(spool: Path) -> list[Path]:
    return [p for p in spool.iterdir() if p.is_dir()] if spool.exists() else []


async def talk(iv: Interview, seconds: float) -> None:
    """Alternating turns, 1 s each, both speakers, for ``seconds``."""
    for i in range(int(seconds)):
        if i % 2:
            await iv.interviewer(1.0, 880.0)
        else:
            await iv.candidate(1.0, 440.0)


def decoded_seconds(s3: S3Env, key: str) -> float:
    audio, rate = decode(s3.client.get_object(Bucket=s3.bucket, Key=key)["Body"].read())
    return audio.shape[1] / rate


async def test_parts_are_uploaded_while_the_interview_runs(
    s3: S3Env, s3_small_parts: int, clock, make_recorder, spool: Path
):
    rec = make_recorder(s3.client, s3.bucket, part_size=PART, allow_small_parts=True)
    await rec.start(application_id="app", interview_id="stream")
    iv = Interview(rec, clock)
    key = rec.key
    assert key is not None

    await talk(iv, 6)
    await wait_until(lambda: upload_parts(s3, key) >= 2)  # before stop(): really streaming
    assert not s3.client.list_objects_v2(Bucket=s3.bucket, Prefix=key).get("Contents")
    await talk(iv, 6)
    result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.UPLOADED
    assert rec.parts_uploaded >= 4  # several full parts + the short last one
    assert result.bytes > 3 * PART
    assert decoded_seconds(s3, key) == pytest.approx(12.0, abs=0.1)
    assert spool_entries(spool) == []  # uploaded: nothing left behind


async def test_small_parts_are_refused_unless_asked_for(s3: S3Env, make_recorder):
    with pytest.raises(ValueError, match="part_size"):
        make_recorder(s3.client, s3.bucket, part_size=PART)


async def test_s3_outage_mid_interview_is_caught_up_when_it_returns(
    s3_isolated: S3Env, s3_small_parts: int, clock, make_recorder
):
    s3 = s3_isolated
    rec = make_recorder(s3.client, s3.bucket, part_size=PART, allow_small_parts=True)
    with capture_logs() as logs:
        await rec.start(application_id="app", interview_id="outage")
        iv = Interview(rec, clock)
        await talk(iv, 4)
        await wait_until(lambda: rec.parts_uploaded >= 1)

        s3.server.stop()
        await talk(iv, 6)  # the interview goes on
        await wait_until(lambda: rec.s3_failures >= 1)
        parts_during_outage = rec.parts_uploaded

        s3.server.start()  # same port
        await talk(iv, 4)
        await wait_until(lambda: rec.parts_uploaded > parts_during_outage)
        result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.UPLOADED
    assert result.note is not None and "unavailable" in result.note
    assert decoded_seconds(s3, result.key or "") == pytest.approx(14.0, abs=0.1)
    events = [e["event"] for e in logs]
    assert "recording.s3_unavailable" in events
    assert "recording.s3_recovered" in events
    outage = next(e for e in logs if e["event"] == "recording.s3_unavailable")
    assert outage["error_type"] == "StorageUnavailable"


async def test_s3_down_at_the_end_spools_and_the_drain_uploads_it(
    s3_isolated: S3Env, s3_small_parts: int, clock, make_recorder, spool: Path
):
    s3 = s3_isolated
    rec = make_recorder(s3.client, s3.bucket, part_size=PART, allow_small_parts=True)
    await rec.start(application_id="app", interview_id="down")
    iv = Interview(rec, clock)
    await talk(iv, 4)
    s3.server.stop()
    await talk(iv, 4)
    result = await rec.stop()  # returns although S3 is gone
    await rec.aclose()

    assert result.status is RecordingStatus.SPOOLED
    assert result.url == f"s3://{s3.bucket}/interviews/app/down/recording.ogg"
    assert result.note is not None and "kept on the worker" in result.note
    (entry,) = spool_entries(spool)
    manifest = json.loads((entry / "manifest.json").read_text())
    assert manifest["state"] == "finished"
    assert manifest["duration_s"] == pytest.approx(8.0, abs=0.1)

    s3.server.start()  # "next worker start"
    drained = await SpoolUploader(s3_client=s3.client, spool_dir=spool, part_size=PART).drain()

    assert [d.status for d in drained] == ["uploaded"]
    assert spool_entries(spool) == []
    head = s3.client.head_object(Bucket=s3.bucket, Key=result.key)
    assert head["ContentType"] == "audio/ogg"
    assert float(head["Metadata"][DURATION_METADATA]) == pytest.approx(8.0, abs=0.1)
    assert decoded_seconds(s3, result.key or "") == pytest.approx(8.0, abs=0.1)
    # the abandoned multipart upload was aborted, not left to accrue storage
    assert not s3.client.list_multipart_uploads(Bucket=s3.bucket).get("Uploads")


async def test_missing_bucket_is_a_clear_error_and_the_recording_is_kept(
    s3: S3Env, clock, make_recorder, spool: Path
):
    bucket = "no-such-bucket-for-recordings"
    rec = make_recorder(s3.client, bucket)
    with capture_logs() as logs:
        await rec.start(application_id="app", interview_id="nobucket")
        iv = Interview(rec, clock)
        await talk(iv, 3)
        result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.SPOOLED
    assert result.note is not None
    assert f"S3 bucket {bucket!r} does not exist" in result.note
    refused = [e for e in logs if e["event"] == "recording.s3_refused"]
    assert refused and refused[0]["error_type"] == "BucketNotFound"
    assert any(e["event"] == "recording.spooled" for e in logs)

    # ops create the bucket; the next drain delivers the recording
    s3.client.create_bucket(Bucket=bucket)
    (done,) = await SpoolUploader(s3_client=s3.client, spool_dir=spool).drain()
    assert done.status == "uploaded" and done.key == result.key
    assert decoded_seconds(S3Env(s3.server, bucket, s3.client), done.key) == pytest.approx(
        3.0, abs=0.1
    )


async def test_drain_leaves_entries_of_live_recorders_alone(
    s3: S3Env, clock, make_recorder, spool: Path
):
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="app", interview_id="live")
    iv = Interview(rec, clock)
    await talk(iv, 2)
    assert await SpoolUploader(s3_client=s3.client, spool_dir=spool).drain() == []
    assert len(spool_entries(spool)) == 1
    result = await rec.stop()
    assert result.status is RecordingStatus.UPLOADED
    assert spool_entries(spool) == []


async def test_presigned_url_style(s3: S3Env, clock, make_recorder):
    import urllib.request

    rec = make_recorder(s3.client, s3.bucket, url_style="presigned")
    await rec.start(application_id="app", interview_id="presigned")
    await Interview(rec, clock).candidate(1.0, 440.0)
    result = await rec.stop()

    assert result.url is not None and result.url.startswith(s3.endpoint_url)
    assert "Signature" in result.url or "X-Amz-Signature" in result.url

    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(url) as resp:
            return bytes(resp.read())

    body = await asyncio.to_thread(fetch, result.url)  # a plain HTTP GET, no credentials
    assert body == s3.client.get_object(Bucket=s3.bucket, Key=result.key)["Body"].read()


async def test_unwritable_spool_records_nothing_but_the_interview_goes_on(
    s3: S3Env, clock, tmp_path: Path
):
    from agent.recording import S3Recorder

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    rec = S3Recorder(s3_client=s3.client, bucket=s3.bucket, spool_dir=str(blocker), now=clock)
    await rec.start(application_id="app", interview_id="nospool")
    iv = Interview(rec, clock)
    await iv.candidate(0.5, 440.0)  # frames still flow through the taps
    await iv.interviewer(0.5, 880.0)
    assert len(iv.speaker.frames) == 25
    result = await rec.stop()
    assert result.status is RecordingStatus.FAILED
    assert result.note is not None and "not writable" in result.note


async def test_audio_from_before_the_interview_id_is_kept_under_its_key(
    s3: S3Env, s3_small_parts: int, clock, make_recorder, spool: Path
):
    """The greeting plays while the platform creates the record: the recorder starts
    without the id, and everything it heard lands under the id's key once it is known."""
    rec = make_recorder(s3.client, s3.bucket, part_size=PART, allow_small_parts=True)
    await rec.start(application_id="app")
    iv = Interview(rec, clock)
    await talk(iv, 4)  # greeting and first answer, before the record exists
    await rec.set_interview_id("late")
    await talk(iv, 4)
    result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.UPLOADED
    assert result.key == "interviews/app/late/recording.ogg"
    head = s3.client.head_object(Bucket=s3.bucket, Key=result.key)
    assert head["Metadata"]["interview-id"] == "late"
    assert decoded_seconds(s3, result.key) == pytest.approx(8.0, abs=0.1)
    assert spool_entries(spool) == []


async def test_a_recording_whose_interview_was_never_created_is_not_uploaded(
    s3: S3Env, clock, make_recorder, spool: Path
):
    rec = make_recorder(s3.client, s3.bucket)
    await rec.start(application_id="app")
    await talk(Interview(rec, clock), 2)
    result = await rec.stop()
    await rec.aclose()

    assert result.status is RecordingStatus.FAILED
    assert "never created" in (result.note or "")
    assert not s3.client.list_objects_v2(Bucket=s3.bucket).get("Contents")
    assert spool_entries(spool) == []
