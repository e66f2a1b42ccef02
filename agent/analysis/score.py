"""Per-category fit scores (0-100), an overall score and a fit class, each with a reason.

Skill scores are set overlaps: a skill counts once however often the CV repeats it.
Weights favour required skills and experience, the two things a recruiter screens
on first; categories the job does not specify are left out of the overall score.
"""

from __future__ import annotations

from agent.analysis.profiles import CandidateProfile, Degree, JobProfile
from agent.analysis.results import CategoryScore, FitClass, FitScores
from agent.analysis.skills import SkillIndex
from agent.analysis.text import join_names, years
from agent.content import text

WEIGHTS = {"required_skills": 0.5, "nice_to_have": 0.15, "experience": 0.25, "education": 0.10}


def candidate_years(cand: CandidateProfile) -> float | None:
    """Dated roles, or the stated claim when it is larger (a mismatch is flagged as a risk)."""
    known = [y for y in (cand.years, cand.claimed_years) if y is not None]
    return max(known) if known else None


def _skills(
    wanted: list[str], have: set[str], index: SkillIndex, lang: str, *, required: bool
) -> CategoryScore:
    matched = [s for s in wanted if s in have]
    missing = [s for s in wanted if s not in have]
    names = lambda xs: join_names([index.display(x, lang) for x in xs], lang)  # noqa: E731
    n, m = len(matched), len(wanted)
    if not wanted:
        reason = text("fit.req_na" if required else "fit.nice_na", lang)
        return CategoryScore(score=0, applicable=False, reason=reason)
    if required:
        key = "req_all" if not missing else "req_none" if not matched else "req_some"
        reason = text(f"fit.{key}", lang, n=n, m=m, matched=names(matched), missing=names(missing))
    else:
        detail = f" ({names(matched)})" if matched else ""
        reason = text("fit.nice_some", lang, n=n, m=m, detail=detail)
    return CategoryScore(
        score=round(100 * n / m, 1), reason=reason, matched=matched, missing=missing
    )


def _experience(job: JobProfile, cand: CandidateProfile, lang: str) -> CategoryScore:
    have = candidate_years(cand)
    req = job.min_years
    if not req:
        return CategoryScore(
            score=0, applicable=False, reason=text("fit.exp_na", lang, cand=years(lang, have))
        )
    if have is None:
        return CategoryScore(score=0, reason=text("fit.exp_unknown", lang, req=years(lang, req)))
    key = "exp_ok" if have >= req else "exp_short"
    return CategoryScore(
        score=round(min(1.0, have / req) * 100, 1),
        reason=text(f"fit.{key}", lang, cand=years(lang, have), req=years(lang, req)),
    )


def _education(job: JobProfile, cand: CandidateProfile, lang: str) -> CategoryScore:
    if job.degree == Degree.NONE:
        return CategoryScore(score=0, applicable=False, reason=text("fit.edu_na", lang))
    if not cand.degree_known:
        return CategoryScore(score=0, applicable=False, reason=text("fit.edu_unknown", lang))
    have, req = cand.degree, job.degree
    score = 100.0 if have >= req else 60.0 if have == req - 1 and have > Degree.NONE else 20.0
    key = "edu_ok" if have >= req else "edu_short"
    return CategoryScore(
        score=score,
        reason=text(
            f"fit.{key}",
            lang,
            cand=text(f"degree.{have.name.lower()}", lang),
            req=text(f"degree.{req.name.lower()}", lang),
        ),
    )


def score_fit(
    job: JobProfile, cand: CandidateProfile | None, index: SkillIndex, lang: str
) -> tuple[FitScores, FitClass, list[str]]:
    if cand is None:
        na = CategoryScore(score=0, applicable=False, reason=text("fit.no_cv", lang))
        scores = FitScores(
            required_skills=na, nice_to_have=na, experience=na, education=na, overall=0
        )
        return scores, FitClass.UNKNOWN, [text("fit.no_cv", lang)]
    have = set(cand.skills)
    cats = {
        "required_skills": _skills(job.required_skills, have, index, lang, required=True),
        "nice_to_have": _skills(job.nice_skills, have, index, lang, required=False),
        "experience": _experience(job, cand, lang),
        "education": _education(job, cand, lang),
    }
    weight = sum(WEIGHTS[k] for k, c in cats.items() if c.applicable)
    overall = (
        sum(WEIGHTS[k] * c.score for k, c in cats.items() if c.applicable) / weight
        if weight
        else 50.0
    )
    req = cats["required_skills"]
    if overall >= 75 and (req.score >= 70 or not req.applicable):
        cls = FitClass.STRONG
    elif overall >= 45:
        cls = FitClass.MODERATE
    else:
        cls = FitClass.WEAK
    reasons = [c.reason for c in cats.values() if c.applicable]
    return FitScores(**cats, overall=round(overall, 1)), cls, reasons
