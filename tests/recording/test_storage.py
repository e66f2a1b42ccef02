"""service/storage.py: clients from settings, typed errors, multipart wrapper (real moto)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from agent.recording import (
    EgressRecorder,
    NullRecorder,
    S3Recorder,
    build_recorder,
    recording_key,
)
from service.errors import ServiceError
from service.storage import (
    AccessDenied,
    BucketNotFound,
    MultipartUpload,
    StorageError,
    StorageUnavailable,
    UploadNotFound,
    make_s3_client,
    map_s3_error,
)
from tests.fixtures.s3 import MotoS3Server, S3Env


def client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "PutObject",
    )


@pytest.mark.parametrize(
    ("exc", "kind", "retryable"),
    [
        (client_error("NoSuchBucket", 404), BucketNotFound, False),
        (client_error("AccessDenied", 403), AccessDenied, False),
        (client_error("InvalidAccessKeyId", 403), AccessDenied, False),
        (client_error("NoSuchUpload", 404), UploadNotFound, False),
        (client_error("InternalError", 500), StorageUnavailable, True),
        (client_error("SlowDown", 503), StorageUnavailable, True),
        (client_error("EntityTooSmall", 400), StorageError, False),
        (EndpointConnectionError(endpoint_url="http://x"), StorageUnavailable, True),
    ],
)
def test_s3_errors_are_mapped_to_typed_errors(exc, kind, retryable):
    mapped = map_s3_error(exc, bucket="b", key="k")
    assert type(mapped) is kind
    assert isinstance(mapped, ServiceError)
    assert mapped.retryable is retryable
    assert "s3://b" in mapped.message or "bucket 'b'" in mapped.message  # ops see where


async def test_client_from_settings_talks_to_the_endpoint(s3: S3Env):
    client = make_s3_client(s3.storage_settings(), max_attempts=1)
    upload = MultipartUpload(client=client, bucket=s3.bucket, key="k/one", content_type="a/b")
    await upload.create()
    await upload.upload_part(b"hello ")
    await upload.complete()
    head = s3.client.head_object(Bucket=s3.bucket, Key="k/one")
    assert head["ContentType"] == "a/b" and head["ContentLength"] == 6


async def test_missing_bucket_is_typed(s3: S3Env):
    # (NoSuchUpload is covered by the mapping table only: moto answers 500 for unknown
    # upload ids where S3 answers NoSuchUpload)
    with pytest.raises(BucketNotFound, match="does not exist"):
        await MultipartUpload(client=s3.client, bucket="nope-nope", key="k").create()


async def test_unreachable_endpoint_is_retryable():
    server = MotoS3Server()
    server.start()
    client = server.client()
    server.stop()
    with pytest.raises(StorageUnavailable) as info:
        await MultipartUpload(client=client, bucket="b", key="k").create()
    assert info.value.retryable


def test_recording_key_refuses_ids_that_escape_the_prefix():
    assert recording_key("a1", "i-2") == "interviews/a1/i-2/recording.ogg"
    for bad in ("", "..", "a/b", "a b"):
        with pytest.raises(ValueError):
            recording_key(bad, "i")


def test_build_recorder_follows_recording_mode(s3: S3Env, tmp_path):
    assert isinstance(build_recorder(s3.storage_settings(recording_mode="off")), NullRecorder)
    rec = build_recorder(s3.storage_settings(recording_spool_dir=str(tmp_path)))
    assert isinstance(rec, S3Recorder)
    egress = build_recorder(
        s3.storage_settings(recording_mode="egress"), livekit_api=object(), room_name="r"
    )
    assert isinstance(egress, EgressRecorder)
    with pytest.raises(ValueError, match="AWS_BUCKET_NAME"):
        build_recorder(s3.storage_settings(aws_bucket_name=None))
    with pytest.raises(ValueError, match="egress"):
        build_recorder(s3.storage_settings(recording_mode="egress"))
