"""The fault matrix (``python -m scripts.faults``) in CI: every case, nothing lost or
duplicated. Real local platform and moto subprocesses; about three minutes on two cores.

The slow-platform case's voice-latency figure is left to the command (it is a
measurement, not a pass/fail: wall-clock numbers are not asserted in tests).
"""

from __future__ import annotations

import pytest

from scripts.faults.cases import CASES
from scripts.faults.matrix import run_matrix, summary, table

pytestmark = pytest.mark.slow


async def test_no_fault_loses_or_duplicates_a_result() -> None:
    rows = await run_matrix(voice_turns=0)
    report = table(rows) + "\n" + summary(rows)
    assert [r.case for r in rows] == list(CASES), report
    assert [r.case for r in rows if r.result != "ok"] == [], report
    assert summary(rows) == f"{len(CASES)} cases, 0 lost, 0 duplicated", report
