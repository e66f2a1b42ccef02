from collections.abc import AsyncIterator
from typing import Any

import pytest

pytest_plugins = ["tests.fixtures.platform", "tests.fixtures.s3", "tests.fixtures.livekit"]


@pytest.fixture
async def closing() -> AsyncIterator[list[Any]]:
    """What a test built that owns connections (loaders, engines): closed after it."""
    built: list[Any] = []
    yield built
    for thing in built:
        await thing.aclose()
