"""PlatformClient against the real local platform over HTTP, with injected faults."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from gql import gql
from structlog.testing import capture_logs

from config.settings import PlatformSettings
from service import documents
from service.errors import (
    AuthError,
    ContractError,
    GraphQLResponseError,
    MalformedResponse,
    PlatformError,
    ServerError,
    TransportError,
)
from service.graphql import PlatformClient
from tests.fixtures.platform import ATTEMPTS

APP = "app-strong-001"


def requests_for(platform: Any, operation: str) -> int:
    return int(platform.stats()["by_operation"].get(operation, 0))


async def get_app(client: PlatformClient) -> dict[str, Any]:
    return await client.execute(documents.GET_APPLICATION, {"id": APP})


async def test_query_returns_data(client: PlatformClient, platform: Any) -> None:
    data = await get_app(client)

    assert data["application"]["id"] == APP
    assert data["application"]["job"]["company"]["name"]
    assert requests_for(platform, "GetApplication") == 1


async def test_wrong_api_key_is_auth_error_and_not_retried(
    platform_settings: PlatformSettings, http_session: aiohttp.ClientSession, platform: Any
) -> None:
    client = PlatformClient.from_settings(
        platform_settings, session=http_session, api_key="not-the-key"
    )

    with pytest.raises(AuthError) as caught:
        await get_app(client)

    assert caught.value.retryable is False
    assert caught.value.status == 401
    assert "PLATFORM_API_KEY" in str(caught.value)
    assert "not-the-key" not in str(caught.value)
    assert platform.stats()["unauthorized"] == 1


async def test_missing_api_key_is_auth_error(
    platform_settings: PlatformSettings, http_session: aiohttp.ClientSession, platform: Any
) -> None:
    client = PlatformClient.from_settings(platform_settings, session=http_session, api_key=None)

    with pytest.raises(AuthError):
        await get_app(client)


async def test_500_then_success_is_retried(client: PlatformClient, platform: Any) -> None:
    platform.inject(fail_next=1)

    with capture_logs() as logs:
        data = await get_app(client)

    assert data["application"]["id"] == APP
    assert requests_for(platform, "GetApplication") == 2
    retries = [e for e in logs if e["event"] == "platform_retry"]
    assert [(e["attempt"], e["error"], e["status"]) for e in retries] == [(1, "ServerError", 500)]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("fail_next", ServerError),
        ("drop_next", TransportError),
        ("malformed_next", MalformedResponse),
    ],
)
async def test_fault_every_time_fails_after_bounded_attempts(
    client: PlatformClient, platform: Any, fault: str, error: type[PlatformError]
) -> None:
    platform.inject(**{fault: ATTEMPTS + 5})

    with pytest.raises(error) as caught:
        await get_app(client)

    assert caught.value.retryable is True
    assert caught.value.operation == "GetApplication"
    # Neither the body (it could carry CV text) nor the request (it holds the key) is kept.
    assert "injected" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert requests_for(platform, "GetApplication") == ATTEMPTS


async def test_persistent_500_names_the_status(client: PlatformClient, platform: Any) -> None:
    platform.inject(fail_next=ATTEMPTS)

    with pytest.raises(ServerError) as caught:
        await get_app(client)

    assert caught.value.status == 500
    assert "HTTP 500" in str(caught.value)


@pytest.mark.parametrize(
    ("fault", "requests"),
    [({"fail_next": 2, "fail_status": 503}, 3), ({"drop_next": 1}, 2), ({"malformed_next": 1}, 2)],
)
async def test_passing_fault_is_retried(
    client: PlatformClient, platform: Any, fault: dict[str, int], requests: int
) -> None:
    platform.inject(**fault)

    data = await get_app(client)

    assert data["application"]["id"] == APP
    assert requests_for(platform, "GetApplication") == requests


async def test_timeout_is_transport_error_after_retries(
    platform_settings: PlatformSettings, http_session: aiohttp.ClientSession, platform: Any
) -> None:
    client = PlatformClient.from_settings(platform_settings, session=http_session, timeout=0.2)
    platform.inject(latency=0.6)

    with pytest.raises(TransportError) as caught:
        await get_app(client)

    assert caught.value.retryable is True
    assert "within 0.2s" in str(caught.value)
    assert requests_for(platform, "GetApplication") == ATTEMPTS


async def test_connection_refused_is_transport_error(
    platform_settings: PlatformSettings, http_session: aiohttp.ClientSession
) -> None:
    client = PlatformClient.from_settings(
        platform_settings, session=http_session, endpoint="http://127.0.0.1:9/graphql"
    )

    with pytest.raises(TransportError) as caught:
        await get_app(client)

    assert "GRAPHQL_ENDPOINT" in str(caught.value)


async def test_graphql_error_is_not_retried(client: PlatformClient, platform: Any) -> None:
    with pytest.raises(GraphQLResponseError) as caught:
        await client.execute(
            documents.CREATE_INTERVIEW,
            {"input": {"applicationId": "app-does-not-exist", "roomId": "room-x"}},
        )

    assert caught.value.retryable is False
    assert caught.value.codes == ["NOT_FOUND"]
    assert "app-does-not-exist" in caught.value.messages[0]
    assert requests_for(platform, "CreateInterview") == 1


async def test_invalid_document_is_contract_error_and_never_sent(
    client: PlatformClient, platform: Any
) -> None:
    bad = gql("query Bad($id: ID!) { application(id: $id) { id salary } }")

    with pytest.raises(ContractError) as caught:
        await client.execute(bad, {"id": APP})

    assert "salary" in str(caught.value)
    assert platform.stats()["graphql_requests"] == 0


async def test_api_key_never_logged(client: PlatformClient, platform: Any) -> None:
    platform.inject(fail_next=ATTEMPTS)

    with capture_logs() as logs, pytest.raises(ServerError):
        await get_app(client)

    assert logs, "retries and the failure should be logged"
    assert platform.api_key not in repr(logs)


async def test_closed_session_is_not_retried(
    platform_settings: PlatformSettings, platform: Any
) -> None:
    from service.http import create_http_session

    session = create_http_session()
    await session.close()
    client = PlatformClient.from_settings(platform_settings, session=session)

    with pytest.raises(TransportError) as caught:
        await get_app(client)

    assert caught.value.retryable is False
    assert platform.stats()["graphql_requests"] == 0


async def test_many_calls_share_one_session(client: PlatformClient, platform: Any) -> None:
    import asyncio

    results = await asyncio.gather(*(get_app(client) for _ in range(10)))

    assert {r["application"]["id"] for r in results} == {APP}
    assert requests_for(platform, "GetApplication") == 10
