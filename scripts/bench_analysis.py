"""Benchmark: resume-fit analysis + question plan for a two-page CV.

    .venv/bin/python -m scripts.bench_analysis --runs 300

Times `analyze_fit` (deterministic path, CV text) and, side by side, two baselines on the
same inputs: the no-CV path of the same analysis (`job_only`: what the CV work costs) and a
naive keyword scan (`naive_scan`: substring search for every alias, no analysis, no plan).
Prints one JSON object; ratios are analysis median / baseline median. Machines here are
shared, so quote medians and ratios from one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import re
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import structlog

from agent.analysis import analyze_fit
from agent.content import load
from scripts.bench_stats import summary
from service.models import Application

_ROLE = """{title}, {company} — {start} – {end}
- Led the migration of {n} services to Kubernetes on AWS, cutting deploy time by {p}%.
- Designed PostgreSQL schemas and indexes that reduced p95 query latency {x}x.
- Built REST APIs in Python (FastAPI, Django) serving {u} million monthly users.
- Introduced Terraform modules, CI/CD with GitHub Actions and Docker images for every service.
- Mentored {m} engineers and ran design reviews for the platform team.
- Worked with product managers in an Agile team; wrote the incident review process.
- Moved background jobs to Celery and Redis, reducing order processing time by {p}%.
- Ran the on-call rotation, wrote runbooks and cut pages per week from {n} to {m}.
"""


def two_page_cv() -> str:
    """~800 words (~6k characters), the length of a typical two-page CV."""
    roles = [
        ("Senior Backend Engineer", "PayNow Fintech", "Jan 2021", "Present"),
        ("Backend Engineer", "ShopWave", "03/2018", "12/2020"),
        ("Software Developer", "Nile Systems", "06/2016", "02/2018"),
        ("Junior Developer", "Cedar Labs", "09/2015", "05/2016"),
        ("Intern", "Amman Tech Hub", "06/2014", "08/2014"),
    ]
    body = [
        "Lina Haddad\nSenior Backend Engineer · Amman, Jordan\n",
        "Summary\nBackend engineer with 9 years of experience building high-traffic services in "
        "Python, PostgreSQL and Kubernetes on AWS. I care about reliable systems and clear APIs.\n",
        "Experience",
    ]
    for i, (title, company, start, end) in enumerate(roles):
        body.append(
            _ROLE.format(
                title=title,
                company=company,
                start=start,
                end=end,
                n=10 + 7 * i,
                p=20 + 5 * i,
                x=2 + i,
                u=1 + i,
                m=2 + i,
            )
        )
    body += [
        "Projects\n- Partitioned a two-billion-row ledger without downtime; nightly batch went "
        "from four hours to 35 minutes.\n- Built a Kafka consumer framework for event replay.\n"
        "- Maintainer of an open-source connection pool for Postgres (1.5k stars).\n",
        "Education\nBSc Computer Science, University of Jordan — 2011 – 2015\n",
        "Skills\nPython, JS, SQL, Bash, FastAPI, Django, Flask, Celery, Postgres, Redis, MySQL, "
        "AWS, k8s, Docker, Terraform, GitHub Actions, Prometheus, Grafana, system design\n",
        "Certifications\nAWS Certified Solutions Architect (2022); CKAD (2021)\n",
        "Languages\nArabic (native), English (fluent)\n",
        "Talks\n- Partitioning a ledger without downtime, JoPython 2023.\n- What we learned "
        "moving 40 services to Kubernetes, engineering blog 2022.\n",
        "Volunteering\nMentor at a coding bootcamp: taught Python and Git to cohorts of 20 "
        "students and helped eight graduates find their first developer jobs.\n",
    ]
    return "\n".join(body)


def application() -> Application:
    return Application.model_validate(
        {
            "id": "bench",
            "status": "INTERVIEW",
            "candidate": {"id": "c", "name": "Lina Haddad"},
            "job": {
                "id": "j",
                "title": "Senior Backend Engineer",
                "skills": ["Python", "PostgreSQL", "Kubernetes", "AWS", "Terraform"],
                "requirements": "Requirements:\n- 5+ years of backend development\n- Python, "
                "PostgreSQL\nNice to have:\n- Terraform\n- Kafka or RabbitMQ is a plus",
                "responsibilities": "Design and operate our payments APIs. Mentor engineers.",
                "experience": "5+ years",
                "education": "Bachelor's degree",
                "jobLevel": "SENIOR",
                "interviewPrompt": "Why do you want to join a fintech startup?",
                "interviewLanguage": "english",
                "company": {"id": "co", "name": "PayNow"},
            },
        }
    )


def naive_scan(cv: str) -> dict[str, object]:
    """The obvious approach: lower-case substring test per alias, one regex for years."""
    low = cv.lower()
    found = {
        name
        for skills in load().skills.skills.values()
        for name, aliases in skills.items()
        if any(a and a in low for a in (name.lower(), *aliases))
    }
    years = [int(m) for m in re.findall(r"(\d{1,2})\+?\s*years", low)]
    return {"skills": sorted(found), "years": max(years, default=0)}


async def timed(fn: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    for _ in range(min(10, runs)):  # warm-up: caches, allocator
        await fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        await fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


async def main(runs: int, minutes: int, cv: str) -> dict[str, object]:
    app, today = application(), date(2025, 6, 1)

    async def full() -> object:
        return await analyze_fit(app, cv, duration_minutes=minutes, today=today)

    async def job_only() -> object:
        return await analyze_fit(app, None, duration_minutes=minutes, today=today)

    async def naive() -> object:
        return naive_scan(cv)

    analysis = summary(await timed(full, runs))
    baselines = {
        "job_only": summary(await timed(job_only, runs)),
        "naive_scan": summary(await timed(naive, runs)),
    }
    for base in baselines.values():
        base["ratio_analysis_to_baseline"] = round(analysis["median_ms"] / base["median_ms"], 2)
    result = await full()
    return {
        "benchmark": "analyze_fit (extract -> score -> analyze -> plan), deterministic",
        "runs": runs,
        "cv": {"chars": len(cv), "words": len(cv.split())},
        "plan_questions": len(result.plan.questions),  # type: ignore[attr-defined]
        "analysis": analysis,
        "baselines": baselines,
        "target_median_ms": 20,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--minutes", type=int, default=20, help="interview length for the plan")
    parser.add_argument("--cv", help="plain-text CV to use instead of the built-in two-page CV")
    args = parser.parse_args()
    # The worker logs one line per analysis; keep stdout to the JSON result.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    cv = Path(args.cv).read_text(encoding="utf-8") if args.cv else two_page_cv()
    print(json.dumps(asyncio.run(main(args.runs, args.minutes, cv)), indent=2))


if __name__ == "__main__":
    cli()
