"""Turn the fit analysis into an ordered, time-boxed QuestionPlan.

Questions are first ranked by how much they matter (the recruiter's own questions,
then one behavioural, the top strength, the top gap, one technical, then seconds of
each...) and admitted while their minimum time still fits in 85% of the interview;
the rest is greeting and closing. Spare time then stretches the admitted questions
toward (and a little past) their default budgets. Finally they are put in interview
order: recruiter's questions first, as written, then strengths, gaps, technical and
behavioural.

Missing skills, and core skills checked without a CV, share a question with others of
their family (building software, running infrastructure, data, the rest: "Linux,
Kubernetes and Terraform"); a kind asked twice takes its next wording. No two questions
of a plan come from one template with only the skill swapped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from agent.analysis.models import Question, QuestionKind, QuestionPlan, Rubric
from agent.analysis.profiles import CandidateProfile, JobProfile
from agent.analysis.prompt import MAX_QUESTION_CHARS
from agent.analysis.results import FitAnalysis
from agent.analysis.skills import SkillIndex
from agent.analysis.templates import QTemplate, render, technical, variants
from agent.analysis.text import clip, count, join_names, years
from agent.content import text
from service.models import Language

# Soft skills and spoken languages are heard in every answer; no question of their own.
NOT_ASKED_DIRECTLY = frozenset({"soft", "spoken"})
SPEAKING_SHARE = 0.85  # the rest: greeting, candidate's questions, closing
MAX_QUESTIONS = 12


@dataclass(frozen=True)
class _Slot:
    kind: QuestionKind
    default_s: int
    section: int  # place in interview order


_SLOTS = {
    "custom": _Slot(QuestionKind.CUSTOM, 120, 0),
    "strength": _Slot(QuestionKind.STRENGTH, 150, 1),
    "check": _Slot(QuestionKind.TECHNICAL, 150, 1),  # a core skill checked without a CV
    "gap": _Slot(QuestionKind.GAP, 120, 2),
    "career": _Slot(QuestionKind.GENERAL, 90, 3),
    "technical": _Slot(QuestionKind.TECHNICAL, 180, 4),
    "general": _Slot(QuestionKind.GENERAL, 120, 4),
    "behavioural": _Slot(QuestionKind.BEHAVIOURAL, 180, 5),
}
# Skill categories (agent/content/skills.yaml) that one question can cover together.
_FAMILY = {
    **dict.fromkeys(("language", "backend", "database", "frontend", "mobile", "testing"), "build"),
    **dict.fromkeys(("devops", "cloud", "security"), "run"),
    "data": "data",
}
MAX_SKILLS_PER_QUESTION = 3


@dataclass
class _Draft:
    slot: str  # key of _SLOTS
    question: Question

    @property
    def default(self) -> float:
        return float(_SLOTS[self.slot].default_s)

    @property
    def floor(self) -> float:
        return max(45.0, self.default * 0.75)


class _Writer:
    """Fills templates in one language; remembers which were used, so a kind asked again
    takes its next wording."""

    def __init__(self, lang: str, index: SkillIndex) -> None:
        self.lang = lang
        self.index = index
        self.used: set[str] = set()

    def draft(
        self, slot: str, key: str, qid: str, skills: list[str] | None = None, **fmt: str
    ) -> _Draft:
        return self.fill(slot, variants(self.lang, key), qid, skills, **fmt)

    def fill(
        self,
        slot: str,
        options: list[tuple[str, QTemplate]],
        qid: str,
        skills: list[str] | None = None,
        **fmt: str,
    ) -> _Draft:
        """Question `qid` in the first wording not used yet (the last one again if all are)."""
        key, tpl = next(((k, t) for k, t in options if k not in self.used), options[-1])
        self.used.add(key)
        if skills:
            fmt["skill"] = join_names([self.index.display(s, self.lang) for s in skills], self.lang)
        filled = render(self.lang, tpl, **fmt)
        question = Question(
            id=qid,
            text=filled.text,
            kind=_SLOTS[slot].kind,
            intent=filled.intent,
            rubric=Rubric(
                strong=list(filled.strong), weak=list(filled.weak), signals=list(tpl.signals)
            ),
            follow_ups=list(filled.follow_ups),
            skills=list(skills or ()),
        )
        return _Draft(slot, question)


def _families(skills: list[str], index: SkillIndex) -> list[list[str]]:
    """Skills grouped by family, in order of first appearance, a few per group."""
    groups: dict[str, list[list[str]]] = {}
    order: list[list[str]] = []
    for skill in skills:
        family = _FAMILY.get(index.category(skill), "work")
        chunks = groups.setdefault(family, [])
        if not chunks or len(chunks[-1]) >= MAX_SKILLS_PER_QUESTION:
            chunks.append([])
            order.append(chunks[-1])
        chunks[-1].append(skill)
    return order


def _interleave(*groups: list[_Draft]) -> list[_Draft]:
    """Priority order: first of each group, then second of each, and so on."""
    out: list[_Draft] = []
    for i in range(max((len(g) for g in groups), default=0)):
        out.extend(g[i] for g in groups if i < len(g))
    return out


def _qid(prefix: str, name: str, i: int) -> str:
    """ "gap-kubernetes"; names without Latin letters (Arabic skills) get a number."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{prefix}-{slug or i + 1}"


