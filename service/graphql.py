"""``PlatformClient``: gql over the process's shared aiohttp session, with one error
hierarchy and one retry policy.

Why a transport subclass: gql 4.4's ``AIOHTTPTransport`` has no ``session=``
parameter. Its ``connect()`` always builds a new ``ClientSession`` (a second
connection pool) and ``close()`` closes it. ``_SharedSessionTransport`` overrides
only those two lifecycle hooks so that the transport *uses* the worker's session
without owning it; request building, JSON parsing and result handling stay gql's.

Per-request ``extra_args`` (passed by gql to ``session.post``) carry what must not
live on the shared session: the ``x-api-key`` header (CV downloads share the session
and must never send it), this client's timeout, and a ``raise_for_status`` hook that
turns HTTP >= 400 into our typed errors *before* gql reads the body. Without the
hook, gql would turn a 500 with a JSON ``errors`` body into a query error and the
status (and so retryability) would be lost.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from functools import lru_cache, partial
from importlib import resources
from typing import Any, TypeVar

import aiohttp
import structlog
from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport import exceptions as gql_exc
from gql.transport.aiohttp import AIOHTTPTransport
from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, build_schema
from pydantic import BaseModel, SecretStr, ValidationError

from config.settings import PlatformSettings
from service.errors import (
    AuthError,
    ClientError,
    ContractError,
    GraphQLResponseError,
    MalformedResponse,
    PlatformError,
    ServerError,
    TransportError,
)
from service.retry import retry_policy

log = structlog.get_logger(__name__)

API_KEY_HEADER = "x-api-key"
AUTH_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN"})
_MAX_ERROR_TEXT = 200
_MAX_ERROR_BODY = 64 * 1024

M = TypeVar("M", bound=BaseModel)


@lru_cache(maxsize=1)
def contract_sdl() -> str:
    """The contract SDL shipped in the package (``service/platform.graphql``)."""
    return resources.files("service").joinpath("platform.graphql").read_text("utf-8")


@lru_cache(maxsize=1)
def contract_schema() -> GraphQLSchema:
    """The contract as a schema, built once per process for local validation."""
    return build_schema(contract_sdl())


def operation_name(document: GraphQLRequest) -> str:
    """The name of the document's (single) operation, or "anonymous"."""
    for definition in document.document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.name:
            return definition.name.value
    return "anonymous"


def parse_model(model: type[M], raw: object, *, operation: str) -> M:
    """Validate one object of an answer; a mismatch is a ``ContractError``."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        # Field names and error kinds only: the values could be CV or transcript text.
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        raise ContractError(
            f"the platform's answer to {operation} does not fit {model.__name__} "
            f"(fields: {', '.join(fields[:5])}); the platform and worker disagree on "
            "the contract (service/platform.graphql)",
            operation=operation,
        ) from None


class _ContractClient(Client):
    """Validates each document against the contract once. The documents are module
    constants, and graphql-core's validation costs ~4 ms of CPU a call on the event loop,
    the loop that also carries the voice."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._validated: dict[int, Any] = {}  # id -> document, kept alive so ids stay unique

    def validate(self, request: GraphQLRequest) -> None:
        if id(request.document) not in self._validated:
            super().validate(request)
            self._validated[id(request.document)] = request.document


class _SharedSessionTransport(AIOHTTPTransport):
    """An ``AIOHTTPTransport`` bound to a session it must not create or close."""

    def __init__(self, url: str, *, session: aiohttp.ClientSession) -> None:
        super().__init__(url=url)
        self._shared = session
        self.session = session

    async def connect(self) -> None:
        self.session = self._shared

    async def close(self) -> None:
        """Keep the session: the worker's shutdown callback closes it, not a client."""


