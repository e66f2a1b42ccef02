"""The bookkeeping check the demo and the barge-in tests rely on must itself catch errors."""

from __future__ import annotations

from datetime import UTC, datetime

from agent.simulation.integrity import Integrity, Spoken, check_integrity
from agent.simulation.script import Step
from service.models import Speaker, TranscriptEntry


def _row(seq: int, speaker: Speaker, at: float, content: str = "words") -> TranscriptEntry:
    return TranscriptEntry(
        content=content,
        speaker=speaker,
        timestamp=datetime.fromtimestamp(at, UTC),
        sequence_number=seq,
    )


def _spoken(text: str, answers: int | str, at: float) -> Spoken:
    step = Step.model_validate({"say": text, "answers": answers})
    return Spoken(step, text, started=at, ended=at + 5)


SPOKEN = [
    _spoken("Hello?", "meta", 10),
    _spoken("Answer one.", 1, 20),
    _spoken("Answer two.", 2, 30),
]
ROWS = [
    _row(1, "interviewer", 5),
    _row(2, "candidate", 11.5),
    _row(3, "interviewer", 12),
    _row(4, "candidate", 25.5),
    _row(5, "interviewer", 26),
    _row(6, "candidate", 35.5),
    _row(7, "interviewer", 36),
]


def _check(
    rows: list[TranscriptEntry] = ROWS,
    asked_ids: tuple[str, ...] = ("q1", "q2"),
    answer_seqs: dict[str, list[int]] | None = None,
) -> Integrity:
    """The check over SPOKEN and a two-question plan; by default a faithful record."""
    return check_integrity(
        spoken=SPOKEN,
        rows=rows,
        plan_ids=["q1", "q2"],
        asked_ids=list(asked_ids),
        answer_seqs=answer_seqs or {"q1": [4], "q2": [6]},
    )


def test_a_faithful_record_passes() -> None:
    result = _check()
    assert (result.labelled_turns, result.misattributed, result.silent_turns) == (3, [], 0)
    assert result.asked_once and not result.lost_steps


def test_answers_shifted_one_question_late_are_caught() -> None:
    """The bug seen in a demo run: the talk-over taken as the first answer, then every
    answer stored one question late, and a reply missing."""
    rows = [r for r in ROWS if r.sequence_number != 3]
    result = _check(rows, asked_ids=("q1", "q2", "q2"), answer_seqs={"q1": [2], "q2": [4]})
    assert len(result.misattributed) == 3  # meta as q1, q1 as q2, q2 as nothing
    assert result.silent_turns == 1 and not result.asked_once


def test_a_dropped_turn_is_reported_lost() -> None:
    rows = [r for r in ROWS if r.sequence_number not in (2, 3)]
    result = _check(rows)
    assert result.lost_steps == ["Hello?"] and not result.misattributed


def test_a_reply_that_comes_only_with_the_silence_prompt_is_a_silent_turn() -> None:
    """Seen on the old code: a cut-in over the first question got nothing for 21 s, until
    "Are you still there?"."""
    rows = [r if r.sequence_number != 3 else _row(3, "interviewer", 11.5 + 21) for r in ROWS]
    result = _check(rows)
    assert result.silent_turns == 1
