"""Run the local platform in a background thread, for tests and in-process demos.

The server gets its own thread and event loop, so it outlives any caller's loop:
pytest-asyncio's per-function loops, sync tests and other threads can all talk to it
over real HTTP. Control calls (faults, stats) touch thread-safe state directly, so
they take effect before the next request is read.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from .db import PlatformStore, utc_now
from .faults import Faults
from .schema import resume_path
from .seeding import DEFAULT_SEED, upsert_applications
from .server import DEFAULT_API_KEY, PlatformServer

T = TypeVar("T")
_TIMEOUT = 30.0


class LocalPlatform:
    """A local platform server on loopback, driven from synchronous code.

    >>> with LocalPlatform(db_path=tmp / "p.sqlite3", api_key="k") as platform:
    ...     platform.inject(fail_next=2)      # or: await platform.inject(...)
    ...     post(platform.url, headers=platform.headers, ...)
    ...     platform.stats()["by_field"]["createInterview"]
    """

    def __init__(
        self,
        *,
        db_path: Path | str,
        api_key: str = DEFAULT_API_KEY,
        seed: Path | str | None = DEFAULT_SEED,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.host = host
        self.port = port
        self._server = PlatformServer(
            db_path=Path(db_path),
            api_key=api_key,
            seed=Path(seed) if seed is not None else None,
            faults=faults,
            now=now,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving; blocks until the port is bound. Returns self for chaining."""
        if self._thread is not None:
            raise RuntimeError("local platform already running")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=_run_loop, args=(loop,), name="local-platform", daemon=True
        )
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            self._call(self._server.start(self.host, self.port))
        except BaseException:
            self._shutdown_loop()
            raise
        # Keep the bound port so a restart comes back at the same URL.
        self.port = self._server.port
        return self

    def stop(self) -> None:
        """Stop serving and close the db; safe to call twice."""
        if self._thread is None:
            return
        try:
            self._call(self._server.stop())
        finally:
            self._shutdown_loop()

    def restart(self) -> Self:
        """Stop and start again on the same db and port (faults and counters kept)."""
        self.stop()
        return self.start()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)

    # -- addresses ------------------------------------------------------------------

    @property
    def url(self) -> str:
        """GraphQL endpoint, e.g. http://127.0.0.1:41234/graphql."""
        return self._server.url

    @property
    def base_url(self) -> str:
        """Server origin without a path, e.g. http://127.0.0.1:41234."""
        return self._server.base_url

    @property
    def api_key(self) -> str:
        return self._server.api_key

    @property
    def settings_env(self) -> dict[str, str]:
        """The variables that point a worker's settings at this platform."""
        return {"GRAPHQL_ENDPOINT": self.url, "PLATFORM_API_KEY": self.api_key}

    @property
    def headers(self) -> dict[str, str]:
        """Headers an authenticated client sends."""
        return {"x-api-key": self.api_key}

    @property
    def db_path(self) -> Path:
        return self._server.db_path

    @property
    def store(self) -> PlatformStore:
        """Direct db access for assertions (thread-safe); only while running."""
        return self._server.store

    # -- faults, counters, data -----------------------------------------------------

    def inject(self, **changes: Any) -> Faults:
        """Merge fault settings (see ``Faults``): latency (s), fail_next, fail_status,
        drop_next, malformed_next, refuse_next, lose_next, fail_rate, lose_rate, only."""
        return self._server.faults.update(**changes)

    @property
    def faults(self) -> Faults:
        return self._server.faults.snapshot()

    def reset(self) -> None:
        """Disarm all faults and zero the request counters."""
        self._server.faults.reset()
        self._server.stats.reset()

    def stats(self) -> dict[str, Any]:
        """Counters: graphql_requests, by_operation, by_field, unauthorized, faults_applied."""
        return self._server.stats.snapshot()

    def upsert_applications(
        self, entries: Iterable[Mapping[str, Any]], *, base_dir: Path | str = "."
    ) -> list[str]:
        """Add or replace applications; `resumeFile` paths resolve against `base_dir`."""
        return upsert_applications(self.store, entries, base_dir=Path(base_dir))

    def resume_url(self, application_id: str) -> str | None:
        """The URL under which the application's stored CV is served, if it has one."""
        found = self.store.get_resume(application_id)
        if found is None:
            return None
        return self.base_url + resume_path(application_id, found[0])

    # -- internals ------------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            coro.close()
            raise RuntimeError("local platform is not running")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(_TIMEOUT)

    def _shutdown_loop(self) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_TIMEOUT)
        loop.close()


def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Serve until stopped, then join the db worker threads so none outlive the server."""
    asyncio.set_event_loop(loop)
    loop.run_forever()
    loop.run_until_complete(loop.shutdown_default_executor())
