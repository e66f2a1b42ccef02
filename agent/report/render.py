"""One self-contained HTML report per interview: fit, plan, scored questions, transcript.

The page is ``templates/report.html.j2`` rendered by Jinja2 with autoescape, so
everything that came from outside (names, CV snippets, job text, answers, even
question text) is escaped; it loads nothing (inline CSS, a CSP that forbids scripts
and remote assets), and every text block has dir="auto" so Arabic reads right to left
while the layout follows the interview language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlparse

import jinja2

from agent.analysis.models import QuestionPlan
from agent.analysis.results import FitResult
from agent.content import table
from agent.evaluation.models import Evaluation
from agent.report.highlight import Quote, highlight
from service.models import Application, TranscriptEntry

_CSP = "default-src 'none'; style-src 'unsafe-inline'; media-src http: https:; img-src data:"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("agent.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a mistyped label fails the render, not the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["clock"] = _clock
    return env.get_template("report.html.j2")


def _clock(seconds: float) -> str:
    s = max(0, int(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60:02d}:{s % 60:02d}"


def _safe_url(url: object) -> str | None:
    """Only http(s) links: a javascript: or data: URL from a recording dict is dropped."""
    return url if isinstance(url, str) and urlparse(url).scheme in ("http", "https") else None


@dataclass(frozen=True)
class _Turn:
    seq: int
    who: str
    at: str
    clock: str
    said: list[tuple[str, list[Quote]]]
    question: int | None  # the planned question this interviewer turn asked


def _turns(transcript: list[TranscriptEntry], ev: Evaluation) -> list[_Turn]:
    quotes: dict[int, list[Quote]] = {}
    for i, q in enumerate(ev.questions, 1):
        for n, x in enumerate(q.evidence, 1):
            quotes.setdefault(x.seq, []).append(Quote(x.text, f"ev-{i}-{n}", f"q-{i}"))
    asked_at = {q.asked_at_seq: i for i, q in enumerate(ev.questions, 1)}
    entries = sorted(transcript, key=lambda t: t.sequence_number)
    turns = []
    for t in entries:
        seq = t.sequence_number
        said = highlight(t.content, quotes.get(seq, []) if t.speaker == "candidate" else [])
        offset = (t.timestamp - entries[0].timestamp).total_seconds()
        at = t.timestamp.isoformat()
        turns.append(_Turn(seq, t.speaker, at, _clock(offset), said, asked_at.get(seq)))
    return turns


def render_report(
    application: Application,
    fit_result: FitResult,
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    evaluation: Evaluation,
    recording: dict[str, Any] | None = None,
) -> str:
    """The complete report as one HTML string (UTF-8, no external assets)."""
    return _template().render(
        lang=plan.language,
        L=table(plan.language).report,
        csp=_CSP,
        app=application,
        fit=fit_result,
        plan=plan,
        ev=evaluation,
        recording=recording or None,
        recording_url=_safe_url((recording or {}).get("url")),
        asked={q.question_id: q.asked for q in evaluation.questions},
        turns=_turns(transcript, evaluation),
    )
