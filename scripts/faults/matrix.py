"""Running the cases and printing the table."""

from __future__ import annotations

import time

from scripts.faults.cases import CASES
from scripts.faults.rig import Row, environment


async def run_matrix(names: list[str] | None = None, *, voice_turns: int = 4) -> list[Row]:
    rows: list[Row] = []
    async with environment(voice_turns) as env:
        for name, (injected, fn) in CASES.items():
            if names and name not in names:
                continue
            await env.platform.reset()
            started = time.monotonic()
            try:
                row = await fn(env, Row(name, injected))
            except Exception as exc:  # a case that blows up lost something
                row = Row(name, injected, lost=1, notes=f"crashed: {type(exc).__name__}: {exc}")
            row.notes = f"{row.notes.strip()} ({time.monotonic() - started:.0f} s)".strip()
            rows.append(row)
            print(format_row(row), flush=True)
    return rows


HEADER = ("case", "injected", "produced", "delivered", "dup", "reported", "final", "result")


def format_row(row: Row) -> str:
    cells = (
        row.case,
        row.injected,
        str(row.produced),
        str(row.delivered),
        str(row.duplicated),
        row.reported,
        row.final,
        row.result,
        row.notes,
    )
    return "| " + " | ".join(cells) + " |"


def table(rows: list[Row]) -> str:
    """The matrix as a Markdown table (the README's Reliability section)."""
    head = ["| " + " | ".join((*HEADER, "notes")) + " |", "|" + "---|" * (len(HEADER) + 1)]
    return "\n".join(head + [format_row(r) for r in rows])


def summary(rows: list[Row]) -> str:
    lost = sum(r.lost for r in rows)
    dup = sum(r.duplicated for r in rows)
    return f"{len(rows)} cases, {lost} lost, {dup} duplicated"
