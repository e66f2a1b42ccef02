"""What a candidate's turn asks for, understood without a language model.

Used by the offline interviewer policy, and by the flow to measure whether an
answer is thin. Patterns cover English and Arabic; STT output is lower-cased and
stripped of punctuation before matching, because whisper's punctuation varies.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Intent(StrEnum):
    REPEAT = "repeat"
    SKIP = "skip"
    STOP = "stop"
    JOB_QUESTION = "job_question"
    ANSWER = "answer"


_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.STOP,
        re.compile(
            r"\b(i('d| would) like to stop|(can|could) we stop|stop the interview|"
            r"end the interview|i want to (stop|quit|leave)|i have to go now)\b"
            r"|أريد (أن )?(أتوقف|التوقف|إنهاء المقابلة)|لنتوقف|أنهِ المقابلة"
        ),
    ),
    (
        Intent.REPEAT,
        re.compile(
            r"\b((can|could|would) you (please )?(repeat|say that again|rephrase)|"
            r"repeat (that|the question)|say (that|it) again|i didn'?t (catch|hear|get) (that|it)|"
            r"pardon|come again|sorry what was the question)\b"
            r"|أعد السؤال|هل يمكنك (إعادة|تكرار)|لم أسمع|ممكن تعيد|كرر السؤال"
        ),
    ),
    (
        Intent.SKIP,
        re.compile(
            r"\b(skip (this|that|it|the question)|next question|(can|could) we (skip|move on)|"
            r"i'?d rather not answer|pass on this one)\b"
            r"|السؤال التالي|تخطي|لنتجاوز|أفضل عدم الإجابة"
        ),
    ),
    (
        Intent.JOB_QUESTION,
        re.compile(
            r"^(what|how|is|are|does|do|will|can|could|where|when|who)\b.*\b(role|job|position|"
            r"team|company|salary|remote|office|hybrid|benefits|stack|responsibilit\w*|hours)\b"
            r"|^(ما|ماذا|هل|كيف|أين|متى).*(الوظيفة|الدور|الفريق|الشركة|الراتب|عن بعد|المكتب)"
        ),
    ),
]

_FILLER = re.compile(r"\b(um+|uh+|er+|hmm+|like|you know|well)\b")
_DONT_KNOW = re.compile(
    r"\b(i don'?t know|no idea|not sure|i haven'?t|never (did|done|worked))\b|لا أعرف|لست متأكد"
)


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^\w\s'؟?]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def classify(text: str) -> Intent:
    norm = normalise(text)
    for intent, pattern in _PATTERNS:
        if pattern.search(norm):
            # a long answer that merely contains "next question" is still an answer
            if intent in (Intent.SKIP, Intent.JOB_QUESTION) and len(norm.split()) > 25:
                return Intent.ANSWER
            return intent
    return Intent.ANSWER


def content_words(text: str) -> int:
    return len(_FILLER.sub(" ", normalise(text)).split())


def is_thin(text: str, *, min_words: int = 15) -> bool:
    """A short or evasive answer: worth a follow-up question."""
    words = content_words(text)
    return words < min_words or (words < 2 * min_words and bool(_DONT_KNOW.search(normalise(text))))
