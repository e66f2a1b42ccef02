"""Graded benchmark: six candidates of known quality per job, English and Arabic.

Ratings must follow the intended order strictly, off-topic answers must be flagged on every
question kind and rejected, and every quote must be verbatim text of the answer it is
filed under. Run with `-s` to see the table.
"""

from __future__ import annotations

import asyncio

import pytest

from agent.analysis.results import FitResult
from agent.evaluation import Evaluation, FlagCode, evaluate
from service.models import TranscriptEntry
from tests.analysis.fixtures import simulate
from tests.evaluation.graded import AR, EN, LEVELS, graded_jobs


@pytest.fixture(scope="module")
def jobs() -> dict[str, FitResult]:
    return asyncio.run(graded_jobs())


SETS = {"en": EN, "ar": AR}


def run(planned: FitResult, answers: dict[str, str]) -> tuple[Evaluation, list[TranscriptEntry]]:
    transcript, conduct = simulate(planned.plan, dict(answers))
    return evaluate(planned.plan, transcript, planned.fit, conduct=conduct), transcript


def assert_quotes_verbatim_from_their_question(
    ev: Evaluation, transcript: list[TranscriptEntry]
) -> int:
    by_seq = {e.sequence_number: e for e in transcript}
    n = 0
    for q in ev.questions:
        for quote in q.evidence:
            assert quote.seq in q.answer_seqs, (q.question_id, quote)
            assert by_seq[quote.seq].speaker == "candidate"
            assert quote.text in by_seq[quote.seq].content
            n += 1
    return n


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_plan_questions_are_the_graded_ones(jobs: dict[str, FitResult], lang: str) -> None:
    ids = [q.id for q in jobs[lang].plan.questions]
    for level in LEVELS:
        assert list(SETS[lang][level]) == ids, level


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_ratings_follow_quality_strictly(jobs: dict[str, FitResult], lang: str) -> None:
    results = {level: run(jobs[lang], SETS[lang][level])[0] for level in LEVELS}
    print(f"\n{lang}: " + " > ".join(f"{lv} {results[lv].rating}" for lv in LEVELS))
    ratings = [results[level].rating for level in LEVELS]
    assert ratings == sorted(ratings, reverse=True) and len(set(ratings)) == len(ratings)
    assert results["excellent"].recommendation == "advance"
    for level in ("vague", "off_topic", "one_word"):
        assert results[level].recommendation == "reject", level


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_off_topic_answers_score_low_and_are_flagged_on_every_kind(
    jobs: dict[str, FitResult], lang: str
) -> None:
    ev, _ = run(jobs[lang], SETS[lang]["off_topic"])
    kinds = {q.kind for q in ev.questions}
    assert {"custom", "strength", "gap", "technical", "behavioural"} <= kinds
    for q in ev.questions:
        assert q.off_topic and q.score is not None and q.score <= 2, q.question_id
        assert not q.evidence and not q.rubric_covered  # nothing off topic is evidence
    flag = next(f for f in ev.flags if f.code == FlagCode.OFF_TOPIC)
    assert flag.question_ids == [q.question_id for q in ev.questions]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_topic_answers_are_not_flagged_off_topic(jobs: dict[str, FitResult], lang: str) -> None:
    for level in ("excellent", "good", "generic"):
        ev, _ = run(jobs[lang], SETS[lang][level])
        assert not [q.question_id for q in ev.questions if q.off_topic], level


def test_related_technology_and_spoken_results_count(jobs: dict[str, FitResult]) -> None:
    ev, _ = run(jobs["en"], EN["excellent"])
    python = next(q for q in ev.questions if q.question_id == "strength-python")
    # The answer says Django and FastAPI, never "Python"; its result is "from 300 to 2,100".
    assert "Python" not in EN["excellent"]["strength-python"]
    assert "explains decisions involving Python" in python.rubric_covered
    assert "gives a measurable result" in python.rubric_covered
    assert python.score == 5
    kubernetes = next(q for q in ev.questions if q.question_id == "strength-kubernetes")
    assert "explains decisions involving Kubernetes" in kubernetes.rubric_covered  # EKS, Helm


def test_every_quote_is_verbatim_from_the_question_it_is_filed_under(
    jobs: dict[str, FitResult],
) -> None:
    quotes = 0
    for lang, sets in SETS.items():
        for level in LEVELS:
            ev, transcript = run(jobs[lang], sets[level])
            quotes += assert_quotes_verbatim_from_their_question(ev, transcript)
    assert quotes >= 40
