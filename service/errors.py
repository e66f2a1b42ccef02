"""Every error the service layer raises, in one hierarchy.

Callers decide two things from an error: *retry or not* (``retryable``) and *what to
tell ops* (the message says what happened and what to do). Library exceptions
(aiohttp, gql, pypdf, python-docx) never leave ``service/``: they are mapped at the
edge with ``raise X from exc``, or ``from None`` where the cause could carry a secret
(aiohttp's ``request_info`` holds the ``x-api-key`` header; a presigned CV URL holds
its signature in the query string).

::

    ServiceError                      retryable?
    ├── PlatformError                 (the recruiting platform's GraphQL API)
    │   ├── TransportError            yes  connection refused/reset/closed, timeout
    │   ├── ServerError               yes  HTTP 5xx, 408, 429 (honours Retry-After)
    │   ├── MalformedResponse         yes  body is not JSON / not a GraphQL result
    │   ├── ClientError               no   other HTTP 4xx (wrong endpoint, bad request)
    │   ├── AuthError                 no   HTTP 401/403, or UNAUTHENTICATED/FORBIDDEN
    │   ├── GraphQLResponseError      no   the platform answered with ``errors``
    │   ├── ContractError             no   a document or an answer breaks the contract
    │   └── NotFound                  no   the platform has no such object
    │       ├── ApplicationNotFound
    │       └── InterviewNotFound
    └── CVError                       (downloading and reading the candidate's CV)
        ├── CVFetchError              5xx/timeout/connection: yes; 4xx: no
        │   └── CVURLRejected         no   not http(s), userinfo, or an internal address
        ├── CVTooLarge                no   bigger than the limit (download or expanded DOCX)
        ├── CVTooComplex              no   extraction past its CPU-time or memory budget
        ├── UnsupportedCVType         no   not PDF, DOCX or plain text
        └── CVParseError              no   corrupt file, or no text in it

    Branches kept beside their clients (same base, same ``retryable`` rules):
    StorageError (service/storage.py), EgressError (agent/recording/egress.py),
    ContentError (agent/content: a malformed or incomplete phrase file; never retryable).

Why ``MalformedResponse`` is retryable: a body that is not JSON almost always comes
from something between us and the platform (a gateway's HTML error page, a body cut
short by a dropped connection), which is transient. Every operation the worker sends
is safe to repeat (queries; create keyed by (applicationId, roomId); transcripts keyed
by sequence number; status changes checked by ``GraphQLPlatform``), and the retry
policy bounds the attempts.

Messages never contain the API key, response bodies or CV text.
"""

from __future__ import annotations

from typing import ClassVar


class ServiceError(Exception):
    """Base of every service-layer error; ``retryable`` says whether to try again,
    ``status`` is the HTTP status of the answer when there was one."""

    retryable_default: ClassVar[bool] = False

    def __init__(
        self, message: str, *, retryable: bool | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable: bool = self.retryable_default if retryable is None else retryable
        self.status = status


# --- platform ---------------------------------------------------------------------


class PlatformError(ServiceError):
    """A call to the platform's GraphQL API failed (the message names the call)."""


class TransportError(PlatformError):
    retryable_default = True


class ServerError(PlatformError):
    """The platform answered 5xx, 408 or 429; ``retry_after`` comes from the header."""

    retryable_default = True

    def __init__(self, message: str, *, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class MalformedResponse(PlatformError):
    retryable_default = True


class ClientError(PlatformError):
    """The platform refused the request with a 4xx other than auth/429: do not repeat."""


class AuthError(PlatformError):
    """The API key is missing, wrong or lacks permission; retrying cannot help."""


class GraphQLResponseError(PlatformError):
    """The platform executed the request and answered with GraphQL ``errors`` (the
    message quotes them, truncated: error text can echo request variables)."""


class ContractError(PlatformError):
    """Worker and platform disagree on the contract.

    Either a document fails validation against the SDL (a bug in
    ``service/documents.py``) or an answer does not fit ``service/models.py``.
    """


class NotFound(PlatformError):
    """The platform has no object with the requested id."""


class ApplicationNotFound(NotFound):
    def __init__(self, application_id: str) -> None:
        super().__init__(
            f"application {application_id!r} does not exist on the platform; check the "
            "applicationId in the LiveKit job/room metadata and that GRAPHQL_ENDPOINT "
            "points at the platform that dispatched this interview"
        )
        self.application_id = application_id


class InterviewNotFound(NotFound):
    def __init__(self, interview_id: str) -> None:
        super().__init__(
            f"interview {interview_id!r} does not exist on the platform; it may have "
            "been deleted, or it was created on a different platform (GRAPHQL_ENDPOINT)"
        )
        self.interview_id = interview_id


# --- CV -----------------------------------------------------------------------------


class CVError(ServiceError):
    """The candidate's CV could not be turned into text.

    The interview can still run without it (the plan falls back to the job and the
    platform's earlier analysis); these errors say why it is missing.
    """


class CVFetchError(CVError):
    """Downloading the CV failed."""


class CVURLRejected(CVFetchError):
    """The resume URL is refused before any byte is fetched from it: not http(s)
    (file:, ftp:...), a user:password@ URL, or a host inside the worker's network."""


class CVTooLarge(CVError):
    """Bigger than the download limit, or a DOCX that expands past its own."""


class CVTooComplex(CVError):
    """Extracting the text took more CPU time or memory than allowed (a PDF or DOCX
    built to be expensive to parse)."""


class UnsupportedCVType(CVError):
    """The file is not PDF, DOCX or plain text (legacy .doc, images, HTML pages...)."""


class CVParseError(CVError):
    """The file claimed a supported type but no text could be read from it."""
