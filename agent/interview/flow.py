"""The interview's source of truth: which question is open, what was asked, heard and answered.

The flow never talks to a model or to the voice framework. The interviewer's tools
ask it for the next `Line` (the words, and the planned question they carry word for
word); the interviewer says the line itself and reports back from the line's speech
handle how much of the question the candidate heard (`delivered`). Each candidate
turn is attributed here (`attribute_turn`) from that state, never from what any text
contains.

Barge-in rule. A question counts as heard once the candidate has heard its core: all
of it, or at least `CORE_SHARE` of its words when they cut in. A candidate turn
belongs to the most recent question they had heard when they started speaking (the
words heard by then are read from the handle's synchronized transcript, scaled by
play time when the interviewer went on talking over them for a moment):

- cutting in after hearing the core of a question answers it;
- cutting in before the core answers nothing new: the turn stays with the previous
  question (the candidate was still answering it), or is a meta turn when there is
  none (talking over the greeting or the first question), and the interviewer asks
  the question again, briefly (`reask`);
- cutting into a follow-up answers its question, which was heard already;
- requests (repeat, skip, stop, a question about the job) are meta turns.

An answer therefore never shifts onto a later question. The interviewer never leaves
a turn without a reply: a question still queued to be said is the reply; otherwise
the interviewer always says a line.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.analysis.models import Question, QuestionPlan
from agent.analysis.text import count, normalize
from agent.content import table, text
from agent.evaluation.models import AskedQuestion, EndReason, InterviewConduct
from agent.evaluation.signals import check
from agent.interview.intents import denies

# leave this much of the interview for the closing when deciding the last question
_WRAP_UP_S = 60.0
CORE_SHARE = 0.75
"""Share of a question's words a candidate must hear before a cut-in answers it."""

# what an answer can lack, in the order a follow-up asks for it, by rubric signal
_LACKS = {
    "example": "follow_example",
    "star_situation": "follow_example",
    "ownership": "follow_ownership",
    "star_action": "follow_ownership",
    "outcome": "follow_outcome",
    "star_result": "follow_outcome",
}
_DEFAULT_SIGNALS = ("example", "ownership", "outcome")


@dataclass
class Delivery:
    """One saying of a question (asked, repeated, asked again), as far as it was heard."""

    item_id: str | None  # the interviewer's transcript message; None if nothing played
    heard_words: int  # of the question, by the time it stopped
    question_words: int
    question_at: int = 0  # words of the line before the question
    played: tuple[float, float] | None = None  # wall time the line started / stopped playing

    def heard_by(self, when: float | None) -> bool:
        """Had the candidate heard the question's core at wall time `when` (None: now)?"""
        heard = self.heard_words
        if when is not None and self.played is not None:
            start, stop = self.played
            if when < stop:  # words play at a steady pace: scale what was heard by then
                line_words = self.question_at + self.heard_words
                share = max(0.0, when - start) / max(stop - start, 1e-6)
                heard = int(line_words * share) - self.question_at
        return heard >= math.ceil(CORE_SHARE * self.question_words)


@dataclass
class AskedRecord:
    question: Question
    asked_at: float
    follow_ups: int = 0
    skipped: bool = False
    deliveries: list[Delivery] = field(default_factory=list)
    answer_items: list[str] = field(default_factory=list)  # candidate messages answering it

    def heard_by(self, when: float | None = None) -> bool:
        return any(d.heard_by(when) for d in self.deliveries)


@dataclass(frozen=True)
class Line:
    """Words for the interviewer to say; `asks` is the question they carry verbatim."""

    text: str
    asks: AskedRecord | None = None
    question_at: int = 0  # words said before the question starts

    @property
    def question_words(self) -> int:
        return len(self.asks.question.text.split()) if self.asks else 0


