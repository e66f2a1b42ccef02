"""`python -m agent`: the worker (LiveKit's own commands), the offline demo, and ops
helpers; ``--help`` lists them."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any

from config.logging import configure_logging, register_secrets
from config.settings import ConfigError, Settings, load_settings

_OWN = ("demo", "dispatch", "config", "outbox")
# left out of the wheel and the image (pyproject.toml): the demo runs from a checkout
_DEV_ONLY = ("scripts", "agent.simulation", "agent.report", "moto", "ariadne")


def _settings_or_exit(*, worker: bool = False) -> Settings:
    try:
        return load_settings(require=worker)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m agent",
        description="AI voice interview worker for LiveKit.",
        epilog="start/dev/connect/download-files are LiveKit's worker commands: "
        "`python -m agent start --help` lists their options.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    from agent import demo, dispatch

    demo.add_arguments(sub.add_parser("demo", help="run a complete simulated interview offline"))
    dispatch.add_arguments(
        sub.add_parser(
            "dispatch",
            help="create the interview room, dispatch the agent, print the candidate's join URL",
        )
    )
    sub.add_parser("config", help="print the effective configuration, secrets masked")
    outbox = sub.add_parser(
        "outbox",
        help="results waiting for the platform (OUTBOX_DIR): list, replay or show dead letters",
    )
    what = outbox.add_mutually_exclusive_group()
    what.add_argument(
        "--list", action="store_true", help="print each waiting result (JSON lines) and exit"
    )
    what.add_argument("--replay", action="store_true", help="send them now, in order (the default)")
    what.add_argument(
        "--dead",
        action="store_true",
        help="print the results given up on (OUTBOX_DIR/dead) with the reason",
    )
    sub.add_parser("start", help="run the worker (production: drains on SIGTERM)", add_help=False)
    sub.add_parser(
        "dev",
        help="run the worker (development: debug logs, no load limit; no auto-reload)",
        add_help=False,
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] not in _OWN and not argv[0].startswith("-"):
        return _run_worker(argv)
    args = _parser().parse_args(argv)
    if args.command == "demo":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # offline engines only; never a hub
        from agent.demo import run_demo

        try:
            return asyncio.run(run_demo(args))
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith(_DEV_ONLY):
                raise
            print(
                f"the demo needs the development tools ({exc.name} is missing): run it from a "
                "checkout with `python3 scripts/dev.py demo`",
                file=sys.stderr,
            )
            return 2
    if args.command == "config":
        print(json.dumps(_settings_or_exit().redacted(), indent=2))
        return 0
    if args.command == "dispatch":
        return asyncio.run(_dispatch(args, _settings_or_exit()))
    return _outbox_command(args)


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from agent.dispatch import DispatchError, dispatch

    try:
        result = await dispatch(
            settings.livekit,
            args.application_id,
            number=args.number,
            identity=args.identity,
            join_page=args.join_page,
            dry_run=args.dry_run,
        )
    except (ConfigError, DispatchError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2 if isinstance(exc, ConfigError | ValueError) else 1
    print(json.dumps(result, indent=2))
    return 0


def _run_worker(argv: list[str]) -> int:
    help_only = any(a in ("-h", "--help") for a in argv)
    settings = load_settings() if help_only else _settings_or_exit(worker=True)
    configure_logging(settings.log_level, handler=False)  # LiveKit's CLI owns the output
    register_secrets(settings.secret_values())
    worker_environment(settings)
    from livekit.agents import cli

    from agent.worker import build_server

    sys.argv = [sys.argv[0], *argv]
    cli.run_app(build_server(settings))
    return 0


def worker_environment(settings: Settings) -> None:
    """What LiveKit reads from the environment rather than from its options."""
    if settings.worker.metrics_port:
        # prometheus_client picks its value store when first imported: set before
        # livekit.agents imports it, so this process's series reach the files too
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.abspath(settings.worker.metrics_dir)
    if settings.livekit.url:
        # LiveKit's CLI reads these from the environment; settings may come from .env
        os.environ.setdefault("LIVEKIT_URL", settings.livekit.url)
        for var, secret in (
            ("LIVEKIT_API_KEY", settings.livekit.api_key),
            ("LIVEKIT_API_SECRET", settings.livekit.api_secret),
        ):
            if secret is not None:
                os.environ.setdefault(var, secret.get_secret_value())


def _outbox_command(args: argparse.Namespace) -> int:
    # Only the service layer: an ops command should not wait for LiveKit's imports.
    import time

    from service.outbox import outbox_from_settings

    settings = _settings_or_exit()
    configure_logging(settings.log_level)
    register_secrets(settings.secret_values())
    outbox = outbox_from_settings(settings.platform)
    if args.list:
        now = time.time()
        for parked in outbox.pending():
            print(json.dumps(parked.describe(now)))
        count, oldest = outbox.backlog()
        print(json.dumps({"waiting": count, "oldest_age_s": round(oldest, 1)}))
        return 0
    if args.dead:
        for entry in outbox.dead():
            print(json.dumps(entry))
        return 0
    return asyncio.run(_replay_outbox(settings, outbox))


async def _replay_outbox(settings: Settings, outbox: Any) -> int:
    from service.graphql import PlatformClient
    from service.http import http_session_from_settings
    from service.interviews import GraphQLPlatform

    http = http_session_from_settings(settings.platform)
    try:
        client = PlatformClient.from_settings(settings.platform, session=http)
        report = await outbox.deliver(GraphQLPlatform(client=client))
    finally:
        await http.close()
    fields = ("sent", "left", "dead", "interviews_blocked")
    print(json.dumps({name: getattr(report, name) for name in fields}))
    return 0 if report.left == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
