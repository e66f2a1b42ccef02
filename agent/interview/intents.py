"""What a candidate's turn asks for, understood without a language model.

Used by the offline interviewer policy, and by the flow to measure whether an
answer is thin. Patterns cover English and Arabic. STT output and the patterns both go
through the one normaliser (agent.analysis.text.normalize: whisper often drops the
hamza), and the output is stripped of punctuation, because whisper's punctuation varies.
"""

from __future__ import annotations

import re
from enum import StrEnum

from agent.analysis.text import normalize


def _rx(pattern: str) -> re.Pattern[str]:
    """A pattern written in ordinary spelling, folded as the text it is matched against."""
    return re.compile(normalize(pattern))


def _words(text: str) -> str:
    text = re.sub(r"[^\w\s'؟?]", " ", normalize(text))
    return re.sub(r"\s+", " ", text).strip()


class Intent(StrEnum):
    REPEAT = "repeat"
    SKIP = "skip"
    STOP = "stop"
    JOB_QUESTION = "job_question"
    ANSWER = "answer"


_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.STOP,
        _rx(
            r"\b(i('d| would) like to stop|(can|could) we stop|stop the interview|"
            r"end the interview|i want to (stop|quit|leave)|i have to go now)\b"
            r"|أريد (أن )?(أتوقف|التوقف|إنهاء المقابلة)|لنتوقف|أنهِ المقابلة"
        ),
    ),
    (
        Intent.REPEAT,
        _rx(
            r"\b((can|could|would) you (please )?(repeat|say that again|rephrase)|"
            r"repeat (that|the question)|say (that|it) again|i didn'?t (catch|hear|get) (that|it)|"
            r"pardon|come again|sorry what was the question)\b"
            r"|أعد السؤال|هل يمكنك (إعادة|تكرار)|لم أسمع|ممكن تعيد|كرر السؤال"
        ),
    ),
    (
        Intent.SKIP,
        _rx(
            r"\b(skip (this|that|it|the question)|next question|(can|could) we (skip|move on)|"
            r"i'?d rather not answer|pass on this one)\b"
            r"|السؤال التالي|تخطي|لنتجاوز|أفضل عدم الإجابة"
        ),
    ),
    (
        Intent.JOB_QUESTION,
        _rx(
            r"^(what|how|is|are|does|do|will|can|could|where|when|who)\b.*\b(role|job|position|"
            r"team|company|salary|remote|office|hybrid|benefits|stack|responsibilit\w*|hours)\b"
            r"|^(ما|ماذا|هل|كيف|أين|متى).*(الوظيفة|الدور|الفريق|الشركة|الراتب|عن بعد|المكتب)"
        ),
    ),
]

_AFFIRM = _rx(
    r"^(yes|yeah|yep|yup|sure|ok(ay)?|please|correct|right|i do|that'?s right|let'?s stop)\b"
    r"|^(نعم|أجل|اجل|بلى|حسناً|حسنا|صحيح|أكيد|طبعاً)"
)
_DENIAL = _rx(
    r"\b(i (usually|mostly|just|only) (just )?(do|did|follow)|i haven'?t|i have not|i didn'?t|"
    r"i did not|never (did|done|had|worked|used)|not really|i don'?t (really )?(do|have))\b"
    r"|لم (أقم|أفعل|أعمل|أستخدم)|ليس لدي|لا أفعل"
)
_FILLER = _rx(r"\b(um+|uh+|er+|hmm+|like|you know|well)\b")
_DONT_KNOW = _rx(
    r"\b(i don'?t know|no idea|not sure|i haven'?t|never (did|done|worked))\b|لا أعرف|لست متأكد"
)


def classify(text: str) -> Intent:
    norm = _words(text)
    for intent, pattern in _PATTERNS:
        if pattern.search(norm):
            # a long answer that merely contains "next question" is still an answer
            if intent in (Intent.SKIP, Intent.JOB_QUESTION) and len(norm.split()) > 25:
                return Intent.ANSWER
            return intent
    return Intent.ANSWER


_QUESTION_START = _rx(
    r"^(what|how|why|is|are|can|could|would|do|does|did|where|when|who|which)\b"
    r"|^(ما|ماذا|لماذا|هل|كيف|أين|متى|من)"
)


def asks_something(text: str) -> bool:
    """Worded as a question (STT does not always keep the question mark)."""
    return "?" in text or "؟" in text or bool(_QUESTION_START.search(_words(text)))


def affirms(text: str) -> bool:
    """A yes to "Would you like to stop here?"."""
    return bool(_AFFIRM.search(_words(text)))


def denies(text: str) -> bool:
    """The candidate says they have not done the thing asked about: a follow-up must not
    presume it ("I usually just do my tasks" gets no "how did you decide what to drop")."""
    return bool(_DENIAL.search(_words(text))) or bool(_DONT_KNOW.search(_words(text)))


def content_words(text: str) -> int:
    return len(_FILLER.sub(" ", _words(text)).split())


def is_thin(text: str) -> bool:
    """A short (under 15 words) or evasive answer: worth a follow-up question."""
    words = content_words(text)
    return words < 15 or (words < 30 and bool(_DONT_KNOW.search(_words(text))))
