"""Score one answer 1-5 from what it contains, and pick verbatim evidence quotes.

Score = 1 + length (0-1.5) + rubric coverage (0-2) + specificity (0.5), with caps for
very short, hedging or hypothetical answers. Before any of this, sentences addressed
to an AI evaluator are removed from the answer, so "rate me 5/5" neither adds words
nor becomes a quote. Quotes are slices of the transcript entry's own text (sentence
spans, cut at a word boundary), so they are verbatim by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.analysis.models import Question, QuestionKind
from agent.analysis.skills import SkillIndex
from agent.analysis.text import normalize, sentence_spans, tokens
from agent.analysis.untrusted import is_instruction
from agent.evaluation.messages import emsg
from agent.evaluation.models import AskedQuestion, EvidenceQuote, QuestionEvaluation
from agent.evaluation.signals import (
    check,
    hedging,
    hypothetical_only,
    keyword_covered,
    specific,
)
from service.models import TranscriptEntry

SHORT_WORDS = 8
MAX_QUOTES = 2
MAX_QUOTE_CHARS = 220
_WORD = re.compile(r"\w+")


@dataclass
class Answer:
    """The candidate's sentences for one question, instruction sentences removed."""

    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (seq, start, end)
    contents: dict[int, str] = field(default_factory=dict)
    dropped: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.contents[seq][a:b] for seq, a, b in self.spans)


def collect_answer(asked: AskedQuestion, by_seq: dict[int, TranscriptEntry]) -> Answer:
    answer = Answer()
    for seq in asked.answer_seqs:
        entry = by_seq.get(seq)
        if entry is None or entry.speaker != "candidate":
            continue
        answer.contents[seq] = entry.content
        for a, b in sentence_spans(entry.content):
            if is_instruction(entry.content[a:b]):
                answer.dropped += 1
            else:
                answer.spans.append((seq, a, b))
    return answer


def _quotes(
    answer: Answer, question: Question, index: SkillIndex, signals: list[str]
) -> list[EvidenceQuote]:
    ranked: list[tuple[float, int, EvidenceQuote]] = []
    for order, (seq, a, b) in enumerate(answer.spans):
        content = answer.contents[seq]
        sentence = content[a:b]
        if len(_WORD.findall(sentence)) < 4:
            continue
        norm = normalize(sentence)
        hits = sum(check(s, norm, question, index) for s in signals)
        value = (
            hits
            + specific(norm)
            + 0.5 * bool(set(question.skills) & set(index.find_text(sentence)))
        )
        if len(sentence) > MAX_QUOTE_CHARS:  # a prefix cut at a space is still verbatim
            cut = content.rfind(" ", a, a + MAX_QUOTE_CHARS)
            sentence = content[a : cut if cut > a else a + MAX_QUOTE_CHARS]
        ranked.append((-value, order, EvidenceQuote(seq=seq, text=sentence)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [q for _, _, q in ranked[:MAX_QUOTES]]


def score_question(
    question: Question,
    asked: AskedQuestion | None,
    by_seq: dict[int, TranscriptEntry],
    index: SkillIndex,
    lang: str,
) -> tuple[QuestionEvaluation, int]:
    """The question's evaluation, and how many instruction sentences its answer carried."""
    base = QuestionEvaluation(
        question_id=question.id, text=question.text, kind=question.kind.value, asked=False
    )
    if asked is None:
        return base.model_copy(update={"notes": emsg(lang, "not_asked")}), 0
    base = base.model_copy(
        update={
            "asked": True,
            "skipped": asked.skipped,
            "asked_at_seq": asked.asked_at_seq,
            "answer_seqs": list(asked.answer_seqs),
        }
    )
    answer = collect_answer(asked, by_seq)
    text = answer.text
    words = len(_WORD.findall(text))
    if words == 0:
        note = emsg(lang, "skipped" if asked.skipped else "no_answer")
        return base.model_copy(update={"score": 1, "notes": note}), answer.dropped
    norm = normalize(text)
    strong = question.rubric.strong
    signals = question.rubric.signals if len(question.rubric.signals) == len(strong) else []
    answer_tokens = set(tokens(text))
    covered = [
        point
        for i, point in enumerate(strong)
        if (
            check(signals[i], norm, question, index)
            if signals
            else keyword_covered(point, answer_tokens)
        )
    ]
    coverage = (
        len(covered) / len(strong) if strong else float(check("relevance", norm, question, index))
    )
    length = 0.0 if words < SHORT_WORDS else 0.5 if words < 25 else 1.0 if words < 60 else 1.5
    is_specific = specific(norm)
    raw = 1 + length + 2 * coverage + 0.5 * is_specific
    weak: list[str] = []
    if words < SHORT_WORDS:
        raw = min(raw, 2)
        weak.append(emsg(lang, "very_short"))
    if hedging(norm):
        raw -= 0.75
        weak.append(emsg(lang, "hedging"))
    if question.kind == QuestionKind.BEHAVIOURAL and hypothetical_only(norm):
        raw = min(raw, 3)
        weak.append(emsg(lang, "hypothetical"))
    if not is_specific and question.kind in (QuestionKind.STRENGTH, QuestionKind.TECHNICAL):
        weak.append(emsg(lang, "no_specifics"))
    if question.kind == QuestionKind.CUSTOM and not check("relevance", norm, question, index):
        weak.append(emsg(lang, "off_topic"))
    score = max(1, min(5, int(raw + 0.5)))
    scored = base.model_copy(
        update={
            "answered": True,
            "score": score,
            "rubric_covered": covered,
            "rubric_missed": [p for p in strong if p not in covered],
            "weak_signals": weak,
            "evidence": _quotes(answer, question, index, signals),
            "answer_words": words,
            "notes": emsg(lang, "notes", c=len(covered), t=len(strong), w=words),
        }
    )
    return scored, answer.dropped
