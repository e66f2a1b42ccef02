"""A local S3 (moto's server app) on 127.0.0.1, for the demo and the tests.

    python -m scripts.local_s3 [--port 9000]   # prints its endpoint URL when ready

Why not ``moto.server.ThreadedMotoServer`` as is: its ``stop()`` leaves the listening
socket open (connections hang instead of being refused) and its HTTP/1.1 keep-alive
connections outlive the server, so "S3 went away" would not look like it does in
production. This server runs the same moto WSGI app, closes the socket on stop and
answers HTTP/1.0 (one connection per request). moto keeps its state in process
memory, so buckets and objects survive a stop/start, as they would on real S3.
"""

from __future__ import annotations

import argparse
import threading
from types import TracebackType
from typing import Any

import boto3
from botocore.config import Config
from werkzeug.serving import BaseWSGIServer, make_server

REGION = "us-east-1"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"


class LocalS3:
    """moto's S3 on a werkzeug server thread; stop()/start() at will (same port)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> LocalS3:
        if self._server is not None:
            return self
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        class _OneShotHandler(MotoRequestHandler):
            protocol_version = "HTTP/1.0"  # no keep-alive: stop() really cuts clients off

            def log_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        app = DomainDispatcherApplication(create_backend_app)
        server = make_server(
            self.host, self.port, app, threaded=True, request_handler=_OneShotHandler
        )
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Take S3 away: further connections are refused."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def client(self, **config: Any) -> Any:
        """A boto3 client for this server; few retries so outages show quickly."""
        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(
                retries={"max_attempts": config.pop("max_attempts", 1), "mode": "standard"},
                connect_timeout=config.pop("connect_timeout", 2),
                read_timeout=config.pop("read_timeout", 10),
                s3={"addressing_style": "path"},
                **config,
            ),
        )

    def __enter__(self) -> LocalS3:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="A local S3 (moto) on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000, help="0 = any free port")
    args = parser.parse_args()
    server = LocalS3(args.host, args.port).start()
    print(f"local S3 ready: {server.endpoint_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
