"""The candidate side: screen the CV text, then read it, or the platform's own analysis.

Screening decides whether the text is worth reading at all (binary noise or raw PDF
bytes are not), cuts pathological sizes, and drops sentences addressed to an AI
before anything else looks at the text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from agent.analysis.experience import (
    claimed_years,
    find_degree,
    find_roles,
    required_years,
    union_years,
)
from agent.analysis.profiles import CandidateProfile, Degree, SkillEvidence
from agent.analysis.results import CvStatus
from agent.analysis.skills import SkillIndex, listed_skills
from agent.analysis.text import clip, normalize, normalize_digits
from agent.analysis.untrusted import strip_instructions

MAX_CV_CHARS = 100_000  # ~25 pages; a two-page CV is ~8k characters
_MIN_WORDS = 8
# Characters a CV plausibly contains; binary noise is mostly outside this set.
_ODD_CHAR = re.compile(r"[^\w\s.,;:!?()\[\]{}\-–—/\\'\"&%+#@•·*|~<>=’‘“”…$€£،؛؟«»]")
_WORD = re.compile(r"[A-Za-z]{2,}|[\u0621-\u064a]{2,}")
_SECTIONS = (
    (
        "experience",
        r"(work |professional |employment )?(experience|history)|employment|career"
        r"( history)?|(ال)?خبر(ه|ات)( العمليه| المهنيه)?|السجل المهني",
    ),
    (
        "education",
        r"education( and training)?|academic( background)?|qualifications|التعليم|"
        r"المؤهلات( العلميه)?|المؤهل العلمي|التحصيل العلمي|الدراسه",
    ),
    (
        "other",
        r"(technical |key |core )?skills|competencies|projects|certifications?|languages|"
        r"summary|profile|objective|interests|references|awards|المهارات|الملخص|اللغات|الشهادات|"
        r"المشاريع|الهوايات|نبذه|نبذه عني",
    ),
)
_SECTION_RE = [(name, re.compile(rf"[\W_]*(?:{p})[\W_]*")) for name, p in _SECTIONS]
# A sentence with a metric or an achievement verb makes the better evidence snippet.
_RESULT = re.compile(
    r"\d+(\.\d+)?\s*(%|x\b|k\b|ms\b|users|customers|clients|requests|million|مليون|الف)|"
    r"\b(reduced|increased|improved|saved|grew|cut|led|launched|built|delivered|migrated|"
    r"designed|automated|خفض|زياده|تحسين|قدت|اطلقت|بنيت|صممت|طورت)\b"
)


def screen_cv(cv_text: str | None) -> tuple[CvStatus, str | None, int]:
    """(status, cleaned text or None, number of instruction sentences dropped)."""
    if cv_text is None or not cv_text.strip():
        return CvStatus.MISSING, None, 0
    status = CvStatus.OK
    if len(cv_text) > MAX_CV_CHARS:
        cv_text, status = cv_text[:MAX_CV_CHARS], CvStatus.TRUNCATED
    sample = cv_text[:20_000]
    odd = len(_ODD_CHAR.findall(sample)) + sample.count("\x00")
    words = len(_WORD.findall(sample))
    if sample.lstrip().startswith("%PDF") or odd / len(sample) > 0.15 or words < _MIN_WORDS:
        return CvStatus.UNREADABLE, None, 0
    clean, dropped = strip_instructions(normalize_digits(cv_text))
    return status, clean, dropped


def _sections(lines: list[str]) -> list[str]:
    """Section name for each line ("" before the first heading)."""
    names: list[str] = []
    current = ""
    for line in lines:
        low = normalize(line).strip()
        if 0 < len(low.split()) <= 5:
            current = next((name for name, rx in _SECTION_RE if rx.fullmatch(low)), current)
        names.append(current)
    return names


def from_cv_text(text: str, index: SkillIndex, today: date) -> CandidateProfile:
    lines = text.splitlines()
    sections = _sections(lines)
    has_edu = "education" in sections
    role_lines = [
        line if sec != "education" and (has_edu or find_degree(line) == Degree.NONE) else ""
        for line, sec in zip(lines, sections, strict=True)
    ]
    roles = find_roles(role_lines, today)
    evidence: dict[str, SkillEvidence] = {}
    best: dict[str, int] = {}
    for line, sec in zip(lines, sections, strict=True):
        for sentence in re.split(r"(?<=[.!?؟])\s+", line):
            found = index.find_text(sentence) if sentence.strip() else []
            if not found:
                continue
            rank = (2 if _RESULT.search(normalize(sentence)) else 0) + (sec == "experience")
            for skill in found:
                if skill not in best or rank > best[skill]:
                    best[skill] = rank
                    evidence[skill] = SkillEvidence(
                        snippet=clip(sentence.strip(" -•*·▪\t"), 160),
                        in_role=sec == "experience",
                    )
    edu_text = "\n".join(ln for ln, s in zip(lines, sections, strict=True) if s == "education")
    return CandidateProfile(
        skills=list(evidence),
        evidence=evidence,
        years=union_years(roles) if roles else None,
        claimed_years=claimed_years(text),
        roles=roles,
        degree=find_degree(edu_text or text),
    )


def _strings(value: Any, limit: int = 200) -> list[str]:
    """All strings in a free-form JSON value (lists, dicts, {"name": ...} items)."""
    out: list[str] = []
    stack = [value]
    while stack and len(out) < limit:
        item = stack.pop(0)
        if isinstance(item, str):
            out.extend(p for p in re.split(r"[,،;\n]", item) if p.strip())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            named = item.get("name") or item.get("skill") or item.get("title")
            stack.extend([named] if isinstance(named, str) else list(item.values()))
        elif isinstance(item, int | float) and not isinstance(item, bool):
            out.append(str(item))
    return [strip_instructions(normalize_digits(s))[0] for s in out[:limit]]


def _years_from(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 50:
        return float(value)
    if isinstance(value, str):
        plain = normalize_digits(value).strip()
        if re.fullmatch(r"\d{1,2}(\.\d)?\+?", plain):
            return float(plain.rstrip("+"))
        # "9 years; senior since 2020", "سبع سنوات": the first "N years" is the total
        return claimed_years(plain) or required_years(plain)
    return None


def from_analysis(
    results: dict[str, Any], cv_text: str | None, index: SkillIndex, today: date
) -> CandidateProfile:
    """Use the platform's analysis as given; the CV text adds dated roles, snippets, and
    the skills the analysis left out (platform skill lists are often short)."""
    base = from_cv_text(cv_text, index, today) if cv_text else CandidateProfile()
    skills = listed_skills(
        _strings(results.get("skills") or results.get("technicalSkills") or []), index
    )
    skills.extend(n for n in base.skills if n not in skills)
    strengths = [s for t in _strings(results.get("strengths", [])) for s in index.find_text(t)]
    weaknesses = [s for t in _strings(results.get("weaknesses", [])) for s in index.find_text(t)]
    keys = ("yearsOfExperience", "years_of_experience", "totalExperience", "experience")
    years = next((y for k in keys if (y := _years_from(results.get(k))) is not None), None)
    evidence = {s: base.evidence.get(s) or SkillEvidence() for s in skills}
    edu = _strings(results.get("education", ""), limit=20)
    return CandidateProfile(
        skills=skills,
        evidence=evidence,
        years=years if years is not None else base.years,
        claimed_years=years if years is not None else base.claimed_years,
        roles=base.roles,
        degree=find_degree(" ".join(edu)) if edu else base.degree,
        degree_known=bool(edu) or cv_text is not None,
        claimed_strengths=list(dict.fromkeys(strengths)),
        claimed_weaknesses=list(dict.fromkeys(weaknesses)),
    )


def has_usable_analysis(results: dict[str, Any]) -> bool:
    return any(results.get(k) for k in ("skills", "technicalSkills", "experience"))
