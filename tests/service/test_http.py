"""The shared session factory."""

from __future__ import annotations

import aiohttp

from config.settings import PlatformSettings
from service.http import create_http_session, http_session_from_settings


async def test_session_has_bounded_pool_timeout_and_no_default_headers() -> None:
    session = create_http_session(max_connections=7, timeout=12.5)
    try:
        assert isinstance(session.connector, aiohttp.TCPConnector)
        assert session.connector.limit == 7
        assert session.timeout.total == 12.5
        assert "x-api-key" not in session.headers
    finally:
        await session.close()


async def test_session_from_settings() -> None:
    settings = PlatformSettings(  # type: ignore[call-arg]
        _env_file=None, http_timeout=3.0, http_max_connections=9
    )
    session = http_session_from_settings(settings)
    try:
        assert session.connector is not None and session.connector.limit == 9
        assert session.timeout.total == 3.0
    finally:
        await session.close()
