"""Interview evaluation: per-question scores with verbatim evidence, flags, rating.

`evaluate(plan, transcript, fit, outcome=...)` is deterministic and offline;
`await evaluate_with_llm(..., llm=...)` asks a model and falls back to it.
Schema: SCHEMA.md in this folder.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.evaluation.deterministic import evaluate
    from agent.evaluation.llm import evaluate_with_llm
    from agent.evaluation.models import (
        SCHEMA_VERSION,
        AskedQuestion,
        Evaluation,
        EvidenceQuote,
        Flag,
        FlagCode,
        InterviewOutcome,
        QuestionEvaluation,
    )

_EXPORTS = {
    "evaluate": "agent.evaluation.deterministic",
    "evaluate_with_llm": "agent.evaluation.llm",
    **{
        name: "agent.evaluation.models"
        for name in (
            "AskedQuestion",
            "Evaluation",
            "EvidenceQuote",
            "Flag",
            "FlagCode",
            "InterviewOutcome",
            "QuestionEvaluation",
            "SCHEMA_VERSION",
        )
    },
}
__all__ = [
    "SCHEMA_VERSION",
    "AskedQuestion",
    "Evaluation",
    "EvidenceQuote",
    "Flag",
    "FlagCode",
    "InterviewOutcome",
    "QuestionEvaluation",
    "evaluate",
    "evaluate_with_llm",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
