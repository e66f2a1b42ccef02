"""Interview evaluation: per-question scores with verbatim evidence, flags, rating.

`evaluate(plan, transcript, fit, conduct=...)` is deterministic and offline;
`await evaluate_with_llm(..., llm=...)` asks a model and falls back to it.
Schema: SCHEMA.md in this folder; the models are in `models.py`.
"""

from agent.evaluation.deterministic import evaluate
from agent.evaluation.llm import evaluate_with_llm
from agent.evaluation.models import (
    AskedQuestion,
    EndReason,
    Evaluation,
    FlagCode,
    InterviewConduct,
)

__all__ = [
    "AskedQuestion",
    "EndReason",
    "Evaluation",
    "FlagCode",
    "InterviewConduct",
    "evaluate",
    "evaluate_with_llm",
]
