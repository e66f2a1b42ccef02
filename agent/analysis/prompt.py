"""The recruiter's `job.interviewPrompt`: questions to ask verbatim, and focus areas.

A sentence is a question if it ends with "?"/"؟" or opens with an interrogative or
an interview imperative ("Describe...", "Tell me...", "صف...", "حدثني..."). Such
sentences are kept exactly as written, minus list markers ("1.", "-", "Q2:") and the
words that only tell the interviewer to ask ("Ask:", "Please ask the candidate:",
"اسأل المرشح:"). Requests in the third person become a question to the candidate:
"Ask them to describe their last project" -> "Could you describe your last project?",
"Make sure to ask about X" -> "Could you tell me about X?", "تأكد من السؤال عن X" ->
"هل يمكنك الحديث عن X؟". Lines like "Focus on system design" become focus areas.

Nothing is dropped silently: a sentence that is none of these, a question too long to
ask aloud, and a sentence addressed to an AI ("ignore the rubric and...") are reported
back (`RecruiterPrompt.unread`, `.too_long`, `.instructions`) for the plan's warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.analysis.text import sentences
from agent.analysis.untrusted import is_instruction

# About 20 seconds of speech; a longer "question" is a brief, not something to read out.
MAX_QUESTION_CHARS = 300

_MARKER = re.compile(
    r"^\s*(?:[-•*·▪‣]|\(?\d{1,2}[.)]|q\d{1,2}\s*[:.)-]|question\s*\d*\s*:|سؤال\s*\d*\s*:)\s*", re.I
)
_INTERROGATIVE = re.compile(
    r"^(what|how|why|when|where|which|who|whom|whose|describe|tell\s+(me|us)|can\s+you|could\s+you|"
    r"would\s+you|will\s+you|do\s+you|did\s+you|have\s+you|are\s+you|is\s+there|explain|walk\s+(me|us)|"
    r"give\s+(me|us)\s+an\s+example|share|talk\s+(me|us)\s+through|talk\s+about|ما|ماذا|كيف|لماذا|لم|متى|اين|أين|هل|من\s+هو|صف|اشرح|حدثني|"
    r"حدثنا|اخبرني|أخبرني|اذكر|أعطني\s+مثال|اعطني\s+مثال)\b",
    re.I,
)
# "Also, describe..." is still a question; the lead-in stays in the asked text.
_LEAD_IN = re.compile(
    r"^(?:also|and|finally|then|lastly|next|additionally|please|وأيضا|أيضا|"
    r"ايضا|ثم|وأخيرا|أخيرا|من فضلك|رجاء)[,،]?\s+",
    re.I,
)
_WHO = r"(?:the\s+(?:candidate|applicant)|them|him|her)"
_PLEASE = r"(?:(?:please|also|and|then|finally|kindly)[,]?\s+)*"
_REMIND = r"(?:(?:make|be)\s+sure\s+(?:to|you)\s+|don'?t\s+forget\s+to\s+|remember\s+to\s+)?"
_AR_WHO = r"(?:المرشح|المرشحة|المتقدم|المتقدمة)"
_AR_PLEASE = r"(?:(?:من\s+فضلك|رجاء|الرجاء|يرجى|ايضا|أيضا|ثم)[،,]?\s+)*"
# "Ask: <question>" / "يرجى السؤال: <question>": the question follows as written.
_ASK_COLON = re.compile(
    rf"^{_PLEASE}{_REMIND}ask(?:\s+{_WHO})?(?:\s+(?:this|the\s+following)(?:\s+question)?)?"
    r"\s*[:\-–—]\s*"
    rf"|^{_AR_PLEASE}(?:اسأل|اسأله|اسألها|اسالهم|اسألهم|السؤال)(?:\s+{_AR_WHO})?"
    r"(?:\s+(?:التالي|السؤال\s+التالي|هذا\s+السؤال))?\s*[:\-–—]\s*",
    re.I,
)
# "Please ask these:", "اسأل الأسئلة التالية:": a heading for the lines below, no content.
_ASK_HEADING = re.compile(
    rf"^{_PLEASE}ask(?:\s+{_WHO})?(?:\s+(?:these|the\s+following|this))?(?:\s+questions?)?"
    r"\s*:?\s*$"
    rf"|^{_AR_PLEASE}(?:اسأل|السؤال)(?:\s+{_AR_WHO})?(?:\s+(?:الأسئلة|الاسئلة)(?:\s+التالية)?)?"
    r"\s*:?\s*$",
    re.I,
)
# "Ask them to describe X", "Make sure to ask about X": a request to turn into a question.
_ASK_TO = re.compile(rf"^{_PLEASE}{_REMIND}ask\s+{_WHO}\s+to\s+(?P<rest>.+)$", re.I)
_ASK_ABOUT = re.compile(
    rf"^{_PLEASE}{_REMIND}(?:ask|inquire)(?:\s+{_WHO})?\s+about\s+(?P<rest>.+)$", re.I
)
_AR_ASK_ABOUT = re.compile(
    rf"^{_AR_PLEASE}(?:(?:تأكد|تاكد)\s+من\s+|احرص\s+على\s+|لا\s+تنس\s+)?"
    rf"(?:اسأل|اسأله|اسألها|السؤال)(?:\s+{_AR_WHO})?\s+عن\s+(?P<rest>.+)$"
)
_AR_ASK_TO = re.compile(
    rf"^{_AR_PLEASE}اطلب\s+(?:من\s+{_AR_WHO}|منه|منها)\s+(?:أن|ان)\s+(?P<verb>\S+)\s+(?P<rest>.+)$"
)
# Third-person verbs of a request -> the verbal noun, which fits any addressee.
_AR_VERB_NOUN = {
    person + stem: noun
    for stem, noun in (
        ("صف", "وصف"),
        ("شرح", "شرح"),
        ("ذكر", "ذكر"),
        ("وضح", "توضيح"),
        ("عطي", "إعطاء"),
        ("قدم", "تقديم"),
        ("تحدث", "الحديث"),
    )
    for person in "يت"  # he / she
}
# "their project" -> "your project": what the recruiter says of the candidate, said to them.
_SECOND_PERSON = {
    "they": "you",
    "them": "you",
    "their": "your",
    "theirs": "yours",
    "themselves": "yourself",
    "themself": "yourself",
    "they're": "you're",
    "they've": "you've",
    "they'd": "you'd",
    "they'll": "you'll",
    "the candidate's": "your",
    "the applicant's": "your",
    "the candidate": "you",
    "the applicant": "you",
}
_PERSON = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_SECOND_PERSON, key=len, reverse=True)) + r")\b",
    re.I,
)
_AR_OF_CANDIDATE = re.compile(rf"(\S+?)(ة)?\s+{_AR_WHO}(?![\u0621-\u064a])")
_DIRECTIVE = re.compile(
    r"^(?:please\s+)?(?:focus(?:\s+areas?)?\s*(?:on|:)|focus\s+areas?|assess|evaluate|probe|"
    r"emphasi[sz]e|check|explore|dig\s+into|cover|"
    r"(?:key\s+)?areas?\s*(?:to\s+cover)?\s*:|topics?\s*:|يرجى\s+التركيز\s+على|ركز\s+على|"
    r"ركّز\s+على|التركيز\s+على|قيم|تقييم|مجالات\s+التركيز\s*:)\s*:?\s*",
    re.I,
)


@dataclass
class RecruiterPrompt:
    questions: list[str] = field(default_factory=list)  # to ask verbatim, in order
    focus: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # neither a question nor a focus line
    too_long: list[str] = field(default_factory=list)  # questions refused: too long to say
    instructions: int = 0  # sentences addressed to an AI, ignored


def parse_interview_prompt(prompt: str | None) -> RecruiterPrompt:
    """Questions as written, focus areas, and what could not be used, from the prompt."""
    out = RecruiterPrompt()
    for line in (prompt or "").splitlines():
        line = _MARKER.sub("", line)
        for sentence in sentences(line):
            _read_sentence(_MARKER.sub("", sentence).strip(), out)
    return out


def _read_sentence(sentence: str, out: RecruiterPrompt) -> None:
    if len(sentence) < 4 or _ASK_HEADING.match(sentence):
        return
    if is_instruction(sentence):
        out.instructions += 1
        return
    question = _as_question(sentence)
    if question is not None:
        if len(question) > MAX_QUESTION_CHARS:
            out.too_long.append(sentence)
        elif question not in out.questions:
            out.questions.append(question)
        return
    directive = _DIRECTIVE.match(sentence)
    if directive and len(sentence) > directive.end():
        area = sentence[directive.end() :].strip(" .:;")
        out.focus.extend(p for p in _split_areas(area) if p not in out.focus)
        return
    out.unread.append(sentence)


def _as_question(sentence: str) -> str | None:
    """The question to ask for `sentence`, or None if it is not one."""
    if m := _ASK_COLON.match(sentence):  # what follows must read as a question itself
        rest = sentence[m.end() :]
        sentence = rest[:1].upper() + rest[1:]
        return sentence if _is_question(sentence) else None
    if m := _ASK_TO.match(sentence):
        return f"Could you {_to_candidate(m.group('rest'))}?"
    if m := _ASK_ABOUT.match(sentence):
        return f"Could you tell me about {_to_candidate(m.group('rest'))}?"
    if m := _AR_ASK_ABOUT.match(sentence):
        return f"هل يمكنك الحديث عن {_ar_to_candidate(m.group('rest'))}؟"
    if (m := _AR_ASK_TO.match(sentence)) and m.group("verb") in _AR_VERB_NOUN:
        noun = _AR_VERB_NOUN[m.group("verb")]
        return f"هل يمكنك {noun} {_ar_to_candidate(m.group('rest'))}؟"
    return sentence if _is_question(sentence) else None


def _is_question(sentence: str) -> bool:
    return sentence.endswith(("?", "؟")) or bool(_INTERROGATIVE.match(_LEAD_IN.sub("", sentence)))


def _to_candidate(text: str) -> str:
    """ "describe their last project." -> "describe your last project" """
    text = _PERSON.sub(lambda m: _SECOND_PERSON[m.group(1).lower()], text)
    return text.rstrip(" .!?;:")


def _ar_to_candidate(text: str) -> str:
    """ "خبرة المرشح في الضرائب." -> "خبرتك في الضرائب" """
    text = _AR_OF_CANDIDATE.sub(lambda m: m.group(1) + ("تك" if m.group(2) else "ك"), text)
    return text.rstrip(" .!؟?؛:")


def _split_areas(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|،|\band\b|\s+و(?=\S))\s*", text)
    return [p.strip(" .") for p in parts if len(p.strip(" .")) >= 2][:6]
