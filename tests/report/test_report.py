"""The HTML report: content, escaping, anchors, RTL, self-containment."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from agent.evaluation.models import EvidenceQuote
from agent.report import render_report
from tests.report.conftest import HOSTILE_NAME, Interview


def render(iv: Interview, recording: dict[str, object] | None = None) -> str:
    return render_report(
        iv.application, iv.fit, iv.fit.plan, iv.transcript, iv.evaluation, recording
    )


class Page(HTMLParser):
    """What a browser makes of the HTML: the elements with their attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    return Page(html).tags


HOSTILE_URL = 'https://bucket.s3.amazonaws.com/rec.ogg" onload="alert(1)'
HOSTILE_CV_LINE = '<img src=x onerror=alert(1)> Kubernetes "onload="alert(2)'


def hostile(iv: Interview) -> Interview:
    """The interview with a CV-derived strength and an evidence quote that carry markup."""
    fit = iv.fit.fit
    strength = fit.strengths[0].model_copy(update={"evidence": HOSTILE_CV_LINE})
    fit = fit.model_copy(update={"strengths": [strength, *fit.strengths[1:]]})
    answer = next(t for t in iv.transcript if "steal()" in t.content)
    said = answer.content[answer.content.index("I also wrote") :]
    first = iv.evaluation.questions[0]
    quote = EvidenceQuote.model_construct(seq=answer.sequence_number, text=said)
    question = first.model_copy(update={"evidence": [quote]})
    evaluation = iv.evaluation.model_copy(
        update={"questions": [question, *iv.evaluation.questions[1:]]}
    )
    result = iv.fit.model_copy(update={"fit": fit})
    return Interview(iv.application, result, iv.transcript, evaluation)


async def test_untrusted_text_is_shown_as_text_never_as_markup(interview: Interview) -> None:
    """A name, a CV line, an answer quoted as evidence and a recording link, all hostile."""
    html = render(hostile(interview), {"url": HOSTILE_URL, "note": "<script>x()</script>"})
    page = Page(html)
    assert HOSTILE_NAME in page.text  # each reads as typed
    assert HOSTILE_CV_LINE in page.text
    assert page.text.count('I also wrote <script>steal()</script> tags & "quotes".') >= 2
    assert not {t for t, _ in page.tags} & {"script", "img", "iframe", "link", "object", "embed"}
    assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]
    assert [a["href"] for t, a in page.tags if a.get("rel") == "noreferrer"] == [HOSTILE_URL]
    assert ("mark", {"id": "ev-1-1"}) in page.tags  # the quote is still marked


async def test_self_contained(interview: Interview) -> None:
    html = render(interview, {"url": "https://bucket.s3.amazonaws.com/rec.ogg", "duration_s": 600})
    tags = parse(html)
    for tag, attrs in tags:
        assert "src" not in attrs, tag
        if tag == "a":
            href = attrs["href"] or ""
            assert href.startswith("#") or href == "https://bucket.s3.amazonaws.com/rec.ogg"
    [csp] = [a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None and "default-src 'none'" in csp
    assert "style" in {t for t, _ in tags}


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
    text = Page(html).text
    for planned in interview.fit.plan.questions:
        assert planned.text in text


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
