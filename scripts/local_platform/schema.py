"""The contract's SDL bound to resolvers over `PlatformStore`.

The SDL is read from `service/platform.graphql`, the same file the worker is built
against, so the local server cannot drift from the contract silently. Resolvers are
async and push SQLite work to a thread; store errors become GraphQL errors with an
`extensions.code` a client can branch on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from ariadne import MutationType, ObjectType, QueryType, ScalarType, make_executable_schema
from graphql import GraphQLError, GraphQLResolveInfo, GraphQLSchema

from .db import ConflictError, NotFoundError, PlatformStore, Record

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "service" / "platform.graphql"

T = TypeVar("T")


@dataclass(frozen=True)
class RequestContext:
    """Per-request state for resolvers: the store and the origin for resume links."""

    store: PlatformStore
    origin: str


def resume_path(application_id: str, filename: str) -> str:
    """Where a seeded CV is served; keyed by application so names may repeat."""
    return f"/files/{quote(application_id, safe='')}/{quote(filename, safe='')}"


@cache
def build_schema() -> GraphQLSchema:
    """Build once per process: parsing and binding the SDL costs tens of milliseconds."""
    return make_executable_schema(
        SCHEMA_PATH.read_text(encoding="utf-8"),
        _datetime_scalar(),
        _json_object_scalar(),
        _query_type(),
        _mutation_type(),
        _interview_type(),
    )


# -- scalars ------------------------------------------------------------------------


def _serialize_datetime(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"DateTime cannot represent {value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _parse_datetime(value: Any) -> datetime:
    """ISO 8601 in; a string without an offset is taken as UTC."""
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO 8601 string")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_json_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("JSONObject must be a JSON object")
    return value


def _datetime_scalar() -> ScalarType:
    return ScalarType("DateTime", serializer=_serialize_datetime, value_parser=_parse_datetime)


def _json_object_scalar() -> ScalarType:
    return ScalarType("JSONObject", serializer=lambda value: value, value_parser=_parse_json_object)


# -- helpers ------------------------------------------------------------------------


async def _run(info: GraphQLResolveInfo, call: Callable[[PlatformStore], T]) -> T:
    """Run a store call off the event loop, mapping store errors to coded GraphQL errors."""
    context: RequestContext = info.context
    try:
        return await asyncio.to_thread(call, context.store)
    except NotFoundError as exc:
        raise GraphQLError(str(exc), extensions={"code": "NOT_FOUND"}) from exc
    except ConflictError as exc:
        raise GraphQLError(str(exc), extensions={"code": "CONFLICT"}) from exc


def _with_resume_url(info: GraphQLResolveInfo, found: tuple[Record, str | None]) -> Record:
    """Point resumeUrl at this server when the CV is stored here (any port, any host)."""
    data, filename = found
    if filename:
        origin = info.context.origin
        data = {**data, "resumeUrl": origin + resume_path(data["id"], filename)}
    return data


# -- Query --------------------------------------------------------------------------


def _query_type() -> QueryType:
    query = QueryType()

    @query.field("application")
    async def resolve_application(_: Any, info: GraphQLResolveInfo, id: str) -> Record | None:
        found = await _run(info, lambda store: store.get_application(id))
        return _with_resume_url(info, found) if found else None

    @query.field("interview")
    async def resolve_interview(_: Any, info: GraphQLResolveInfo, id: str) -> Record | None:
        return await _run(info, lambda store: store.get_interview(id))

    @query.field("interviewsByApplication")
    async def resolve_interviews(
        _: Any, info: GraphQLResolveInfo, applicationId: str
    ) -> list[Record]:
        return await _run(info, lambda store: store.interviews_by_application(applicationId))

    @query.field("transcriptsByInterview")
    async def resolve_transcripts(
        _: Any, info: GraphQLResolveInfo, interviewId: str
    ) -> list[Record]:
        return await _run(info, lambda store: store.transcripts_by_interview(interviewId))

    return query


# -- Mutation -----------------------------------------------------------------------


def _mutation_type() -> MutationType:
    mutation = MutationType()
    _bind_interview_mutations(mutation)
    _bind_status_mutations(mutation)
    _bind_transcript_mutations(mutation)
    return mutation


def _bind_interview_mutations(mutation: MutationType) -> None:
    @mutation.field("createInterview")
    async def resolve_create(_: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> Record:
        return await _run(info, lambda store: store.create_interview(input))

    @mutation.field("updateInterview")
    async def resolve_update(
        _: Any, info: GraphQLResolveInfo, id: str, input: dict[str, Any]
    ) -> Record | None:
        return await _run(info, lambda store: store.update_interview(id, input))


def _bind_status_mutations(mutation: MutationType) -> None:
    """start / complete / cancel / no-show: a status change, nothing else."""

    def bind(field: str, status: str) -> None:
        @mutation.field(field)
        async def resolve(_: Any, info: GraphQLResolveInfo, id: str) -> Record | None:
            return await _run(info, lambda store: store.set_interview_status(id, status))

    bind("startInterview", "STARTED")
    bind("completeInterview", "COMPLETED")
    bind("markInterviewNoShow", "NO_SHOW")

    @mutation.field("cancelInterview")
    async def resolve_cancel(
        _: Any, info: GraphQLResolveInfo, id: str, reason: str | None = None
    ) -> Record | None:
        note = f"Cancelled: {reason}" if reason else None
        return await _run(
            info, lambda store: store.set_interview_status(id, "CANCELLED", note=note)
        )


def _bind_transcript_mutations(mutation: MutationType) -> None:
    @mutation.field("createTranscript")
    async def resolve_one(_: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> Record:
        rows = await _run(info, lambda store: store.add_transcripts([input]))
        return rows[0]

    @mutation.field("createBulkTranscripts")
    async def resolve_bulk(
        _: Any, info: GraphQLResolveInfo, inputs: list[dict[str, Any]]
    ) -> list[Record]:
        return await _run(info, lambda store: store.add_transcripts(inputs))


# -- Interview ----------------------------------------------------------------------


def _interview_type() -> ObjectType:
    interview = ObjectType("Interview")

    @interview.field("transcripts")
    async def resolve_transcripts(obj: Record, info: GraphQLResolveInfo) -> list[Record]:
        return await _run(info, lambda store: store.transcripts_by_interview(obj["id"]))

    return interview
