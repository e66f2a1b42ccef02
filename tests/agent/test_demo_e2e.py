"""The main command end to end: real Silero VAD, whisper STT, Piper TTS, local platform, S3.

Slow (each runs a whole simulated interview in real time or faster); run in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from pathlib import Path

import pytest

from agent.demo import add_arguments, run_demo
from agent.simulation.script import load_script

pytestmark = pytest.mark.slow

SCRIPTS = Path(__file__).resolve().parents[2] / "agent" / "simulation" / "scripts"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.lower()))


def _args(tmp_path: Path, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(
        ["--workdir", str(tmp_path / "demo"), "--summary-json", str(tmp_path / "s.json"), *extra]
    )


async def test_demo_interview_lands_complete_and_in_order(tmp_path: Path) -> None:
    code = await run_demo(_args(tmp_path, "--speed", "2"))
    summary = json.loads((tmp_path / "s.json").read_text())
    assert code == 0 and summary["status"] == "COMPLETED"

    # read the platform's own copy: the transcript is what the recruiter sees
    from sqlite3 import connect

    db = connect(tmp_path / "demo" / "platform.sqlite3")
    rows = db.execute(
        "SELECT sequence_number, speaker, content FROM transcripts "
        "WHERE interview_id = ? ORDER BY sequence_number",
        (summary["interviewId"],),
    ).fetchall()
    assert len(rows) == summary["transcriptCount"] > 0
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)), "gaps or duplicates"
    assert len({(r[1], r[2]) for r in rows}) == len(rows), "a row was stored twice"

    # every planned question that was asked is in the interviewer's rows, in order
    plan_texts = {q["question_id"]: q["text"] for q in summary["evaluation"]["questions"]}
    interviewer = [r[2] for r in rows if r[1] == "interviewer"]
    positions = [
        next(i for i, text in enumerate(interviewer) if plan_texts[qid] in text)
        for qid in summary["questionsAsked"]
    ]
    assert positions == sorted(positions) and len(positions) == 4

    # every scripted answer was heard (STT is imperfect: most of its words), in order
    script = load_script(SCRIPTS / "app-strong-001.yaml")
    answers = [s.text("en") or "" for s in script.steps]
    candidate = [r[2] for r in rows if r[1] == "candidate"]
    assert len(candidate) == len(answers)
    for said, heard in zip(answers, candidate, strict=True):
        overlap = len(_words(said) & _words(heard)) / len(_words(said))
        assert overlap >= 0.5, (said, heard)

    # evidence quotes are verbatim candidate words
    all_candidate_text = "\n".join(candidate)
    quotes = [q["text"] for qe in summary["evaluation"]["questions"] for q in qe["evidence"]]
    assert quotes and all(q in all_candidate_text for q in quotes)

    rec = summary["recording"]
    assert rec["status"] == "uploaded" and rec["bytes"] > 10_000 and rec["durationSeconds"] > 20
    assert rec["key"].endswith(f"{summary['interviewId']}/recording.ogg")
    assert summary["latency"]["e2e_latency"]["n"] >= 4
    html = await asyncio.to_thread(Path(summary["reportHtml"]).read_text)
    assert html.count("<mark") >= len(quotes) > 0