class PlatformClient:
    """Validated, retried GraphQL calls to the recruiting platform.

    gql validates every document against the contract SDL before sending it
    (``Client(schema=...)``); a mismatch is a ``ContractError`` and never retried.
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        endpoint: str,
        api_key: SecretStr | str | None,
        timeout: float = 30.0,
        max_attempts: int = 3,
        min_wait: float = 2.0,
        max_wait: float = 10.0,
        max_delay: float | None = 60.0,
        schema: GraphQLSchema | None = None,
        on_call: Callable[[str, float, PlatformError | None], None] | None = None,
    ) -> None:
        """``on_call(operation, seconds, error)`` sees every call's outcome (metrics)."""
        if isinstance(api_key, str):
            api_key = SecretStr(api_key)
        self._http = session
        self._endpoint = endpoint
        self._api_key = api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._timeout_s = timeout
        self._retry = partial(
            retry_policy,
            max_attempts=max_attempts,
            min_wait=min_wait,
            max_wait=max_wait,
            max_delay=max_delay,
        )
        self._gql = _ContractClient(
            schema=schema or contract_schema(),
            transport=_SharedSessionTransport(endpoint, session=session),
            # aiohttp's per-request ClientTimeout bounds each attempt; gql's extra
            # wall-clock limit would only race it with a less specific error.
            execute_timeout=None,
        )
        self._gql_session = AsyncClientSession(client=self._gql)
        self._on_call = on_call

    @classmethod
    def from_settings(
        cls, settings: PlatformSettings, *, session: aiohttp.ClientSession, **overrides: Any
    ) -> PlatformClient:
        if not settings.graphql_endpoint:
            raise ValueError("GRAPHQL_ENDPOINT is not set: the platform's GraphQL URL")
        kwargs: dict[str, Any] = {
            "endpoint": settings.graphql_endpoint,
            "api_key": settings.api_key,
            "timeout": settings.http_timeout,
            "max_attempts": settings.max_retries,
            "min_wait": settings.retry_min_wait,
            "max_wait": max(settings.retry_max_wait, settings.retry_min_wait),
        }
        kwargs.update(overrides)
        return cls(session=session, **kwargs)

    @property
    def endpoint(self) -> str:
        return self._endpoint

    def validate(self, document: GraphQLRequest) -> None:
        """Raise ``ContractError`` if ``document`` does not match the contract SDL."""
        try:
            self._gql.validate(document)
        except GraphQLError as exc:
            raise ContractError(
                f"document {operation_name(document)} does not match the platform "
                f"contract: {exc.message}; fix service/documents.py or update the SDL",
                operation=operation_name(document),
            ) from exc

    async def execute(
        self,
        document: GraphQLRequest,
        variables: Mapping[str, Any] | None = None,
        *,
        operation: str | None = None,
    ) -> dict[str, Any]:
        """Send ``document`` and return its ``data``; errors are ``PlatformError``s.

        ``variables`` must be JSON-ready (datetimes as ISO strings). ``operation``
        labels logs and errors; it defaults to the document's operation name.
        """
        op_name = operation_name(document)
        label = operation or op_name
        request = GraphQLRequest(
            document,
            variable_values=dict(variables) if variables else None,
            operation_name=op_name if op_name != "anonymous" else None,
        )
        started = time.monotonic()
        try:
            result: dict[str, Any] = await self._retry(operation=label)(
                self._execute_once, request, label
            )
        except PlatformError as exc:
            if self._on_call is not None:
                self._on_call(label, time.monotonic() - started, exc)
            log.warning(
                "platform_request_failed",
                operation=label,
                error=type(exc).__name__,
                retryable=exc.retryable,
                elapsed_ms=round((time.monotonic() - started) * 1000),
            )
            raise
        if self._on_call is not None:
            self._on_call(label, time.monotonic() - started, None)
        log.debug(
            "platform_request_ok",
            operation=label,
            elapsed_ms=round((time.monotonic() - started) * 1000),
        )
        return result

    async def _execute_once(self, request: GraphQLRequest, label: str) -> dict[str, Any]:
        if self._http.closed:
            raise TransportError(
                "the shared HTTP session is closed (the worker is shutting down?); "
                "create PlatformClient with an open session",
                operation=label,
                retryable=False,
            )
        headers = {API_KEY_HEADER: self._api_key.get_secret_value()} if self._api_key else {}
        extra_args = {
            "headers": headers,
            "timeout": self._timeout,
            "raise_for_status": partial(_raise_for_status, operation=label),
        }
        try:
            data: dict[str, Any] = await self._gql_session.execute(request, extra_args=extra_args)
            return data
        except gql_exc.TransportQueryError as exc:
            raise _query_error(exc.errors or [], label) from None
        except gql_exc.TransportConnectionFailed as exc:
            cause = exc.__cause__
            if isinstance(cause, PlatformError):  # raised by _raise_for_status
                raise cause from None
            # Connection-level aiohttp errors carry host/port, never request headers.
            raise self._connection_error(cause, label) from cause
        except gql_exc.TransportProtocolError:
            # gql's message embeds the whole body, which may carry CV text: drop it.
            raise MalformedResponse(
                f"the platform's answer to {label} was not a GraphQL JSON result (a proxy "
                "error page or a cut-off body?); retried automatically, check the "
                "platform and anything in front of it if it persists",
                operation=label,
            ) from None
        except gql_exc.TransportServerError as exc:
            raise _status_error(exc.code or 500, label, (), (), None) from None
        except gql_exc.TransportError as exc:  # closed/already-connected: our wiring
            raise TransportError(
                f"the GraphQL transport failed for {label} ({type(exc).__name__}); this is "
                "a bug in how PlatformClient was set up, not a platform problem",
                operation=label,
                retryable=False,
            ) from None
        except GraphQLError as exc:  # local SDL validation, before anything is sent
            raise ContractError(
                f"document {label} does not match the platform contract: {exc.message}; "
                "fix service/documents.py or update the SDL",
                operation=label,
            ) from exc
        except TimeoutError as exc:
            raise self._timeout_error(label) from exc

    def _connection_error(self, cause: BaseException | None, label: str) -> PlatformError:
        if isinstance(cause, TimeoutError):
            return self._timeout_error(label)
        kind = type(cause).__name__ if cause else "connection failed"
        return TransportError(
            f"could not reach the platform for {label} ({kind}: {_short(str(cause))}); "
            "retried automatically, check that GRAPHQL_ENDPOINT is right and the "
            "platform is up",
            operation=label,
        )

    def _timeout_error(self, label: str) -> TransportError:
        return TransportError(
            f"the platform did not answer {label} within {self._timeout_s:g}s; retried "
            "automatically, raise HTTP_TIMEOUT if the platform "
            "is just slow",
            operation=label,
        )


