"""Which application a LiveKit job is for.

Accepted, in order: the job's dispatch metadata (JSON with ``application_id`` or
``applicationId``), the room's metadata (same JSON, as Rolevate writes it), and the
room name ``interview-{applicationId}-{n}``. Anything else is a ``BadJobMetadata``
that says what was received and what is expected.
"""

from __future__ import annotations

import json
import re
from typing import Any

from service.models import ID_PATTERN, is_platform_id

_ROOM_NAME = re.compile(rf"^interview-(?P<app>{ID_PATTERN}?)-(?P<n>\d+)$")


class BadJobMetadata(ValueError):
    pass


def _from_json(raw: str | None, where: str, problems: list[str]) -> str | None:
    if not raw or not raw.strip():
        return None
    try:
        data: Any = json.loads(raw)
    except ValueError:
        problems.append(f"{where} is not JSON ({len(raw)} chars)")
        return None
    if not isinstance(data, dict):
        problems.append(f"{where} is JSON but not an object")
        return None
    value = data.get("application_id", data.get("applicationId"))
    if value is None:
        problems.append(f"{where} has no application_id/applicationId")
        return None
    value = str(value).strip()
    if not is_platform_id(value):
        problems.append(f"{where} has an invalid application id {value[:40]!r}")
        return None
    return value


def resolve_application_id(
    *, job_metadata: str | None, room_metadata: str | None, room_name: str | None
) -> str:
    problems: list[str] = []
    for raw, where in ((job_metadata, "job metadata"), (room_metadata, "room metadata")):
        found = _from_json(raw, where, problems)
        if found:
            return found
    match = _ROOM_NAME.match(room_name or "")
    if match and is_platform_id(match.group("app")):
        return match.group("app")
    problems.append(f"room name {room_name!r} does not match interview-{{applicationId}}-{{n}}")
    raise BadJobMetadata(
        "cannot tell which application this interview is for: "
        + "; ".join(problems)
        + '. Dispatch with metadata {"application_id": "..."}.'
    )
