"""Render the report in headless Chromium and check what a recruiter would see.

Needs the Debian package: `apt-get update && apt-get install -y chromium`. A missing
browser fails the test (the CI script installs it); it is never skipped silently.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path

import pytest

from agent.report import render_report
from tests.report.conftest import Interview

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
INSTALL = "apt-get update && apt-get install -y chromium"


def chromium() -> str:
    path = shutil.which(CHROMIUM)
    if path is None:
        pytest.fail(f"Chromium not found at {CHROMIUM!r} (set CHROMIUM=...). Install it: {INSTALL}")
    return path


async def browse(tmp_path: Path, html: str, *extra: str) -> str:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        chromium(),
        *FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        *extra,
        page.as_uri(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    except TimeoutError:
        proc.kill()
        raise
    assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode("utf-8")


def keep(path: Path, data: bytes) -> None:
    """Copy a screenshot out for people to look at (REPORT_SCREENSHOT_DIR)."""
    path.write_bytes(data)


def render(iv: Interview) -> str:
    return render_report(
        iv.application,
        iv.fit,
        iv.fit.plan,
        iv.transcript,
        iv.evaluation,
        {"url": "https://bucket.example.com/rec.ogg"},
    )


@pytest.mark.slow
async def test_dom_shows_name_scores_and_highlighted_quotes(
    interview: Interview, tmp_path: Path
) -> None:
    dom = await browse(tmp_path, render(interview), "--dump-dom")
    ev = interview.evaluation
    name = re.search(r'id="candidate-name">(.*?)</h1>', dom)
    assert name and name.group(1) == 'Lina &lt;script&gt;alert("x")&lt;/script&gt; Haddad'
    assert re.search(rf'id="rating">{ev.rating:.1f}<small>/10</small>', dom)
    assert f"{interview.fit.fit.scores.overall:.0f}/100" in dom
    for i, q in enumerate(ev.questions, 1):
        if q.score is not None:
            assert re.search(rf'id="qscore-{i}">.*?{q.score}/5</span>', dom)
    marks = re.findall(r'<mark id="(ev-\d+-\d+)">', dom)
    expected = [
        f"ev-{i}-{n}" for i, q in enumerate(ev.questions, 1) for n in range(1, len(q.evidence) + 1)
    ]
    assert sorted(marks) == sorted(expected) and marks
    assert "<script" not in dom.lower().replace("&lt;script", "")  # nothing executable survived


@pytest.mark.slow
async def test_screenshots_render(
    interview: Interview, arabic_interview: Interview, tmp_path: Path
) -> None:
    for name, iv in (("en", interview), ("ar", arabic_interview)):
        shot = tmp_path / f"report-{name}.png"
        await browse(tmp_path, render(iv), "--window-size=1280,3000", f"--screenshot={shot}")
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
        if out := os.environ.get("REPORT_SCREENSHOT_DIR"):
            keep(Path(out, shot.name), data)
    dom = await browse(tmp_path, render(arabic_interview), "--dump-dom")
    assert 'dir="rtl"' in dom and "أحمد العلي" in dom
