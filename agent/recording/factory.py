"""Pick the recorder RECORDING_MODE asks for, wired from StorageSettings."""

from __future__ import annotations

from typing import Any

from agent.recording.base import NullRecorder, Recorder
from agent.recording.egress import EgressRecorder, EgressS3Target
from agent.recording.s3_recorder import S3Recorder
from config.settings import StorageSettings
from service.storage import make_s3_client


def build_recorder(
    storage: StorageSettings,
    *,
    s3_client: Any | None = None,
    livekit_api: Any | None = None,
    room_name: str | None = None,
) -> Recorder:
    """``worker`` → S3Recorder, ``egress`` → EgressRecorder, ``off`` → NullRecorder.

    ``s3_client`` defaults to one made from the settings (share one per worker
    process: boto3 clients are thread-safe). Egress mode needs the job's
    ``livekit_api`` (an ``api.LiveKitAPI``, owned by the caller) and ``room_name``.
    """
    if storage.recording_mode == "off":
        return NullRecorder()
    if not storage.aws_bucket_name:
        raise ValueError("AWS_BUCKET_NAME is missing: where recordings go (or RECORDING_MODE=off)")
    if storage.recording_mode == "egress":
        if livekit_api is None or not room_name:
            raise ValueError("RECORDING_MODE=egress needs the job's LiveKitAPI and room name")
        key_id, secret = storage.aws_access_key_id, storage.aws_secret_access_key
        target = EgressS3Target(
            bucket=storage.aws_bucket_name,
            region=storage.aws_region,
            endpoint=storage.aws_endpoint_url,
            access_key=key_id.get_secret_value() if key_id else None,
            secret=secret.get_secret_value() if secret else None,
        )
        return EgressRecorder(
            livekit_api=livekit_api,
            room_name=room_name,
            target=target,
            url_style=storage.recording_url_style,
            s3_client=s3_client
            or (make_s3_client(storage) if storage.recording_url_style == "presigned" else None),
        )
    return S3Recorder(
        s3_client=s3_client or make_s3_client(storage),
        bucket=storage.aws_bucket_name,
        spool_dir=storage.recording_spool_dir,
        url_style=storage.recording_url_style,
    )
