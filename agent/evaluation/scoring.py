"""Score one answer 1-5 from what it says about its question, and pick verbatim quotes.

The rules are in SCHEMA.md (*Scoring an answer*). Their order matters: sentences
addressed to an evaluator go first, so they add no words or numbers and are never quoted;
then only on-topic sentences (relevance.py) earn credit. Quotes are slices of the
transcript entry's own text, cut at a word boundary, so they are verbatim by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.analysis.models import Question, QuestionKind
from agent.analysis.skills import SkillIndex
from agent.analysis.text import normalize, tokens
from agent.analysis.untrusted import is_instruction, units
from agent.content import text
from agent.evaluation.models import AskedQuestion, EvidenceQuote, QuestionEvaluation
from agent.evaluation.relevance import Sentence, on_topic, read, topic_of
from agent.evaluation.signals import (
    check,
    hedging,
    hypothetical_only,
    keyword_covered,
    measurable,
)
from service.models import TranscriptEntry

SHORT_WORDS = 8
TERSE_WORDS = 4
MAX_QUOTES = 2
MAX_QUOTE_CHARS = 220
# Below this share of on-topic words an answer is mostly beside the point.
MOSTLY_OFF_TOPIC = 0.34
# Rubric signals that develop an answer without naming its topic ("to be honest my level
# is basic", "I would start with a course").
DEVELOPS = frozenset({"plan", "honesty", "reflection", "tradeoff"})
_WORD = re.compile(r"\w+")

Span = tuple[int, int, int]  # (seq, start, end) of one sentence in a transcript entry


@dataclass
class Answer:
    """The candidate's sentences for one question, instruction sentences set apart."""

    spans: list[Span] = field(default_factory=list)
    contents: dict[int, str] = field(default_factory=dict)
    dropped: list[Span] = field(default_factory=list)

    def text_of(self, spans: list[Span]) -> str:
        return " ".join(self.contents[seq][a:b] for seq, a, b in spans)

    @property
    def text(self) -> str:
        return self.text_of(self.spans)


def collect_answer(asked: AskedQuestion, by_seq: dict[int, TranscriptEntry]) -> Answer:
    answer = Answer()
    for seq in asked.answer_seqs:
        entry = by_seq.get(seq)
        if entry is None or entry.speaker != "candidate":
            continue
        answer.contents[seq] = entry.content
        for a, b in units(entry.content):
            target = answer.dropped if is_instruction(entry.content[a:b]) else answer.spans
            target.append((seq, a, b))
    return answer


def quote(seq: int, content: str, a: int, b: int) -> EvidenceQuote:
    if b - a > MAX_QUOTE_CHARS:  # a prefix cut at a space is still verbatim
        cut = content.rfind(" ", a, a + MAX_QUOTE_CHARS)
        b = cut if cut > a else a + MAX_QUOTE_CHARS
    return EvidenceQuote(seq=seq, text=content[a:b])


