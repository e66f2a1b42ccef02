"""The main command end to end: real Silero VAD, whisper STT, Piper TTS, local platform, S3.

Slow (each runs a whole simulated interview in real time or faster); run in CI. The
barge-in and misbehaving-model runs check the interview's bookkeeping against the
labelled candidate scripts (agent/simulation/integrity.py): every answer tied to the
question it answers, every candidate turn answered, every planned question asked once.
"""

from __future__ import annotations

import argparse
import asyncio
import io
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


def _channel_energy(bucket: str, key: str) -> tuple[list[float], list[float]]:
    """Mean square per 100 ms window of each channel of the recording in (moto's) S3."""
    import av
    import numpy as np

    from scripts.local_s3 import LocalS3

    with LocalS3() as s3:  # moto keeps objects in process memory across servers
        body = s3.client().get_object(Bucket=bucket, Key=key)["Body"].read()
    with av.open(io.BytesIO(body), mode="r") as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "opus" and stream.channels == 2
        pcm = np.concatenate(
            [f.to_ndarray().reshape(2, -1) for f in container.decode(stream)], axis=1
        ).astype(np.float64)
    if pcm.dtype.kind == "i" or np.abs(pcm).max() > 2:
        pcm /= 32768.0
    window = 4800  # 100 ms at 48 kHz
    n = pcm.shape[1] // window
    energy = (pcm[:, : n * window].reshape(2, n, window) ** 2).mean(axis=2)
    return energy[0].tolist(), energy[1].tolist()


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

    # every scripted answer was heard, in order (STT is imperfect: most of the words of
    # each longer answer; a short one may be misheard, but not lost)
    script = load_script(SCRIPTS / "app-strong-001.yaml")
    answers = [s.text("en") or "" for s in script.steps]
    candidate = [r[2] for r in rows if r[1] == "candidate"]
    assert len(candidate) == len(answers) and all(candidate)
    for said, heard in zip(answers, candidate, strict=True):
        if len(_words(said)) >= 10:
            overlap = len(_words(said) & _words(heard)) / len(_words(said))
            assert overlap >= 0.5, (said, heard)

    # evidence quotes are verbatim candidate words
    all_candidate_text = "\n".join(candidate)
    quotes = [q["text"] for qe in summary["evaluation"]["questions"] for q in qe["evidence"]]
    assert quotes and all(q in all_candidate_text for q in quotes)

    rec = summary["recording"]
    assert rec["status"] == "uploaded" and rec["bytes"] > 10_000 and rec["durationSeconds"] > 20
    assert rec["key"].endswith(f"{summary['interviewId']}/recording.ogg")
    left, right = _channel_energy(rec["bucket"], rec["key"])
    assert abs(len(left) * 0.1 - rec["durationSeconds"]) < 1.0
    candidate_only = sum(1 for a, b in zip(left, right, strict=True) if a > 10 * b + 1e-4)
    interviewer_only = sum(1 for a, b in zip(left, right, strict=True) if b > 10 * a + 1e-4)
    assert candidate_only > 50 and interviewer_only > 50, "each voice on its own channel"
    assert summary["latency"]["e2e_latency"]["n"] >= 4
    html = await asyncio.to_thread(Path(summary["reportHtml"]).read_text)
    assert html.count("<mark") >= len(quotes) > 0
    assert_bookkeeping(summary)


def assert_bookkeeping(summary: dict, *, lost: int = 0) -> None:  # type: ignore[type-arg]
    integrity = summary["integrity"]
    assert summary["status"] == "COMPLETED" and summary["endedBy"] == "completed", summary
    assert integrity["misattributed"] == [], integrity
    assert integrity["silent_turns"] == 0, integrity
    assert integrity["asked_once"], integrity
    assert len(integrity["lost_steps"]) <= lost, integrity


async def test_barge_in_keeps_every_answer_with_its_question(tmp_path: Path) -> None:
    """Four cut-ins in one interview (agent/simulation/scripts/barge_in/four-cuts.yaml):
    over the greeting, into the first question before hearing it, into a follow-up, and
    into the last question after some of it, still answering the one before."""
    path = SCRIPTS / "barge_in" / "four-cuts.yaml"
    await run_demo(_args(tmp_path, "--candidate-script", str(path)))
    summary = json.loads((tmp_path / "s.json").read_text())
    # the turn said wholly over the (uninterruptible) greeting is dropped by LiveKit
    assert_bookkeeping(summary, lost=1)
    # the questions cut into before their core are asked again whole
    said = [t for s, t in _rows(tmp_path, summary) if s == "interviewer"]
    for cut in (summary["evaluation"]["questions"][i]["text"] for i in (0, 3)):
        assert f"Sorry, let me finish the question. {cut}" in said, cut


async def test_llm_demo_against_a_misbehaving_model(tmp_path: Path) -> None:
    """Every kind of misbehaviour in one interview (python -m scripts.llm_sweep: more seeds)."""
    from tests.agent.misbehaving_model import COVERED, MisbehavingModel, interview_against

    model = MisbehavingModel(seed=0, cover=True)
    summary = await interview_against(model, _args(tmp_path, "--speed", "2"))
    print(f"misbehaviour: {model.served}")  # for the record (pytest -s)
    assert_bookkeeping(summary)
    assert {kind for slot in COVERED for kind in slot} <= set(model.served), model.served
    plan = [q["text"] for q in summary["evaluation"]["questions"]]
    interviewer = [t for s, t in _rows(tmp_path, summary) if s == "interviewer"]
    for question in plan:  # said word for word, never in the model's own words
        assert any(question in t for t in interviewer), question


def _rows(tmp_path: Path, summary: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    from sqlite3 import connect

    return (
        connect(tmp_path / "demo" / "platform.sqlite3")
        .execute(
            "SELECT speaker, content FROM transcripts WHERE interview_id = ? "
            "ORDER BY sequence_number",
            (summary["interviewId"],),
        )
        .fetchall()
    )


async def test_difficult_candidate_in_audio(tmp_path: Path) -> None:
    """A job question, cutting into a question, silence, dropping out and back, skip."""
    script = SCRIPTS / "difficult.yaml"
    args = _args(
        tmp_path,
        "--application-id",
        "app-nocv-004",
        "--candidate-script",
        str(script),
        "--speed",
        "1.5",
    )
    await run_demo(args)
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["status"] == "COMPLETED"
    interviewer = [text for speaker, text in _rows(tmp_path, summary) if speaker == "interviewer"]
    assert interviewer[0].startswith("Hello Daniel") and "recorded" in interviewer[0]
    assert any("Back to my question" in t for t in interviewer), "job question answered"
    # the question the candidate cut into is stored only as far as it was heard
    last_q = next(q for q in summary["evaluation"]["questions"] if q["kind"] == "behavioural")
    opening = " ".join(last_q["text"].split()[:3])
    cut = [t for t in interviewer if opening in t and not t.startswith("Of course.")]
    assert cut and not cut[0].endswith(last_q["text"]), "interrupted turn kept whole"
    assert any(t.startswith("Of course. " + last_q["text"]) for t in interviewer)
    assert any(t.startswith("Are you still there?") for t in interviewer), "silence prompt"
    assert any(t.startswith("Welcome back.") for t in interviewer), "return after dropping out"
    assert interviewer[-1].endswith("Goodbye!")
    assert [q["question_id"] for q in summary["evaluation"]["questions"] if q["skipped"]] == [
        last_q["question_id"]
    ]
