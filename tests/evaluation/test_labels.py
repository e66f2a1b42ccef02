"""Feedback names what each question was about (never "motivation and career" for a duty)."""

from __future__ import annotations

import pytest

from agent.analysis import analyze_fit
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


def test_every_label_has_a_text() -> None:
    from agent.content import table
    from agent.evaluation.deterministic import KIND_LABELS, QUESTION_LABELS

    assert set(QUESTION_LABELS.values()) | set(KIND_LABELS.values()) <= set(table("en").eval)
