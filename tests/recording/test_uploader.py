"""The uploader's last attempts at stop(): what is retried, and how often, against a
real S3 API that is down or refuses."""

from __future__ import annotations

from pathlib import Path

from agent.recording.spool import Manifest, SpoolEntry
from agent.recording.uploader import StreamingUpload
from service.storage import MIN_PART_SIZE, BucketNotFound, StorageUnavailable
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import FAST_RETRY

AUDIO = b"OggS" + bytes(2000)


def upload(s3: S3Env, tmp_path: Path, bucket: str) -> StreamingUpload:
    entry = SpoolEntry.create(
        tmp_path / "spool",
        Manifest(bucket=bucket, key="interviews/u/rec.ogg", content_type="audio/ogg", metadata={}),
    )
    entry.write(AUDIO)
    return StreamingUpload(client=s3.client, entry=entry, part_size=MIN_PART_SIZE, retry=FAST_RETRY)


async def test_an_unreachable_s3_is_tried_final_attempts_times(
    s3_isolated: S3Env, tmp_path: Path
) -> None:
    up = upload(s3_isolated, tmp_path, s3_isolated.bucket)
    s3_isolated.server.stop()
    error = await up.finish(len(AUDIO))
    assert isinstance(error, StorageUnavailable)
    assert up.failures == FAST_RETRY.final_attempts


async def test_a_refusal_is_not_retried_at_stop(s3: S3Env, tmp_path: Path) -> None:
    up = upload(s3, tmp_path, "no-such-bucket-for-uploads")
    error = await up.finish(len(AUDIO))
    assert isinstance(error, BucketNotFound)
    assert up.failures == 1


async def test_the_last_part_lands_when_s3_answers(s3: S3Env, tmp_path: Path) -> None:
    up = upload(s3, tmp_path, s3.bucket)
    assert await up.finish(len(AUDIO)) is None
    body = s3.client.get_object(Bucket=s3.bucket, Key="interviews/u/rec.ogg")["Body"].read()
    assert body == AUDIO and up.failures == 0
