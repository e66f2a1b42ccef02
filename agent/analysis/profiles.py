"""Normalised views of the job and the candidate, produced by the extract nodes."""

from __future__ import annotations

from datetime import date
from enum import IntEnum, StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from agent.analysis.prompt import RecruiterPrompt


class Degree(IntEnum):
    NONE = 0
    DIPLOMA = 1
    BACHELOR = 2
    MASTER = 3
    PHD = 4


Level = Literal["entry", "junior", "mid", "senior", "lead", "executive"]


class SkillSource(StrEnum):
    LISTED = "job.skills"  # the recruiter's skills list
    TEXT = "requirements_text"  # derived from requirements/description (no list given)


class JobProfile(BaseModel):
    title: str
    level: Level | None = None
    required_skills: list[str] = Field(default_factory=list)
    nice_skills: list[str] = Field(default_factory=list)
    skill_source: SkillSource = SkillSource.LISTED
    min_years: float | None = None
    degree: Degree = Degree.NONE
    responsibilities: list[str] = Field(default_factory=list)
    prompt: RecruiterPrompt  # the recruiter's questions, focus areas and what cannot be asked


class Role(BaseModel):
    title: str
    start: date
    end: date
    current: bool = False
    month_precision: bool = True  # False when the CV gave years only

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month


class SkillEvidence(BaseModel):
    snippet: str | None = None  # a CV sentence naming the skill, preferring one with a result
    in_role: bool = False  # named in the work-experience part of the CV


class CandidateProfile(BaseModel):
    skills: list[str] = Field(default_factory=list)  # canonical names, no repeats
    evidence: dict[str, SkillEvidence] = Field(default_factory=dict)
    years: float | None = None
    claimed_years: float | None = None  # "7 years of experience", as stated
    roles: list[Role] = Field(default_factory=list)
    degree: Degree = Degree.NONE
    degree_known: bool = True  # False: no CV text and the analysis says nothing on education
    claimed_strengths: list[str] = Field(default_factory=list)  # skills named as strengths
    claimed_weaknesses: list[str] = Field(default_factory=list)
