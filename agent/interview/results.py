"""From what the flow recorded to the evaluator's input."""

from __future__ import annotations

from agent.evaluation import AskedQuestion, EndReason, InterviewConduct
from agent.interview.flow import InterviewFlow


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
