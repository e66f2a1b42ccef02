"""Resume-fit analysis: job + CV -> scores, strengths, gaps, risks and a QuestionPlan.

Entry point: `await analyze_fit(application, cv_text, duration_minutes=...)`.
"""

from agent.analysis.llm import LLMCallable
from agent.analysis.pipeline import analyze_fit
from agent.analysis.results import FitClass, FitPath, FitResult

__all__ = ["FitClass", "FitPath", "FitResult", "LLMCallable", "analyze_fit"]
