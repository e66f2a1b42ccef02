"""S3 access for interview recordings: a client from settings, typed errors, multipart upload.

boto3 is synchronous. Every call here goes through :func:`call_s3`, which runs it in a
worker thread (``asyncio.to_thread``) so the voice pipeline's event loop never blocks,
and maps botocore's exceptions to the storage branch of the service error tree::

    ServiceError (service/errors.py)
    └── StorageError                  retryable?
        ├── StorageUnavailable        yes  connection refused/reset, timeout, 5xx, throttling
        ├── BucketNotFound            no   NoSuchBucket: wrong AWS_BUCKET_NAME or region
        ├── AccessDenied              no   AccessDenied / bad key / bad signature
        └── UploadNotFound            no   NoSuchUpload: the multipart upload is gone; restart it

"Not retryable" means "retrying the same call now will not help": the recorder still
keeps the bytes in its local spool and tries again later (an operator can create the
bucket or fix the policy while the interview runs). Messages name the bucket and key,
never credentials.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

import boto3
import structlog
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from config.settings import StorageSettings
from service.errors import ServiceError

log = structlog.get_logger(__name__)

MIN_PART_SIZE = 5 * 1024 * 1024
"""S3 refuses non-last multipart parts smaller than this (EntityTooSmall)."""

PRESIGN_MAX_EXPIRES_S = 7 * 24 * 3600
"""SigV4 presigned URLs live at most seven days."""

T = TypeVar("T")


class StorageError(ServiceError):
    """An S3 call failed; the message names the bucket and key."""


class StorageUnavailable(StorageError):
    retryable_default: ClassVar[bool] = True


class BucketNotFound(StorageError):
    """The bucket does not exist (or not in this region/endpoint)."""


class AccessDenied(StorageError):
    """The credentials are wrong or lack permission for this bucket/key."""


class UploadNotFound(StorageError):
    """The multipart upload id is unknown to S3 (aborted, expired, or S3 lost it)."""


_ACCESS_CODES = frozenset(
    {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled"}
)
_THROTTLE_CODES = frozenset({"SlowDown", "Throttling", "RequestTimeout", "ServiceUnavailable"})


def map_s3_error(exc: Exception, *, bucket: str | None, key: str | None) -> StorageError:
    """Turn a botocore exception into the matching :class:`StorageError`."""
    where = f"s3://{bucket}/{key}" if key else f"s3://{bucket}"
    if isinstance(exc, BotoCoreError):
        # EndpointConnectionError, timeouts, connection closed...: the network, not us.
        return StorageUnavailable(f"S3 is unreachable for {where} ({type(exc).__name__})")
    if not isinstance(exc, ClientError):
        return StorageError(f"unexpected S3 failure on {where} ({type(exc).__name__})")
    code = str(exc.response.get("Error", {}).get("Code", "Unknown"))
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    if code == "NoSuchBucket":
        return BucketNotFound(
            f"S3 bucket {bucket!r} does not exist (check AWS_BUCKET_NAME, AWS_REGION "
            "and AWS_ENDPOINT_URL)"
        )
    if code in _ACCESS_CODES or status == 403:
        return AccessDenied(
            f"S3 refused access to {where} ({code}): check the credentials and the bucket policy"
        )
    if code == "NoSuchUpload":
        return UploadNotFound(f"S3 no longer knows the multipart upload for {where}")
    if status >= 500 or code in _THROTTLE_CODES:
        return StorageUnavailable(f"S3 failed on {where} ({code}, HTTP {status})")
    return StorageError(f"S3 rejected a request on {where} ({code}, HTTP {status})")


async def call_s3(
    fn: Callable[..., T], /, *args: Any, bucket: str | None, key: str | None = None, **kwargs: Any
) -> T:
    """Run one boto3 call in a thread; botocore errors come back as StorageError."""
    try:
        return await asyncio.to_thread(fn, *args, **kwargs)
    except (ClientError, BotoCoreError) as exc:
        raise map_s3_error(exc, bucket=bucket, key=key) from exc


def make_s3_client(
    settings: StorageSettings,
    *,
    max_attempts: int = 3,
    connect_timeout: float = 5.0,
    read_timeout: float = 30.0,
) -> Any:
    """A boto3 S3 client from ``StorageSettings``.

    Short timeouts and few attempts on purpose: the recorder has its own spool and
    background retry, so a dead endpoint should be noticed in seconds, not minutes.
    Without explicit keys boto3's default chain (IAM role, env, profile) applies.
    """
    key_id = settings.aws_access_key_id
    secret = settings.aws_secret_access_key
    return boto3.session.Session().client(
        "s3",
        region_name=settings.aws_region,
        endpoint_url=settings.aws_endpoint_url or None,
        aws_access_key_id=key_id.get_secret_value() if key_id else None,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"max_attempts": max_attempts, "mode": "standard"},
            # path-style works with every S3-compatible store (MinIO, moto, R2...)
            s3={"addressing_style": "path"} if settings.aws_endpoint_url else None,
        ),
    )


async def recording_url(client: Any, bucket: str, key: str, *, style: str) -> str:
    """``s3://bucket/key``, or with ``style="presigned"`` an https GET URL that lives as
    long as SigV4 allows (signing may resolve credentials: off the loop). A presign that
    fails falls back to ``s3://``: the object is there either way."""
    if style == "presigned" and client is not None:
        try:
            return await call_s3(
                client.generate_presigned_url,
                "get_object",
                Params={"Bucket": bucket, "Key": key},
                ExpiresIn=PRESIGN_MAX_EXPIRES_S,
                bucket=bucket,
                key=key,
            )
        except StorageError as exc:
            log.warning("recording.presign_failed", key=key, error=exc.message)
    return f"s3://{bucket}/{key}"


