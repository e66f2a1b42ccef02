"""Normalise the job: required vs nice-to-have skills, years, degree, level, duties.

Requirements text is read line by line. A heading ("Nice to have:", "Preferred",
"المهارات المفضلة") switches the section for the lines below it; a marker inside a
line ("Kubernetes (preferred)", "a plus", "ميزة إضافية") classifies that line only.
"""

from __future__ import annotations

import re

from agent.analysis.experience import find_degree, required_years
from agent.analysis.profiles import JobProfile, Level, SkillSource
from agent.analysis.prompt import parse_interview_prompt
from agent.analysis.skills import SkillIndex, base_index, listed_skills
from agent.analysis.text import clip, normalize, normalize_digits, sentences
from agent.analysis.untrusted import strip_instructions
from service.models import Job

_NICE = re.compile(
    r"nice[\s-]to[\s-]have|preferred|preferably|\bbonus\b|\ba\s+plus\b|\bplus\b|desirable|"
    r"optional|advantage|advantageous|good\s+to\s+have|ideally|يفضل|ميزه|مستحسن|ميزه اضافيه|"
    r"امر جيد|اضافه|مرغوب",
    re.I,
)
_REQUIRED = re.compile(
    r"\brequired\b|\brequirements?\b|\bmust\b|mandatory|essential|minimum|qualifications|"
    r"مطلوب|المتطلبات|يجب|الزامي|اساسي|المؤهلات",
    re.I,
)
_PAREN = re.compile(r"\([^)]*\)")
# Level, the years it implies when the job states none, and how titles name it.
_LEVELS: tuple[tuple[Level, float, str], ...] = (
    ("executive", 10.0, r"executive|director|vp|c-level|chief|مدير\s+تنفيذي"),
    ("lead", 7.0, r"lead|principal|staff\s+engineer|architect|head|رئيس|قائد"),
    ("senior", 5.0, r"senior|sr\.?|أول|اول|خبير|كبير"),
    ("mid", 3.0, r"mid|intermediate|متوسط"),
    ("junior", 1.0, r"junior|jr\.?|مبتدئ"),
    ("entry", 0.0, r"entry|graduate|intern|trainee|حديث\s+التخرج|متدرب"),
)
_LEVEL_YEARS = {name: years for name, years, _ in _LEVELS}
_HEADING_MAX_WORDS = 5


def _level(job: Job) -> Level | None:
    for text in (job.job_level or "", job.title):
        low = normalize(text)
        for name, _, pattern in _LEVELS:
            if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", low):
                return name
    return None


def _classify_lines(text: str, index: SkillIndex) -> tuple[list[str], list[str]]:
    required: list[str] = []
    nice: list[str] = []
    section_nice = False
    for raw in text.splitlines():
        line = normalize(raw).strip()
        if not line:
            continue
        is_heading = len(line.split()) <= _HEADING_MAX_WORDS and (
            line.endswith(":") or not index.find_text(line)
        )
        if is_heading and _NICE.search(line):
            section_nice = True
            continue
        if is_heading and _REQUIRED.search(line):
            section_nice = False
            continue
        for clause in sentences(re.sub(r"[;؛]", ".\n", raw)):  # a semicolon ends a clause
            for skill, is_nice in _clause_skills(clause, index, section_nice):
                # "Clear spoken English": the interview itself shows that, not the CV.
                if index.category(skill) == "spoken":
                    continue
                if skill not in required and skill not in nice:
                    (nice if is_nice else required).append(skill)
    return required, nice


def _clause_skills(clause: str, index: SkillIndex, section_nice: bool) -> list[tuple[str, bool]]:
    """(skill, nice?) for one clause.

    "Nice to have: Go, Rust" and "Kafka or RabbitMQ is a plus" mark the whole clause;
    a parenthesised marker, "Python, Kubernetes (preferred)", marks only its item.
    """
    head, sep, _ = clause.partition(":")
    if sep and len(head.split()) <= _HEADING_MAX_WORDS:
        if _NICE.search(normalize(head)):
            return [(s, True) for s in index.find_text(clause)]
        if _REQUIRED.search(normalize(head)):
            return [(s, False) for s in index.find_text(clause)]
    outside = _PAREN.sub(" ", clause)
    clause_nice = section_nice or bool(_NICE.search(normalize(outside)))
    out: list[tuple[str, bool]] = []
    for item in re.split(r"[,،]", clause):
        paren = " ".join(_PAREN.findall(item))
        item_nice = clause_nice or bool(paren and _NICE.search(normalize(paren)))
        out.extend((s, item_nice) for s in index.find_text(item))
    return out


def _clean(text: str | None) -> str:
    # Job text is untrusted too: an instruction inside it is not a requirement.
    return strip_instructions(normalize_digits(text or ""))[0]


def extract_job(job: Job) -> JobProfile:
    """The job: listed skills (split by the requirements text), years, degree, duties."""
    index = base_index()
    requirements = _clean(job.requirements)
    duties_text = _clean(job.responsibilities)

    listed = listed_skills(job.skills, index)
    index = index.with_extra(listed)
    source = SkillSource.LISTED
    if listed:  # the list says what is wanted; the requirements text says what is optional
        text_required, text_nice = _classify_lines(requirements, index)
        nice = [s for s in listed if s in text_nice] + [s for s in text_nice if s not in listed]
        required = [s for s in listed if s not in nice]
        required += [s for s in text_required if s not in required and s not in nice]
    else:  # no skills listed: from the requirements text, then description and duties
        required, nice = _classify_lines(requirements, index)
        more_required, more_nice = _classify_lines(
            _clean(job.description) + "\n" + duties_text, index
        )
        required = list(dict.fromkeys(required + more_required))
        nice = [s for s in dict.fromkeys(nice + more_nice) if s not in required]
        source = SkillSource.TEXT
    level = _level(job)
    years = required_years(normalize_digits(job.experience or "")) or required_years(requirements)
    if years is None and level is not None:
        years = _LEVEL_YEARS[level] or None
    degree = find_degree(job.education or "") or find_degree(requirements)  # Degree.NONE is 0
    duties = [clip(s, 140) for s in sentences(duties_text)]
    return JobProfile(
        title=clip(job.title, 80),
        level=level,
        required_skills=required,
        nice_skills=nice,
        skill_source=source,
        min_years=years,
        degree=degree,
        responsibilities=[d.lstrip("-•*·▪ ").strip() for d in duties if len(d) > 12][:8],
        prompt=parse_interview_prompt(job.interview_prompt),
    )
