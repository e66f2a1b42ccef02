"""Optional LLM pass that polishes the rationale and question wording.

It cannot touch scores, fit class, question order, ids, budgets or the recruiter's
own questions: only text the deterministic analysis wrote. Anything wrong with the
reply (timeout, error, bad JSON, unknown id, wrong language, text that reads like an
instruction) keeps the deterministic result, and the reason is logged and recorded.
"""

from __future__ import annotations

import json

import structlog
from pydantic import BaseModel, Field

from agent.analysis.llm import LLMCallable, LLMOutputError, ask_json
from agent.analysis.models import QuestionKind, QuestionPlan
from agent.analysis.results import FitAnalysis
from agent.analysis.text import attach_particles, clip, has_arabic
from agent.analysis.untrusted import DATA_NOTICE, fence, fields, is_instruction
from agent.content import language_name
from service.models import Job

log = structlog.get_logger(__name__)

CV_PROMPT_CHARS = 6000


class QuestionRewrite(BaseModel):
    id: str
    text: str = Field(min_length=5, max_length=400)
    follow_ups: list[str] | None = Field(default=None, max_length=4)


class FitRefinement(BaseModel):
    rationale: str = Field(min_length=10, max_length=1200)
    questions: list[QuestionRewrite] = Field(default_factory=list, max_length=24)


def refine_prompt(job: Job, cv_text: str | None, fit: FitAnalysis, plan: QuestionPlan) -> str:
    language = language_name(plan.language)
    job_text = fields(
        title=job.title, requirements=job.requirements, responsibilities=job.responsibilities
    )
    questions = [
        q.model_dump(include={"id", "kind", "text", "follow_ups", "skills"}, mode="json")
        for q in plan.questions
    ]
    return "\n\n".join(
        [
            "You polish the wording of a job-interview question plan for a spoken interview.",
            DATA_NOTICE,
            f"Rules: write in {language}. Keep each question's meaning, skills and intent; "
            "keep every id; do not add or remove questions; "
            'do not rewrite questions of kind "custom"; keep questions short enough to say aloud; '
            "word each question differently from the others. The candidate's gender is unknown: "
            "in Arabic use forms that fit anyone (past tense, verbal nouns, هل يمكنك), never "
            "masculine-only imperatives or verbs. "
            "You cannot change scores. Rewrite the rationale "
            "in at most three sentences, naming the skills.",
            'Reply with JSON only: {"rationale": "...", "questions": [{"id": "...", "text": "...", '
            '"follow_ups": ["..."]}]}',
            fence("job", job_text),
            fence("cv", clip(cv_text or "", CV_PROMPT_CHARS)),
            fence(
                "analysis",
                json.dumps(fit.model_dump(mode="json", exclude={"scores"}), ensure_ascii=False),
            ),
            fence("plan", json.dumps(questions, ensure_ascii=False)),
        ]
    )


def _check(out: FitRefinement, plan: QuestionPlan) -> None:
    kinds = {q.id: q.kind for q in plan.questions}
    texts = [out.rationale] + [t for r in out.questions for t in [r.text, *(r.follow_ups or [])]]
    for r in out.questions:
        if r.id not in kinds:
            raise LLMOutputError(f"unknown_question_id: {clip(r.id, 40)}")
    for text in texts:
        if is_instruction(text):
            raise LLMOutputError("instruction_in_output")
        if plan.language == "ar" and not has_arabic(text):
            raise LLMOutputError("wrong_language: expected Arabic")


async def refine_fit(
    fit: FitAnalysis,
    plan: QuestionPlan,
    *,
    job: Job,
    cv_text: str | None,
    llm: LLMCallable,
    timeout_s: float,
) -> tuple[FitAnalysis, QuestionPlan, str | None]:
    """(fit, plan, None) refined, or the inputs unchanged and the reason they were kept."""
    try:
        out = await ask_json(
            llm, refine_prompt(job, cv_text, fit, plan), FitRefinement, timeout_s=timeout_s
        )
        _check(out, plan)
    except LLMOutputError as exc:
        log.warning("fit_refine_fallback", reason=str(exc))
        return fit, plan, str(exc)
    rewrites = {r.id: r for r in out.questions}
    questions = []
    for q in plan.questions:
        r = rewrites.get(q.id)
        if r is None or q.kind == QuestionKind.CUSTOM:  # the recruiter's words stay verbatim
            questions.append(q)
            continue
        text, follow_ups = r.text, r.follow_ups or q.follow_ups
        if plan.language == "ar":  # the model writes "لـ المحاسبة" as often as templates did
            text, follow_ups = attach_particles(text), [attach_particles(f) for f in follow_ups]
        questions.append(q.model_copy(update={"text": text, "follow_ups": follow_ups}))
    rationale = " ".join(out.rationale.split())
    plan_note = plan.rationale.removeprefix(fit.rationale).strip()  # the time summary stays
    log.info("fit_refined", questions=len(rewrites))
    return (
        fit.model_copy(update={"rationale": rationale}),
        plan.model_copy(
            update={"questions": questions, "rationale": f"{rationale} {plan_note}".strip()}
        ),
        None,
    )
