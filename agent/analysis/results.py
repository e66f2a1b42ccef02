"""What the fit analysis returns: scores with reasons, what to verify and probe, the plan."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from agent.analysis.models import QuestionPlan
from agent.analysis.profiles import SkillSource
from service.models import Language


class FitClass(StrEnum):
    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"
    UNKNOWN = "unknown"  # no readable CV: fit is for the interview to establish


class FitPath(StrEnum):
    """Where the candidate profile came from."""

    CV_ANALYSIS = "cv_analysis"  # the platform's cvAnalysisResults
    CV_TEXT = "cv_text"  # our own extraction from the CV text
    JOB_ONLY = "job_only"  # no usable CV: plan from the job alone


class CvStatus(StrEnum):
    OK = "ok"
    MISSING = "missing"
    UNREADABLE = "unreadable"  # binary noise, raw PDF bytes, or almost no words
    TRUNCATED = "truncated"  # longer than any real CV; only the head was read


class CategoryScore(BaseModel):
    score: float = Field(ge=0, le=100)
    applicable: bool = True  # False when the job asks nothing in this category
    reason: str
    matched: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


class FitScores(BaseModel):
    required_skills: CategoryScore
    nice_to_have: CategoryScore
    experience: CategoryScore
    education: CategoryScore
    overall: float = Field(ge=0, le=100)


class Strength(BaseModel):
    skill: str
    reason: str
    evidence: str | None = None  # a CV sentence; untrusted text, escape when shown


class Gap(BaseModel):
    topic: str
    reason: str
    required: bool = True
    kind: Literal["skill", "experience", "education"] = "skill"


class Risk(BaseModel):
    kind: Literal["short_tenure", "employment_gap", "claim_mismatch"]
    detail: str


class FitAnalysis(BaseModel):
    language: Language = "en"
    scores: FitScores
    fit_class: FitClass
    reasons: list[str] = Field(default_factory=list)
    strengths: list[Strength] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    rationale: str = ""
    # e.g. "2 sentences addressed to an AI evaluator were ignored"; never affects scores
    data_warnings: list[str] = Field(default_factory=list)


class FitResult(BaseModel):
    plan: QuestionPlan
    fit: FitAnalysis
    path: FitPath
    cv_status: CvStatus
    skill_source: SkillSource
    refined: bool = False
    refine_error: str | None = None  # why the LLM refinement was not used
