"""Typed views of the platform's GraphQL objects (camelCase on the wire, snake_case here)."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

# Platform ids (UUIDs, cuids, the seeds' "app-strong-001") become S3 key and spool path
# segments and stand inside LiveKit room names "interview-{id}-{n}": so no ":" or "/".
ID_PATTERN = r"[A-Za-z0-9._-]{1,128}"


def is_platform_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None and value not in (".", "..")


Language = Literal["en", "ar"]
Speaker = Literal["candidate", "interviewer"]


class PlatformModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class Company(PlatformModel):
    id: str
    name: str
    description: str | None = None


class Job(PlatformModel):
    id: str
    title: str
    department: str | None = None
    description: str | None = None
    responsibilities: str | None = None
    requirements: str | None = None
    skills: list[str] = Field(default_factory=list)
    experience: str | None = None
    education: str | None = None
    job_level: str | None = None
    interview_prompt: str | None = None
    interview_language: str = "english"
    company: Company

    @property
    def language(self) -> Language:
        return "ar" if self.interview_language.strip().lower() in ("arabic", "ar") else "en"


class User(PlatformModel):
    id: str
    name: str
    email: str | None = None


class Application(PlatformModel):
    id: str
    status: str
    candidate: User
    job: Job
    resume_url: str | None = None
    cover_letter: str | None = None
    cv_score: float | None = None
    cv_analysis_results: dict[str, Any] | None = None
    ai_interview_recommendations: str | None = None


class InterviewStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    NO_SHOW = "NO_SHOW"


class Interview(PlatformModel):
    id: str
    application_id: str
    status: InterviewStatus
    type: str = "VIDEO"
    duration: int | None = None
    notes: str | None = None
    feedback: str | None = None
    rating: float | None = None
    ai_analysis: dict[str, Any] | None = None
    recording_url: str | None = None
    room_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class TranscriptEntry(PlatformModel):
    """One transcript row; `sequence_number` makes re-sent batches idempotent."""

    content: str
    speaker: Speaker
    timestamp: datetime
    sequence_number: int
    confidence: float | None = None
    language: str | None = None


class InterviewUpdate(PlatformModel):
    recording_url: str | None = None
    duration: int | None = None
    rating: float | None = None
    feedback: str | None = None
    ai_analysis: dict[str, Any] | None = None
    notes: str | None = None


class Transcript(PlatformModel):
    """A stored transcript row as the platform returns it (rows written by other
    clients may lack a sequence number)."""

    id: str
    interview_id: str
    content: str
    speaker: str
    timestamp: datetime
    sequence_number: int | None = None
    confidence: float | None = None
    language: str | None = None
