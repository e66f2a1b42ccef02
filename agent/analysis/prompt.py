"""The recruiter's `job.interviewPrompt`: questions to ask verbatim, and focus areas.

A sentence is a question if it ends with "?"/"؟" or opens with an interrogative or
an interview imperative ("Describe...", "Tell me...", "صف...", "حدثني..."). Such
sentences are kept exactly as written, minus list markers ("1.", "-", "Q2:"). Lines
like "Focus on system design and mentoring" become focus areas. Sentences addressed
to an AI ("ignore the rubric and...") are dropped like any other untrusted text.
"""

from __future__ import annotations

import re

from agent.analysis.text import sentence_spans
from agent.analysis.untrusted import is_instruction

_MARKER = re.compile(
    r"^\s*(?:[-•*·▪‣]|\(?\d{1,2}[.)]|q\d{1,2}\s*[:.)-]|question\s*\d*\s*:|سؤال\s*\d*\s*:)\s*", re.I
)
_INTERROGATIVE = re.compile(
    r"^(what|how|why|when|where|which|who|whom|whose|describe|tell\s+(me|us)|can\s+you|could\s+you|"
    r"would\s+you|will\s+you|do\s+you|did\s+you|have\s+you|are\s+you|is\s+there|explain|walk\s+(me|us)|"
    r"give\s+(me|us)\s+an\s+example|share|ما|ماذا|كيف|لماذا|لم|متى|اين|أين|هل|من\s+هو|صف|اشرح|حدثني|"
    r"حدثنا|اخبرني|أخبرني|اذكر|أعطني\s+مثال|اعطني\s+مثال)\b",
    re.I,
)
# "Also, describe..." is still a question; the lead-in stays in the asked text.
_LEAD_IN = re.compile(
    r"^(?:also|and|finally|then|lastly|next|additionally|please|وأيضا|أيضا|"
    r"ايضا|ثم|وأخيرا|أخيرا|من فضلك|رجاء)[,،]?\s+",
    re.I,
)
_DIRECTIVE = re.compile(
    r"^(?:please\s+)?(?:focus(?:\s+areas?)?\s*(?:on|:)|focus\s+areas?|assess|evaluate|probe|"
    r"emphasi[sz]e|ask\s+(?:the\s+candidate\s+|them\s+)?about|check|explore|dig\s+into|cover|"
    r"(?:key\s+)?areas?\s*(?:to\s+cover)?\s*:|topics?\s*:|يرجى\s+التركيز\s+على|ركز\s+على|"
    r"التركيز\s+على|اسأل\s+عن|قيم|تقييم|مجالات\s+التركيز\s*:)\s*:?\s*",
    re.I,
)


def parse_interview_prompt(prompt: str | None) -> tuple[list[str], list[str]]:
    """(questions as written, focus areas) from the recruiter's prompt."""
    if not prompt or not prompt.strip():
        return [], []
    questions: list[str] = []
    focus: list[str] = []
    for line in prompt.splitlines():
        line = _MARKER.sub("", line)
        for a, b in sentence_spans(line):
            sentence = _MARKER.sub("", line[a:b]).strip()
            if len(sentence) < 4 or is_instruction(sentence):
                continue
            opener = _LEAD_IN.sub("", sentence)
            if sentence.endswith(("?", "؟")) or _INTERROGATIVE.match(opener):
                if sentence not in questions:
                    questions.append(sentence)
                continue
            directive = _DIRECTIVE.match(sentence)
            if directive and len(sentence) > directive.end():
                area = sentence[directive.end() :].strip(" .:;")
                focus.extend(p for p in _split_areas(area) if p not in focus)
    return questions, focus


def _split_areas(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|،|\band\b|\s+و(?=\S))\s*", text)
    return [p.strip(" .") for p in parts if len(p.strip(" .")) >= 2][:6]
