"""aiohttp server for the local platform: GraphQL, served CVs and the admin API.

Routes
    POST /graphql                      the contract (x-api-key required)
    GET  /files/{applicationId}/{name} seeded CVs, no key (stands in for presigned URLs)
    GET  /healthz                      liveness, no key
    GET  /_admin/stats                 request counters (x-api-key required, as all /_admin)
    GET  /_admin/faults                armed faults
    POST /_admin/faults                merge {latency, fail_next, fail_status, drop_next,
                                       malformed_next, refuse_next, lose_next, fail_rate,
                                       lose_rate, only} into the armed faults
    POST /_admin/reset                 disarm all faults and zero the counters
    GET  /_admin/applications          stored application ids
    POST /_admin/applications          upsert a JSON list of contract Applications

`PlatformServer` owns the store and the aiohttp runner and works on whichever event
loop calls `start()`: the CLI's main loop or the test harness's background thread.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from ariadne import graphql
from graphql import DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode, parse

from .db import PlatformStore, utc_now
from .faults import FaultAction, FaultDecision, FaultInjector, Faults, RequestStats
from .schema import RequestContext, build_schema
from .seeding import DEFAULT_SEED, SeedError, seed_store, upsert_applications

logger = logging.getLogger(__name__)

DEFAULT_API_KEY = "local-dev-key"
GRAPHQL_PATH = "/graphql"
# A truncated JSON document, as a proxy cutting a response short would produce.
MALFORMED_BODY = '{"data": {"injected": "malformed'

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_STORE_KEY = web.AppKey("store", PlatformStore)


class _GraphQLErrorLog(logging.LoggerAdapter[logging.Logger]):
    """Keep ERROR for resolver bugs; client mistakes (coded or validation errors) are DEBUG.

    ariadne logs every GraphQL error with a traceback, which would bury real failures
    under the NOT_FOUND answers tests provoke on purpose.
    """

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        if isinstance(msg, GraphQLError) and (
            msg.original_error is None or (msg.extensions or {}).get("code")
        ):
            level, kwargs["exc_info"] = logging.DEBUG, None
        super().log(level, msg, *args, **kwargs)


def error_body(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


class PlatformServer:
    """One local platform instance; `start()`/`stop()` may be repeated (same db, faults)."""

    def __init__(
        self,
        *,
        db_path: Path,
        api_key: str = DEFAULT_API_KEY,
        seed: Path | None = DEFAULT_SEED,
        faults: Faults | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db_path = db_path
        self.api_key = api_key
        self.seed = seed
        self.faults = FaultInjector(faults)
        self.stats = RequestStats()
        self._now = now
        self._store: PlatformStore | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.port = 0

    @property
    def url(self) -> str:
        """The GraphQL endpoint, e.g. http://127.0.0.1:8787/graphql ("" before start)."""
        return self.base_url + GRAPHQL_PATH if self.base_url else ""

    @property
    def store(self) -> PlatformStore:
        if self._store is None:
            raise RuntimeError("the local platform is not running")
        return self._store

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Open the db, apply the seed, listen; returns the GraphQL URL."""
        build_schema()  # fail fast on a broken SDL, before accepting connections
        store = await asyncio.to_thread(PlatformStore, self.db_path, now=self._now)
        try:
            if self.seed is not None:
                ids = await asyncio.to_thread(seed_store, store, self.seed)
                logger.info("seeded %d application(s) from %s", len(ids), self.seed)
            runner = web.AppRunner(self.build_app(store), shutdown_timeout=2.0)
            await runner.setup()
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            store.close()
            raise
        self._store, self._runner = store, runner
        bound_host, bound_port = runner.addresses[0][:2]
        url_host = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.base_url = f"http://{url_host}:{bound_port}"
        self.port = int(bound_port)
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def build_app(self, store: PlatformStore) -> web.Application:
        app = web.Application(middlewares=[self._auth_middleware], client_max_size=16 * 2**20)
        app[_STORE_KEY] = store
        app.router.add_post(GRAPHQL_PATH, self._handle_graphql)
        app.router.add_get("/files/{application_id}/{filename}", self._handle_file)
        app.router.add_get("/healthz", self._handle_health)
        app.router.add_get("/_admin/stats", self._handle_stats)
        app.router.add_get("/_admin/faults", self._handle_get_faults)
        app.router.add_post("/_admin/faults", self._handle_set_faults)
        app.router.add_post("/_admin/reset", self._handle_reset)
        app.router.add_get("/_admin/applications", self._handle_list_applications)
        app.router.add_post("/_admin/applications", self._handle_upsert_applications)
        return app

    # -- auth -----------------------------------------------------------------------

    @web.middleware
    async def _auth_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """GraphQL and admin routes need the key; CV downloads and health do not."""
        protected = request.path == GRAPHQL_PATH or request.path.startswith("/_admin")
        if protected and not self._key_ok(request.headers.get("x-api-key")):
            if request.path == GRAPHQL_PATH:
                self.stats.record_unauthorized()
            return web.json_response(
                error_body("missing or invalid x-api-key", "UNAUTHENTICATED"), status=401
            )
        return await handler(request)

    def _key_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.api_key.encode())

    # -- GraphQL --------------------------------------------------------------------

    async def _handle_graphql(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.json_response(error_body("body must be JSON", "BAD_REQUEST"), status=400)
        if not isinstance(body, dict):
            return web.json_response(
                error_body("body must be a JSON object", "BAD_REQUEST"), status=400
            )
        document = _parse_document(body.get("query"))
        operation, root_fields = _describe(document, body.get("operationName"))
        self.stats.record_request(operation, root_fields)
        decision = self.faults.take(root_fields)
        faulted = await self._apply_faults(request, decision)
        if faulted is not None:
            return faulted
        response = await self._execute(request, body, document)
        if decision.action is FaultAction.LOSE and request.transport is not None:
            request.transport.abort()  # committed, but the client never hears so
        return response

    async def _apply_faults(
        self, request: web.Request, decision: FaultDecision
    ) -> web.StreamResponse | None:
        """Delay, then answer with the armed fault; None lets the request through."""
        if decision.latency:
            await asyncio.sleep(decision.latency)
        if decision.action is FaultAction.NONE:
            return None
        self.stats.record_fault(decision.action)
        if decision.action is FaultAction.LOSE:
            return None
        if decision.action is FaultAction.DROP:
            if request.transport is not None:
                request.transport.abort()  # no status line: the client sees a disconnect
            return web.Response(status=500)
        if decision.action is FaultAction.FAIL:
            return web.json_response(
                error_body("injected failure", "INTERNAL_SERVER_ERROR"),
                status=decision.fail_status,
            )
        if decision.action is FaultAction.REFUSE:
            return web.json_response(
                {"data": None, **error_body("injected refusal", "BAD_USER_INPUT")}
            )
        return web.Response(text=MALFORMED_BODY, content_type="application/json")

    async def _execute(
        self, request: web.Request, body: dict[str, Any], document: DocumentNode | None
    ) -> web.Response:
        context = RequestContext(
            store=request.app[_STORE_KEY], origin=f"{request.scheme}://{request.host}"
        )
        _, result = await graphql(
            build_schema(),
            body,
            context_value=context,
            query_document=document,
            logger=_GraphQLErrorLog(logger, {}),
        )
        # GraphQL over HTTP: 200 whenever execution ran (even with field errors),
        # 400 when the request never got that far (syntax, validation, bad variables).
        status = 200 if "data" in result else 400
        return web.json_response(result, status=status, dumps=_dumps)

    # -- files & health -------------------------------------------------------------

    async def _handle_file(self, request: web.Request) -> web.Response:
        application_id = request.match_info["application_id"]
        found = await asyncio.to_thread(request.app[_STORE_KEY].get_resume, application_id)
        if found is None or found[0] != request.match_info["filename"]:
            raise web.HTTPNotFound(text="no such file")
        filename, content_type, data = found
        return web.Response(
            body=data,
            headers={
                "Content-Type": content_type,
                "Content-Disposition": f'inline; filename="{filename}"',
            },
        )

    async def _handle_health(self, _: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    # -- admin ----------------------------------------------------------------------

    async def _handle_stats(self, _: web.Request) -> web.Response:
        return web.json_response(self.stats.snapshot())

    async def _handle_get_faults(self, _: web.Request) -> web.Response:
        return web.json_response(self.faults.snapshot().to_json())

    async def _handle_set_faults(self, request: web.Request) -> web.Response:
        try:
            changes = await request.json()
            if not isinstance(changes, dict):
                raise ValueError("body must be a JSON object of fault settings")
            faults = self.faults.update(**changes)
        except (ValueError, TypeError) as exc:
            return web.json_response(error_body(str(exc), "BAD_REQUEST"), status=400)
        return web.json_response(faults.to_json())

    async def _handle_reset(self, _: web.Request) -> web.Response:
        faults = self.faults.reset()
        self.stats.reset()
        return web.json_response(faults.to_json())

    async def _handle_list_applications(self, request: web.Request) -> web.Response:
        ids = await asyncio.to_thread(request.app[_STORE_KEY].list_application_ids)
        return web.json_response({"ids": ids})

    async def _handle_upsert_applications(self, request: web.Request) -> web.Response:
        """Add test applications at run time; `resumeFile` paths resolve from the cwd."""
        try:
            entries = await request.json()
            if not isinstance(entries, list):
                raise SeedError("body must be a JSON list of applications")
            ids = await asyncio.to_thread(
                upsert_applications, request.app[_STORE_KEY], entries, base_dir=Path.cwd()
            )
        except (ValueError, SeedError) as exc:
            return web.json_response(error_body(str(exc), "BAD_REQUEST"), status=400)
        return web.json_response({"ids": ids})


def _parse_document(query: Any) -> DocumentNode | None:
    """Parse once for the counters; ariadne reports a bad or missing query itself."""
    if not isinstance(query, str):
        return None
    try:
        return parse(query)
    except GraphQLError:
        return None


def _describe(document: DocumentNode | None, operation_name: Any) -> tuple[str, list[str]]:
    """(operation name, root field names) of the operation a request will run."""
    operations = [
        node
        for node in (document.definitions if document else ())
        if isinstance(node, OperationDefinitionNode)
    ]
    chosen = next(
        (op for op in operations if op.name and op.name.value == operation_name),
        operations[0] if operations else None,
    )
    if chosen is None:
        return "<invalid>", []
    name = chosen.name.value if chosen.name else "<anonymous>"
    fields = [
        sel.name.value for sel in chosen.selection_set.selections if isinstance(sel, FieldNode)
    ]
    return name, fields


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
