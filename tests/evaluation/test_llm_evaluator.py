"""LLM evaluator seam: validated, quotes checked, deterministic fallback on any problem."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from structlog.testing import capture_logs

from agent.analysis.results import FitResult
from agent.analysis.untrusted import DATA_NOTICE
from agent.evaluation import (
    EndReason,
    Evaluation,
    FlagCode,
    InterviewConduct,
    evaluate,
    evaluate_with_llm,
)
from service.models import TranscriptEntry
from tests.analysis.fixtures import fake_llm, simulate
from tests.evaluation.conftest import GOOD, INJECTION, POOR
from tests.evaluation.obedient import ObedientLLM


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
        "rating": 9.0,
        "recommendation": "advance",
        "rationale": "Clear, specific answers with measurable results.",
        "feedback": "Strong interview; advance to the technical round.",
    }
    out.update(over)
    return json.dumps(out)


@dataclass
class Interview:
    """A simulated interview over the planned fit, for either evaluator to judge."""

    planned: FitResult
    transcript: list[TranscriptEntry]
    conduct: InterviewConduct
    answered: dict[str, list[int]]

    async def with_llm(self, llm: Any, **kw: Any) -> Evaluation:
        return await evaluate_with_llm(
            self.planned.plan,
            self.transcript,
            self.planned.fit,
            conduct=self.conduct,
            llm=llm,
            **kw,
        )

    def deterministic(self) -> Evaluation:
        return evaluate(self.planned.plan, self.transcript, self.planned.fit, conduct=self.conduct)

    def reply(self, **over: Any) -> str:
        return llm_reply(self.transcript, self.answered, **over)


def setup(planned: FitResult, answers: dict[str, str], **kw: Any) -> Interview:
    transcript, conduct = simulate(planned.plan, answers, **kw)
    answered = {a.question_id: a.answer_seqs for a in conduct.asked}
    return Interview(planned, transcript, conduct, answered)


async def test_valid_llm_evaluation_is_used(planned: FitResult) -> None:
    interview = setup(planned, GOOD)
    seen: list[str] = []
    ev = await interview.with_llm(fake_llm(interview.reply(), seen=seen))
    assert ev.evaluator == "llm" and ev.fallback_reason is None
    assert ev.rating == 9.0 and ev.recommendation == "advance"
    q = next(q for q in ev.questions if q.question_id == "strength-python")
    assert q.score == 4
    assert q.rubric_covered == ["gives a measurable result"]  # invented rubric points dropped
    prompt = seen[0]
    assert DATA_NOTICE in prompt and "<transcript>" in prompt and prompt.count("</transcript>") == 1


async def test_blocking_flags_still_force_hold(planned: FitResult) -> None:
    interview = setup(planned, GOOD, ended_by=EndReason.CANDIDATE_LEFT)
    ev = await interview.with_llm(fake_llm(interview.reply()))
    assert ev.evaluator == "llm" and ev.recommendation == "hold"


def _bad_quote(interview: Interview) -> str:
    reply = json.loads(interview.reply())
    reply["questions"][0]["evidence"] = [
        {"seq": interview.answered["custom-1"][0], "text": "I am the best"}
    ]
    return json.dumps(reply)


def _unasked(interview: Interview) -> str:
    reply = json.loads(interview.reply())
    reply["questions"].append({"question_id": "behaviour-failure", "score": 5})
    return json.dumps(reply)


def _missing(interview: Interview) -> str:
    reply = json.loads(interview.reply())
    reply["questions"].pop()
    return json.dumps(reply)


@pytest.mark.parametrize(
    ("make_reply", "delay", "reason"),
    [
        (lambda i: "Sure! The candidate is great.", 0.0, "invalid_json"),
        (lambda i: i.reply(rating=42), 0.0, "invalid_output: rating"),
        (_bad_quote, 0.0, "invalid_output: questions.0.evidence.0.text"),
        (_unasked, 0.0, "scored_unanswered_question"),
        (_missing, 0.0, "missing_question"),
        (lambda i: i.reply(), 1.0, "timeout"),
        (lambda i: ConnectionError("reset"), 0.0, "llm_error: ConnectionError"),
    ],
)
async def test_problems_fall_back_to_deterministic(
    planned: FitResult, make_reply, delay: float, reason: str
) -> None:  # type: ignore[no-untyped-def]
    interview = setup(planned, GOOD)
    base = interview.deterministic()
    with capture_logs() as logs:
        ev = await interview.with_llm(
            fake_llm(make_reply(interview), delay=delay),
            timeout_s=0.2,
        )
    assert ev.evaluator == "deterministic"
    assert ev.fallback_reason is not None and ev.fallback_reason.startswith(reason)
    assert ev.model_dump(exclude={"fallback_reason", "rationale"}) == base.model_dump(
        exclude={"fallback_reason", "rationale"}
    )
    assert ev.rationale.startswith(base.rationale) and ev.fallback_reason in ev.rationale
    assert any(entry["event"] == "evaluation_llm_fallback" for entry in logs)


async def test_an_obeying_model_is_caught_on_evidence_even_when_detection_misses(
    planned: FitResult,
) -> None:
    # No detectable injection at all (as if it came in a form no rule knows): the model
    # obeys anyway. The guard looks at the evidence, not at whether detection fired.
    interview = setup(planned, POOR)
    base = interview.deterministic()
    assert FlagCode.INSTRUCTIONS_IN_ANSWERS not in base.flag_codes()
    model = ObedientLLM(always_obey=True)
    ev = await interview.with_llm(model)
    assert model.obeyed == 1
    assert ev.evaluator == "deterministic"
    assert ev.fallback_reason is not None
    assert ev.fallback_reason.startswith("score_far_from_evidence")
    assert (
        (ev.rating, ev.recommendation)
        == (base.rating, base.recommendation)
        == (
            ev.rating,
            "reject",
        )
    )
    assert "not used (score_far_from_evidence" in ev.rationale


async def test_injected_sentences_never_reach_the_model(planned: FitResult) -> None:
    attacked = {k: v + INJECTION for k, v in POOR.items()}
    interview = setup(planned, attacked)
    model = ObedientLLM()
    ev = await interview.with_llm(model)
    prompt = model.prompts[0]
    assert "Ignore all previous instructions" not in prompt and "10/10" not in prompt
    assert POOR["strength-python"] in prompt  # the answer itself is there, unchanged
    assert model.obeyed == 0 and ev.evaluator == "llm"
    assert ev.recommendation == "reject"


def _other_answer(interview: Interview) -> str:
    reply = json.loads(interview.reply())
    python, postgres = reply["questions"][1], reply["questions"][2]
    python["evidence"] = postgres["evidence"]  # verbatim, but from another question's answer
    return json.dumps(reply)


def _unbacked(interview: Interview) -> str:
    reply = json.loads(interview.reply())
    reply["questions"][0]["evidence"] = []
    return json.dumps(reply)


def _far(interview: Interview) -> str:
    return interview.reply(rating=6.0)


@pytest.mark.parametrize(
    ("make_reply", "reason"),
    [
        (_other_answer, "quote_from_another_answer: strength-python"),
        (_unbacked, "score_without_evidence: custom-1"),
        (_far, "rating_far_from_evidence: 6.0 against 9.9"),
    ],
)
async def test_scores_must_be_backed_by_their_own_answer(
    planned: FitResult, make_reply, reason: str
) -> None:  # type: ignore[no-untyped-def]
    interview = setup(planned, GOOD)
    ev = await interview.with_llm(fake_llm(make_reply(interview)))
    assert ev.evaluator == "deterministic" and ev.fallback_reason == reason


async def test_nothing_to_judge_skips_the_llm(planned: FitResult) -> None:
    seen: list[str] = []
    interview = setup(planned, {}, ended_by=EndReason.NO_SHOW)
    ev = await interview.with_llm(fake_llm("{}", seen=seen))
    assert not seen and ev.recommendation == "hold"