def _custom(job: JobProfile, w: _Writer) -> list[_Draft]:
    custom = [
        w.draft("custom", "custom", f"custom-{i}", question=q)
        for i, q in enumerate(job.prompt.questions, 1)
    ]
    if not custom and job.prompt.focus:
        areas = join_names(job.prompt.focus, w.lang, 4)
        custom = [w.draft("custom", "focus", "custom-focus", areas=areas)]
    return custom


def _strengths(skills: list[str], cand: CandidateProfile | None, w: _Writer) -> list[_Draft]:
    """Evidence for claimed strengths; with no CV, a direct check of the core skills."""
    slot, key = ("strength", "strength") if cand else ("check", "skill_check")
    # Claimed strengths are verified one by one (each gets its own evidence and score);
    # with no CV, related core skills are checked together.
    groups = _families(skills, w.index) if cand is None else [[s] for s in skills]
    return [w.draft(slot, key, _qid(slot, group[0], i), group) for i, group in enumerate(groups)]


def _gaps(job: JobProfile, fit: FitAnalysis, w: _Writer) -> list[_Draft]:
    required: list[str] = []
    nice: list[str] = []
    for g in fit.gaps:
        if g.kind != "skill" or w.index.category(g.topic) in NOT_ASKED_DIRECTLY:
            continue
        if g.required or len(required) + len(nice) < 2:
            (required if g.required else nice).append(g.topic)
    gaps: list[_Draft] = []
    for key, skills in (("gap", required[:5]), ("gap_nice", nice)):
        for i, group in enumerate(_families(skills, w.index)):
            gaps.append(w.draft("gap", key, _qid("gap", group[0], i), group))
    if job.min_years and any(g.kind == "experience" for g in fit.gaps):
        experience = w.draft(
            "gap",
            "gap_experience",
            "gap-experience",
            years=years(w.lang, job.min_years),
            title=job.title,
        )
        gaps.insert(min(len(gaps), 1), experience)
    return gaps[:3]


def _technical(skills: list[str], job: JobProfile, w: _Writer) -> list[_Draft]:
    techs = [
        w.fill("technical", technical(w.lang, w.index.category(s)), _qid("tech", s, i), [s])
        for i, s in enumerate(skills[:2])
    ]
    if job.responsibilities:  # the role's own words make the most specific question
        duty = job.responsibilities[0].rstrip(" .;:،؛")
        techs.insert(1, w.draft("technical", "responsibility", "tech-duty", duty=duty))
    return techs


def _behavioural(job: JobProfile, w: _Writer) -> list[_Draft]:
    first = (
        "behaviour_leadership"
        if job.level in ("senior", "lead", "executive")
        else "behaviour_conflict"
    )
    return [
        w.draft("behavioural", first, f"behaviour-{first.split('_')[1]}"),
        w.draft("behavioural", "behaviour_failure", "behaviour-failure"),
    ]