async def _raise_for_status(resp: aiohttp.ClientResponse, *, operation: str) -> None:
    """aiohttp hook: map HTTP >= 400 to a typed error before gql parses the body."""
    if resp.status < 400:
        return
    codes, messages = await _read_graphql_errors(resp)
    raise _status_error(
        resp.status, operation, codes, messages, _retry_after(resp.headers.get("Retry-After"))
    )


async def _read_graphql_errors(resp: aiohttp.ClientResponse) -> tuple[list[str], list[str]]:
    """Codes and messages of a JSON ``errors`` body, if the error body has one."""
    try:
        body = json.loads(await resp.content.read(_MAX_ERROR_BODY))
        errors = body.get("errors") if isinstance(body, dict) else None
    except Exception:  # any non-JSON error page: the status alone decides
        return [], []
    return _codes(errors or []), _messages(errors or [])


def _status_error(
    status: int,
    operation: str,
    codes: list[str] | tuple[str, ...],
    messages: list[str] | tuple[str, ...],
    retry_after: float | None,
) -> PlatformError:
    if status in (401, 403) or AUTH_CODES.intersection(codes):
        return AuthError(
            f"the platform refused the API key for {operation} (HTTP {status}); check "
            "PLATFORM_API_KEY (sent as x-api-key) is the key for GRAPHQL_ENDPOINT",
            status=status,
            operation=operation,
        )
    if status >= 500 or status in (408, 429):
        return ServerError(
            f"the platform answered HTTP {status} to {operation}; retried automatically "
            "with backoff, check the platform's health if it persists",
            status=status,
            operation=operation,
            retry_after=retry_after,
        )
    if messages:
        return GraphQLResponseError(
            f"the platform rejected {operation} (HTTP {status}): {_summary(messages)}; "
            "the request itself is wrong, retrying will not help",
            operation=operation,
            messages=messages,
            codes=codes,
        )
    hint = (
        "check GRAPHQL_ENDPOINT (it should end in /graphql)"
        if status in (404, 405)
        else ("the platform refused the request; check the worker and platform versions match")
    )
    return ClientError(
        f"the platform answered HTTP {status} to {operation}; {hint}",
        status=status,
        operation=operation,
    )


def _query_error(errors: list[Any], operation: str) -> PlatformError:
    codes, messages = _codes(errors), _messages(errors)
    if AUTH_CODES.intersection(codes):
        return AuthError(
            f"the platform refused the API key for {operation} ({', '.join(codes)}); "
            "check PLATFORM_API_KEY (sent as x-api-key) is the key for GRAPHQL_ENDPOINT",
            operation=operation,
        )
    return GraphQLResponseError(
        f"the platform rejected {operation}: {_summary(messages)}"
        + (f" [codes: {', '.join(codes)}]" if codes else "")
        + "; the request was understood but refused, retrying will not help",
        operation=operation,
        messages=messages,
        codes=codes,
    )


def _codes(errors: list[Any]) -> list[str]:
    out: list[str] = []
    for err in errors:
        ext = err.get("extensions") if isinstance(err, dict) else None
        code = ext.get("code") if isinstance(ext, dict) else None
        if isinstance(code, str):
            out.append(code)
    return out


def _messages(errors: list[Any]) -> list[str]:
    return [
        _short(str(err.get("message", "")) if isinstance(err, dict) else str(err)) for err in errors
    ]


def _summary(messages: list[str] | tuple[str, ...]) -> str:
    if not messages:
        return "no error message"
    more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
    return f"{messages[0]}{more}"


def _short(text: str) -> str:
    # Error text can echo variables (transcript content): keep it short.
    return text if len(text) <= _MAX_ERROR_TEXT else text[: _MAX_ERROR_TEXT - 1] + "…"


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:  # an HTTP date: rare enough to fall back to our own backoff
        return None
