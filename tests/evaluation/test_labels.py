"""Feedback names what each question was about (never "motivation and career" for a duty)."""

from __future__ import annotations

import pytest

from agent.analysis import analyze_fit
from agent.content import table
from agent.evaluation import evaluate
from tests.analysis.fixtures import TODAY, application, backend_job, read, simulate


@pytest.mark.parametrize(
    ("duty", "expected"),
    [
        ("Build and evolve our GraphQL API on Kubernetes.", "GraphQL, Kubernetes"),
        ("Mentor engineers and review designs.", "the role's responsibilities"),
    ],
)
async def test_duty_question_is_labelled_by_its_topic(duty: str, expected: str) -> None:
    job = backend_job(responsibilities=duty + "\nImprove reliability of our services.")
    planned = await analyze_fit(
        application(job), read("strong_cv.txt"), duration_minutes=30, today=TODAY
    )
    duty_q = next(q for q in planned.plan.questions if q.id == "tech-duty")
    transcript, conduct = simulate(planned.plan, {duty_q.id: "No."})
    ev = evaluate(planned.plan, transcript, planned.fit, conduct=conduct)
    assert f"Weakest: {expected} (1/5)" in ev.feedback
    assert "motivation and career" not in ev.feedback


@pytest.mark.parametrize(
    "question",
    [
        "gap-experience",
        "tech-duty",
        "behaviour-leadership",
        "behaviour-conflict",
        "behaviour-failure",
        "career",
        "general-motivation",
        "behavioural",
        "technical",
    ],
)
def test_every_fixed_question_and_kind_has_its_own_label(question: str) -> None:
    """A missing label would fall back to "general question" without failing anything."""
    for language in ("en", "ar"):
        assert f"label_{question}" in table(language).eval
