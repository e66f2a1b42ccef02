"""One self-contained HTML report per interview: fit, plan, scored questions, transcript.

Everything that came from outside (names, CV snippets, job text, answers, even
question text) is escaped; the page loads nothing (inline CSS, a CSP that forbids
scripts and remote assets), and every text block has dir="auto" so Arabic reads
right to left while the layout follows the interview language.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlparse

from agent.analysis.models import QuestionPlan
from agent.analysis.results import CategoryScore, FitResult
from agent.content import table
from agent.evaluation.models import Evaluation, QuestionEvaluation
from agent.report.highlight import Quote, highlight
from agent.report.styles import CSS
from service.models import Application, TranscriptEntry

_CSP = "default-src 'none'; style-src 'unsafe-inline'; media-src http: https:; img-src data:"
_CATEGORIES = ("required_skills", "nice_to_have", "experience", "education")


def e(value: object) -> str:
    return escape(str(value), quote=True)


def tag(name: str, body: str = "", **attrs: object) -> str:
    """<name attrs>body</name>; attribute values escaped, `cls` -> class; body is raw HTML."""
    rendered = "".join(
        f' {"class" if k == "cls" else k.replace("_", "-")}="{e(v)}"'
        for k, v in attrs.items()
        if v is not None
    )
    return f"<{name}{rendered}>{body}</{name}>"


def _clock(seconds: float) -> str:
    s = max(0, int(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60:02d}:{s % 60:02d}"


def _safe_url(url: object) -> str | None:
    """Only http(s) links: a javascript: or data: URL from a recording dict is dropped."""
    if not isinstance(url, str):
        return None
    return url if urlparse(url).scheme in ("http", "https") else None


def _list(items: list[str], none: str) -> str:
    """`items` are HTML already escaped by the caller."""
    if not items:
        return tag("p", e(none), cls="muted")
    return tag("ul", "".join(tag("li", i, dir="auto") for i in items), cls="tight")


def _header(app: Application, ev: Evaluation, L: dict[str, str]) -> str:
    who = tag("p", f"{e(L['title'])} · {e(L['application'])} {e(app.id)}", cls="sub")
    who += tag("h1", e(app.candidate.name), dir="auto", id="candidate-name")
    who += tag("p", f"{e(app.job.title)} · {e(app.job.company.name)}", cls="sub", dir="auto")
    rating = tag("div", f"{ev.rating:.1f}<small>/10</small>", cls="rating", id="rating")
    verdict = tag(
        "div",
        rating + tag("div", e(L[ev.recommendation]), cls="rec"),
        cls=f"verdict rec-{ev.recommendation}",
        id="verdict",
    )
    return tag("header", tag("div", who) + verdict, cls="top")


def _summary(
    ev: Evaluation, fit: FitResult, recording: dict[str, Any] | None, L: dict[str, str]
) -> str:
    parts = [
        tag("h2", e(L["summary"])),
        tag("p", tag("strong", e(L["rationale"]) + ":") + " " + e(ev.rationale), dir="auto"),
        tag("p", tag("strong", e(L["feedback"]) + ":") + " " + e(ev.feedback), dir="auto"),
    ]
    if ev.flags:
        chips = "".join(tag("span", e(f.code.value), cls="chip flag") for f in ev.flags)
        parts.append(tag("p", tag("strong", e(L["flags"]) + ":") + " " + chips))
        parts.append(_list([e(f.detail) for f in ev.flags], L["none"]))
    if recording:
        url = _safe_url(recording.get("url") or recording.get("recording_url"))
        link = tag("a", e(L["open_recording"]), href=url, rel="noreferrer") if url else ""
        extra = ", ".join(
            f"{e(k)}: {e(v)}" for k, v in recording.items() if k not in ("url", "recording_url")
        )
        body = tag("strong", e(L["recording"]) + ":") + f" {link} "
        body += tag("span", extra, cls="muted")
        parts.append(tag("p", body, id="recording"))
    meta = [
        (L["duration"], _clock(ev.duration_s)),
        (L["ended_by"], ev.ended_by),
        (L["evaluator"], ev.evaluator),
        (L["path"], fit.path.value),
        (L["schema"], ev.schema_version),
    ]
    parts.append(tag("div", "".join(tag("span", f"{e(k)}: {e(v)}") for k, v in meta), cls="meta"))
    return tag("section", "".join(parts), id="summary")


def _category(key: str, cat: CategoryScore, L: dict[str, str]) -> str:
    value = f"{cat.score:.0f}" if cat.applicable else "—"
    width = cat.score if cat.applicable else 0
    bar = tag("div", tag("span", "", style=f"width:{width:.0f}%"), cls="bar")
    body = tag("h3", e(L[key])) + tag("div", value, cls="num") + bar
    body += tag("p", e(cat.reason), dir="auto")
    return tag("div", body, cls="cat" if cat.applicable else "cat na", id=f"score-{key}")


def _fit(fit: FitResult, L: dict[str, str]) -> str:
    f, s = fit.fit, fit.fit.scores
    cls = f.fit_class.value
    title = e(L["fit"]) + " " + tag("span", e(L["fit_" + cls]), cls=f"chip fit-{cls}")
    title += tag("span", f"{e(L['overall'])}: {s.overall:.0f}/100", cls="chip", id="overall-score")
    strengths = [
        e(x.reason) + ("<br>" + tag("span", f"“{e(x.evidence)}”", cls="ev") if x.evidence else "")
        for x in f.strengths
    ]
    columns = [
        (L["strengths"], strengths),
        (L["gaps"], [e(g.reason) for g in f.gaps]),
        (L["risks"], [e(r.detail) for r in f.risks]),
    ]
    body = tag("h2", title) + tag("p", e(f.rationale), dir="auto")
    body += tag("div", "".join(_category(k, getattr(s, k), L) for k in _CATEGORIES), cls="grid")
    body += tag(
        "div",
        "".join(tag("div", tag("h3", e(h)) + _list(items, L["none"])) for h, items in columns),
        cls="grid",
        style="margin-top:14px",
    )
    if f.data_warnings:
        body += tag("h3", e(L["warnings"])) + _list([e(w) for w in f.data_warnings], L["none"])
    return tag("section", body, id="fit")


def _question(i: int, q: QuestionEvaluation, L: dict[str, str]) -> str:
    if not q.asked:
        head, cls = tag("span", e(L["not_asked"]), cls="score"), "unasked"
    else:
        n = q.score or 1
        pips = tag("span", "●" * n + "○" * (5 - n), cls="pips")
        head, cls = tag("span", f"{pips} {n}/5", cls="score", id=f"qscore-{i}"), f"s{n}"
    body = tag("div", tag("h3", f"{i}. {e(q.text)}", dir="auto") + head, cls="qhead")
    chips = tag("span", e(q.kind), cls="chip info")
    chips += "".join(tag("span", e(w), cls="chip flag") for w in q.weak_signals)
    body += tag("div", chips)
    rubric = "".join(tag("div", e(p), cls="ok", dir="auto") for p in q.rubric_covered)
    rubric += "".join(tag("div", e(p), cls="miss", dir="auto") for p in q.rubric_missed)
    if rubric:
        body += tag("div", rubric, cls="rubric")
    for n, x in enumerate(q.evidence, 1):
        link = tag("a", e(L["see_transcript"]), href=f"#ev-{i}-{n}")
        body += tag("blockquote", f"“{e(x.text)}”{link}", dir="auto")
    body += tag("p", e(q.notes), cls="muted", dir="auto")
    return tag("article", body, cls=f"qcard {cls}", id=f"q-{i}")


def _plan(plan: QuestionPlan, ev: Evaluation, L: dict[str, str]) -> str:
    asked = {q.question_id: q.asked for q in ev.questions}
    heads = ["#", L["question"], L["kind"], L["budget"], L["skills"], L["asked"]]
    rows = []
    for i, q in enumerate(plan.questions, 1):
        detail = f"{e(q.intent)} · {len(q.follow_ups)} {e(L['follow_ups'])}"
        detail = tag("span", detail, cls="muted")
        cells = [
            tag("td", str(i)),
            tag("td", f"{e(q.text)}<br>{detail}", dir="auto"),
            tag("td", e(q.kind.value)),
            tag("td", _clock(q.time_budget_s)),
            tag("td", e(", ".join(q.skills)), dir="auto"),
            tag("td", e(L["yes"] if asked.get(q.id) else L["no"])),
        ]
        rows.append(tag("tr", "".join(cells)))
    table = tag("thead", tag("tr", "".join(tag("th", e(h)) for h in heads)))
    table += tag("tbody", "".join(rows))
    body = tag("h2", e(L["plan"])) + tag("p", e(plan.rationale), cls="muted", dir="auto")
    if plan.warnings:  # what of the recruiter's prompt is not asked, and why
        body += tag("h3", e(L["warnings"])) + _list([e(w) for w in plan.warnings], L["none"])
    return tag("section", body + tag("table", table), id="plan")


def _transcript(transcript: list[TranscriptEntry], ev: Evaluation, L: dict[str, str]) -> str:
    quotes: dict[int, list[Quote]] = {}
    for i, q in enumerate(ev.questions, 1):
        for n, x in enumerate(q.evidence, 1):
            quotes.setdefault(x.seq, []).append(Quote(x.text, f"ev-{i}-{n}", f"q-{i}"))
    # The interviewer turn that asked a planned question links to its card.
    asked_at = {
        q.asked_at_seq: i for i, q in enumerate(ev.questions, 1) if q.asked_at_seq is not None
    }
    entries = sorted(transcript, key=lambda t: t.sequence_number)
    turns = []
    for t in entries:
        who = "candidate" if t.speaker == "candidate" else "interviewer"
        if who == "candidate":
            said = highlight(t.content, quotes.get(t.sequence_number, []), L["back"])
        else:
            said = e(t.content)
        if t.sequence_number in asked_at:
            n = asked_at[t.sequence_number]
            said = tag("a", f"{e(L['q'])}{n}", cls="chip info", href=f"#q-{n}") + said
        offset = (t.timestamp - entries[0].timestamp).total_seconds()
        when = tag("time", _clock(offset), datetime=t.timestamp.isoformat())
        body = when + tag("span", e(L[who]), cls="who") + tag("div", said, cls="said", dir="auto")
        turns.append(tag("div", body, cls=f"turn {who}", id=f"seq-{t.sequence_number}"))
    if not turns:
        turns.append(tag("p", e(L["no_transcript"]), cls="muted"))
    return tag("section", tag("h2", e(L["transcript"])) + "".join(turns), id="transcript")


def render_report(
    application: Application,
    fit_result: FitResult,
    plan: QuestionPlan,
    transcript: list[TranscriptEntry],
    evaluation: Evaluation,
    recording: dict[str, Any] | None = None,
) -> str:
    """The complete report as one HTML string (UTF-8, no external assets)."""
    lang = plan.language
    L = table(lang).report
    sections = ("summary", "fit", "questions", "plan", "transcript")
    nav = tag("nav", "".join(tag("a", e(L[k]), href=f"#{k}") for k in sections))
    cards = "".join(_question(i, q, L) for i, q in enumerate(evaluation.questions, 1))
    footer = f"{e(L['schema'])} {e(evaluation.schema_version)} · {e(L['application'])} "
    head = (
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="referrer" content="no-referrer">'
        + tag("title", f"{e(L['title'])} — {e(application.candidate.name)}")
        + tag("style", CSS)
    )
    main = "\n".join(
        [
            _header(application, evaluation, L),
            nav,
            _summary(evaluation, fit_result, recording, L),
            _fit(fit_result, L),
            tag("section", tag("h2", e(L["questions"])) + cards, id="questions"),
            _plan(plan, evaluation, L),
            _transcript(transcript, evaluation, L),
            tag("footer", footer + e(application.id)),
        ]
    )
    body = tag("body", tag("main", main))
    html = tag("html", tag("head", head) + body, lang=lang, dir="rtl" if lang == "ar" else "ltr")
    return "<!doctype html>\n" + html + "\n"
