"""Job normalisation and the recruiter's interview prompt."""

from __future__ import annotations

from agent.analysis.extract_job import extract_job
from agent.analysis.profiles import Degree, SkillSource
from service.models import Job
from tests.analysis.fixtures import arabic_job, backend_job


def _job(**kw: object) -> Job:
    return Job.model_validate(backend_job(**kw))


def test_required_vs_nice_from_sections_and_markers() -> None:
    profile = extract_job(_job())
    assert profile.required_skills == ["Python", "PostgreSQL", "Kubernetes", "AWS"]
    assert profile.nice_skills == ["Terraform", "Kafka", "RabbitMQ"]
    assert profile.skill_source == SkillSource.LISTED
    assert profile.min_years == 5
    assert profile.degree == Degree.BACHELOR
    assert profile.level == "senior"
    assert profile.responsibilities[0] == "Design and operate our payments APIs."


def test_inline_parenthesised_marker_marks_only_its_item() -> None:
    job = _job(
        skills=["Python", "Docker", "Kubernetes"],
        requirements="Python, Docker, Kubernetes (preferred)",
    )
    profile = extract_job(job)
    assert profile.required_skills == ["Python", "Docker"]
    assert profile.nice_skills == ["Kubernetes"]


def test_no_skills_listed_derives_from_requirements_text() -> None:
    job = _job(skills=[], requirements="Must have: Go, gRPC and Redis.\nBonus: Rust")
    derived = extract_job(job)
    assert derived.skill_source == SkillSource.TEXT
    assert derived.required_skills[:2] == ["gRPC", "Redis"]
    assert "Rust" in derived.nice_skills
    # responsibilities mention PostgreSQL: still a requirement of the role
    assert "PostgreSQL" in derived.required_skills


def test_arabic_job() -> None:
    profile = extract_job(Job.model_validate(arabic_job()))
    assert profile.required_skills == ["Python", "SQL", "Machine Learning"]
    assert profile.nice_skills == ["Kubernetes"]
    assert profile.min_years == 5
    assert profile.degree == Degree.BACHELOR
    assert profile.prompt.questions == ["ما الذي يجذبك للعمل في شركتنا؟"]
