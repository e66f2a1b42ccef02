"""The fit analysis: scores, strengths to verify, gaps to probe, career risks, a rationale."""

from __future__ import annotations

from agent.analysis.profiles import CandidateProfile, JobProfile, Role
from agent.analysis.results import FitAnalysis, FitScores, Gap, Risk, Strength
from agent.analysis.score import candidate_years, score_fit
from agent.analysis.skills import SkillIndex
from agent.analysis.text import count, join_names, years
from agent.content import text
from service.models import Language

SHORT_TENURE_MONTHS = 12
GAP_MONTHS = 6
_MAX_RISKS = 5


def _strengths(
    job: JobProfile, cand: CandidateProfile, index: SkillIndex, lang: str
) -> list[Strength]:
    have = set(cand.skills)
    focus = set(index.find_text(" ".join(job.prompt.focus)))
    wanted = [(s, True) for s in job.required_skills] + [(s, False) for s in job.nice_skills]
    if not wanted:  # the job names no skills at all: verify what the CV leads with
        wanted = [(s, False) for s in cand.skills[:3]]
    picked: list[tuple[tuple[int, ...], Strength]] = []
    for order, (skill, required) in enumerate(wanted):
        if skill not in have:
            continue
        ev = cand.evidence.get(skill)
        claimed = skill in cand.claimed_strengths
        where = (text("fit.in_role", lang) if ev and ev.in_role else "") + (
            text("fit.strength_claimed", lang) if claimed else ""
        )
        key = "strength_skill" if required else "strength_nice"
        reason = text(f"fit.{key}", lang, skill=index.display(skill, lang), where=where)
        rank = (not required, skill not in focus, not claimed, not (ev and ev.in_role), order)
        picked.append(
            (rank, Strength(skill=skill, reason=reason, evidence=ev.snippet if ev else None))
        )
    return [s for _, s in sorted(picked, key=lambda p: p[0])]


def _gaps(
    job: JobProfile, cand: CandidateProfile, scores: FitScores, index: SkillIndex, lang: str
) -> list[Gap]:
    have = set(cand.skills)
    gaps: list[Gap] = []
    wanted = set(job.required_skills) | set(job.nice_skills)
    for skill in cand.claimed_weaknesses:
        if skill in wanted:
            reason = text("fit.gap_weak", lang, skill=index.display(skill, lang))
            gaps.append(Gap(topic=skill, reason=reason, required=skill in job.required_skills))
    for skill in job.required_skills:
        if skill not in have and skill not in cand.claimed_weaknesses:
            reason = text("fit.gap_skill", lang, skill=index.display(skill, lang))
            gaps.append(Gap(topic=skill, reason=reason))
    have_years = candidate_years(cand)
    if job.min_years and have_years is not None and have_years < job.min_years:
        reason = text(
            "fit.gap_exp", lang, cand=years(lang, have_years), req=years(lang, job.min_years)
        )
        gaps.append(Gap(topic="experience", reason=reason, kind="experience"))
    edu = scores.education
    if edu.applicable and edu.score < 100:
        gaps.append(Gap(topic="education", reason=edu.reason, kind="education"))
    for skill in job.nice_skills:
        if skill not in have and skill not in cand.claimed_weaknesses:
            reason = text("fit.gap_nice", lang, skill=index.display(skill, lang))
            gaps.append(Gap(topic=skill, reason=reason, required=False))
    return gaps


def _risks(cand: CandidateProfile, lang: str) -> list[Risk]:
    risks: list[Risk] = []
    roles: list[Role] = sorted(cand.roles, key=lambda r: r.start)
    for role in roles:
        if not role.current and role.months < SHORT_TENURE_MONTHS:
            detail = text(
                "fit.risk_tenure",
                lang,
                title=role.title,
                months=count(lang, max(role.months, 1), "month"),
            )
            risks.append(Risk(kind="short_tenure", detail=detail))
    latest = None
    for role in roles:
        if latest is not None:
            if role.month_precision and latest.month_precision:
                gap = (role.start.year - latest.end.year) * 12 + role.start.month - latest.end.month
            else:  # "2017 – 2017" then "2019 – ...": only a whole missing year is a sure gap
                gap = max(0, role.start.year - latest.end.year - 1) * 12
            if gap > GAP_MONTHS:
                detail = text(
                    "fit.risk_gap", lang, months=count(lang, gap, "month"), after=latest.title
                )
                risks.append(Risk(kind="employment_gap", detail=detail))
        if latest is None or role.end > latest.end:
            latest = role
    if cand.claimed_years and cand.years is not None and cand.claimed_years - cand.years >= 2:
        detail = text(
            "fit.risk_claim",
            lang,
            claimed=years(lang, cand.claimed_years),
            cand=years(lang, cand.years),
        )
        risks.append(Risk(kind="claim_mismatch", detail=detail))
    return risks[:_MAX_RISKS]


def analyze(
    job: JobProfile, cand: CandidateProfile | None, index: SkillIndex, lang: Language
) -> FitAnalysis:
    """Scores (score.py), then what to verify, what to probe, risks and a rationale."""
    scores, fit_class, reasons = score_fit(job, cand, index, lang)
    nothing = text("fit.nothing", lang)
    if cand is None:
        req_line = scores.required_skills.reason
        if job.required_skills:
            names = join_names([index.display(s, lang) for s in job.required_skills], lang, 6)
            req_line = text("fit.req_line", lang, names=names)
        rationale = text("fit.rationale_no_cv", lang, req_line=req_line)
        return FitAnalysis(
            language=lang, scores=scores, fit_class=fit_class, reasons=reasons, rationale=rationale
        )
    strengths = _strengths(job, cand, index, lang)
    gaps = _gaps(job, cand, scores, index, lang)
    gap_names = [index.display(g.topic, lang) for g in gaps if g.kind == "skill"]
    if any(g.kind == "experience" for g in gaps):
        gap_names.append(text("fit.experience", lang))
    rationale = text(
        "fit.rationale",
        lang,
        cls=text(f"fit_class.{fit_class.value}", lang),
        title=job.title,
        req_line=scores.required_skills.reason if scores.required_skills.applicable else "",
        strengths=join_names([index.display(s.skill, lang) for s in strengths], lang, 3) or nothing,
        gaps=join_names(gap_names, lang, 3) or nothing,
    )
    return FitAnalysis(
        language=lang,
        scores=scores,
        fit_class=fit_class,
        reasons=reasons,
        strengths=strengths,
        gaps=gaps,
        risks=_risks(cand, lang),
        rationale=" ".join(rationale.split()),
    )
