"""Resume-fit analysis: job + CV -> scores, strengths, gaps, risks and a QuestionPlan.

Entry point: `await analyze_fit(application, cv_text, duration_minutes=...)`.
Exports resolve lazily so importing `agent.analysis.models` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.analysis.llm import LLMCallable
    from agent.analysis.models import Question, QuestionKind, QuestionPlan, Rubric
    from agent.analysis.pipeline import analyze_fit
    from agent.analysis.results import FitAnalysis, FitClass, FitPath, FitResult

_EXPORTS = {
    "analyze_fit": "agent.analysis.pipeline",
    "FitResult": "agent.analysis.results",
    "FitAnalysis": "agent.analysis.results",
    "FitClass": "agent.analysis.results",
    "FitPath": "agent.analysis.results",
    "LLMCallable": "agent.analysis.llm",
    "Question": "agent.analysis.models",
    "QuestionKind": "agent.analysis.models",
    "QuestionPlan": "agent.analysis.models",
    "Rubric": "agent.analysis.models",
}
__all__ = [
    "FitAnalysis",
    "FitClass",
    "FitPath",
    "FitResult",
    "LLMCallable",
    "Question",
    "QuestionKind",
    "QuestionPlan",
    "Rubric",
    "analyze_fit",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
