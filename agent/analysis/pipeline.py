"""The fit analysis, `analyze_fit`: extract → score → analyze → plan (→ refine).

Two choices along the way: a job that lists no skills has them derived from its text,
and the candidate comes from the platform's cvAnalysisResults, our own reading of the
CV text, or nowhere (the plan is then made from the job alone).
"""

from __future__ import annotations

import time
from datetime import date

import structlog

from agent.analysis.analyze import analyze
from agent.analysis.extract_cv import from_analysis, from_cv_text, has_usable_analysis, screen_cv
from agent.analysis.extract_job import extract_job
from agent.analysis.llm import LLMCallable
from agent.analysis.plan import build_plan
from agent.analysis.profiles import CandidateProfile
from agent.analysis.refine import refine_fit
from agent.analysis.results import CvStatus, FitPath, FitResult
from agent.analysis.skills import SkillIndex, base_index
from agent.content import text
from service.models import Application

log = structlog.get_logger(__name__)


def candidate_profile(
    application: Application,
    status: CvStatus,
    cv_text: str | None,
    index: SkillIndex,
    today: date,
) -> tuple[FitPath, CandidateProfile | None]:
    """The candidate from the platform's analysis, else the screened CV text, else none."""
    results = application.cv_analysis_results
    if results and has_usable_analysis(results):
        return FitPath.CV_ANALYSIS, from_analysis(results, cv_text, index, today)
    if cv_text is not None and status in (CvStatus.OK, CvStatus.TRUNCATED):
        return FitPath.CV_TEXT, from_cv_text(cv_text, index, today)
    return FitPath.JOB_ONLY, None


def data_warnings(lang: str, status: CvStatus, dropped_instructions: int) -> list[str]:
    warnings = []
    if dropped_instructions:
        warnings.append(text("fit.warn_instructions", lang, n=dropped_instructions))
    if status in (CvStatus.TRUNCATED, CvStatus.UNREADABLE):
        warnings.append(text(f"fit.warn_{status.value}", lang))
    return warnings


async def analyze_fit(
    application: Application,
    cv_text: str | None,
    *,
    duration_minutes: int,
    refine: LLMCallable | None = None,
    refine_timeout_s: float = 20.0,
    today: date | None = None,
) -> FitResult:
    """Resume-fit analysis and the interview's question plan.

    Deterministic unless `refine` (async prompt -> JSON text) is given, which may only
    reword the rationale and questions; any failure there keeps the deterministic result.
    """
    if duration_minutes < 1:
        raise ValueError(f"duration_minutes must be at least 1, not {duration_minutes}")
    started = time.perf_counter()
    lang = application.job.language
    job = extract_job(application.job)
    index = base_index().with_extra(job.required_skills + job.nice_skills)
    status, text, dropped = screen_cv(cv_text)
    path, candidate = candidate_profile(application, status, text, index, today or date.today())
    fit = analyze(job, candidate, index, lang)
    fit = fit.model_copy(update={"data_warnings": data_warnings(lang, status, dropped)})
    plan = build_plan(job, fit, candidate, index, lang, duration_minutes)
    refine_error = None
    if refine is not None:
        fit, plan, refine_error = await refine_fit(
            fit, plan, job=application.job, cv_text=text, llm=refine, timeout_s=refine_timeout_s
        )
    result = FitResult(
        plan=plan,
        fit=fit,
        path=path,
        cv_status=status,
        skill_source=job.skill_source,
        refined=refine is not None and refine_error is None,
        refine_error=refine_error,
    )
    log.info(
        "fit_analysed",
        application_id=application.id,
        path=result.path.value,
        fit_class=result.fit.fit_class.value,
        overall=result.fit.scores.overall,
        questions=len(result.plan.questions),
        plan_warnings=len(result.plan.warnings),
        refined=result.refined,
        ms=round((time.perf_counter() - started) * 1000, 2),
    )
    return result
