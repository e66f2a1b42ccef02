"""What a model proposes, checked before anything of it is acted on or spoken.

A model's tool call is a proposal: it must name a tool we have, with arguments that
parse; otherwise the offline policy's choice stands in. Its words are spoken only
when they fit the slot they would fill: an acknowledgement is a few words and no
question; a follow-up is one short question. Both must be in the interview's
language. Nothing here trusts the model to have followed its instructions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from agent.interview.policy_llm import choose_tool

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?؟]")

MAX_ACK_WORDS = 12
MAX_HINT_WORDS = 30

# the arguments each tool takes (all strings); anything else a model sends is dropped
TOOL_ARGS: dict[str, tuple[str, ...]] = {
    "next_question": (),
    "follow_up": ("hint",),
    "repeat_question": (),
    "skip_question": (),
    "end_interview": (),
    "answer_job_question": ("question",),
}


@dataclass(frozen=True)
class Proposal:
    tool: str
    args: dict[str, str]
    replaced: str = ""  # why the model's own call was not usable ("" when it was)


def in_language(text: str, language: str) -> bool:
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if language == "ar":
        return arabic > 0 and latin <= arabic // 4
    return latin > 0 and arabic == 0


def acknowledgement(text: str | None, language: str) -> str | None:
    """The model's words, if they can stand before the next question: short, no question."""
    text = " ".join((text or "").split())
    if not text or len(text.split()) > MAX_ACK_WORDS or "?" in text or "؟" in text:
        return None
    if len(_SENTENCE_END.findall(text.rstrip(".!"))) > 0 or not in_language(text, language):
        return None
    return text if _SENTENCE_END.search(text[-1]) else f"{text}."


def follow_up_hint(text: str | None, language: str) -> str | None:
    """The model's follow-up, if it is one short question in the interview's language."""
    text = " ".join((text or "").split())
    if not text or len(text.split()) > MAX_HINT_WORDS or text[-1] not in "?؟":
        return None
    if len(_SENTENCE_END.findall(text)) != 1 or not in_language(text, language):
        return None
    return text


def proposal(calls: list[tuple[str, str]], candidate_text: str) -> Proposal:
    """The first usable (name, JSON arguments) call, else the offline policy's choice."""
    why = "no tool call"
    for name, raw in calls:
        if name not in TOOL_ARGS:
            why = f"unknown tool {name!r}"
            continue
        try:
            parsed: Any = json.loads(raw or "{}")
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            why = f"malformed arguments for {name}"
            continue
        args = {k: v for k, v in parsed.items() if k in TOOL_ARGS[name] and isinstance(v, str)}
        if name == "answer_job_question" and not args.get("question"):
            args["question"] = candidate_text
        return Proposal(name, args)
    tool, args = choose_tool(candidate_text)
    return Proposal(tool, args, replaced=why)
