"""Did the interview record what happened? Checked against a scripted candidate.

The script says what each spoken step is (``answers: 2``, ``answers: meta``), the
simulated candidate notes when it said each one, and the interview leaves transcript
rows and, in its evaluation, the rows it took as each question's answers (what the
recruiter's scores rest on). From those:

- misattributed: a step answering question n whose row is tied to another question or
  to none, or a meta step whose row is tied to a question;
- silent turns: a candidate row that no interviewer row follows before the next
  candidate row (or the end), or only one that starts more than `reply_within_s` later
  (generous: a reply takes a few seconds; the silence prompt comes after 20);
- lost steps: a spoken step with no transcript row (LiveKit drops a turn said wholly
  over the uninterruptible greeting: the first question is its reply);
- every planned question asked exactly once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from agent.simulation.script import Step
from service.models import TranscriptEntry


@dataclass(frozen=True)
class Spoken:
    step: Step
    text: str
    started: float  # wall time (time.time())
    ended: float


@dataclass
class Integrity:
    candidate_turns: int
    labelled_turns: int
    silent_turns: int
    misattributed: list[str] = field(default_factory=list)
    lost_steps: list[str] = field(default_factory=list)
    questions_planned: int = 0
    questions_asked: list[str] = field(default_factory=list)

    @property
    def asked_once(self) -> bool:
        asked = self.questions_asked
        return len(asked) == len(set(asked)) == self.questions_planned

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "asked_once": self.asked_once}


def check_integrity(
    *,
    spoken: list[Spoken],
    rows: list[TranscriptEntry],
    plan_ids: list[str],
    asked_ids: list[str],
    answer_seqs: dict[str, list[int]],
    reply_within_s: float = 15.0,
) -> Integrity:
    ordinal_of_seq = {
        seq: plan_ids.index(qid) + 1
        for qid, seqs in answer_seqs.items()
        if qid in plan_ids
        for seq in seqs
    }
    rows = sorted(rows, key=lambda r: r.sequence_number)
    candidate = [r for r in rows if r.speaker == "candidate"]
    result = Integrity(
        candidate_turns=len(candidate),
        labelled_turns=0,
        silent_turns=sum(
            1
            for i, row in enumerate(rows)
            if row.speaker == "candidate" and not _replied(row, rows[i + 1 :], reply_within_s)
        ),
        questions_planned=len(plan_ids),
        questions_asked=list(asked_ids),
    )
    matched: set[int] = set()
    for row in candidate:
        at = row.timestamp.timestamp()
        index = max((i for i, s in enumerate(spoken) if s.started <= at), default=None)
        if index is None or spoken[index].step.answers is None:
            continue
        matched.add(index)
        result.labelled_turns += 1
        expected = spoken[index].step.answers
        actual: int | str = ordinal_of_seq.get(row.sequence_number, "meta")
        if actual != expected:
            result.misattributed.append(
                f"row {row.sequence_number} {row.content[:50]!r}: "
                f"expected {expected}, recorded {actual}"
            )
    result.lost_steps = [
        s.text[:60] for i, s in enumerate(spoken) if i not in matched and s.step.answers
    ]
    return result


def _replied(turn: TranscriptEntry, after: list[TranscriptEntry], within: float) -> bool:
    reply = after[0] if after else None
    return (
        reply is not None
        and reply.speaker == "interviewer"
        and (reply.timestamp - turn.timestamp).total_seconds() <= within
    )
