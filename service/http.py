"""The worker process's one pooled ``aiohttp.ClientSession``.

Platform GraphQL calls share this session so connections to the platform are kept
alive and reused across calls and jobs, and the pool size bounds concurrent sockets.
The session carries *no* default headers: the platform API key is added per request
by ``PlatformClient``. CV downloads do not use it: they go through their own guarded
session (``service/netguard.py``), which refuses internal addresses that the platform
itself may legitimately live on.

Create it inside the running event loop (aiohttp binds sessions to their loop) and
close it in the process's shutdown callback; clients that receive it never close it.
"""

from __future__ import annotations

import aiohttp

from config.settings import PlatformSettings


def create_http_session(
    *, max_connections: int = 100, timeout: float = 30.0
) -> aiohttp.ClientSession:
    """A session with a bounded connection pool and a default total timeout.

    ``timeout`` is a default only: ``PlatformClient`` sets its own per request.
    """
    connector = aiohttp.TCPConnector(limit=max_connections)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=timeout),
    )


def http_session_from_settings(settings: PlatformSettings) -> aiohttp.ClientSession:
    return create_http_session(
        max_connections=settings.http_max_connections, timeout=settings.http_timeout
    )
