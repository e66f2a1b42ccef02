"""The fit graph and its public entry point, `analyze_fit`.

extract_job ──(no skills listed)──▶ derive_job_skills
    │                                    │
    ▼                                    ▼
screen_cv ──(cvAnalysisResults)──▶ candidate_from_analysis ─┐
    ├──────(readable CV text)────▶ candidate_from_cv ───────┤
    └──────(no usable CV)────────────────────────────────── score ─▶ analyze ─▶ plan
                                                                       (llm given) ─▶ refine
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import structlog

from agent.analysis.analyze import analyze
from agent.analysis.extract_cv import from_analysis, from_cv_text, has_usable_analysis, screen_cv
from agent.analysis.extract_job import derive_job_skills, extract_job
from agent.analysis.graph import END, Graph
from agent.analysis.llm import LLMCallable
from agent.analysis.messages import msg
from agent.analysis.plan import build_plan
from agent.analysis.refine import refine_fit
from agent.analysis.results import CvStatus, FitPath, FitResult
from agent.analysis.score import score_fit
from agent.analysis.skills import SkillIndex, base_index
from agent.analysis.state import FitState
from service.models import Application

log = structlog.get_logger(__name__)
Update = dict[str, Any]


def _index(state: FitState) -> SkillIndex:
    job = state.job
    return base_index().with_extra(job.required_skills + job.nice_skills) if job else base_index()


async def _extract_job(state: FitState) -> Update:
    return {"job": extract_job(state.application.job)}


async def _derive_job_skills(state: FitState) -> Update:
    assert state.job is not None
    return {"job": derive_job_skills(state.application.job, state.job)}


async def _screen_cv(state: FitState) -> Update:
    status, text, dropped = screen_cv(state.cv_text)
    readable = status in (CvStatus.OK, CvStatus.TRUNCATED)
    if has_usable_analysis(state.application.cv_analysis_results):
        path = FitPath.CV_ANALYSIS
    else:
        path = FitPath.CV_TEXT if readable else FitPath.JOB_ONLY
    return {"cv_status": status, "cv_text": text, "dropped_instructions": dropped, "path": path}


async def _from_analysis(state: FitState) -> Update:
    results = state.application.cv_analysis_results or {}
    return {"candidate": from_analysis(results, state.cv_text, _index(state), state.today)}


async def _from_cv(state: FitState) -> Update:
    assert state.cv_text is not None
    return {"candidate": from_cv_text(state.cv_text, _index(state), state.today)}


async def _score(state: FitState) -> Update:
    assert state.job is not None
    scores, cls, reasons = score_fit(state.job, state.candidate, _index(state), state.language)
    return {"scores": scores, "fit_class": cls, "reasons": reasons}


async def _analyze(state: FitState) -> Update:
    assert state.job and state.scores and state.fit_class
    lang = state.language
    fit = analyze(
        state.job,
        state.candidate,
        state.scores,
        state.fit_class,
        state.reasons,
        _index(state),
        lang,
    )
    warnings = []
    if state.dropped_instructions:
        warnings.append(msg(lang, "warn_instructions", n=state.dropped_instructions))
    if state.cv_status == CvStatus.TRUNCATED:
        warnings.append(msg(lang, "warn_truncated"))
    if state.cv_status == CvStatus.UNREADABLE:
        warnings.append(msg(lang, "warn_unreadable"))
    return {"fit": fit.model_copy(update={"data_warnings": warnings})}


async def _plan(state: FitState) -> Update:
    assert state.job and state.fit
    plan = build_plan(
        state.job, state.fit, state.candidate, _index(state), state.language, state.duration_minutes
    )
    return {"plan": plan}


def build_graph(
    llm: LLMCallable | None = None, *, refine_timeout_s: float = 20.0
) -> Graph[FitState]:
    async def _refine(state: FitState) -> Update:
        assert llm is not None and state.fit and state.plan
        fit, plan, error = await refine_fit(
            state.fit,
            state.plan,
            job=state.application.job,
            cv_text=state.cv_text,
            llm=llm,
            timeout_s=refine_timeout_s,
        )
        return {"fit": fit, "plan": plan, "refined": error is None, "refine_error": error}

    candidate = {
        FitPath.CV_ANALYSIS: "candidate_from_analysis",
        FitPath.CV_TEXT: "candidate_from_cv",
        FitPath.JOB_ONLY: "score",
    }
    g = Graph(FitState, entry="extract_job")
    g.node("extract_job", _extract_job).node("derive_job_skills", _derive_job_skills)
    g.node("screen_cv", _screen_cv).node("candidate_from_analysis", _from_analysis)
    g.node("candidate_from_cv", _from_cv).node("score", _score).node("analyze", _analyze)
    g.node("plan", _plan).node("refine", _refine)
    g.branch(
        "extract_job",
        lambda s: (
            "screen_cv"
            if s.job and (s.job.required_skills or s.job.nice_skills)
            else "derive_job_skills"
        ),
        {"screen_cv", "derive_job_skills"},
    )
    g.edge("derive_job_skills", "screen_cv")
    g.branch("screen_cv", lambda s: candidate[s.path], set(candidate.values()))  # type: ignore[index]
    g.edge("candidate_from_analysis", "score").edge("candidate_from_cv", "score")
    g.edge("score", "analyze").edge("analyze", "plan")
    g.branch("plan", lambda _s: "refine" if llm else END, {"refine", END})
    g.edge("refine", END)
    return g


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
    started = time.perf_counter()
    state = FitState(
        application=application,
        cv_text=cv_text,
        duration_minutes=duration_minutes,
        today=today or date.today(),
        language=application.job.language,
    )
    final, trace = await build_graph(refine, refine_timeout_s=refine_timeout_s).run(state)
    assert final.plan and final.fit and final.path and final.cv_status and final.job
    result = FitResult(
        plan=final.plan,
        fit=final.fit,
        path=final.path,
        cv_status=final.cv_status,
        skill_source=final.job.skill_source.value,
        trace=trace,
        refined=final.refined,
        refine_error=final.refine_error,
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
