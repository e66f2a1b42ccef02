"""Run as a subprocess by test_crash.py: record, then die without stop() (os._exit)."""

from __future__ import annotations

import asyncio
import os
import sys

from agent.recording import S3Recorder
from tests.fixtures.s3 import MotoS3Server
from tests.recording.conftest import FakeClock, Interview


async def main(endpoint_port: int, bucket: str, spool: str, seconds: int) -> None:
    server = MotoS3Server(port=endpoint_port)  # only used to build a client for that port
    clock = FakeClock()
    rec = S3Recorder(s3_client=server.client(), bucket=bucket, spool_dir=spool, now=clock)
    await rec.start(application_id="app", interview_id="crash")
    iv = Interview(rec, clock)
    for i in range(seconds):
        await (iv.candidate(1.0, 440.0) if i % 2 == 0 else iv.interviewer(1.0, 880.0))
    await asyncio.sleep(0.5)  # let the encoder write what it was told is settled
    print("recorded", flush=True)
    os._exit(17)  # a crash: no stop(), no cleanup, the flock dies with the process


if __name__ == "__main__":
    port, bucket, spool, seconds = sys.argv[1:5]
    asyncio.run(main(int(port), bucket, spool, int(seconds)))