def _quotes(
    answer: Answer, spans: list[Span], read: list[Sentence], signals: list[str]
) -> list[EvidenceQuote]:
    ranked: list[tuple[float, int, EvidenceQuote]] = []
    for order, ((seq, a, b), sentence) in enumerate(zip(spans, read, strict=True)):
        if len(_WORD.findall(sentence.text)) < 4:
            continue
        norm = normalize(sentence.text)
        hits = sum(check(s, norm) for s in signals)
        value = hits + measurable(norm) + 0.5 * sentence.names_skill
        ranked.append((-value, order, quote(seq, answer.contents[seq], a, b)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [q for _, _, q in ranked[:MAX_QUOTES]]


def _covered(question: Question, signals: list[str], relevant: str, names_skill: bool) -> list[str]:
    strong = question.rubric.strong
    norm = normalize(relevant)
    answer_tokens = set(tokens(relevant)) if not signals else set()
    covered = []
    for i, point in enumerate(strong):
        if not signals:
            hit = keyword_covered(point, answer_tokens)
        elif signals[i] == "skill":
            hit = names_skill
        elif signals[i] == "relevance":
            hit = True  # only on-topic sentences reach here
        else:
            hit = check(signals[i], norm)
        if hit:
            covered.append(point)
    return covered


def score_question(
    question: Question,
    asked: AskedQuestion | None,
    by_seq: dict[int, TranscriptEntry],
    index: SkillIndex,
    lang: str,
    domain: frozenset[str],
) -> tuple[QuestionEvaluation, list[EvidenceQuote]]:
    """The question's evaluation, and the instruction sentences its answer carried."""
    base = QuestionEvaluation(
        question_id=question.id, text=question.text, kind=question.kind, asked=False
    )
    if asked is None:
        return base.model_copy(update={"notes": text("eval.not_asked", lang)}), []
    base = base.model_copy(
        update={
            "asked": True,
            "skipped": asked.skipped,
            "asked_at_seq": asked.asked_at_seq,
            "answer_seqs": list(asked.answer_seqs),
        }
    )
    answer = collect_answer(asked, by_seq)
    injected = [quote(seq, answer.contents[seq], a, b) for seq, a, b in answer.dropped]
    words = len(_WORD.findall(answer.text))
    if words == 0:
        note = text("eval.skipped" if asked.skipped else "eval.no_answer", lang)
        return base.model_copy(update={"score": 1, "notes": note}), injected
    topic = topic_of(question, index, domain)
    sentences = [read(answer.contents[seq][a:b], topic, index) for seq, a, b in answer.spans]
    strong = question.rubric.strong
    signals = question.rubric.signals if len(question.rubric.signals) == len(strong) else []
    soft = [s for s in signals if s in DEVELOPS]
    develops = [bool(soft) and any(check(g, normalize(s.text)) for g in soft) for s in sentences]
    flags = on_topic(sentences, topic, develops)
    relevant = [s for s, ok in zip(answer.spans, flags, strict=True) if ok]
    relevant_read = [s for s, ok in zip(sentences, flags, strict=True) if ok]
    relevant_text = answer.text_of(relevant)
    rel_words = len(_WORD.findall(relevant_text))
    weak: list[str] = []
    if words < SHORT_WORDS:
        weak.append(text("eval.very_short", lang))
    if rel_words == 0:
        weak.append(text("eval.off_topic", lang))
        score = 2 if words >= SHORT_WORDS else 1
        covered: list[str] = []
        update: dict[str, object] = {"score": score, "off_topic": True}
    else:
        named = any(s.names_skill for s in relevant_read)
        covered = _covered(question, signals, relevant_text, named)
        norm = normalize(relevant_text)
        coverage = len(covered) / len(strong) if strong else 1.0
        length = 0.0 if rel_words < 15 else 0.5 if rel_words < 40 else 1.0
        is_specific = measurable(norm)
        raw = 1.5 + length + 2 * coverage + 0.5 * is_specific
        off_topic = words >= SHORT_WORDS and rel_words / words < MOSTLY_OFF_TOPIC
        if words < SHORT_WORDS:  # a word or three ("Yes.", "Servers.") is no answer yet
            raw = min(raw, 2 if words >= TERSE_WORDS else 1)
        if off_topic:
            raw = min(raw, 2)
            weak.append(text("eval.off_topic", lang))
        if hedging(normalize(answer.text)):
            raw -= 0.75
            weak.append(text("eval.hedging", lang))
        if question.kind == QuestionKind.BEHAVIOURAL and hypothetical_only(norm):
            raw = min(raw, 3)
            weak.append(text("eval.hypothetical", lang))
        if not is_specific and question.kind in (QuestionKind.STRENGTH, QuestionKind.TECHNICAL):
            weak.append(text("eval.no_specifics", lang))
        # On-topic content at length never scores below an off-topic answer of that length.
        floor = 2 if words >= SHORT_WORDS else 1
        update = {
            "score": max(floor, min(5, int(raw + 0.5))),
            "off_topic": off_topic,
            "evidence": _quotes(answer, relevant, relevant_read, signals),
        }
    scored = base.model_copy(
        update={
            "answered": True,
            "weak_signals": weak,
            "answer_words": words,
            "rubric_covered": covered,
            "rubric_missed": [p for p in strong if p not in covered],
            "notes": text("eval.notes", lang, c=len(covered), t=len(strong), w=words),
            **update,
        }
    )
    return scored, injected
