"""A complete interview (application, fit, plan, transcript, evaluation) to render."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from agent.analysis import analyze_fit
from agent.analysis.results import FitResult
from agent.evaluation import EndReason, Evaluation, evaluate
from service.models import Application, TranscriptEntry
from tests.analysis.fixtures import TODAY, application, arabic_job, backend_job, read, simulate
from tests.evaluation.conftest import GOOD

HOSTILE_NAME = 'Lina <script>alert("x")</script> Haddad'


@dataclass
class Interview:
    application: Application
    fit: FitResult
    transcript: list[TranscriptEntry]
    evaluation: Evaluation


@pytest.fixture
async def interview() -> Interview:
    app = application(
        backend_job(interviewPrompt="Why do you want to join a fintech company?"), name=HOSTILE_NAME
    )
    cv = read("strong_cv.txt") + "\n<img src=x onerror=alert(1)> Kubernetes <b>expert</b>"
    fit = await analyze_fit(app, cv, duration_minutes=20, today=TODAY)
    answers = dict(GOOD)
    answers["strength-postgresql"] += ' I also wrote <script>steal()</script> tags & "quotes".'
    transcript, conduct = simulate(fit.plan, answers, ended_by=EndReason.TIME_UP)
    return Interview(app, fit, transcript, evaluate(fit.plan, transcript, fit.fit, conduct=conduct))


@pytest.fixture
async def arabic_interview() -> Interview:
    app = application(arabic_job(), name="أحمد العلي")
    fit = await analyze_fit(app, read("arabic_cv.txt"), duration_minutes=15, today=TODAY)
    strength = next(q for q in fit.plan.questions if q.kind == "strength")
    answers = {
        "custom-1": "أحب العمل مع البيانات، وفي شركتي الحالية قمت ببناء منصة بيانات "
        "خدمت مليون عميل.",
        strength.id: "في مشروع منصة البيانات قدت فريقًا من أربعة مهندسين، وصممت خطوط المعالجة "
        "باستخدام بايثون و SQL، والنتيجة خفض زمن المعالجة بنسبة ٤٠٪.",
    }
    transcript, conduct = simulate(fit.plan, answers)
    return Interview(app, fit, transcript, evaluate(fit.plan, transcript, fit.fit, conduct=conduct))
