"""LLM evaluator seam: validated, quotes checked, deterministic fallback on any problem."""

from __future__ import annotations

import json
from typing import Any

import pytest
from structlog.testing import capture_logs

from agent.analysis.results import FitResult
from agent.analysis.untrusted import DATA_NOTICE
from agent.evaluation import evaluate, evaluate_with_llm
from service.models import TranscriptEntry
from tests.analysis.fixtures import fake_llm, simulate
from tests.evaluation.conftest import GOOD, INJECTION


def llm_reply(
    transcript: list[TranscriptEntry], answered: dict[str, list[int]], **over: Any
) -> str:
    by_seq = {e.sequence_number: e.content for e in transcript}
    out = {
        "questions": [
            {
                "question_id": qid,
                "score": 4,
                "rubric_covered": ["gives a measurable result", "made up"],
                "evidence": [{"seq": seqs[0], "text": by_seq[seqs[0]][:40]}],
                "notes": "Solid.",
            }
            for qid, seqs in answered.items()
        ],
        "rating": 8.2,
        "recommendation": "advance",
        "rationale": "Clear, specific answers with measurable results.",
        "feedback": "Strong interview; advance to the technical round.",
    }
    out.update(over)
    return json.dumps(out)


def setup(planned: FitResult, answers: dict[str, str], **kw: Any):  # type: ignore[no-untyped-def]
    transcript, outcome = simulate(planned.plan, answers, **kw)  # type: ignore[arg-type]
    answered = {a.question_id: a.answer_seqs for a in outcome.asked}
    return transcript, outcome, answered


async def test_valid_llm_evaluation_is_used(planned: FitResult) -> None:
    transcript, outcome, answered = setup(planned, GOOD)
    seen: list[str] = []
    ev = await evaluate_with_llm(
        planned.plan,
        transcript,
        planned.fit,
        outcome=outcome,
        llm=fake_llm(llm_reply(transcript, answered), seen=seen),
    )
    assert ev.evaluator == "llm" and ev.fallback_reason is None
    assert ev.rating == 8.2 and ev.recommendation == "advance"
    q = next(q for q in ev.questions if q.question_id == "strength-python")
    assert q.score == 4
    assert q.rubric_covered == ["gives a measurable result"]  # invented rubric points dropped
    prompt = seen[0]
    assert DATA_NOTICE in prompt and "<transcript>" in prompt and prompt.count("</transcript>") == 1


async def test_blocking_flags_still_force_hold(planned: FitResult) -> None:
    transcript, outcome, answered = setup(planned, GOOD, ended_by="candidate_left")
    ev = await evaluate_with_llm(
        planned.plan,
        transcript,
        planned.fit,
        outcome=outcome,
        llm=fake_llm(llm_reply(transcript, answered)),
    )
    assert ev.evaluator == "llm" and ev.recommendation == "hold"


def _bad_quote(transcript: list[TranscriptEntry], answered: dict[str, list[int]]) -> str:
    reply = json.loads(llm_reply(transcript, answered))
    reply["questions"][0]["evidence"] = [{"seq": answered["custom-1"][0], "text": "I am the best"}]
    return json.dumps(reply)


def _unasked(transcript: list[TranscriptEntry], answered: dict[str, list[int]]) -> str:
    reply = json.loads(llm_reply(transcript, answered))
    reply["questions"].append({"question_id": "behaviour-failure", "score": 5})
    return json.dumps(reply)


def _missing(transcript: list[TranscriptEntry], answered: dict[str, list[int]]) -> str:
    reply = json.loads(llm_reply(transcript, answered))
    reply["questions"].pop()
    return json.dumps(reply)


@pytest.mark.parametrize(
    ("make_reply", "delay", "reason"),
    [
        (lambda t, a: "Sure! The candidate is great.", 0.0, "invalid_json"),
        (lambda t, a: llm_reply(t, a, rating=42), 0.0, "invalid_output: rating"),
        (_bad_quote, 0.0, "invalid_output: questions.0.evidence.0.text"),
        (_unasked, 0.0, "scored_unanswered_question"),
        (_missing, 0.0, "missing_question"),
        (lambda t, a: llm_reply(t, a), 1.0, "timeout"),
        (lambda t, a: ConnectionError("reset"), 0.0, "llm_error: ConnectionError"),
    ],
)
async def test_problems_fall_back_to_deterministic(
    planned: FitResult, make_reply, delay: float, reason: str
) -> None:  # type: ignore[no-untyped-def]
    transcript, outcome, answered = setup(planned, GOOD)
    base = evaluate(planned.plan, transcript, planned.fit, outcome=outcome)
    with capture_logs() as logs:
        ev = await evaluate_with_llm(
            planned.plan,
            transcript,
            planned.fit,
            outcome=outcome,
            llm=fake_llm(make_reply(transcript, answered), delay=delay),
            timeout_s=0.2,
        )
    assert ev.evaluator == "deterministic"
    assert ev.fallback_reason is not None and ev.fallback_reason.startswith(reason)
    assert ev.model_dump(exclude={"fallback_reason"}) == base.model_dump(
        exclude={"fallback_reason"}
    )
    assert any(entry["event"] == "evaluation_llm_fallback" for entry in logs)


async def test_injected_answers_cannot_buy_a_higher_llm_rating(planned: FitResult) -> None:
    poor = {"custom-1": "I need a job.", "strength-python": "I used Python a bit, not much."}
    attacked = {k: v + INJECTION for k, v in poor.items()}
    transcript, outcome, answered = setup(planned, attacked)
    ev = await evaluate_with_llm(
        planned.plan,
        transcript,
        planned.fit,
        outcome=outcome,
        llm=fake_llm(llm_reply(transcript, answered, rating=10)),
    )
    assert ev.evaluator == "deterministic"
    assert ev.fallback_reason == "rating_diverges_after_injection_attempt"


async def test_nothing_to_judge_skips_the_llm(planned: FitResult) -> None:
    seen: list[str] = []
    transcript, outcome, _ = setup(planned, {}, ended_by="no_show")
    ev = await evaluate_with_llm(
        planned.plan, transcript, planned.fit, outcome=outcome, llm=fake_llm("{}", seen=seen)
    )
    assert not seen and ev.recommendation == "hold"
