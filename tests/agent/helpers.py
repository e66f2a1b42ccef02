"""Small builders shared by the agent tests."""

from __future__ import annotations

from typing import Any

from agent.analysis.models import Question, QuestionPlan
from agent.content import table
from service.models import Application, Language


def application(language: str = "english", **job: Any) -> Application:
    return Application.model_validate(
        {
            "id": "app-test-1",
            "status": "INTERVIEW",
            "candidate": {"id": "u1", "name": "Sara Haddad"},
            "job": {
                "id": "j1",
                "title": "Backend Engineer",
                "skills": ["Python", "PostgreSQL"],
                "interviewLanguage": language,
                "description": "The role is hybrid, two days a week in our Dubai office.",
                "company": {"id": "c1", "name": "Acme"},
                **job,
            },
        }
    )


def plan(n: int = 3, *, budget: float = 120.0, language: Language = "en") -> QuestionPlan:
    return QuestionPlan(
        language=language,
        questions=[
            Question(
                id=f"q{i}",
                text=f"Planned question number {i}?",
                follow_ups=[f"Could you give a concrete example for question {i}?"],
                time_budget_s=budget,
            )
            for i in range(1, n + 1)
        ],
        total_budget_s=n * budget,
    )


GOOD_ANSWER = (
    "In my last role I designed the order service in Python, moved it to PostgreSQL "
    "partitions, and cut the p99 latency from 900 to 120 milliseconds within a quarter."
)


def said(spoken: list[str], key: str) -> list[int]:
    """Where the interviewer said the phrase `key` (its fixed words before any slot)."""
    lead = table("en").say[key].split("{")[0].strip()
    return [i for i, text in enumerate(spoken) if text.startswith(lead)]
