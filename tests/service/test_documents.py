"""Every document the worker sends matches the contract SDL shipped in the package
(service/platform.graphql, the single source the worker and these tests use). Where the
shared contract sits beside the repo (../shared/platform.graphql, as in CI), the package
copy must also equal it."""

from __future__ import annotations

from pathlib import Path

import pytest
from gql import GraphQLRequest
from graphql import OperationDefinitionNode, validate

from service import documents
from service.graphql import contract_schema, operation_name

REPO_ROOT = Path(__file__).parents[2]
SHARED_SDL = REPO_ROOT / ".." / "shared" / "platform.graphql"


DOCUMENTS = {
    operation_name(value): value
    for value in vars(documents).values()
    if isinstance(value, GraphQLRequest)
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_validates_against_sdl(name: str) -> None:
    document = DOCUMENTS[name]

    assert validate(contract_schema(), document.document) == []
    operations = [
        d for d in document.document.definitions if isinstance(d, OperationDefinitionNode)
    ]
    assert len(operations) == 1
    assert operation_name(document) == name


def test_application_query_asks_for_every_contract_field() -> None:
    """The fit analysis uses the whole application: no field may be forgotten."""
    schema = contract_schema()
    printed = documents.GET_APPLICATION.payload["query"]
    for type_name in ("Application", "Job", "Company", "User"):
        for field in schema.type_map[type_name].fields:  # type: ignore[attr-defined]
            assert f"{field}" in printed, f"{type_name}.{field} missing from GetApplication"


def test_package_sdl_equals_shared_contract() -> None:
    if not SHARED_SDL.exists():
        pytest.skip(
            f"no shared contract at {SHARED_SDL.resolve()}: the package SDL "
            "(service/platform.graphql) is the single source, and the tests above validate "
            "every document against it; the shared copy is compared only where it exists "
            "(../shared, in CI)"
        )

    package_sdl = REPO_ROOT / "service" / "platform.graphql"
    assert package_sdl.read_text(encoding="utf-8") == SHARED_SDL.read_text(encoding="utf-8")
