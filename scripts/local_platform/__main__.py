"""Command line: `python -m scripts.local_platform [--port 0] [--db PATH] ...`.

Prints exactly one line, `local platform ready: <GraphQL URL>`, to stdout once the
port is bound, so a parent process can read the URL; logs go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import signal
import sys
from pathlib import Path

from .faults import Faults
from .seeding import DEFAULT_SEED, SeedError
from .server import DEFAULT_API_KEY, PlatformServer

READY_PREFIX = "local platform ready: "


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.local_platform",
        description="Local recruiting platform (GraphQL contract) for tests and the demo.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8787, help="TCP port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=Path("var/local_platform.sqlite3"),
        help="SQLite file; interviews and transcripts survive restarts (default: %(default)s)",
    )
    parser.add_argument(
        "--api-key",
        default=DEFAULT_API_KEY,
        help="value clients must send as x-api-key (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=Path,
        default=DEFAULT_SEED,
        help="JSON list of contract Applications to upsert at start (default: the shipped "
        "sample seed)",
    )
    parser.add_argument("--no-seed", action="store_true", help="start without seeding")
    _add_fault_flags(parser)
    parser.add_argument(
        "--log-level", default="WARNING", help="stderr log level (default: %(default)s)"
    )
    return parser


# one flag per Faults field; type and default come from the field
_FAULT_HELP = {
    "latency": "seconds added to every GraphQL request",
    "fail_next": "answer the next N GraphQL requests with 5xx",
    "fail_status": "status for --fail-next (default: %(default)s)",
    "drop_next": "close the next N connections without answering",
    "malformed_next": "answer the next N with a non-JSON body",
    "refuse_next": "refuse the next N with GraphQL errors",
    "lose_next": "execute the next N, then close the connection (answer lost after commit)",
    "fail_rate": "answer this share of requests with 5xx",
    "lose_rate": "lose this share of answers after commit",
    "only": "limit the faults above to one root field (completeInterview)",
}


def _add_fault_flags(parser: argparse.ArgumentParser) -> None:
    faults = parser.add_argument_group(
        "fault injection", "also adjustable at run time via POST /_admin/faults"
    )
    for f in dataclasses.fields(Faults):
        faults.add_argument(
            "--" + f.name.replace("_", "-"),
            type=type(f.default),
            default=f.default,
            help=_FAULT_HELP[f.name],
        )


async def serve(args: argparse.Namespace) -> None:
    """Run until SIGINT/SIGTERM, then close the listener and the db cleanly."""
    server = PlatformServer(
        db_path=args.db,
        api_key=args.api_key,
        seed=None if args.no_seed else args.seed,
        faults=Faults(**{f.name: getattr(args, f.name) for f in dataclasses.fields(Faults)}),
    )
    url = await server.start(args.host, args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(READY_PREFIX + url, flush=True)
    try:
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    try:
        asyncio.run(serve(args))
    except (SeedError, ValueError, OSError) as exc:
        print(f"local platform failed to start: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
