"""analyze_fit end to end: scores, reasons, paths, plans, edge-case CVs."""

from __future__ import annotations

import json
import random

import pytest

from agent.analysis import FitClass, FitPath, analyze_fit
from agent.analysis.models import QuestionKind
from agent.analysis.plan import SPEAKING_SHARE
from agent.analysis.results import CvStatus, FitResult
from agent.analysis.text import has_arabic
from tests.analysis.fixtures import TODAY, application, arabic_job, backend_job, read


async def fit(app=None, cv: str | None = None, minutes: int = 20) -> FitResult:  # type: ignore[no-untyped-def]
    return await analyze_fit(app or application(), cv, duration_minutes=minutes, today=TODAY)


async def test_strong_candidate_beats_weak_and_reasons_name_skills() -> None:
    strong = await fit(cv=read("strong_cv.txt"))
    weak = await fit(application(name="Omar Saleh"), read("weak_cv.txt"))
    assert strong.fit.scores.overall > weak.fit.scores.overall + 40
    assert strong.fit.fit_class == FitClass.STRONG
    assert weak.fit.fit_class == FitClass.WEAK
    assert strong.fit.scores.required_skills.score == 100
    strong_reason = strong.fit.scores.required_skills.reason
    for skill in ("Python", "PostgreSQL", "Kubernetes", "AWS"):
        assert skill in strong_reason
    weak_reason = weak.fit.scores.required_skills.reason
    assert "missing" in weak_reason and "Kubernetes" in weak_reason
    assert "Terraform" in strong.fit.scores.nice_to_have.reason
    assert {s.skill for s in strong.fit.strengths} >= {"Python", "PostgreSQL"}
    assert {g.topic for g in weak.fit.gaps} >= {"Python", "Kubernetes"}
    assert strong.path == FitPath.CV_TEXT and strong.cv_status == CvStatus.OK


async def test_plan_shape_and_custom_questions_first_and_verbatim() -> None:
    prompt = (
        "Why do you want to join a fintech startup?\n"
        "- Also, describe the largest system you have scaled.\n"
        "Focus on mentoring."
    )
    result = await fit(application(backend_job(interviewPrompt=prompt)), read("strong_cv.txt"))
    qs = result.plan.questions
    assert [q.text for q in qs[:2]] == [
        "Why do you want to join a fintech startup?",
        "Also, describe the largest system you have scaled.",
    ]
    assert all(q.kind == QuestionKind.CUSTOM for q in qs[:2])
    kinds = {q.kind for q in qs}
    assert {QuestionKind.STRENGTH, QuestionKind.TECHNICAL, QuestionKind.BEHAVIOURAL} <= kinds
    assert len({q.id for q in qs}) == len(qs)
    for q in qs:
        assert q.intent and q.rubric.strong and q.rubric.weak and q.follow_ups
        assert q.time_budget_s > 0
    assert result.plan.language == "en"
    assert "Python" in result.plan.rationale


async def test_focus_areas_become_a_question_when_there_are_none() -> None:
    app = application(backend_job(interviewPrompt="Focus on system design and incident response."))
    result = await fit(app, read("strong_cv.txt"))
    first = result.plan.questions[0]
    assert first.kind == QuestionKind.CUSTOM
    assert "system design" in first.text and "incident response" in first.text


@pytest.mark.parametrize("minutes", [1, 3, 5, 10, 15, 20, 30, 45, 60])
async def test_plan_fits_the_time_budget(minutes: int) -> None:
    prompt = "\n".join(f"Question number {i}: why is {i} a good number?" for i in range(1, 9))
    for app in (application(), application(backend_job(interviewPrompt=prompt))):
        result = await fit(app, read("strong_cv.txt"), minutes=minutes)
        plan = result.plan
        assert plan.total_budget_s == minutes * 60
        assert plan.questions, "every interview gets at least one question"
        assert sum(q.time_budget_s for q in plan.questions) <= minutes * 60 * SPEAKING_SHARE
        assert len(plan.questions) <= 12


async def test_longer_interviews_get_more_questions() -> None:
    short, long = (
        await fit(cv=read("strong_cv.txt"), minutes=5),
        await fit(cv=read("strong_cv.txt"), minutes=45),
    )
    assert len(long.plan.questions) > len(short.plan.questions)


