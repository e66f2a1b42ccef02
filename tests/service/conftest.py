"""Fixtures for the service tests: zero-wait settings, the shared HTTP session, and
clients pointed at the real local platform server (``platform_server``, provided by
``tests/fixtures/platform.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from config.settings import PlatformSettings
from service.applications import ApplicationService
from service.graphql import PlatformClient
from service.http import create_http_session
from service.interviews import InterviewService

ATTEMPTS = 3


@pytest.fixture
def platform(platform_server: Any) -> Any:
    """The local platform with faults disarmed and counters at zero."""
    platform_server.reset()
    yield platform_server
    platform_server.reset()


@pytest.fixture
def platform_settings(platform: Any) -> PlatformSettings:
    """Real settings, pointed at the local platform, with no backoff waits."""
    return PlatformSettings(  # type: ignore[call-arg]
        _env_file=None,
        graphql_endpoint=platform.url,
        api_key=platform.api_key,
        http_timeout=10.0,
        http_max_connections=4,
        max_retries=ATTEMPTS,
        retry_min_wait=0.0,
        retry_max_wait=0.0,
    )


@pytest.fixture
async def http_session() -> AsyncIterator[aiohttp.ClientSession]:
    session = create_http_session(max_connections=4, timeout=10.0)
    yield session
    await session.close()


@pytest.fixture
def client(
    platform_settings: PlatformSettings, http_session: aiohttp.ClientSession
) -> PlatformClient:
    return PlatformClient.from_settings(platform_settings, session=http_session)


@pytest.fixture
def applications(client: PlatformClient) -> ApplicationService:
    return ApplicationService(client=client)


@pytest.fixture
def interviews(client: PlatformClient) -> InterviewService:
    return InterviewService(client=client)