async def replace_metadata(
    client: Any, bucket: str, key: str, *, content_type: str, metadata: Mapping[str, str]
) -> None:
    """Rewrite an object's metadata in place (server-side copy onto itself).

    Used for facts only known after a multipart upload completed (the duration).
    """
    await call_s3(
        client.copy_object,
        Bucket=bucket,
        Key=key,
        CopySource={"Bucket": bucket, "Key": key},
        MetadataDirective="REPLACE",
        ContentType=content_type,
        Metadata=dict(metadata),
        bucket=bucket,
        key=key,
    )


@dataclass
class MultipartUpload:
    """One S3 multipart upload, driven part by part; every call runs off the event loop.

    Parts must be at least :data:`MIN_PART_SIZE` except the last; the caller decides
    part boundaries. ``parts`` is the (number, etag) list ``complete()`` sends.
    """

    client: Any
    bucket: str
    key: str
    content_type: str = "application/octet-stream"
    metadata: Mapping[str, str] = field(default_factory=dict)
    upload_id: str | None = None
    parts: list[tuple[int, str]] = field(default_factory=list)

    async def create(self) -> str:
        resp = await self._call(
            self.client.create_multipart_upload,
            ContentType=self.content_type,
            Metadata=dict(self.metadata),
        )
        self.upload_id = str(resp["UploadId"])
        self.parts = []
        return self.upload_id

    async def upload_part(self, body: bytes) -> None:
        if self.upload_id is None:
            raise RuntimeError("create() the upload first")
        number = len(self.parts) + 1
        resp = await self._call(
            self.client.upload_part, UploadId=self.upload_id, PartNumber=number, Body=body
        )
        self.parts.append((number, str(resp["ETag"])))

    async def complete(self) -> None:
        if self.upload_id is None:
            raise RuntimeError("create() the upload first")
        parts = [{"PartNumber": n, "ETag": e} for n, e in self.parts]
        await self._call(
            self.client.complete_multipart_upload,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": parts},
        )

    async def abort(self) -> None:
        """Drop the upload's parts on S3 (best effort: callers usually ignore errors)."""
        if self.upload_id is None:
            return
        upload_id, self.upload_id = self.upload_id, None
        self.parts = []
        await self._call(self.client.abort_multipart_upload, UploadId=upload_id)

    async def _call(self, fn: Callable[..., T], **params: Any) -> T:
        return await call_s3(
            fn, Bucket=self.bucket, Key=self.key, **params, bucket=self.bucket, key=self.key
        )
