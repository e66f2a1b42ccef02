"""The spool drain, like the outbox: junk moved aside with its reason, never blocking the
entries behind it, refusals dead-lettered after an attempt limit, no orphaned uploads."""

from __future__ import annotations

import os
import time
from pathlib import Path

from agent.recording import SpoolUploader
from agent.recording.spool import AUDIO_NAME, DEAD_DIR, REASON_NAME, Manifest, SpoolEntry
from tests.fixtures.s3 import S3Env

AUDIO = b"OggS" + bytes(2000)


def entry(spool: Path, bucket: str, key: str, *, audio: bool = True) -> Path:
    made = SpoolEntry.create(
        spool, Manifest(bucket=bucket, key=key, content_type="audio/ogg", metadata={})
    )
    made.write(AUDIO)
    made.manifest.state = "finished"
    made.manifest.duration_s = 1.0
    made.save()
    made.release()
    if not audio:
        (made.path / AUDIO_NAME).unlink()
    long_ago = time.time() - 3600
    os.utime(made.path, (long_ago, long_ago))
    return made.path


def orphaned_uploads(s3: S3Env) -> list[dict[str, str]]:
    return s3.client.list_multipart_uploads(Bucket=s3.bucket).get("Uploads", [])


async def test_junk_entries_are_moved_aside_and_the_good_ones_still_uploaded(
    s3: S3Env, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    missing = entry(spool, s3.bucket, "interviews/a/missing.ogg", audio=False)
    no_manifest = spool / "half-created"
    no_manifest.mkdir()
    os.utime(no_manifest, (time.time() - 3600, time.time() - 3600))
    good = entry(spool, s3.bucket, "interviews/b/good.ogg")

    drainer = SpoolUploader(s3_client=s3.client, spool_dir=spool)
    results = {r.key: r.status for r in await drainer.drain()}
    assert results["interviews/b/good.ogg"] == "uploaded"
    body = s3.client.get_object(Bucket=s3.bucket, Key="interviews/b/good.ogg")["Body"].read()
    assert body == AUDIO
    assert not good.exists() and not missing.exists() and not no_manifest.exists()
    dead = spool / DEAD_DIR
    assert "audio file is missing" in (dead / missing.name / REASON_NAME).read_text()
    assert "no readable manifest" in (dead / no_manifest.name / REASON_NAME).read_text()
    assert orphaned_uploads(s3) == []
    assert await drainer.drain() == []  # nothing left to trip over next time


async def test_a_bucket_that_is_gone_dead_letters_the_entry_after_the_attempt_limit(
    s3: S3Env, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    path = entry(spool, "no-such-bucket-here", "interviews/c/rec.ogg")
    drainer = SpoolUploader(s3_client=s3.client, spool_dir=spool, max_attempts=2)
    assert [r.status for r in await drainer.drain()] == ["failed"]
    assert path.exists()
    assert [r.status for r in await drainer.drain()] == ["dead"]
    reason = (spool / DEAD_DIR / path.name / REASON_NAME).read_text()
    assert "refused 2 times" in reason
    assert (spool / DEAD_DIR / path.name / AUDIO_NAME).read_bytes() == AUDIO  # kept for ops


async def test_an_unreachable_s3_keeps_the_entry_for_the_next_drain(
    s3_isolated: S3Env, tmp_path: Path
) -> None:
    spool = tmp_path / "spool"
    path = entry(spool, s3_isolated.bucket, "interviews/d/rec.ogg")
    drainer = SpoolUploader(s3_client=s3_isolated.client, spool_dir=spool, max_attempts=1)
    s3_isolated.server.stop()
    assert [r.status for r in await drainer.drain()] == ["failed"]
    assert path.exists()  # an outage is not a refusal: no dead letter
    s3_isolated.server.start()
    assert [r.status for r in await drainer.drain()] == ["uploaded"]
    assert orphaned_uploads(s3_isolated) == []


async def test_recordings_that_wait_too_long_raise_the_backlog_alarm(
    s3_isolated: S3Env, tmp_path: Path
) -> None:
    from structlog.testing import capture_logs

    spool = tmp_path / "spool"
    entry(spool, s3_isolated.bucket, "interviews/e/rec.ogg")  # an hour old
    s3_isolated.server.stop()
    drainer = SpoolUploader(s3_client=s3_isolated.client, spool_dir=spool, alarm_age_s=600)
    with capture_logs() as logs:
        await drainer.drain()
    [alarm] = [e for e in logs if e["event"] == "recording.spool_backlog"]
    assert alarm["entries"] == 1 and alarm["oldest_age_s"] >= 3600
