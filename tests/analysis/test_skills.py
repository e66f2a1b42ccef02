"""Alias table and matcher: synonyms, Arabic, and no bonus for repetition."""

from __future__ import annotations

import pytest

from agent.analysis.skills import base_index


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("5 years running k8s clusters", "Kubernetes"),
        ("Frontend in JS and React", "JavaScript"),
        ("Postgres tuning", "PostgreSQL"),
        ("Deployed on GCP", "Google Cloud"),
        ("Applied ML to fraud", "Machine Learning"),
        ("Built data pipelines", None),
        ("خبرة في بايثون", "Python"),
        ("خبرة في إدارة المشاريع", "Project Management"),
        ("وإدارة المشاريع", "Project Management"),
        ("ادارة المشاريع", "Project Management"),  # unhamzated spelling
        ("التعلم الآلي", "Machine Learning"),
        ("CI/CD pipelines", "CI/CD"),
        ("C# and .NET core", ".NET"),
        ("node.js services", "Node.js"),
    ],
)
def test_aliases(text: str, skill: str | None) -> None:
    found = base_index().find_text(text)
    if skill is None:
        assert "Machine Learning" not in found
    else:
        assert skill in found


def test_longest_alias_wins_and_common_words_do_not_match() -> None:
    index = base_index()
    assert index.find_text("React Native apps") == ["React Native"]
    assert index.find_text("the rest of the team will go to spring training") == []
    assert "REST APIs" in index.find_text("designed RESTful APIs")


def test_repetition_counts_once() -> None:
    index = base_index()
    assert index.find_text("Kubernetes k8s Kubernetes K8S kubernetes") == ["Kubernetes"]


def test_listed_skill_canonical_forms() -> None:
    index = base_index()
    assert index.canonical("K8s") == ["Kubernetes"]
    assert index.canonical("Experience with Postgres and Redis") == ["PostgreSQL", "Redis"]
    assert index.canonical("Underwater basket weaving") == []
    extra = index.with_extra(["Underwater basket weaving"])
    assert extra.find_text("I love underwater basket weaving") == ["Underwater basket weaving"]


def test_arabic_display_names() -> None:
    index = base_index()
    assert index.display("Project Management", "ar") == "إدارة المشاريع"
    assert index.display("Python", "ar") == "Python"
    assert index.display("Project Management", "en") == "Project Management"
