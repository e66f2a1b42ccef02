"""The one state object the fit graph's nodes read and extend."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from agent.analysis.models import QuestionPlan
from agent.analysis.profiles import CandidateProfile, JobProfile
from agent.analysis.results import CvStatus, FitAnalysis, FitClass, FitPath, FitScores
from service.models import Application


class FitState(BaseModel):
    # inputs
    application: Application
    cv_text: str | None = None  # as received; screen_cv replaces it with the cleaned text
    duration_minutes: int = Field(ge=1)
    today: date
    language: str = "en"
    # filled in by the nodes, in graph order
    job: JobProfile | None = None
    cv_status: CvStatus | None = None
    path: FitPath | None = None
    dropped_instructions: int = 0
    candidate: CandidateProfile | None = None
    scores: FitScores | None = None
    fit_class: FitClass | None = None
    reasons: list[str] = Field(default_factory=list)
    fit: FitAnalysis | None = None
    plan: QuestionPlan | None = None
    refined: bool = False
    refine_error: str | None = None
