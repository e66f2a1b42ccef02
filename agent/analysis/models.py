"""The question plan the interviewer follows, and the fit analysis it comes from."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from service.models import Language


class QuestionKind(StrEnum):
    CUSTOM = "custom"  # recruiter's question from job.interviewPrompt, asked as written
    STRENGTH = "strength"  # ask for concrete evidence of a claimed strength
    GAP = "gap"  # probe a missing or weak requirement
    TECHNICAL = "technical"
    BEHAVIOURAL = "behavioural"
    GENERAL = "general"


class Rubric(BaseModel):
    strong: list[str] = Field(default_factory=list, description="what a strong answer shows")
    weak: list[str] = Field(default_factory=list, description="what a weak answer shows")
    # Optional, parallel to `strong`: the deterministic evaluator's check for each point
    # (see agent/evaluation/signals.py); points without one fall back to keyword overlap.
    signals: list[str] = Field(default_factory=list)


class Question(BaseModel):
    id: str
    text: str
    kind: QuestionKind = QuestionKind.GENERAL
    intent: str = ""
    rubric: Rubric = Field(default_factory=Rubric)
    follow_ups: list[str] = Field(default_factory=list, description="follow-up hints, in order")
    time_budget_s: float = 120.0
    skills: list[str] = Field(default_factory=list)


class QuestionPlan(BaseModel):
    language: Language = "en"
    questions: list[Question]
    total_budget_s: float
    rationale: str = ""
    # For the recruiter: what of their prompt is not asked, and why (unread, too long,
    # out of time). Shown in the report; never spoken.
    warnings: list[str] = Field(default_factory=list)
