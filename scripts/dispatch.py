"""Dispatch an interview to a running worker, as the recruiting platform does.

    python -m scripts.dispatch --application-id app-strong-001 [--room interview-app-strong-001-1]

Creates an explicit agent dispatch (agent name from LIVEKIT_AGENT_NAME) into the
room with ``{"application_id": ...}`` as job metadata, and prints a join token for
a test candidate so a browser client (e.g. LiveKit's Agents Playground) can join.
Reads LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET from the environment or .env.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from livekit import api

from config.settings import ConfigError, load_settings


async def dispatch(application_id: str, room: str, identity: str) -> None:
    settings = load_settings()
    lk = settings.livekit
    missing = [
        name
        for name, value in (
            ("LIVEKIT_URL", lk.url),
            ("LIVEKIT_API_KEY", lk.api_key),
            ("LIVEKIT_API_SECRET", lk.api_secret),
        )
        if not value
    ]
    if missing:
        raise ConfigError([f"{name} is missing: needed to dispatch" for name in missing])
    assert lk.api_key is not None and lk.api_secret is not None
    key, secret = lk.api_key.get_secret_value(), lk.api_secret.get_secret_value()
    async with api.LiveKitAPI(url=lk.url, api_key=key, api_secret=secret) as client:
        created = await client.agent_dispatch.create_dispatch(
            api.CreateAgentDispatchRequest(
                agent_name=lk.agent_name,
                room=room,
                metadata=json.dumps({"application_id": application_id}),
            )
        )
    token = (
        api.AccessToken(key, secret)
        .with_identity(identity)
        .with_grants(api.VideoGrants(room_join=True, room=room))
        .to_jwt()
    )
    print(json.dumps({"dispatch_id": created.id, "room": room, "candidate_token": token}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--application-id", required=True)
    parser.add_argument("--room", help="default: interview-{applicationId}-1")
    parser.add_argument("--identity", default="candidate", help="test candidate's identity")
    args = parser.parse_args()
    try:
        asyncio.run(
            dispatch(
                args.application_id,
                args.room or f"interview-{args.application_id}-1",
                args.identity,
            )
        )
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
