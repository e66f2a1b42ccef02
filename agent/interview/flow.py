"""The interview's source of truth: which question is open, what was asked, time left.

The flow never talks to a model. The interviewer agent's tools call it to advance
(next, follow-up, repeat, skip, stop); whatever phrases the words (an LLM, or the
offline policy), the flow decides what may be asked and records what was. Each
method returns the text the interviewer should say next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from agent.analysis.models import Question, QuestionPlan
from agent.interview.phrases import say

# leave this much of the interview for the closing when deciding the last question
_WRAP_UP_S = 60.0


class EndReason(StrEnum):
    COMPLETED = "completed"
    CANDIDATE_STOPPED = "candidate_stopped"
    CANDIDATE_LEFT = "candidate_left"
    SILENCE = "silence"
    TIME_UP = "time_up"
    NO_SHOW = "no_show"
    ERROR = "error"


@dataclass
class AskedRecord:
    question: Question
    asked_at: float
    follow_ups: int = 0
    repeats: int = 0
    skipped: bool = False
    delivered_at: float | None = None  # wall time the candidate had heard (part of) it
    answer_seqs: list[int] = field(default_factory=list)
    asked_at_seq: int | None = None


@dataclass
class Candidate:
    name: str
    job_title: str
    company: str


class InterviewFlow:
    def __init__(
        self,
        *,
        candidate: Candidate,
        language: str,
        duration_minutes: int,
        max_follow_ups: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.candidate = candidate
        self.language = language
        self.duration_s = duration_minutes * 60.0
        self.max_follow_ups = max_follow_ups
        self._clock = clock
        self.plan: QuestionPlan | None = None
        self.asked: list[AskedRecord] = []
        self._index = -1
        self._started_at: float | None = None
        self._last_announced = False
        self.end_reason: EndReason | None = None
        self.repeat_requests = 0

    # -- state ---------------------------------------------------------------
    @property
    def current(self) -> AskedRecord | None:
        return self.asked[-1] if self.asked and self.end_reason is None else None

    @property
    def finished(self) -> bool:
        return self.end_reason is not None

    def elapsed(self) -> float:
        return 0.0 if self._started_at is None else self._clock() - self._started_at

    def remaining(self) -> float:
        return self.duration_s - self.elapsed()

    def _fmt(self, key: str, **values: object) -> str:
        return say(
            self.language,
            key,
            name=self.candidate.name.split()[0] if self.candidate.name else "",
            company=self.candidate.company,
            job_title=self.candidate.job_title,
            minutes=round(self.duration_s / 60),
            **values,
        )

    # -- utterances ----------------------------------------------------------
    def greeting(self) -> str:
        return self._fmt("greeting")

    def begin(self, plan: QuestionPlan) -> str:
        """Take the plan (ready while the greeting plays) and ask its first question."""
        self.plan = plan
        self._started_at = self._clock()
        if not plan.questions:
            return self.finish(EndReason.COMPLETED)
        return self._fmt("first_question", question=self._ask(0).question.text)

    def next_question(self) -> str:
        """The open question was answered: acknowledge and ask the next one, or close."""
        if self.finished:
            return ""
        nxt = self._next_index()
        if nxt is None:
            reason = EndReason.TIME_UP if self.remaining() <= 0 else EndReason.COMPLETED
            return f"{self._fmt('ack')} {self.finish(reason)}"
        question = self._ask(nxt).question.text
        if self._is_last_call(nxt):
            self._last_announced = True
            return f"{self._fmt('ack')} {self._fmt('last_question', question=question)}"
        return f"{self._fmt('ack')} {self._fmt('next', question=question)}"

    def follow_up(self, hint: str | None = None) -> str:
        """Ask for more on the open question, within the follow-up limit."""
        record = self.current
        if record is None:
            return ""
        if record.follow_ups >= self.max_follow_ups or self._over_budget(record):
            return self.next_question()
        record.follow_ups += 1
        planned = record.question.follow_ups
        text = hint or (planned[min(record.follow_ups - 1, len(planned) - 1)] if planned else "")
        if not text:
            text = say(self.language, "repeat", question="Could you give a concrete example?")
        return self._fmt("follow_up", follow_up=text)

    def repeat(self) -> str:
        record = self.current
        self.repeat_requests += 1
        if record is None:
            return ""
        record.repeats += 1
        return self._fmt("repeat", question=record.question.text)

    def skip(self) -> str:
        record = self.current
        if record is None:
            return ""
        record.skipped = True
        nxt = self._next_index()
        if nxt is None:
            return f"{self._fmt('skip_last')} {self.finish(EndReason.COMPLETED)}"
        return self._fmt("skip", question=self._ask(nxt).question.text)

    def still_there(self) -> str:
        record = self.current
        return self._fmt("still_there", question=record.question.text if record else "")

    def welcome_back(self) -> str:
        record = self.current
        return self._fmt("welcome_back", question=record.question.text if record else "")

    def answer_about_job(self, answer: str | None) -> str:
        record = self.current
        question = record.question.text if record else ""
        if answer:
            return self._fmt("job_answer", answer=answer, question=question)
        return self._fmt("job_unknown", question=question)

    def finish(self, reason: EndReason) -> str:
        """End the interview (idempotent) and return the matching closing words."""
        if self.end_reason is None:
            self.end_reason = reason
        return self._fmt(
            {
                EndReason.TIME_UP: "closing_time",
                EndReason.CANDIDATE_STOPPED: "closing_stop",
                EndReason.SILENCE: "closing_silence",
                EndReason.ERROR: "technical_difficulty",
            }.get(reason, "closing")
        )

    # -- transcript linkage --------------------------------------------------
    def note_transcript(self, *, seq: int, speaker: str, content: str) -> None:
        """Tie a transcript row to the question open when it was said."""
        record = self.asked[-1] if self.asked else None
        if record is None:
            return
        if speaker == "candidate":
            record.answer_seqs.append(seq)
        elif record.asked_at_seq is None and record.question.text in content:
            record.asked_at_seq = seq

    def note_said(self, content: str, *, at: float) -> None:
        """The interviewer said `content` (all of it, or up to an interruption) by `at`."""
        record = self.current
        if record is not None and record.delivered_at is None:
            opening = " ".join(record.question.text.split()[:3])
            if opening in content:
                record.delivered_at = at

    def heard_before(self, when: float) -> bool:
        """Had the candidate heard the open question when they spoke at `when` (wall time)?"""
        record = self.current
        return (
            record is not None and record.delivered_at is not None and record.delivered_at <= when
        )

    # -- internals -----------------------------------------------------------
    def _ask(self, index: int) -> AskedRecord:
        assert self.plan is not None
        self._index = index
        record = AskedRecord(question=self.plan.questions[index], asked_at=self._clock())
        self.asked.append(record)
        return record

    def _next_index(self) -> int | None:
        if self.plan is None or self._last_announced:
            return None
        nxt = self._index + 1
        if nxt >= len(self.plan.questions) or self.remaining() <= _WRAP_UP_S / 2:
            return None
        return nxt

    def _is_last_call(self, index: int) -> bool:
        """Will there be no time for another question after this one?"""
        assert self.plan is not None
        if index == len(self.plan.questions) - 1:
            return False
        after_this = self.remaining() - self.plan.questions[index].time_budget_s
        return after_this < _WRAP_UP_S / 2 + self.plan.questions[index + 1].time_budget_s

    def _over_budget(self, record: AskedRecord) -> bool:
        return self._clock() - record.asked_at > record.question.time_budget_s * 1.5
