"""The shared session: its pool bounds concurrent sockets, its timeout applies, and it
sends no platform key (CV hosts and anything else it reaches must never see it)."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from config.settings import PlatformSettings
from service.http import http_session_from_settings


def settings(*, timeout: float = 3.0, connections: int = 3) -> PlatformSettings:
    return PlatformSettings(  # type: ignore[call-arg]
        _env_file=None, http_timeout=timeout, http_max_connections=connections
    )


async def test_pool_bounds_concurrent_requests_and_sends_no_api_key() -> None:
    active = peak = 0
    headers: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        headers.extend(k.lower() for k in request.headers)
        await asyncio.sleep(0.05)
        active -= 1
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", handler)
    async with TestServer(app, host="127.0.0.1") as server:
        async with http_session_from_settings(settings(connections=3)) as session:

            async def get() -> str:
                async with session.get(server.make_url("/")) as resp:
                    return await resp.text()

            assert await asyncio.gather(*(get() for _ in range(10))) == ["ok"] * 10

    assert peak == 3
    assert "x-api-key" not in headers


async def test_default_timeout_applies() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    app = web.Application()
    app.router.add_get("/", slow)
    async with TestServer(app, host="127.0.0.1") as server:
        async with http_session_from_settings(settings(timeout=0.2)) as session:
            with pytest.raises(TimeoutError):
                async with session.get(server.make_url("/")):
                    pass
