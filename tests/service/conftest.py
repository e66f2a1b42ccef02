"""Service clients on the shared ``client`` fixture (tests/fixtures/platform.py)."""

from __future__ import annotations

import pytest

from service.applications import ApplicationService
from service.graphql import PlatformClient
from service.interviews import InterviewService


@pytest.fixture
def applications(client: PlatformClient) -> ApplicationService:
    return ApplicationService(client=client)


@pytest.fixture
def interviews(client: PlatformClient) -> InterviewService:
    return InterviewService(client=client)
