"""Dates, years and degrees from English and Arabic text."""

from __future__ import annotations

from datetime import date

import pytest

from agent.analysis import analyze_fit
from agent.analysis.experience import (
    claimed_years,
    find_degree,
    find_roles,
    required_years,
    union_years,
)
from agent.analysis.extract_cv import from_cv_text
from agent.analysis.profiles import Degree
from agent.analysis.skills import base_index
from agent.analysis.text import normalize_digits
from tests.analysis.fixtures import application, arabic_job

TODAY = date(2025, 6, 1)


def test_ranges_present_and_overlaps() -> None:
    lines = [
        "Senior Engineer, Acme — Jan 2018 – Mar 2021",
        "Consultant (part-time) 2019 - 2020",
        "Lead Engineer | Foo | 03/2021 - Present",
    ]
    roles = find_roles(lines, TODAY)
    assert [r.title for r in roles] == [
        "Senior Engineer, Acme",
        "Consultant (part-time)",
        "Lead Engineer | Foo",
    ]
    assert roles[2].current and roles[2].end == date(2025, 6, 1)
    # 2018-01 .. 2025-06 without double counting the overlapping consultancy
    assert union_years(roles) == 7.4


def test_arabic_ranges_and_digits() -> None:
    lines = [normalize_digits(s) for s in ["مطور برمجيات ٢٠١٥ - ٢٠١٧", "مهندس أول ٢٠١٧ - حتى الآن"]]
    roles = find_roles(lines, TODAY)
    assert len(roles) == 2 and roles[1].current
    assert union_years(roles) == 10.4


def test_claimed_years_phrases() -> None:
    assert claimed_years("I have 7+ years of professional experience") == 7
    assert claimed_years("seven years of experience in sales") == 7
    assert claimed_years(normalize_digits("لدي ٥ سنوات خبرة في المبيعات")) == 5
    assert claimed_years("خبرة 6 سنوات في التسويق") == 6
    assert claimed_years("Worked 3 days a week") is None


def test_required_years() -> None:
    assert required_years("3-5 years") == 3
    assert required_years("Minimum five years in a similar role") == 5
    assert required_years(normalize_digits("خبرة لا تقل عن ٤ سنوات")) == 4
    assert required_years("Senior") is None


def test_degrees() -> None:
    assert find_degree("MSc Computer Science") == Degree.MASTER
    assert find_degree("بكالوريوس علوم الحاسوب") == Degree.BACHELOR
    assert find_degree("PhD in physics") == Degree.PHD
    assert find_degree("Certified Scrum Master") == Degree.NONE
    assert find_degree("M.S. in Computer Science") == Degree.MASTER
    assert find_degree("MS in Computer Science") == Degree.MASTER
    assert find_degree("B.A. History") == Degree.BACHELOR


def test_a_unit_after_a_number_is_not_a_degree() -> None:
    for text in (
        "Cut p95 latency from 400 to 180 ms.",
        "Timeouts at 250 MS. were common",
        "Queue lag under 90ms.",
        "Reached 12 b.s. per second",
    ):
        assert find_degree(text) == Degree.NONE, text
    cv = (
        "Dana Ali\nBackend engineer\n"
        "Engineer, Foo (2019 - 2024)\n"
        "Cut checkout p95 latency from 900 to 180 ms. Built the payments API in Python.\n"
    )
    assert from_cv_text(cv, base_index(), TODAY).degree == Degree.NONE
    with_degree = cv + "Education\nBSc Computer Science, 2018\n"
    assert from_cv_text(with_degree, base_index(), TODAY).degree == Degree.BACHELOR


def test_arabic_years_in_words() -> None:
    cases = {
        "سبع سنوات": 7,
        "خبرة سبعة أعوام في المحاسبة": 7,
        "ثماني سنوات من الخبرة": 8,
        "ثمانية أعوام من الخبرة": 8,
        "خبرة سنتين": 2,
        "خبرة عامين في التدقيق": 2,
        "خبرة سنة واحدة": 1,
        "خبرة عشر سنوات": 10,
        "خبرة اثنتي عشرة سنة": 12,
        "خبرة أحد عشر عامًا": 11,
        "خبرة ثلاثة عشر عامًا": 13,
        "خمس وعشرون سنة من الخبرة": 25,
        "خبرة 12 عامًا": 12,
    }
    for text, years in cases.items():
        assert (claimed_years(text) or required_years(text)) == years, text
    assert required_years("خمس سنوات على الأقل في المحاسبة المالية") == 5
    assert claimed_years("محاسبة قانونية بخبرة سبع سنوات في المحاسبة المالية") == 7
    # number words that count something else are not years
    assert required_years("ثلاث شهادات مهنية") is None


@pytest.mark.parametrize(
    ("stated", "reason"),
    [
        ("سبع سنوات", "لديه خبرة 7 سنوات تقريبًا"),
        ("ثمانية أعوام في المحاسبة", "لديه خبرة 8 سنوات تقريبًا"),
        ("خبرة سنتين", "لديه خبرة سنتين تقريبًا"),
    ],
)
async def test_platform_analysis_years_in_arabic_words_reach_the_fit(
    stated: str, reason: str
) -> None:
    app = application(arabic_job(), cv_analysis={"skills": ["SQL"], "experience": stated})
    result = await analyze_fit(app, None, duration_minutes=20, today=TODAY)
    assert result.fit.scores.experience.reason.startswith(reason)
