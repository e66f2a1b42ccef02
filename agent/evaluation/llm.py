"""LLM evaluator: same output schema, checked on evidence, deterministic fallback.

Sentences addressed to an evaluator are removed from the candidate's lines before the
model sees them; the plan, the fit summary and the transcript are fenced as data. The
reply is validated with pydantic (quotes verbatim against the candidate's entries), then
checked on evidence by the rules in SCHEMA.md (*Rating and recommendation*); any failed
check returns the deterministic evaluation, the reason in `fallback_reason` and the
rationale.
"""

from __future__ import annotations

import json

import structlog
from pydantic import BaseModel, Field

from agent.analysis.llm import LLMCallable, LLMOutputError, ask_json
from agent.analysis.models import QuestionPlan
from agent.analysis.results import FitAnalysis
from agent.analysis.text import has_arabic
from agent.analysis.untrusted import DATA_NOTICE, fence, is_instruction, units
from agent.content import language_name, text
from agent.evaluation.deterministic import evaluate, recommend
from agent.evaluation.models import (
    Evaluation,
    EvidenceQuote,
    InterviewConduct,
    QuestionEvaluation,
    Recommendation,
    evidence_context,
)
from service.models import TranscriptEntry

log = structlog.get_logger(__name__)

# How far the model may stray from the evidence-based result: one question by two points
# is a judgement; a whole rating moved by more than 1.5 is an injection or a hallucination.
QUESTION_MARGIN = 2
RATING_MARGIN = 1.5


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


def redact(content: str) -> str:
    """The candidate's line without sentences addressed to an evaluator.

    Kept sentences are unchanged, so a quote of them is still verbatim in the original.
    """
    return " ".join(content[a:b] for a, b in units(content) if not is_instruction(content[a:b]))


def evaluation_prompt(
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    fit: FitAnalysis,
    conduct: InterviewConduct,
) -> str:
    language = language_name(plan.language)
    questions = [
        q.model_dump(include={"id", "kind", "text", "rubric", "skills"}, mode="json")
        for q in plan.questions
    ]
    asked = [a.model_dump(mode="json") for a in conduct.asked]
    lines = "\n".join(
        f"[seq {e.sequence_number}] {e.speaker}: "
        + (redact(e.content) if e.speaker == "candidate" else e.content)
        for e in transcript
    )
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
            "covers the strong points; 1: no real answer; an answer that does not address its "
            "question scores at most 2). Score only questions listed in <asked> that have "
            "answer_seqs. Back every score above 1 with evidence quotes copied character for "
            "character from that question's own answer lines, with that line's seq. Rating is "
            f"1-10 overall. Write notes, rationale and feedback in {language}.",
            f"Reply with JSON only: {schema}",
            fence("plan", json.dumps(questions, ensure_ascii=False)),
            fence(
                "analysis",
                json.dumps(
                    {"fit_class": fit.fit_class.value, "rationale": fit.rationale},
                    ensure_ascii=False,
                ),
            ),
            fence("asked", json.dumps({"asked": asked, "ended_by": conduct.ended_by})),
            fence("transcript", lines),
        ]
    )


def _backed(q: QuestionEvaluation, evidence: list[EvidenceQuote], contents: dict[int, str]) -> None:
    """Raise unless every quote comes from this question's answer and no injected sentence."""
    for quote in evidence:
        if quote.seq not in q.answer_seqs:
            raise LLMOutputError(f"quote_from_another_answer: {q.question_id[:40]}")
        content = contents[quote.seq]
        start = content.find(quote.text)
        end = start + len(quote.text)
        for a, b in units(content):
            if a < end and start < b and is_instruction(content[a:b]):
                raise LLMOutputError(f"instruction_quoted_as_evidence: {q.question_id[:40]}")


def _merge(
    base: Evaluation, out: LLMEvaluationOutput, plan: QuestionPlan, contents: dict[int, str]
) -> list[QuestionEvaluation]:
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
            questions.append(q)
            continue
        qid = q.question_id[:40]
        _backed(q, llm_q.evidence, contents)
        if llm_q.score > 1 and not llm_q.evidence:
            raise LLMOutputError(f"score_without_evidence: {qid}")
        if abs(llm_q.score - (q.score or 1)) > QUESTION_MARGIN:
            raise LLMOutputError(
                f"score_far_from_evidence: {qid} scored {llm_q.score}, evidence {q.score}"
            )
        covered = [p for p in llm_q.rubric_covered if p in rubrics[q.question_id]]
        update = {
            "score": llm_q.score,
            "rubric_covered": covered,
            "rubric_missed": [p for p in rubrics[q.question_id] if p not in covered],
            "evidence": llm_q.evidence,
            "notes": llm_q.notes or q.notes,
        }
        questions.append(q.model_copy(update=update))
    return questions


async def evaluate_with_llm(
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    fit: FitAnalysis,
    *,
    conduct: InterviewConduct,
    llm: LLMCallable,
    timeout_s: float = 30.0,
) -> Evaluation:
    base = evaluate(plan, transcript, fit, conduct=conduct)
    if not any(q.answered for q in base.questions):
        return base  # nothing for a model to judge (no-show, silence)
    context = evidence_context(transcript)
    try:
        out = await ask_json(
            llm,
            evaluation_prompt(plan, transcript, fit, conduct),
            LLMEvaluationOutput,
            timeout_s=timeout_s,
            context=context,
        )
        if plan.language == "ar" and not (has_arabic(out.rationale) and has_arabic(out.feedback)):
            raise LLMOutputError("wrong_language: expected Arabic")
        if is_instruction(out.rationale) or is_instruction(out.feedback):
            raise LLMOutputError("instruction_in_output")
        questions = _merge(base, out, plan, context["candidate_text"])
        if abs(out.rating - base.rating) > RATING_MARGIN:
            raise LLMOutputError(
                f"rating_far_from_evidence: {out.rating:.1f} against {base.rating:.1f}"
            )
    except LLMOutputError as exc:
        log.warning("evaluation_llm_fallback", reason=str(exc))
        why = text("eval.llm_fallback", base.language, reason=str(exc))
        return base.model_copy(
            update={"fallback_reason": str(exc), "rationale": f"{base.rationale} {why}"}
        )
    rating = round(out.rating, 1)
    recommendation, _ = recommend(rating, questions, base.flags)
    data = base.model_dump() | {
        "questions": [q.model_dump() for q in questions],
        "evaluator": "llm",
        "rating": rating,
        "recommendation": recommendation,
        "rationale": " ".join(out.rationale.split()),
        "feedback": " ".join(out.feedback.split()),
    }
    log.info("evaluation_llm_used", rating=rating, recommendation=recommendation)
    return Evaluation.model_validate(data, context=context)
