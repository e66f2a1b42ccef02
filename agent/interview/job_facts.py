"""Answers to a candidate's questions about the job, taken only from the job's data."""

from __future__ import annotations

import re

from agent.analysis.text import sentences
from service.models import Job

_TOPICS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"remote|hybrid|office|on.?site|location|عن بعد|المكتب"), "location"),
    (re.compile(r"responsib|day to day|do in the role|المهام|مسؤوليات"), "responsibilities"),
    (re.compile(r"stack|technolog|tools|skills|المهارات|التقنيات"), "skills"),
    (re.compile(r"team|department|الفريق|القسم"), "team"),
    (re.compile(r"level|senior|junior|المستوى"), "level"),
    (re.compile(r"company|about you|الشركة"), "company"),
]


def answer(job: Job, question: str) -> str | None:
    """A one- or two-sentence answer from the job record, or None if it is not there."""
    q = question.lower()
    for pattern, topic in _TOPICS:
        if not pattern.search(q):
            continue
        if topic == "location":
            hits = [s for s in sentences(job.description or "") if pattern.search(s.lower())]
            return hits[0] if hits else None
        if topic == "responsibilities" and job.responsibilities:
            return " ".join(sentences(job.responsibilities)[:2])
        if topic == "skills" and job.skills:
            return f"The role works with {', '.join(job.skills[:6])}."
        if topic == "team" and job.department:
            return f"The role sits in the {job.department} team."
        if topic == "level" and job.job_level:
            return f"It is a {job.job_level} position."
        if topic == "company" and job.company.description:
            return sentences(job.company.description)[0]
    return None
