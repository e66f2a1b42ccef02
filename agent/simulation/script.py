"""A simulated candidate's script: answers in order, plus behaviours.

JSON or YAML, either a list of steps or ``{"language": "en", "steps": [...]}``.
A step is one of::

    {"say": "text"}                         answer (after a thinking pause)
    {"say": "text", "interrupt_after": 1.5} cut in 1.5 s into the interviewer's next turn
    {..., "after_turns": 1}                 let one interviewer turn (the greeting, say)
                                            go by first: answer, or cut into, the next
    {"repeat": true}                        ask to hear the question again
    {"silence": 25}                         say nothing for 25 s
    {"leave": 10}                           drop out for 10 s, then come back
    {"leave": null}                         drop out for good
    {"stop": true}                          ask to stop the interview

``no_show: true`` at the top level means the candidate never joins.

A spoken step may say what it is, for checking the interview's bookkeeping:
``answers: 2`` (it answers the plan's second question) or ``answers: meta`` (a
request, or talk over a question the candidate has not heard yet).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

REPEAT_EN = "Sorry, could you repeat the question please?"
REPEAT_AR = "عذراً، هل يمكنك إعادة السؤال؟"
STOP_EN = "I'm sorry, I'd like to stop the interview now."
STOP_AR = "عذراً، أريد إنهاء المقابلة الآن."


class Step(BaseModel):
    say: str | None = None
    interrupt_after: float | None = Field(None, gt=0)
    after_turns: int = Field(0, ge=0)
    answers: int | Literal["meta"] | None = None
    repeat: bool = False
    silence: float | None = Field(None, gt=0)
    leave: float | None = None
    leave_for_good: bool = False
    stop: bool = False

    @model_validator(mode="before")
    @classmethod
    def _leave_null(cls, data: Any) -> Any:
        if isinstance(data, dict) and "leave" in data and data["leave"] is None:
            data = {**data, "leave_for_good": True}
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Step:
        kinds = [
            self.say is not None or self.repeat or self.stop,
            self.silence is not None,
            self.leave is not None or self.leave_for_good,
        ]
        if sum(kinds) != 1:
            raise ValueError("a step needs exactly one of: say/repeat/stop, silence, leave")
        return self

    def text(self, language: str) -> str | None:
        if self.repeat:
            return REPEAT_AR if language == "ar" else REPEAT_EN
        if self.stop:
            return STOP_AR if language == "ar" else STOP_EN
        return self.say


class CandidateScript(BaseModel):
    language: str = "en"
    no_show: bool = False
    join_after: float = Field(0.5, ge=0)
    steps: list[Step]


class ScriptError(ValueError):
    """A candidate script that cannot be used; the message names file, step and field."""


def load_script(path: str | Path) -> CandidateScript:
    """Parse a candidate script, naming the file, the step and the field when it is wrong."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = yaml.safe_load(raw) if path.suffix in (".yaml", ".yml") else json.loads(raw)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ScriptError(f"cannot read candidate script {path}: {exc}") from None
    if isinstance(data, list):
        data = {"steps": data}
    if not isinstance(data, dict):
        raise ScriptError(
            f"candidate script {path}: expected a list of steps or a mapping with "
            f"'steps', got {type(data).__name__}"
        )
    try:
        return CandidateScript.model_validate(data)
    except ValidationError as exc:
        problems = "\n".join(f"  - {_where(err['loc'])}: {err['msg']}" for err in exc.errors())
        raise ScriptError(f"candidate script {path} is not valid:\n{problems}") from None


def _where(loc: tuple[int | str, ...]) -> str:
    """('steps', 2, 'silence') -> 'step 3, field silence' (steps count from 1)."""
    parts: list[str] = []
    rest = list(loc)
    if len(rest) >= 2 and rest[0] == "steps" and isinstance(rest[1], int):
        parts.append(f"step {rest[1] + 1}")
        rest = rest[2:]
    if rest:
        parts.append("field " + ".".join(str(p) for p in rest))
    return ", ".join(parts) or "the script"