async def test_arabic_job_and_arabic_cv() -> None:
    result = await fit(
        application(arabic_job(), name="أحمد العلي"), read("arabic_cv.txt"), minutes=15
    )
    assert result.plan.language == "ar"
    assert result.plan.questions[0].text == "ما الذي يجذبك للعمل في شركتنا؟"
    assert all(has_arabic(q.text) and has_arabic(q.follow_ups[0]) for q in result.plan.questions)
    assert has_arabic(result.fit.rationale) and has_arabic(result.plan.rationale)
    req = result.fit.scores.required_skills
    assert req.matched == ["Python", "SQL", "Machine Learning"]
    assert "تعلم الآلة" in req.reason  # Arabic display name in the Arabic reason
    assert result.fit.scores.experience.score == 100
    assert result.fit.fit_class == FitClass.STRONG
    assert "Kubernetes" in {g.topic for g in result.fit.gaps}


async def test_missing_cv_plans_from_the_job_alone() -> None:
    result = await fit(cv=None)
    assert result.path == FitPath.JOB_ONLY and result.cv_status == CvStatus.MISSING
    assert result.fit.fit_class == FitClass.UNKNOWN
    assert not result.fit.strengths and not result.fit.gaps
    skills = {s for q in result.plan.questions for s in q.skills}
    assert {"Python", "PostgreSQL"} <= skills


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
async def test_binary_noise_cv_is_unreadable(encoding: str) -> None:
    noise = random.Random(7).randbytes(20_000).decode(encoding, errors="replace")
    result = await fit(cv=noise)
    assert result.cv_status == CvStatus.UNREADABLE
    assert result.path == FitPath.JOB_ONLY
    assert result.fit.data_warnings
    assert result.plan.questions


async def test_raw_pdf_bytes_are_unreadable() -> None:
    result = await fit(cv="%PDF-1.7\n1 0 obj << /Type /Catalog >> stream\nxref " * 40)
    assert result.cv_status == CvStatus.UNREADABLE


async def test_huge_cv_is_truncated() -> None:
    body = read("two_page_cv.txt")
    huge = body * (2_000_000 // len(body) + 1)
    result = await fit(cv=huge)
    assert len(huge) >= 2_000_000
    assert result.cv_status == CvStatus.TRUNCATED
    assert result.fit.fit_class == FitClass.STRONG


async def test_cv_analysis_results_are_used_instead_of_rederiving() -> None:
    analysis = {
        "skills": ["Python", "k8s", {"name": "Postgres"}, "AWS", "Rust"],
        "experience": "6 years",
        "summary": "Backend engineer.",
        "strengths": ["Deep PostgreSQL knowledge"],
        "weaknesses": ["Limited Kubernetes exposure"],
    }
    # The CV text says nothing about these skills: the platform's analysis is trusted instead.
    result = await fit(
        application(cv_analysis=analysis), cv="Lina Haddad\nEngineer at ACME 2019 - Present\n" * 3
    )
    assert result.path == FitPath.CV_ANALYSIS
    assert result.fit.scores.required_skills.score == 100
    assert result.fit.scores.experience.score == 100
    assert result.fit.strengths[0].skill == "PostgreSQL"  # named as a strength: verified first
    assert result.fit.gaps[0].topic == "Kubernetes"  # named as a weakness: probed first


async def test_no_skills_listed_derives_them_from_the_requirements() -> None:
    app = application(backend_job(skills=[]))
    result = await fit(app, read("strong_cv.txt"))
    assert result.skill_source == "requirements_text"
    assert "Python" in result.fit.scores.required_skills.matched


async def test_risks_short_tenure_gap_and_claim() -> None:
    cv = (
        "Experience\n"
        "Engineer, A — 01/2015 - 06/2015\n"
        "Engineer, B — 03/2016 - 12/2018\n"
        "Engineer, C — 01/2019 - 12/2019\n"
        "I have 15 years of experience in Python and PostgreSQL.\n"
    )
    result = await fit(cv=cv)
    kinds = [r.kind for r in result.fit.risks]
    assert kinds.count("short_tenure") == 1  # A: 6 months; C: Jan-Dec is a full year
    assert "employment_gap" in kinds
    assert "claim_mismatch" in kinds
    assert any(q.id == "career" for q in (await fit(cv=cv, minutes=60)).plan.questions)


async def test_deterministic_and_json_serialisable() -> None:
    a = await fit(cv=read("strong_cv.txt"))
    b = await fit(cv=read("strong_cv.txt"))
    assert a == b
    dumped = json.dumps(a.model_dump(mode="json"))
    assert FitResult.model_validate_json(dumped) == a


async def test_cv_text_adds_skills_the_platform_analysis_left_out() -> None:
    analysis = {"skills": ["Python"], "experience": "6 years"}
    cv = read("strong_cv.txt")
    with_text = await fit(application(cv_analysis=analysis), cv=cv)
    assert with_text.path == FitPath.CV_ANALYSIS
    assert "Python" in with_text.fit.scores.required_skills.matched
    assert len(with_text.fit.scores.required_skills.matched) > 1  # found in the CV text
