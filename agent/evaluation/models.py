"""The evaluation schema (version 1.1; reads 1.0), posted as the interview's `aiAnalysis` JSON.

Evidence quotes must be verbatim: validated with `context={"candidate_text": {seq: content}}`
(see `evidence_context`), a quote that is not a substring of the candidate's transcript
entry it cites is rejected. Loading stored JSON without that context skips the check.
Documented for readers in SCHEMA.md next to this file.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from agent.analysis.models import QuestionKind
from agent.analysis.results import FitAnalysis
from service.models import InterviewStatus, Language, TranscriptEntry

SCHEMA_VERSION: Final = "1.1"
Recommendation = Literal["advance", "hold", "reject"]


class EndReason(StrEnum):
    """How an interview ended: the flow's, the run's and the evaluation's one word for it."""

    COMPLETED = "completed"
    CANDIDATE_STOPPED = "candidate_stopped"
    CANDIDATE_LEFT = "candidate_left"
    SILENCE = "silence"  # the candidate stopped answering; the interviewer closed
    TIME_UP = "time_up"
    NO_SHOW = "no_show"
    ERROR = "error"

    @property
    def platform_status(self) -> InterviewStatus:
        """The platform contract's final status for an interview that ended this way."""
        if self is EndReason.NO_SHOW:
            return InterviewStatus.NO_SHOW
        if self is EndReason.ERROR:
            return InterviewStatus.CANCELLED
        return InterviewStatus.COMPLETED


class AskedQuestion(BaseModel):
    """One planned question as it went in the interview (filled in by the interviewer)."""

    question_id: str
    asked_at_seq: int  # sequence number of the interviewer's entry that asked it
    answer_seqs: list[int] = Field(default_factory=list)  # the candidate's entries answering it
    follow_ups_asked: int = 0
    skipped: bool = False  # asked, but the candidate declined or it was cut short


class InterviewConduct(BaseModel):
    """What the evaluator needs of how the interview went (the orchestrator's
    InterviewOutcome is the job's result: status, delivery, records)."""

    asked: list[AskedQuestion] = Field(default_factory=list)  # in the order asked
    ended_by: EndReason = EndReason.COMPLETED
    repeat_requests: int = 0  # "sorry, could you repeat that?"
    duration_s: float = 0.0


class EvidenceQuote(BaseModel):
    seq: int  # transcript sequence number of the candidate entry quoted
    text: str = Field(min_length=1, max_length=400)

    @field_validator("text")
    @classmethod
    def _verbatim(cls, text: str, info: ValidationInfo) -> str:
        entries: dict[int, str] | None = (info.context or {}).get("candidate_text")
        if entries is None:
            return text
        seq = info.data.get("seq")
        if seq not in entries or text not in entries[seq]:
            raise ValueError(f"quote is not verbatim in the candidate's entry #{seq}")
        return text


class FlagCode(StrEnum):
    NO_SHOW = "no_show"
    ENDED_EARLY = "ended_early"
    TIME_UP = "time_up"
    ERROR = "error"
    SHORT_ANSWERS = "short_answers"
    MISSING_ANSWERS = "missing_answers"
    POOR_AUDIO = "poor_audio"
    NOT_ASKED = "not_asked"
    INSTRUCTIONS_IN_ANSWERS = "instructions_in_answers"
    OFF_TOPIC = "off_topic"


class Flag(BaseModel):
    code: FlagCode
    detail: str
    question_ids: list[str] = Field(default_factory=list)
    # instructions_in_answers: what was said, once per distinct sentence, for the recruiter
    quotes: list[EvidenceQuote] = Field(default_factory=list)


class QuestionEvaluation(BaseModel):
    question_id: str
    text: str
    kind: QuestionKind
    asked: bool
    asked_at_seq: int | None = None
    answer_seqs: list[int] = Field(default_factory=list)
    answered: bool = False
    skipped: bool = False
    score: int | None = Field(default=None, ge=1, le=5)  # None when not asked
    rubric_covered: list[str] = Field(default_factory=list)
    rubric_missed: list[str] = Field(default_factory=list)
    weak_signals: list[str] = Field(default_factory=list)
    evidence: list[EvidenceQuote] = Field(default_factory=list)
    off_topic: bool = False  # the answer did not address the question (or mostly not)
    answer_words: int = 0
    notes: str = ""


class Evaluation(BaseModel):
    schema_version: Literal["1.0", "1.1"] = SCHEMA_VERSION
    evaluator: Literal["deterministic", "llm"] = "deterministic"
    fallback_reason: str | None = None  # why the LLM evaluation was not used
    language: Language = "en"
    rating: float = Field(ge=1, le=10)
    recommendation: Recommendation
    rationale: str
    feedback: str  # short human text, posted as the interview's `feedback`
    questions: list[QuestionEvaluation]
    flags: list[Flag] = Field(default_factory=list)
    ended_by: EndReason = EndReason.COMPLETED
    duration_s: float = 0.0
    fit: FitAnalysis  # the fit analysis the interview started from

    def to_ai_analysis(self) -> dict[str, Any]:
        """JSON-ready dict for the platform's `aiAnalysis` field."""
        return self.model_dump(mode="json")

    def flag_codes(self) -> set[FlagCode]:
        return {f.code for f in self.flags}


def evidence_context(transcript: list[TranscriptEntry]) -> dict[str, Any]:
    """Validation context that makes EvidenceQuote check quotes against the transcript."""
    return {
        "candidate_text": {
            e.sequence_number: e.content for e in transcript if e.speaker == "candidate"
        }
    }
