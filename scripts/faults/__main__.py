"""``python -m scripts.faults``: the fault matrix (see the package docstring)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

from scripts.faults.child import child_main
from scripts.faults.matrix import run_matrix, summary, table


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.faults", description=__doc__)
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument(
        "--voice-turns",
        type=int,
        default=4,
        help="voice turns per side for the slow-platform latency check (0 skips it)",
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("child", help="(internal) one interview as a job process")
    child.add_argument("--room", required=True)
    child.add_argument("--cancel-window", type=float, default=15.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from config.logging import configure_logging

    configure_logging("ERROR")  # the cases provoke warnings on purpose
    if args.command == "child":
        return asyncio.run(child_main(args.room, args.cancel_window))
    rows = asyncio.run(run_matrix(args.case, voice_turns=args.voice_turns))
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"result": r.result} for r in rows], indent=2))
    line = summary(rows)
    print(line)
    return 0 if line.endswith(", 0 lost, 0 duplicated") else 1


if __name__ == "__main__":
    sys.exit(main())
