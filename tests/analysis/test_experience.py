"""Dates, years and degrees from English and Arabic text."""

from __future__ import annotations

from datetime import date

from agent.analysis.experience import (
    claimed_years,
    find_degree,
    find_roles,
    required_years,
    union_years,
)
from agent.analysis.profiles import Degree
from agent.analysis.text import normalize_digits

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
