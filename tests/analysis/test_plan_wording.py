"""Plans read like an interviewer wrote them: no question repeats another's wording
with only the skill swapped. Checked on every seeded application (fetched from the
local platform, CV downloaded and read as the worker does) and on synthetic jobs.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

import pytest

from agent.analysis import analyze_fit
from agent.analysis.models import QuestionKind, QuestionPlan
from agent.analysis.skills import base_index
from scripts.local_platform.seeding import DEFAULT_SEED
from service.cv import CVLoader
from service.interviews import GraphQLPlatform
from tests.analysis.fixtures import TODAY, application, arabic_job, backend_job, read

SEEDED = [a["id"] for a in json.loads(DEFAULT_SEED.read_text(encoding="utf-8"))]
# Two questions this alike (after masking skill names) read as one template reused.
MAX_LIKENESS = 0.75


def _masked(plan: QuestionPlan) -> list[tuple[str, str]]:
    """(id, text with every skill name, and lists of them, replaced by one marker)."""
    index = base_index()
    names = {n for q in plan.questions for s in q.skills for n in (s, index.display(s, "ar"))}
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    out = []
    for q in plan.questions:
        if q.kind == QuestionKind.CUSTOM:  # the recruiter's own words
            continue
        text = re.sub(pattern, "§", q.text) if pattern else q.text
        text = re.sub(r"§(?:(?:, |، | and | و ?|و)§)*", "§", text)
        out.append((q.id, text))
    return out


def assert_natural(plan: QuestionPlan, label: str) -> None:
    masked = _masked(plan)
    for i, (qa, a) in enumerate(masked):
        for qb, b in masked[i + 1 :]:
            likeness = difflib.SequenceMatcher(None, a, b).ratio()
            assert likeness < MAX_LIKENESS, f"{label}: {qa} and {qb} share a template:\n{a}\n{b}"


async def _seeded_plans(
    platform: GraphQLPlatform, loader: CVLoader, minutes: int
) -> dict[str, QuestionPlan]:
    plans = {}
    for app_id in SEEDED:
        app = await platform.get_application(app_id)
        cv = (await loader.load(app.resume_url)).text if app.resume_url else None
        result = await analyze_fit(app, cv, duration_minutes=minutes, today=TODAY)
        plans[app_id] = result.plan
    return plans


@pytest.mark.parametrize("minutes", [8, 20, 45])
async def test_seeded_plans_never_repeat_a_template(
    graphql_platform: GraphQLPlatform, cv_loader: CVLoader, minutes: int
) -> None:
    plans = await _seeded_plans(graphql_platform, cv_loader, minutes)
    assert set(plans) == set(SEEDED)
    for app_id, plan in plans.items():
        assert_natural(plan, f"{app_id} at {minutes} min")


def _job(**over: Any) -> dict[str, Any]:
    return backend_job(**over)


SYNTHETIC = {
    # six languages the CV also lists: strengths and technical questions of one family
    "polyglot": (
        _job(skills=["Python", "Go", "Java", "Rust", "TypeScript", "Kotlin"]),
        "Skills: Python, Go, Java, Rust, TypeScript, Kotlin. 2015 - 2024 Engineer at Foo.",
    ),
    # nothing matches: many gaps across families
    "all_gaps": (
        _job(skills=["Kubernetes", "Terraform", "AWS", "Kafka", "Spark", "React", "SAP"]),
        read("weak_cv.txt"),
    ),
    # no CV: skill checks only
    "no_cv": (_job(skills=["PostgreSQL", "MySQL", "Redis", "MongoDB", "Docker", "Helm"]), None),
    "arabic": (arabic_job(), read("arabic_cv.txt")),
    "arabic_no_cv": (
        arabic_job(skills=["المحاسبة المالية", "IFRS", "SAP", "ضريبة المبيعات", "التدقيق"]),
        None,
    ),
}


@pytest.mark.parametrize("name", list(SYNTHETIC))
@pytest.mark.parametrize("minutes", [10, 30, 60])
async def test_synthetic_plans_never_repeat_a_template(name: str, minutes: int) -> None:
    job, cv = SYNTHETIC[name]
    result = await analyze_fit(
        application(job, app_id=f"app-{name}"), cv, duration_minutes=minutes, today=TODAY
    )
    assert len(result.plan.questions) >= 3
    assert_natural(result.plan, f"{name} at {minutes} min")


@pytest.mark.parametrize("cv", [read("weak_cv.txt"), None])
async def test_related_skills_share_one_question(cv: str | None) -> None:
    """Missing skills (weak CV) and skill checks (no CV) of one family are asked together."""
    job = _job(skills=["Python", "PostgreSQL", "Kubernetes", "AWS"], interviewPrompt=None)
    result = await analyze_fit(application(job), cv, duration_minutes=30, today=TODAY)
    shared = [q for q in result.plan.questions if len(q.skills) > 1]
    assert {frozenset(q.skills) for q in shared} >= {
        frozenset({"Python", "PostgreSQL"}),
        frozenset({"Kubernetes", "AWS"}),
    }, [q.text for q in result.plan.questions]
    for q in shared:
        assert all(skill in q.text for skill in q.skills)


def test_the_check_catches_a_swapped_skill() -> None:
    from agent.analysis.models import Question

    swapped = QuestionPlan(
        questions=[
            Question(id=f"s-{s}", text=f"Tell me about your work with {s}.", skills=[s])
            for s in ("Python", "Kubernetes")
        ],
        total_budget_s=600,
    )
    with pytest.raises(AssertionError, match="share a template"):
        assert_natural(swapped, "swapped")
