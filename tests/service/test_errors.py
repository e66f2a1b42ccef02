"""The error hierarchy: retryability, the drawn tree, and messages without secrets."""

from __future__ import annotations

import inspect

import pytest

from service import errors
from service.errors import (
    ApplicationNotFound,
    AuthError,
    ClientError,
    ContractError,
    CVFetchError,
    CVParseError,
    CVTooLarge,
    CVURLRejected,
    GraphQLResponseError,
    InterviewNotFound,
    MalformedResponse,
    ServerError,
    ServiceError,
    TransportError,
    UnsupportedCVType,
)

ALL = [
    obj for obj in vars(errors).values() if inspect.isclass(obj) and issubclass(obj, ServiceError)
]


def test_every_error_is_drawn_in_the_module_docstring() -> None:
    doc = errors.__doc__ or ""
    for cls in ALL:
        assert cls.__name__ in doc, f"{cls.__name__} missing from the tree in errors.py"


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (TransportError("x"), True),
        (ServerError("x", status=503), True),
        (MalformedResponse("x"), True),
        (ClientError("x", status=404), False),
        (AuthError("x", status=401), False),
        (GraphQLResponseError("x"), False),
        (ContractError("x"), False),
        (ApplicationNotFound("a"), False),
        (InterviewNotFound("i"), False),
        (CVFetchError("x"), False),
        (CVFetchError("x", status=503, retryable=True), True),
        (CVURLRejected("x"), False),
        (CVTooLarge("x"), False),
        (UnsupportedCVType("x"), False),
        (CVParseError("x"), False),
    ],
)
def test_retryable(error: ServiceError, retryable: bool) -> None:
    assert error.retryable is retryable


def test_retryable_can_be_overridden_per_instance() -> None:
    assert TransportError("session closed", retryable=False).retryable is False
