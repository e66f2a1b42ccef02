"""``PlatformClient``: GraphQL over the process's shared aiohttp session, with one error
hierarchy and one retry policy.

A GraphQL call is one JSON POST, so it is a plain ``session.post`` on the worker's
shared session: gql's aiohttp transport cannot use a session it did not create (a
second connection pool). gql stays for what it is good at, parsing the documents in
``service/documents.py``; each is checked against the contract SDL before it is sent.

The ``x-api-key`` header and this client's timeout go on each request, never on the
shared session: CV downloads share it and must never send the key. HTTP >= 400 is
mapped by status before the body is read as a GraphQL result, so a 500 with a JSON
``errors`` body stays a retryable ``ServerError``.
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
from gql import GraphQLRequest
from graphql import GraphQLSchema, OperationDefinitionNode, build_schema, validate
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
def contract_schema() -> GraphQLSchema:
    """The contract shipped in the package (``service/platform.graphql``), built once."""
    return build_schema(resources.files("service").joinpath("platform.graphql").read_text("utf-8"))


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
        ) from None


class PlatformClient:
    """Validated, retried GraphQL calls to the recruiting platform.

    Every document is validated against the contract SDL before it is sent; a
    mismatch is a ``ContractError`` and never retried.
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
        on_call: Callable[[str, float, PlatformError | None], None] | None = None,
    ) -> None:
        """``on_call(operation, seconds, error)`` sees every call's outcome (metrics)."""
        self._http = session
        self._endpoint = endpoint
        self._api_key = SecretStr(api_key) if isinstance(api_key, str) else api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._retry = partial(
            retry_policy,
            max_attempts=max_attempts,
            min_wait=min_wait,
            max_wait=max_wait,
            max_delay=60.0,
        )
        # The documents are module constants, and graphql-core's validation costs ~4 ms
        # of CPU a call on the loop that also carries the voice: each is checked once.
        self._valid: dict[int, object] = {}  # id -> document, kept alive so ids stay unique
        self._on_call = on_call or (lambda *_: None)

    @classmethod
    def from_settings(
        cls, settings: PlatformSettings, *, session: aiohttp.ClientSession, **overrides: Any
    ) -> PlatformClient:
        if not settings.graphql_endpoint:
            raise ValueError("GRAPHQL_ENDPOINT is not set: the platform's GraphQL URL")
        defaults: dict[str, Any] = {
            "endpoint": settings.graphql_endpoint,
            "api_key": settings.api_key,
            "timeout": settings.http_timeout,
            "max_attempts": settings.max_retries,
            "min_wait": settings.retry_min_wait,
            "max_wait": max(settings.retry_max_wait, settings.retry_min_wait),
        }
        return cls(session=session, **(defaults | overrides))

    async def execute(
        self,
        document: GraphQLRequest,
        variables: Mapping[str, Any] | None = None,
        *,
        retry_for: float | None = None,
    ) -> dict[str, Any]:
        """Send ``document`` and return its ``data``; errors are ``PlatformError``s.

        ``variables`` must be JSON-ready (datetimes as ISO strings); logs and errors name
        the document's operation. ``retry_for`` (seconds) replaces the attempt limit with
        that time budget, for calls that must outlast a platform blip (interview setup).
        """
        label = operation_name(document)
        if id(document.document) not in self._valid:
            errors = validate(contract_schema(), document.document)
            if errors:  # a bug in service/documents.py: nothing is sent
                raise ContractError(
                    f"document {label} does not match the platform contract: "
                    f"{errors[0].message}; fix service/documents.py or update the SDL",
                )
            self._valid[id(document.document)] = document.document
        payload = GraphQLRequest(
            document,
            variable_values=dict(variables) if variables else None,
            operation_name=label if label != "anonymous" else None,
        ).payload
        started = time.monotonic()
        try:
            if retry_for is None:
                retry = self._retry(operation=label)
            else:  # a time budget instead of the attempt limit
                retry = self._retry(operation=label, max_attempts=None, max_delay=retry_for)
            result: dict[str, Any] = await retry(self._execute_once, payload, label)
        except PlatformError as exc:
            elapsed = time.monotonic() - started
            self._on_call(label, elapsed, exc)
            log.warning(
                "platform_request_failed",
                operation=label,
                error=type(exc).__name__,
                retryable=exc.retryable,
                elapsed_ms=round(elapsed * 1000),
            )
            raise
        elapsed = time.monotonic() - started
        self._on_call(label, elapsed, None)
        log.debug("platform_request_ok", operation=label, elapsed_ms=round(elapsed * 1000))
        return result

    async def _execute_once(self, payload: dict[str, Any], label: str) -> dict[str, Any]:
        if self._http.closed:
            raise TransportError(
                "the shared HTTP session is closed (the worker is shutting down?); "
                "create PlatformClient with an open session",
                retryable=False,
            )
        headers = {API_KEY_HEADER: self._api_key.get_secret_value()} if self._api_key else {}
        try:
            async with self._http.post(
                self._endpoint, json=payload, headers=headers, timeout=self._timeout
            ) as resp:
                if resp.status >= 400:
                    raise _error(
                        label,
                        await _read_graphql_errors(resp),
                        status=resp.status,
                        retry_after=_retry_after(resp.headers.get("Retry-After")),
                    )
                body = await resp.read()
        except TimeoutError:
            raise TransportError(
                f"the platform did not answer {label} within {self._timeout.total:g}s; retried "
                "automatically, raise HTTP_TIMEOUT if the platform is just slow",
            ) from None
        except aiohttp.ClientError as exc:
            # from None: a ClientResponseError's request_info holds the x-api-key header.
            raise TransportError(
                f"could not reach the platform for {label} ({type(exc).__name__}: "
                f"{_short(str(exc))}); retried automatically, check that GRAPHQL_ENDPOINT "
                "is right and the platform is up",
            ) from None
        try:
            result = json.loads(body)
        except ValueError:
            result = None
        errors = result.get("errors") if isinstance(result, dict) else None
        if errors:
            raise _error(label, errors if isinstance(errors, list) else [errors])
        data = result.get("data") if isinstance(result, dict) else None
        if not isinstance(data, dict):
            # Never the body in the message: it may carry CV text.
            raise MalformedResponse(
                f"the platform's answer to {label} was not a GraphQL JSON result (a proxy "
                "error page or a cut-off body?); retried automatically, check the "
                "platform and anything in front of it if it persists",
            )
        return data


