"""LLM evaluator: same output schema, stricter checks, deterministic fallback.

The LLM sees the plan, the fit summary and the transcript, each fenced as data. Its
JSON is validated with pydantic (quotes checked verbatim against the candidate's
entries), then: every answered question must be scored, no unasked question may be,
quotes must not be instruction sentences, texts must be in the interview language.
Flags stay deterministic (they are facts about the session), and a blocking flag
still forces "hold". Any problem returns the deterministic evaluation with the reason.
"""

from __future__ import annotations

import json

import structlog
from pydantic import BaseModel, Field

from agent.analysis.llm import LLMCallable, LLMOutputError, ask_json
from agent.analysis.models import QuestionPlan
from agent.analysis.results import FitAnalysis
from agent.analysis.text import has_arabic
from agent.analysis.untrusted import DATA_NOTICE, fence, is_instruction
from agent.evaluation.deterministic import BLOCKING, evaluate
from agent.evaluation.models import (
    Evaluation,
    EvidenceQuote,
    InterviewOutcome,
    Recommendation,
    evidence_context,
)
from service.models import TranscriptEntry

log = structlog.get_logger(__name__)

# With instructions found in the answers, an LLM verdict this far above the
# deterministic one is treated as a successful injection rather than a judgement.
INJECTION_DIVERGENCE = 2.5


class LLMQuestionScore(BaseModel):
    question_id: str
    score: int = Field(ge=1, le=5)
    rubric_covered: list[str] = Field(default_factory=list)
    evidence: list[EvidenceQuote] = Field(default_factory=list, max_length=3)
    notes: str = Field("", max_length=600)


class LLMEvaluationOutput(BaseModel):
    questions: list[LLMQuestionScore]
    rating: float = Field(ge=1, le=10)
    recommendation: Recommendation
    rationale: str = Field(min_length=10, max_length=1500)
    feedback: str = Field(min_length=5, max_length=600)


def evaluation_prompt(
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    fit: FitAnalysis,
    outcome: InterviewOutcome,
) -> str:
    language = "Arabic" if plan.language == "ar" else "English"
    questions = [
        q.model_dump(include={"id", "kind", "text", "rubric", "skills"}, mode="json")
        for q in plan.questions
    ]
    asked = [a.model_dump(mode="json") for a in outcome.asked]
    lines = "\n".join(f"[seq {e.sequence_number}] {e.speaker}: {e.content}" for e in transcript)
    schema = (
        '{"questions": [{"question_id": "...", "score": 1-5, "rubric_covered": ["<strong point '
        'copied from the rubric>"], "evidence": [{"seq": <candidate seq>, "text": "<exact '
        'substring of that line>"}], "notes": "..."}], "rating": 1-10, "recommendation": '
        '"advance|hold|reject", "rationale": "...", "feedback": "<two sentences>"}'
    )
    return "\n\n".join(
        [
            "You evaluate a recorded job interview against its question plan.",
            DATA_NOTICE,
            "Score each answered question 1-5 against its rubric (5: specific, evidenced, "
            "covers the strong points; 1: no real answer). Score only questions listed in "
            "<asked> that have answer_seqs. Evidence quotes must be copied character for "
            "character from the candidate's lines, with that line's seq. Rating is 1-10 "
            f"overall. Write notes, rationale and feedback in {language}.",
            f"Reply with JSON only: {schema}",
            fence("plan", json.dumps(questions, ensure_ascii=False)),
            fence(
                "analysis",
                json.dumps(
                    {"fit_class": fit.fit_class.value, "rationale": fit.rationale},
                    ensure_ascii=False,
                ),
            ),
            fence("asked", json.dumps({"asked": asked, "ended_by": outcome.ended_by})),
            fence("transcript", lines),
        ]
    )


def _merge(base: Evaluation, out: LLMEvaluationOutput, plan: QuestionPlan) -> dict[str, object]:
    by_id = {q.question_id: q for q in out.questions}
    answered = {q.question_id for q in base.questions if q.answered}
    if unknown := set(by_id) - answered:
        raise LLMOutputError(f"scored_unanswered_question: {sorted(unknown)[0][:40]}")
    if missing := answered - set(by_id):
        raise LLMOutputError(f"missing_question: {sorted(missing)[0][:40]}")
    rubrics = {q.id: q.rubric.strong for q in plan.questions}
    questions = []
    for q in base.questions:
        llm_q = by_id.get(q.question_id)
        if llm_q is None:
            questions.append(q.model_dump())
            continue
        if any(is_instruction(e.text) for e in llm_q.evidence):
            raise LLMOutputError("instruction_quoted_as_evidence")
        covered = [p for p in llm_q.rubric_covered if p in rubrics[q.question_id]]
        questions.append(
            q.model_dump()
            | {
                "score": llm_q.score,
                "rubric_covered": covered,
                "rubric_missed": [p for p in rubrics[q.question_id] if p not in covered],
                "evidence": [e.model_dump() for e in (llm_q.evidence or q.evidence)],
                "notes": llm_q.notes or q.notes,
            }
        )
    return {"questions": questions}


async def evaluate_with_llm(
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    fit: FitAnalysis,
    *,
    outcome: InterviewOutcome,
    llm: LLMCallable,
    timeout_s: float = 30.0,
) -> Evaluation:
    base = evaluate(plan, transcript, fit, outcome=outcome)
    if not any(q.answered for q in base.questions):
        return base  # nothing for a model to judge (no-show, silence)
    context = evidence_context(transcript)
    try:
        out = await ask_json(
            llm,
            evaluation_prompt(plan, transcript, fit, outcome),
            LLMEvaluationOutput,
            timeout_s=timeout_s,
            context=context,
        )
        if plan.language == "ar" and not (has_arabic(out.rationale) and has_arabic(out.feedback)):
            raise LLMOutputError("wrong_language: expected Arabic")
        if is_instruction(out.rationale) or is_instruction(out.feedback):
            raise LLMOutputError("instruction_in_output")
        injected = any(f.code == "instructions_in_answers" for f in base.flags)
        if injected and out.rating - base.rating > INJECTION_DIVERGENCE:
            raise LLMOutputError("rating_diverges_after_injection_attempt")
        merged = _merge(base, out, plan)
    except LLMOutputError as exc:
        log.warning("evaluation_llm_fallback", reason=exc.reason)
        return base.model_copy(update={"fallback_reason": exc.reason})
    recommendation = out.recommendation
    if base.flag_codes() & BLOCKING:
        recommendation = "hold"  # an incomplete session cannot support advance/reject
    data = (
        base.model_dump()
        | merged
        | {
            "evaluator": "llm",
            "rating": round(out.rating, 1),
            "recommendation": recommendation,
            "rationale": " ".join(out.rationale.split()),
            "feedback": " ".join(out.feedback.split()),
        }
    )
    log.info("evaluation_llm_used", rating=data["rating"], recommendation=recommendation)
    return Evaluation.model_validate(data, context=context)
