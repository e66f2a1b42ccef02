"""Interview evaluation: per-question scores with verbatim evidence, flags, rating.

`evaluate(plan, transcript, fit, conduct=...)` is deterministic and offline;
`await evaluate_with_llm(..., llm=...)` asks a model and falls back to it.
Schema: SCHEMA.md in this folder.
"""

from agent.evaluation.deterministic import evaluate
from agent.evaluation.llm import evaluate_with_llm
from agent.evaluation.models import (
    SCHEMA_VERSION,
    AskedQuestion,
    EndReason,
    Evaluation,
    EvidenceQuote,
    Flag,
    FlagCode,
    InterviewConduct,
    QuestionEvaluation,
)

__all__ = [
    "SCHEMA_VERSION",
    "AskedQuestion",
    "EndReason",
    "Evaluation",
    "EvidenceQuote",
    "Flag",
    "FlagCode",
    "InterviewConduct",
    "QuestionEvaluation",
    "evaluate",
    "evaluate_with_llm",
]
