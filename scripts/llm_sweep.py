"""Whole voice interviews against the misbehaving model, one per seed: the integrity table.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python -m scripts.llm_sweep --seeds 5

Each seed runs `python -m agent demo` (the strong candidate's labelled script unless
`--candidate-script`) with the seeded misbehaving OpenAI-compatible model
(tests/agent/misbehaving_model.py) as the interviewer's LLM, then prints one row per
seed: how it ended, misattributed answers, silent turns, lost turns, whether every
planned question was asked exactly once, and what the model did. `--cover` makes each
seed's first turns show every kind of misbehaviour once (what CI's single run does).
Exits 1 if any seed's bookkeeping is wrong. Real time per interview (~2-3 min at
`--speed 1`); CI runs one covering interview instead (tests/agent/test_demo_e2e.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from agent.demo import SCRIPTS, add_arguments
from tests.agent.misbehaving_model import MisbehavingModel, interview_against

COLUMNS = ("seed", "status", "misattributed", "silent", "lost", "asked once", "misbehaviour")


def verdict(summary: dict[str, Any]) -> bool:
    """The interview kept its bookkeeping: completed, nothing misattributed, lost or
    unanswered, every planned question asked once."""
    integrity = summary["integrity"]
    return bool(
        summary["status"] == "COMPLETED"
        and not integrity["misattributed"]
        and integrity["silent_turns"] == 0
        and not integrity["lost_steps"]
        and integrity["asked_once"]
    )


def row(seed: int, summary: dict[str, Any], served: dict[str, int]) -> tuple[str, ...]:
    integrity = summary["integrity"]
    asked = integrity["questions_asked"]
    return (
        str(seed),
        summary["status"],
        str(len(integrity["misattributed"])),
        str(integrity["silent_turns"]),
        str(len(integrity["lost_steps"])),
        f"{'yes' if integrity['asked_once'] else 'NO'} ({len(asked)}/"
        f"{integrity['questions_planned']})",
        ", ".join(f"{kind} {n}" for kind, n in sorted(served.items())),
    )


def table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


async def sweep(args: argparse.Namespace) -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    rows, ok = [], True
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        model = MisbehavingModel(seed=seed, cover=args.cover)
        with tempfile.TemporaryDirectory(prefix=f"llm-sweep-{seed}-") as tmp:
            demo_args = parser.parse_args(
                [
                    "--workdir",
                    str(Path(tmp) / "demo"),
                    "--summary-json",
                    str(Path(tmp) / "summary.json"),
                    "--candidate-script",
                    str(args.candidate_script),
                    "--speed",
                    str(args.speed),
                ]
            )
            summary = await interview_against(model, demo_args)
        rows.append(row(seed, summary, model.served))
        ok &= verdict(summary)
        print(table(rows[-1:]), flush=True)
    print(f"\n{table(rows)}")
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="how many seeds (default 5)")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--cover", action="store_true", help="every misbehaviour in each run")
    parser.add_argument("--speed", type=float, default=1.0, help="simulation speed (max 3)")
    parser.add_argument("--candidate-script", type=Path, default=SCRIPTS / "app-strong-001.yaml")
    sys.exit(asyncio.run(sweep(parser.parse_args())))


if __name__ == "__main__":
    main()
