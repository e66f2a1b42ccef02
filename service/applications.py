"""Reading an application (candidate, job, company, CV link) from the platform."""

from __future__ import annotations

from service import documents
from service.errors import ApplicationNotFound
from service.graphql import PlatformClient, parse_model
from service.models import Application


class ApplicationService:
    def __init__(self, *, client: PlatformClient) -> None:
        self._client = client

    async def get_application(self, application_id: str) -> Application:
        """The application with its candidate, job and company.

        Raises ``ApplicationNotFound`` when the platform answers ``null``: the id in
        the job metadata is wrong or belongs to another platform.
        """
        data = await self._client.execute(documents.GET_APPLICATION, {"id": application_id})
        raw = data.get("application")
        if raw is None:
            raise ApplicationNotFound(application_id)
        return parse_model(Application, raw, operation="GetApplication")
