"""Regenerate the sample seed's PDF CV: `python -m scripts.local_platform.seed.make_cv_pdf`.

The PDF is committed, so this runs only when the CV text changes. It uses a core
font and plain ASCII so any PDF text extractor (pypdf) reads it back verbatim, and a
fixed creation date so regenerating an unchanged CV gives the same bytes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

OUTPUT = Path(__file__).resolve().parent / "cv_sara_haddad.pdf"

NAME = "Sara Haddad"
CONTACT = (
    "Senior Backend Engineer | Amman, Jordan | sara.haddad@example.com | +962 79 000 0001 | "
    "github.com/sara-haddad-dev"
)

# (heading, [paragraph or "- bullet" lines]); a "## " line is a role/sub-heading.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Summary",
        [
            "Backend engineer with 9 years of experience building and operating Python "
            "services in production. I design APIs and data models, run them on Kubernetes "
            "(k8s) and own them on call. Most of my recent work is in logistics and payments: "
            "high-write PostgreSQL workloads, event pipelines and the observability that keeps "
            "them healthy. I enjoy mentoring and turning vague requirements into small, "
            "shippable designs.",
        ],
    ),
    (
        "Experience",
        [
            "## Senior Backend Engineer - Orbit Freight (logistics SaaS), Amman - 2020 to present",
            "- Own the shipment-tracking platform: 14 Python 3 services (FastAPI, asyncio, "
            "SQLAlchemy) serving 4,000 requests/s at peak for 300 enterprise shippers.",
            "- Moved the fleet from VMs to k8s (Amazon EKS) with Helm charts and ArgoCD; "
            "deploys went from weekly to 20+ a day with zero-downtime rollouts.",
            "- Led the migration from MySQL to Postgres 14: table partitioning, PgBouncer, "
            "logical replication for the cut-over; p95 query latency fell from 180 ms to 35 ms.",
            "- Built an event pipeline on Kafka and Redis Streams that replaced nightly batch "
            "jobs; customers see status changes in under 5 seconds instead of 24 hours.",
            "- Introduced SLOs, Prometheus alerts and Grafana dashboards; rewrote runbooks and "
            "cut pages per on-call week by 40%. Incident commander for 2 major outages.",
            "- Mentor four engineers; run the backend design review and interview loop.",
            "## Backend Engineer - Cedar Payments, Beirut - 2017 to 2020",
            "- Built Django REST Framework APIs for merchant onboarding and payouts on "
            "PostgreSQL, with Celery workers and Redis for queues and caching.",
            "- Containerised the monolith with Docker and set up CI/CD in GitLab CI; "
            "infrastructure as code with Terraform on AWS (RDS, SQS, S3, CloudFront).",
            "- Implemented idempotency keys and a transactional outbox so retried payout "
            "requests never paid twice; helped pass the PCI DSS audit.",
            "## Software Developer - Nile Data Labs, Amman - 2015 to 2017",
            "- Wrote Python ETL jobs and Flask APIs for retail analytics; tuned SQL reports "
            "from minutes to seconds with indexes and materialised views.",
            "- Maintained Linux servers, Nginx and cron-based pipelines; wrote Bash tooling.",
        ],
    ),
    (
        "Skills",
        [
            "- Languages: Python (expert), SQL, Go (working knowledge), Bash.",
            "- Platforms: Kubernetes / k8s (EKS, GKE), Docker, Helm, ArgoCD, Terraform, AWS "
            "(RDS, SQS, S3, Lambda), GitHub Actions, GitLab CI.",
            "- Data: PostgreSQL / Postgres (partitioning, replication, query tuning), Redis, "
            "Kafka, Elasticsearch.",
            "- Practice: REST and GraphQL API design, TDD with pytest, observability "
            "(Prometheus, Grafana, OpenTelemetry), incident response, system design.",
        ],
    ),
    (
        "Education",
        [
            "## BSc Computer Science - University of Jordan - 2011 to 2015",
            "Graduation project: a distributed job scheduler in Python and PostgreSQL.",
        ],
    ),
    (
        "Certifications",
        [
            "- Certified Kubernetes Administrator (CKA), 2021.",
            "- AWS Certified Solutions Architect - Associate, 2019.",
        ],
    ),
    (
        "Open source and talks",
        [
            "- Contributor to a popular Python async HTTP client (retry and timeout fixes).",
            "- Talk at JoPython 2023: 'Partitioning Postgres without downtime'.",
        ],
    ),
    ("Languages", ["Arabic (native), English (fluent, daily working language)."]),
]


def build_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2024, 5, 1, tzinfo=UTC))
    pdf.set_title(f"{NAME} - CV")
    pdf.set_author(NAME)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 10, NAME, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9.5)
    pdf.multi_cell(0, 5, CONTACT, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for heading, lines in SECTIONS:
        _section(pdf, heading, lines)
    return pdf


def _section(pdf: FPDF, heading: str, lines: list[str]) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, heading.upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for line in lines:
        if line.startswith("## "):
            pdf.set_font("Helvetica", "B", 10.5)
            pdf.multi_cell(0, 6, line[3:], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.2, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.8)


def main() -> int:
    build_pdf().output(str(OUTPUT))
    print(OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
