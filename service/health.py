"""Readiness: can this worker reach what an interview needs (platform, S3)?

Liveness stays LiveKit's (``GET /`` on the health port: the worker process and its
LiveKit connection). Readiness is separate so an orchestrator can stop sending work
to a node whose platform or bucket is unreachable without restarting it: ``GET
/ready`` answers 200 when every dependency answered, 503 otherwise, with one entry
per dependency in the JSON body. Probes run at most once per ``ttl`` seconds
whatever the polling rate, so a busy load balancer cannot hammer the platform.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from aiohttp import web
from gql import gql

from config.settings import Settings
from service.graphql import PlatformClient
from service.http import http_session_from_settings

PING = gql("query Ping { __typename }")


@dataclass
class Probe:
    ok: bool
    latency_ms: int
    error: str | None = None


Check = Callable[[], Awaitable[object]]


class Readiness:
    def __init__(self, checks: dict[str, Check], *, ttl: float = 5.0, timeout: float = 5.0) -> None:
        self._checks = checks
        self._ttl = ttl
        self._timeout = timeout
        self._last: tuple[float, dict[str, Probe]] | None = None
        self._lock = asyncio.Lock()

    async def report(self) -> dict[str, Probe]:
        async with self._lock:
            if self._last is not None and time.monotonic() - self._last[0] < self._ttl:
                return self._last[1]
            probes = await asyncio.gather(*map(self._probe, self._checks.values()))
            result = dict(zip(self._checks, probes, strict=True))
            self._last = (time.monotonic(), result)
            return result

    async def _probe(self, check: Check) -> Probe:
        started = time.monotonic()
        try:
            await asyncio.wait_for(check(), self._timeout)
        except TimeoutError:
            return Probe(False, _ms(started), f"no answer within {self._timeout:.0f}s")
        except Exception as exc:  # any failure means not ready; the message says which
            return Probe(False, _ms(started), f"{type(exc).__name__}: {exc}"[:300])
        return Probe(True, _ms(started))

    async def handle(self, _request: web.Request) -> web.Response:
        report = await self.report()
        ready = all(p.ok for p in report.values())
        body = {"ready": ready, **{name: asdict(p) for name, p in report.items()}}
        return web.json_response(body, status=200 if ready else 503)


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def platform_check(client: PlatformClient) -> Check:
    """An authenticated GraphQL round trip: the URL, the network and the API key."""
    return lambda: client.execute(PING)


def s3_check(s3_client: Any, bucket: str) -> Check:
    """HeadBucket: the endpoint, the credentials and the bucket."""
    return lambda: asyncio.to_thread(s3_client.head_bucket, Bucket=bucket)


async def serve_readiness(settings: Settings) -> Callable[[], Awaitable[None]]:
    """Start ``GET /ready`` on every interface at ``WORKER_READY_PORT``; returns what stops it."""
    from service.storage import make_s3_client

    session = http_session_from_settings(settings.platform)
    client = PlatformClient.from_settings(settings.platform, session=session, max_attempts=1)
    checks: dict[str, Check] = {"platform": platform_check(client)}
    storage = settings.storage
    if storage.recording_mode != "off" and storage.aws_bucket_name:
        s3 = make_s3_client(storage, max_attempts=1, read_timeout=5.0)
        checks["s3"] = s3_check(s3, storage.aws_bucket_name)
    app = web.Application()
    app.router.add_get("/ready", Readiness(checks).handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", settings.worker.ready_port).start()

    async def _stop() -> None:
        await runner.cleanup()
        await session.close()

    return _stop
