"""From what the flow recorded to the evaluator's input, and to the evaluation."""

from __future__ import annotations

from agent.analysis import FitResult, LLMCallable
from agent.evaluation import (
    AskedQuestion,
    EndReason,
    Evaluation,
    InterviewConduct,
    evaluate,
    evaluate_with_llm,
)
from agent.interview.flow import InterviewFlow
from service.models import TranscriptEntry


def interview_conduct(flow: InterviewFlow, duration_s: float) -> InterviewConduct:
    asked = [
        AskedQuestion(
            question_id=record.question.id,
            asked_at_seq=flow.asked_at_seq(record) or 0,
            answer_seqs=flow.answer_seqs(record),
            follow_ups_asked=record.follow_ups,
            skipped=record.skipped,
        )
        for record in flow.asked
    ]
    return InterviewConduct(
        asked=asked,
        ended_by=flow.end_reason or EndReason.COMPLETED,
        repeat_requests=flow.repeat_requests,
        duration_s=duration_s,
    )


async def evaluate_interview(
    *,
    fit: FitResult,
    flow: InterviewFlow,
    transcript: list[TranscriptEntry],
    duration_s: float,
    llm: LLMCallable | None = None,
) -> Evaluation:
    """The LLM evaluator when a model is configured (it falls back by itself), else offline."""
    conduct = interview_conduct(flow, duration_s)
    if llm is not None:
        return await evaluate_with_llm(fit.plan, transcript, fit.fit, conduct=conduct, llm=llm)
    return evaluate(fit.plan, transcript, fit.fit, conduct=conduct)
