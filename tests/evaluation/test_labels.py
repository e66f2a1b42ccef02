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


def test_messages_exist_in_both_languages_with_the_same_fields() -> None:
    from string import Formatter

    from agent.evaluation.messages import _MSG, KIND_LABELS, QUESTION_LABELS

    assert set(_MSG["en"]) == set(_MSG["ar"])
    for key, text in _MSG["en"].items():
        fields = {f for _, f, _, _ in Formatter().parse(text) if f}
        assert fields == {f for _, f, _, _ in Formatter().parse(_MSG["ar"][key]) if f}, key
    assert set(QUESTION_LABELS.values()) | set(KIND_LABELS.values()) <= set(_MSG["en"])
