"""A worker that dies mid-interview loses only the last seconds of audio.

What is lost is what was not on disk yet: up to one flush interval (1 s) the writer
had not been told was settled, plus the Ogg page the muxer was still filling and the
one it holds back (pages are ~1 s). Far less than the "one part" (5 MiB ≈ 14 min) a
memory-buffered multipart upload would lose.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from agent.recording import DURATION_METADATA, SpoolUploader
from tests.fixtures.s3 import S3Env
from tests.recording.conftest import decode

ROOT = Path(__file__).resolve().parents[2]


async def test_drain_uploads_what_a_crashed_recorder_left(s3: S3Env, spool: Path):
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.recording.crash_child",
        str(s3.server.port),
        s3.bucket,
        str(spool),
        "8",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 17, err.decode()[-2000:]
    assert b"recorded" in out
    assert not s3.client.list_objects_v2(Bucket=s3.bucket).get("Contents")

    (done,) = await SpoolUploader(s3_client=s3.client, spool_dir=spool).drain()

    assert done.status == "uploaded"
    obj = s3.client.get_object(Bucket=s3.bucket, Key="interviews/app/crash/recording.ogg")
    audio, rate = decode(obj["Body"].read())
    seconds = audio.shape[1] / rate
    assert 8.0 - 3.0 <= seconds <= 8.05
    assert float(obj["Metadata"][DURATION_METADATA]) == pytest.approx(seconds, abs=0.1)
