"""Every template and interview phrase, filled with sample values, reads correctly.

Arabic: particles join the word they govern ("لـ المحاسبة" -> "للمحاسبة"), counted nouns
agree with their number (1, 2, 3-10, 11+), and the candidate is addressed in forms that
fit anyone, since the platform gives no gender.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest

from agent.analysis.templates import QTemplate, render, templates
from agent.analysis.text import attach_particles, count, join_names, years
from agent.content import table, text
from agent.interview.flow import Candidate, InterviewFlow

_AR = "\u0621-\u0652"  # letters and harakat
# Skill lists as the plan writes them: with the article, without it, Latin, mixed.
AR_SKILLS = [
    ["المحاسبة المالية"],
    ["ضريبة المبيعات"],
    ["IFRS"],
    ["IFRS", "SAP", "ضريبة المبيعات"],
    ["المحاسبة المالية", "IFRS"],
]
EN_SKILLS = [["PostgreSQL"], ["Python", "asyncio", "PostgreSQL"], ["REST APIs"]]
AR_VALUES = {
    "title": "محاسب أول",
    "duty": "الإشراف على إقفال الحسابات الشهرية",
    "areas": "الإقفال الشهري والامتثال الضريبي",
    "question": "ما الذي يجذبك إلى شركة النخيل للتجارة؟",
}
EN_VALUES = {
    "title": "Senior Backend Engineer",
    "duty": "Own services in production",
    "areas": "production ownership and database scaling",
    "question": "Why do you want to join Acme Logistics?",
}
# Masculine-only ways of addressing the candidate that the old templates used; each has
# a form that fits anyone (past tense, a verbal noun, "هل يمكنك...", "يُرجى...").
MASCULINE_ADDRESS = re.compile(
    rf"(?<![{_AR}])(?:حدثني|حدثنا|أخبرني|اخبرني|صف|اشرح|أعطني|اعطني|استند|خذ|تريد|"
    r"تحدثني|تصمم|تحافظ|تخطط|تفخر|تصبح|تطلب|ستفعل\w*|ستتعامل|ستحتاج|تحتاجها|تقارن\w*|"
    rf"ستلاحظ\w*|منتجًا)(?![{_AR}])"
)
COUNTED = re.compile(r"(\d+) (دقيقة|دقائق|سنة|سنوات|شهرًا|أشهر|شهر)(?![\u0621-\u064a])")
_UNIT_OF = {"دقيقة": "minute", "دقائق": "minute", "سنة": "year", "سنوات": "year"}
_UNIT_OF |= {"شهرًا": "month", "أشهر": "month", "شهر": "month"}


def _filled(language: str) -> Iterator[tuple[str, QTemplate]]:
    skills = AR_SKILLS if language == "ar" else EN_SKILLS
    values = AR_VALUES if language == "ar" else EN_VALUES
    for key, tpl in templates(language).items():
        for names in skills:
            yield (
                key,
                render(
                    language,
                    tpl,
                    skill=join_names(names, language),
                    years=years(language, 5),
                    **values,
                ),
            )


def _spoken(tpl: QTemplate) -> list[str]:
    return [tpl.text, *tpl.follow_ups]


def _phrase_texts(language: str) -> Iterator[tuple[str, str]]:
    """Every interview phrase, filled, with counts as the flow makes them agree."""
    sample = {"name": "ليلى" if language == "ar" else "Layla", "job_title": "محاسب أول"}
    sample |= {"company": "شركة النخيل للتجارة", "question": AR_VALUES["question"]}
    sample |= {"answer": "الدوام مرن.", "follow_up": "هل يمكنك إعطائي مثالًا؟"}
    for key, value in table(language).say.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f}
        for minutes in (1, 2, 3, 8, 10, 11, 20, 100):
            values: dict[str, object] = {f: sample.get(f, "س") for f in fields}
            values["minutes"] = count(language, minutes, "minute")
            yield key, text(f"say.{key}", language, **values)


def _arabic_problems(text: str) -> list[str]:
    problems = []
    if "{" in text or "}" in text:
        problems.append("unfilled placeholder")
    if re.search(rf"[لب]ـ\s*(?:ال|[{_AR}])", text):
        problems.append("particle not joined (لـ ال -> لل, بـ ال -> بال)")
    if re.search(r"\s[،؛؟.!]|\s{2,}|[?,;]", text):
        problems.append("spacing or Latin punctuation")
    for m in COUNTED.finditer(text):
        expected = count("ar", int(m.group(1)), _UNIT_OF[m.group(2)])
        if m.group(0) != expected:
            problems.append(f"{m.group(0)!r} should be {expected!r}")
    if address := MASCULINE_ADDRESS.search(text):
        problems.append(f"masculine address {address.group(0)!r}")
    return problems


def test_arabic_plan_templates_read_correctly_with_any_skill() -> None:
    bad = [
        (key, text, problem)
        for key, tpl in _filled("ar")
        for text in _spoken(tpl)
        for problem in _arabic_problems(text)
    ]
    # recruiter-facing lines (intent, rubric) need the grammar too, not the neutral address
    bad += [
        (key, text, problem)
        for key, tpl in _filled("ar")
        for text in (tpl.intent, *tpl.strong, *tpl.weak)
        for problem in _arabic_problems(text)
        if not problem.startswith("masculine")
    ]
    assert not bad, "\n".join(map(str, bad))


def test_arabic_interview_phrases_read_correctly() -> None:
    bad = [(k, t, p) for k, t in _phrase_texts("ar") for p in _arabic_problems(t)]
    assert not bad, "\n".join(map(str, bad))


def test_arabic_fit_and_plan_messages_read_correctly() -> None:
    """Recruiter-facing sentences (rationale, reasons, warnings), with counts that agree."""
    bad = []
    for key, value in table("ar").fit.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f}
        for n in (1, 2, 3, 11):
            values: dict[str, object] = {f: "المحاسبة المالية" for f in fields}
            values |= {"n": n, "m": n + 2, "limit": 300, "months": count("ar", n, "month")}
            values |= {"cand": years("ar", n), "req": years("ar", n + 1), "claimed": years("ar", n)}
            filled = text(f"fit.{key}", "ar", **values)
            bad += [
                (key, filled, p) for p in _arabic_problems(filled) if not p.startswith("mascul")
            ]
    assert not bad, "\n".join(map(str, bad))


def _greeting(language: str, minutes: int) -> str:
    candidate = Candidate(name="ليلى" if language == "ar" else "Sara", job_title="م", company="ش")
    return InterviewFlow(
        candidate=candidate, language=language, duration_minutes=minutes, max_follow_ups=1
    ).greeting()


def test_greeting_counts_minutes_in_both_languages() -> None:
    greet = {n: _greeting("ar", n) for n in (1, 2, 8, 11)}
    assert "حوالي دقيقة واحدة" in greet[1] and "حوالي دقيقتين" in greet[2]
    assert "حوالي 8 دقائق" in greet[8] and "حوالي 11 دقيقة" in greet[11]
    assert "8 دقيقة" not in greet[8]
    assert "about 1 minute." in _greeting("en", 1)


def test_english_templates_read_correctly() -> None:
    bad = []
    for key, tpl in _filled("en"):
        for line in (*_spoken(tpl), tpl.intent, *tpl.strong, *tpl.weak):
            if "{" in line or "  " in line or re.search(r"\b(\w+) \1\b", line):
                bad.append((key, line))
    assert not bad, "\n".join(map(str, bad))


@pytest.mark.parametrize(
    ("n", "minute", "year", "month"),
    [
        (1, "دقيقة واحدة", "سنة واحدة", "شهر واحد"),
        (2, "دقيقتين", "سنتين", "شهرين"),
        (3, "3 دقائق", "3 سنوات", "3 أشهر"),
        (8, "8 دقائق", "8 سنوات", "8 أشهر"),
        (10, "10 دقائق", "10 سنوات", "10 أشهر"),
        (11, "11 دقيقة", "11 سنة", "11 شهرًا"),
        (25, "25 دقيقة", "25 سنة", "25 شهرًا"),
        (100, "100 دقيقة", "100 سنة", "100 شهر"),
        (103, "103 دقائق", "103 سنوات", "103 أشهر"),
    ],
)
def test_arabic_counted_nouns(n: int, minute: str, year: str, month: str) -> None:
    assert count("ar", n, "minute") == minute
    assert years("ar", n) == year
    assert count("ar", n, "month") == month


def test_english_counts_and_fractions() -> None:
    assert count("en", 1, "minute") == "1 minute" and count("en", 8, "minute") == "8 minutes"
    assert years("en", 2.5) == "2.5 years" and years("ar", 2.5) == "2.5 سنة"


def test_particles_join_arabic_words_only() -> None:
    assert attach_particles("كان لـ المحاسبة دور") == "كان للمحاسبة دور"
    assert attach_particles("مبنية بـ الإدارة") == "مبنية بالإدارة"
    assert attach_particles("كان لـ ضريبة المبيعات") == "كان لضريبة المبيعات"
    assert attach_particles("عملت بـ SAP و لـ IFRS") == "عملت بـ SAP و لـ IFRS"
