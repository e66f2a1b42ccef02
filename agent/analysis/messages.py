"""Counted durations in the interview language ("5 years" / "5 سنوات")."""

from __future__ import annotations

from agent.analysis.text import count
from agent.content import text


def years(language: str, value: float | None) -> str:
    """ "5 years" / "5 سنوات"; unknown when `value` is None."""
    if value is None:
        return text("fit.years_unknown", language)
    return count(language, round(value, 1), "year")


def months(language: str, n: int) -> str:
    return count(language, n, "month")
