"""Readiness probes against the real local platform over HTTP."""

from __future__ import annotations

from typing import Any

import aiohttp

from config.settings import PlatformSettings
from service.graphql import PlatformClient
from service.health import Readiness, platform_check


async def test_ready_while_the_platform_answers_and_says_why_not_when_it_refuses(
    platform_settings: PlatformSettings, http_session: aiohttp.ClientSession, platform: Any
) -> None:
    good = PlatformClient.from_settings(platform_settings, session=http_session)
    wrong_key = PlatformClient.from_settings(
        platform_settings, session=http_session, api_key="not-the-key"
    )
    report = await Readiness(
        {"platform": platform_check(good), "other": platform_check(wrong_key)}
    ).report()

    assert report["platform"].ok and report["platform"].error is None
    assert not report["other"].ok
    # the probe names the service error, so ops see which kind of failure it is
    assert report["other"].error is not None
    assert report["other"].error.startswith("AuthError: ")
    assert "PLATFORM_API_KEY" in report["other"].error
    assert "not-the-key" not in report["other"].error