async def _read_graphql_errors(resp: aiohttp.ClientResponse) -> list[Any]:
    """The ``errors`` of an error body, if it is a GraphQL JSON result."""
    try:
        body = json.loads(await resp.content.read(_MAX_ERROR_BODY))
    except Exception:  # any non-JSON error page: the status alone decides
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return errors if isinstance(errors, list) else []


def _error(
    operation: str,
    errors: list[Any],
    *,
    status: int | None = None,
    retry_after: float | None = None,
) -> PlatformError:
    """The error for an HTTP status >= 400 (with its body's GraphQL ``errors``, if any),
    or for a GraphQL result with ``errors`` (``status`` None)."""
    codes, messages = _codes(errors), _messages(errors)
    if status in (401, 403) or AUTH_CODES.intersection(codes):
        return AuthError(
            f"the platform refused the API key for {operation} "
            f"({f'HTTP {status}' if status else ', '.join(codes)}); check "
            "PLATFORM_API_KEY (sent as x-api-key) is the key for GRAPHQL_ENDPOINT",
            status=status,
        )
    if status is not None and (status >= 500 or status in (408, 429)):
        return ServerError(
            f"the platform answered HTTP {status} to {operation}; retried automatically "
            "with backoff, check the platform's health if it persists",
            status=status,
            retry_after=retry_after,
        )
    if status is None or messages:
        return GraphQLResponseError(
            f"the platform rejected {operation}"
            + (f" (HTTP {status})" if status else "")
            + f": {_summary(messages)}"
            + (f" [codes: {', '.join(codes)}]" if codes else "")
            + "; the request was understood but refused, retrying will not help",
        )
    hint = (
        "check GRAPHQL_ENDPOINT (it should end in /graphql)"
        if status in (404, 405)
        else "the platform refused the request; check the worker and platform versions match"
    )
    return ClientError(
        f"the platform answered HTTP {status} to {operation}; {hint}",
        status=status,
    )


def _codes(errors: list[Any]) -> list[str]:
    extensions = [err.get("extensions") for err in errors if isinstance(err, dict)]
    codes = [ext.get("code") for ext in extensions if isinstance(ext, dict)]
    return [code for code in codes if isinstance(code, str)]


def _messages(errors: list[Any]) -> list[str]:
    return [
        _short(str(err.get("message", "")) if isinstance(err, dict) else str(err)) for err in errors
    ]


def _summary(messages: list[str]) -> str:
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
