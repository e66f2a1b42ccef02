"""The HTML report: content, escaping, anchors, RTL, self-containment."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from agent.report import render_report
from tests.report.conftest import HOSTILE_NAME, Interview


def render(iv: Interview, recording: dict[str, object] | None = None) -> str:
    return render_report(
        iv.application, iv.fit, iv.fit.plan, iv.transcript, iv.evaluation, recording
    )


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


async def test_untrusted_text_is_escaped(interview: Interview) -> None:
    html = render(interview)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # the name, escaped
    assert "&lt;script&gt;steal()&lt;/script&gt;" in html  # the answer, escaped
    tags = {t for t, _ in parse(html)}
    assert not tags & {"script", "img", "iframe", "link", "object", "embed"}


async def test_self_contained(interview: Interview) -> None:
    html = render(interview, {"url": "https://bucket.s3.amazonaws.com/rec.ogg", "duration_s": 600})
    for tag, attrs in parse(html):
        assert "src" not in attrs, tag
        if tag == "a":
            href = attrs["href"] or ""
            assert href.startswith("#") or href == "https://bucket.s3.amazonaws.com/rec.ogg"
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<style>" in html


async def test_recording_link_must_be_http(interview: Interview) -> None:
    html = render(interview, {"url": "javascript:alert(1)"})
    assert "javascript:" not in html


async def test_scores_quotes_and_anchor_links(interview: Interview) -> None:
    html = render(interview)
    ev = interview.evaluation
    assert f"{ev.rating:.1f}" in html
    assert f"{interview.fit.fit.scores.overall:.0f}/100" in html
    ids = {a.get("id") for _, a in parse(html)}
    hrefs = [a.get("href") for t, a in parse(html) if t == "a"]
    for i, q in enumerate(ev.questions, 1):
        assert f"q-{i}" in ids
        for n in range(1, len(q.evidence) + 1):
            anchor = f"ev-{i}-{n}"
            assert anchor in ids, "every quote is marked in the transcript"
            assert f"#{anchor}" in hrefs, "and linked from its question card"
            mark = re.search(rf'<mark id="{anchor}">(.*?)</mark>', html, re.S)
            assert mark is not None
    assert html.count("<mark") == sum(len(q.evidence) for q in ev.questions)
    for planned in interview.fit.plan.questions:
        assert escape(planned.text) in html


async def test_transcript_timestamps_and_question_links(interview: Interview) -> None:
    html = render(interview)
    assert '<time datetime="2025-06-01T10:00:20+00:00">00:00</time>' in html
    assert 'href="#q-1"' in html


async def test_arabic_report_is_rtl(arabic_interview: Interview) -> None:
    html = render(arabic_interview)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="auto"' in html
    assert "أحمد العلي" in html and "تقرير المقابلة" in html
    assert "<mark" in html


async def test_hostile_name_still_shown(interview: Interview) -> None:
    html = render(interview)
    assert 'id="candidate-name">Lina &lt;script&gt;' in html
    assert HOSTILE_NAME not in html


async def test_plan_warnings_are_shown(interview: Interview) -> None:
    """What of the recruiter's prompt is not asked is in the report, escaped."""
    plan = interview.fit.plan.model_copy(
        update={"warnings": ["This line could not be read: “<b>Salary</b> is negotiable.”"]}
    )
    html = render_report(
        interview.application, interview.fit, plan, interview.transcript, interview.evaluation
    )
    section = html[html.index('id="plan"') :]
    assert "&lt;b&gt;Salary&lt;/b&gt; is negotiable." in section
