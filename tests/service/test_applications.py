"""Reading applications: GraphQLPlatform against the local platform's seed."""

from __future__ import annotations

import pytest

from service.errors import ApplicationNotFound, NotFound
from service.interviews import GraphQLPlatform
from service.models import Application


@pytest.mark.parametrize(
    ("application_id", "language"),
    [("app-strong-001", "en"), ("app-weak-002", "en"), ("app-arabic-003", "ar")],
)
async def test_get_application_reads_nested_objects(
    graphql_platform: GraphQLPlatform, application_id: str, language: str
) -> None:
    app = await graphql_platform.get_application(application_id)

    assert isinstance(app, Application)
    assert app.id == application_id
    assert app.candidate.name
    assert app.job.title and app.job.company.name
    assert app.job.skills
    assert app.job.language == language


async def test_seeded_application_has_resume_and_analysis(
    graphql_platform: GraphQLPlatform,
) -> None:
    app = await graphql_platform.get_application("app-strong-001")

    assert app.resume_url and app.resume_url.startswith("http")
    assert app.cv_score is not None
    assert isinstance(app.cv_analysis_results, dict)


async def test_unknown_application_is_not_found(graphql_platform: GraphQLPlatform) -> None:
    with pytest.raises(ApplicationNotFound) as caught:
        await graphql_platform.get_application("app-missing-999")

    assert isinstance(caught.value, NotFound)
    assert caught.value.retryable is False
    assert caught.value.application_id == "app-missing-999"
    assert "app-missing-999" in str(caught.value) and "applicationId" in str(caught.value)
