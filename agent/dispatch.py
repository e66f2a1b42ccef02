"""`python -m agent dispatch`: start an interview the way the recruiting platform does.

1. ``CreateRoom`` ``interview-{applicationId}-{n}`` with ``{"applicationId": ...}`` as
   room metadata (the platform's naming; the worker accepts either source);
2. ``CreateDispatch`` of the agent (``LIVEKIT_AGENT_NAME``) into that room with
   ``{"application_id": ...}`` as job metadata (explicit dispatch: a worker with an
   agent name gets no job without it);
3. a join token for the candidate and a link that opens the room in a standard
   LiveKit web client (LiveKit Meet's custom connection page by default).

``{n}`` is the attempt number. The platform keys interview records by room, so a new
attempt must not reuse the room of an earlier one: without ``--number`` it is the
current Unix time. ``--dry-run`` prints both requests and the token, sends nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from config.settings import ConfigError, LiveKitSettings
from service.errors import ServiceError
from service.models import is_platform_id

# livekit.api is imported where it is used: `python -m agent config` builds this
# command's parser and should not pay for LiveKit's protobuf modules.

JOIN_PAGE = "https://meet.livekit.io/custom"
TOKEN_TTL = timedelta(hours=2)


class DispatchError(ServiceError):
    """LiveKit refused or could not be reached; the message says which and what to check."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--application-id", required=True, help="the platform's application id")
    parser.add_argument(
        "--number", type=int, help="attempt number n in the room name (default: Unix time)"
    )
    parser.add_argument(
        "--identity", help="the candidate's participant identity (default: candidate-{id})"
    )
    parser.add_argument(
        "--join-page", default=JOIN_PAGE, help=f"web client for the join URL (default {JOIN_PAGE})"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the requests and the token; send nothing"
    )


def credentials(lk: LiveKitSettings) -> tuple[str, str, str]:
    missing = [
        f"{var} is missing: needed to dispatch"
        for var, value in (
            ("LIVEKIT_URL", lk.url),
            ("LIVEKIT_API_KEY", lk.api_key),
            ("LIVEKIT_API_SECRET", lk.api_secret),
        )
        if not value
    ]
    if missing:
        raise ConfigError(missing)
    assert lk.url and lk.api_key and lk.api_secret
    return lk.url, lk.api_key.get_secret_value(), lk.api_secret.get_secret_value()


def candidate_token(key: str, secret: str, *, room: str, identity: str) -> str:
    """Join, publish the microphone, hear the interviewer; nothing else."""
    from livekit import api

    return (
        api.AccessToken(key, secret)
        .with_identity(identity)
        .with_name("Candidate")
        .with_ttl(TOKEN_TTL)
        .with_grants(
            api.VideoGrants(room_join=True, room=room, can_publish=True, can_subscribe=True)
        )
        .to_jwt()
    )


def join_url(page: str, livekit_url: str, token: str) -> str:
    ws = livekit_url.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return f"{page}?{urlencode({'liveKitUrl': ws, 'token': token})}"


async def dispatch(
    lk: LiveKitSettings,
    application_id: str,
    *,
    number: int | None = None,
    identity: str | None = None,
    join_page: str = JOIN_PAGE,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Create the room and the dispatch (unless ``dry_run``); return what to print."""
    from livekit import api

    url, key, secret = credentials(lk)
    if not is_platform_id(application_id):
        raise ValueError(
            f"--application-id {application_id[:40]!r} is not a platform id "
            "(1-128 letters, digits, '.', '_' or '-'); the worker would refuse the job"
        )
    room = f"interview-{application_id}-{int(time.time()) if number is None else number}"
    create_room = api.CreateRoomRequest(
        name=room, metadata=json.dumps({"applicationId": application_id})
    )
    create_dispatch = api.CreateAgentDispatchRequest(
        agent_name=lk.agent_name, room=room, metadata=json.dumps({"application_id": application_id})
    )
    identity = identity or f"candidate-{application_id}"
    token = candidate_token(key, secret, room=room, identity=identity)
    out: dict[str, Any] = {"room": room, "agent_name": lk.agent_name}
    if dry_run:
        requests = [
            {"method": "livekit.RoomService/CreateRoom", "body": _dict(create_room)},
            {
                "method": "livekit.AgentDispatchService/CreateDispatch",
                "body": _dict(create_dispatch),
            },
        ]
        out |= {"dry_run": True, "livekit_url": url, "requests": requests}
    else:
        async with api.LiveKitAPI(url=url, api_key=key, api_secret=secret) as client:
            await _call("CreateRoom", client.room.create_room(create_room), url)
            created = await _call(
                "CreateDispatch", client.agent_dispatch.create_dispatch(create_dispatch), url
            )
        out["dispatch_id"] = created.id
    join = join_url(join_page, url, token)
    return out | {"candidate_identity": identity, "candidate_token": token, "join_url": join}


async def _call(what: str, call: Any, url: str) -> Any:
    import aiohttp
    from livekit import api

    try:
        return await call
    except api.TwirpError as exc:
        hint = _HINTS.get(exc.code, "")
        raise DispatchError(
            f"LiveKit refused {what}: {exc.code} (HTTP {exc.status}): {exc.message}{hint}",
            retryable=exc.status >= 500,
        ) from None
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise DispatchError(
            f"LiveKit {what} failed: cannot reach {url} ({type(exc).__name__}); "
            "check LIVEKIT_URL and that the server is up",
            retryable=True,
        ) from None


_HINTS = {
    "unauthenticated": "; check LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
    "permission_denied": "; the API key lacks the roomCreate/roomAdmin grant",
    "not_found": "; is LIVEKIT_URL the right project?",
}


def _dict(message: Any) -> dict[str, Any]:
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(message, preserving_proto_field_name=True)
