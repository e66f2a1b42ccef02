"""`python -m agent`: the worker, the offline demo, and ops helpers.

python -m agent start|dev [livekit options]  run the LiveKit worker (production | dev)
python -m agent demo [options]               complete offline simulated interview
python -m agent config                       print the effective configuration, secrets masked
python -m agent outbox                       replay results the platform did not accept yet
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

from config.logging import configure_logging, register_secrets
from config.settings import ConfigError, Settings, load_settings

_OWN = ("demo", "config", "outbox")


def _settings_or_exit(mode: str | None = None) -> Settings:
    try:
        settings = load_settings(require=mode)  # type: ignore[arg-type]
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    return settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m agent",
        description="AI voice interview worker for LiveKit.",
        epilog="start/dev/connect/download-files are LiveKit's worker commands: "
        "`python -m agent start --help` lists their options.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    from agent.demo import add_arguments

    add_arguments(sub.add_parser("demo", help="run a complete simulated interview offline"))
    sub.add_parser("config", help="print the effective configuration, secrets masked")
    sub.add_parser("outbox", help="replay platform calls parked in the outbox")
    sub.add_parser("start", help="run the worker (production)", add_help=False)
    sub.add_parser("dev", help="run the worker (development, reloads)", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] not in _OWN and not argv[0].startswith("-"):
        return _run_worker(argv)
    args = _parser().parse_args(argv)
    if args.command == "demo":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # offline engines only; never a hub
        from agent.demo import run_demo

        return asyncio.run(run_demo(args))
    if args.command == "config":
        print(json.dumps(_settings_or_exit().redacted(), indent=2))
        return 0
    return asyncio.run(_replay_outbox(_settings_or_exit()))


def _run_worker(argv: list[str]) -> int:
    help_only = any(a in ("-h", "--help") for a in argv)
    settings = load_settings() if help_only else _settings_or_exit("worker")
    configure_logging(settings.log_level, handler=False)  # LiveKit's CLI owns the output
    register_secrets(settings.secret_values())
    from livekit.agents import cli

    from agent.worker import build_server

    if settings.livekit.url:
        # LiveKit's CLI reads these from the environment; settings may come from .env
        os.environ.setdefault("LIVEKIT_URL", settings.livekit.url)
        for var, secret in (
            ("LIVEKIT_API_KEY", settings.livekit.api_key),
            ("LIVEKIT_API_SECRET", settings.livekit.api_secret),
        ):
            if secret is not None:
                os.environ.setdefault(var, secret.get_secret_value())
    sys.argv = [sys.argv[0], *argv]
    cli.run_app(build_server(settings))
    return 0


async def _replay_outbox(settings: Settings) -> int:
    from agent.components import load_components

    configure_logging(settings.log_level)
    components = load_components(settings)
    await components.open()
    try:
        report = await components.outbox.replay(components.platform)
    finally:
        await components.aclose()
    print(json.dumps(report.__dict__))
    return 0 if report.left == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