@dataclass(frozen=True)
class Turn:
    item_id: str
    text: str
    answers: AskedRecord | None  # None: a meta turn


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
        self.turns: list[Turn] = []
        self._index = -1
        self._started_at: float | None = None
        self._last_announced = False
        self._acks = itertools.cycle(table(language).acks)
        self._seq_of: dict[str, int] = {}
        self.stop_pending = False
        self.end_reason: EndReason | None = None
        self.repeat_requests = 0

    # -- state ---------------------------------------------------------------
    @property
    def current(self) -> AskedRecord | None:
        return self.asked[-1] if self.asked and self.end_reason is None else None

    @property
    def finished(self) -> bool:
        return self.end_reason is not None

    def remaining(self) -> float:
        elapsed = 0.0 if self._started_at is None else self._clock() - self._started_at
        return self.duration_s - elapsed

    def _fmt(self, key: str, **values: object) -> str:
        return text(
            f"say.{key}",
            self.language,
            name=self.candidate.name.split()[0] if self.candidate.name else "",
            company=self.candidate.company,
            job_title=self.candidate.job_title,
            minutes=count(self.language, round(self.duration_s / 60), "minute"),
            **values,
        ).strip()

    def _line(self, key: str, record: AskedRecord | None, **values: object) -> Line:
        """A phrase that ends with `record`'s question, and where in it the question starts;
        nothing to say without a question open."""
        if record is None:
            return Line("")
        marker = "\x00"
        before = self._fmt(key, question=marker, **values).split(marker)[0]
        return Line(
            self._fmt(key, question=record.question.text, **values),
            asks=record,
            question_at=len(before.split()),
        )

    def _ack(self, ack: str | None) -> str:
        """The model's own acknowledgement (checked by the caller), else the next of a
        small rotating set: never the same one twice in a row."""
        return ack or next(self._acks)

    # -- utterances ----------------------------------------------------------
    def greeting(self) -> str:
        return self._fmt("greeting")

    def begin(self, plan: QuestionPlan) -> Line:
        """Take the plan (ready while the greeting plays) and ask its first question."""
        self.plan = plan
        self._started_at = self._clock()
        if not plan.questions:
            return Line(self.finish(EndReason.COMPLETED))
        return self._line("first_question", self._ask(0))

    def next_question(self, ack: str | None = None) -> Line:
        """The open question was answered: acknowledge and ask the next one, or close."""
        if self.finished:
            return Line("")
        nxt = self._next_index()
        if nxt is None:
            reason = EndReason.TIME_UP if self.remaining() <= 0 else EndReason.COMPLETED
            return Line(f"{self._ack(ack)} {self.finish(reason)}")
        record = self._ask(nxt)
        # still False here: once set, _next_index returns None and no question follows
        self._last_announced = self._is_last_call(nxt)
        line = self._line("last_question" if self._last_announced else "next", record)
        ack_text = self._ack(ack)
        return Line(
            f"{ack_text} {line.text}".strip(),
            asks=record,
            question_at=line.question_at + len(ack_text.split()),
        )

    def follow_up(self, *, answer: str, hint: str | None = None) -> Line:
        """Ask for more on the open question, within the follow-up limit.

        `hint` is a model's follow-up, already checked; offline, the follow-up asks for
        what the answer lacks against the question's rubric, and never presumes what
        the candidate has just said they did not do.
        """
        record = self.current
        if record is None:
            return Line("")
        if record.follow_ups >= self.max_follow_ups or self._over_budget(record):
            return self.next_question()
        record.follow_ups += 1
        return Line(self._fmt("follow_up", follow_up=hint or self._missing(record, answer)))

    def _missing(self, record: AskedRecord, answer: str) -> str:
        if denies(answer):
            return self._fmt("follow_denied")
        norm = normalize(answer)
        signals = [s for s in record.question.rubric.signals if s in _LACKS] or _DEFAULT_SIGNALS
        for signal in signals:
            if not check(signal, norm):
                return self._fmt(_LACKS[signal])
        planned = record.question.follow_ups
        return planned[0] if planned else self._fmt("follow_example")

    def repeat(self) -> Line:
        self.repeat_requests += 1
        return self._line("repeat", self.current)

    def reask(self) -> Line:
        """The candidate cut in before hearing the open question's core: ask it again."""
        return self._line("reask", self.current)

    def skip(self) -> Line:
        record = self.current
        if record is None:
            return Line("")
        record.skipped = True
        nxt = self._next_index()
        if nxt is None:
            return Line(f"{self._fmt('skip_last')} {self.finish(EndReason.COMPLETED)}")
        return self._line("skip", self._ask(nxt))

    def ask_to_stop(self) -> Line:
        """The candidate asked to stop: confirm once before ending."""
        self.stop_pending = True
        return Line(self._fmt("confirm_stop"))

    def confirm_stop(self, confirmed: bool) -> Line:
        self.stop_pending = False
        if confirmed:
            return Line(self.finish(EndReason.CANDIDATE_STOPPED))
        return self._line("carry_on", self.current)

    def still_there(self) -> str:
        record = self.current
        return self._fmt("still_there", question=record.question.text if record else "")

    def welcome_back(self) -> str:
        record = self.current
        return self._fmt("welcome_back", question=record.question.text if record else "")

    def answer_about_job(self, answer: str | None) -> Line:
        if answer:
            return self._line("job_answer", self.current, answer=answer)
        return self._line("job_unknown", self.current)

    def finish(self, reason: EndReason) -> str:
        """End the interview (idempotent) and return the matching closing words."""
        if self.end_reason is None:
            self.end_reason = reason
        key = f"closing_{reason}"  # how it ended has its own words, or the plain closing
        return self._fmt(key if key in table(self.language).say else "closing")

    # -- what was heard and answered ---------------------------------------
    def delivered(
        self,
        line: Line,
        *,
        item_id: str | None,
        heard_words: int,
        played: tuple[float, float] | None = None,
    ) -> None:
        """The interviewer's speech of `line` ended; the candidate heard `heard_words` of
        its question (all of them unless cut off), while it played over `played`."""
        if line.asks is not None:
            delivery = Delivery(
                item_id, max(0, heard_words), line.question_words, line.question_at, played
            )
            line.asks.deliveries.append(delivery)

    def attribute_turn(self, item_id: str, text: str, *, started: float | None = None) -> Turn:
        """Tie a committed candidate turn to the latest question they had heard when they
        started speaking (wall time; None when unknown, as in text sessions)."""
        record = next((r for r in reversed(self.asked) if r.heard_by(started)), None)
        if record is not None:
            record.answer_items.append(item_id)
        turn = Turn(item_id, text, record)
        self.turns.append(turn)
        return turn

    def unattribute(self, turn: Turn | None) -> None:
        """The turn turned out to be a meta turn (a repeat request, a job question...)."""
        if turn is not None and turn.answers and turn.item_id in turn.answers.answer_items:
            turn.answers.answer_items.remove(turn.item_id)

    def note_transcript(self, *, seq: int, item_id: str) -> None:
        """The transcript row `seq` holds the conversation message `item_id`."""
        self._seq_of[item_id] = seq

    def asked_at_seq(self, record: AskedRecord) -> int | None:
        seqs = [self._seq_of.get(d.item_id or "") for d in record.deliveries]
        return next((s for s in seqs if s is not None), None)

    def answer_seqs(self, record: AskedRecord) -> list[int]:
        return [self._seq_of[i] for i in record.answer_items if i in self._seq_of]

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


def interview_conduct(flow: InterviewFlow, duration_s: float) -> InterviewConduct:
    """What the flow recorded, as the evaluator's input."""
    asked = [
        AskedQuestion(
            question_id=record.question.id,
            asked_at_seq=flow.asked_at_seq(record) or 0,
            answer_seqs=flow.answer_seqs(record),
            follow_ups_asked=record.follow_ups,
            skipped=record.skipped,
        )
        for record in flow.asked
    ]
    return InterviewConduct(
        asked=asked,
        ended_by=flow.end_reason or EndReason.COMPLETED,
        repeat_requests=flow.repeat_requests,
        duration_s=duration_s,
    )