def _drafts(
    job: JobProfile,
    fit: FitAnalysis,
    cand: CandidateProfile | None,
    index: SkillIndex,
    lang: Language,
) -> list[_Draft]:
    """Every candidate question, most important first."""
    w = _Writer(lang, index)
    focus = set(index.find_text(" ".join(job.prompt.focus)))
    askable = [s for s in job.required_skills if index.category(s) not in NOT_ASKED_DIRECTLY]
    ranked = sorted(askable, key=lambda s: s not in focus)  # recruiter's focus first
    if cand is None:  # checked in families, so a few more fit in the same questions
        strength_skills = ranked[:5]
        gaps, careers = [], []
    else:
        strength_skills = [
            s.skill
            for s in fit.strengths
            if s.skill in index.info and index.category(s.skill) not in NOT_ASKED_DIRECTLY
        ][:3]
        gaps = _gaps(job, fit, w)
        careers = [w.draft("career", "career", "career")] if fit.risks else []
    used = set(strength_skills) | {g.topic for g in fit.gaps}
    tech_skills = [s for s in ranked if s not in used]
    if cand is not None:  # prefer skills the candidate claims: depth beats a second gap probe
        tech_skills = [s for s in tech_skills if s in cand.skills] or tech_skills
    strengths = _strengths(strength_skills, cand, w)
    techs = _technical(tech_skills, job, w)
    if not techs and not strengths:
        techs = [w.draft("general", "general", "general-motivation", title=job.title)]
    behaviours = _behavioural(job, w)
    ranked_drafts = _interleave(behaviours[:1], strengths, gaps, techs)
    return _custom(job, w) + ranked_drafts + behaviours[1:] + careers


def _allocate(drafts: list[_Draft], available: float) -> list[tuple[_Draft, float]]:
    chosen: list[_Draft] = []
    for draft in drafts:
        if len(chosen) < MAX_QUESTIONS and sum(c.floor for c in chosen) + draft.floor <= available:
            chosen.append(draft)
    if not chosen and drafts:  # a very short interview: one question gets all the time
        return [(drafts[0], math.floor(available))]
    budgets = [c.floor for c in chosen]
    for cap in (1.0, 1.5):  # stretch toward the default, then up to 1.5x of it
        room = [max(0.0, c.default * cap - b) for c, b in zip(chosen, budgets, strict=True)]
        spare = available - sum(budgets)
        if spare <= 0 or sum(room) == 0:
            break
        take = min(spare, sum(room))
        budgets = [b + r / sum(room) * take for b, r in zip(budgets, room, strict=True)]
    return [(c, float(math.floor(b))) for c, b in zip(chosen, budgets, strict=True)]


def build_plan(
    job: JobProfile,
    fit: FitAnalysis,
    cand: CandidateProfile | None,
    index: SkillIndex,
    lang: Language,
    duration_minutes: int,
) -> QuestionPlan:
    total = duration_minutes * 60.0
    drafts = _drafts(job, fit, cand, index, lang)
    allocated = _allocate(drafts, math.floor(total * SPEAKING_SHARE))
    priority = {id(d): i for i, d in enumerate(drafts)}
    allocated.sort(key=lambda p: (_SLOTS[p[0].slot].section, priority[id(p[0])]))
    questions = [d.question.model_copy(update={"time_budget_s": b}) for d, b in allocated]
    seen: set[str] = set()
    for q in questions:  # ids must be unique even if two skills slug the same way
        while q.id in seen:
            q.id += "-2"
        seen.add(q.id)
    planned = sum(q.time_budget_s for q in questions)
    summary = text(
        "fit.plan_summary",
        lang,
        n=len(questions),
        planned=_minutes(lang, planned),
        total=_minutes(lang, total),
    )
    asked = {id(d) for d, _ in allocated}
    dropped = [d.question.text for d in drafts if d.slot == "custom" and id(d) not in asked]
    return QuestionPlan(
        language=lang,
        questions=questions,
        total_budget_s=total,
        rationale=f"{fit.rationale} {summary}".strip(),
        warnings=_prompt_warnings(job, dropped, lang),
    )


def _prompt_warnings(job: JobProfile, dropped: list[str], lang: str) -> list[str]:
    """Everything of the recruiter's prompt that will not be asked, and why."""
    warnings = [text("fit.warn_prompt_unread", lang, text=clip(s, 160)) for s in job.prompt.unread]
    warnings += [
        text("fit.warn_prompt_long", lang, text=clip(s, 80), n=len(s), limit=MAX_QUESTION_CHARS)
        for s in job.prompt.too_long
    ]
    warnings += [text("fit.warn_prompt_dropped", lang, text=clip(s, 160)) for s in dropped]
    if job.prompt.instructions:
        warnings.append(text("fit.warn_prompt_instructions", lang, n=job.prompt.instructions))
    return warnings


def _minutes(lang: str, seconds: float) -> str:
    n = max(1, round(seconds / 60))
    return f"{n} min" if lang != "ar" else count(lang, n, "minute")
