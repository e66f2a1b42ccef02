"""The sentences a recruiter reads in the interview notes when recording had trouble.

Kept apart so the wording is reviewed in one place; no secrets, no stack traces.
"""

from __future__ import annotations

from service.storage import StorageError


def uploaded_note(
    *,
    last_error: StorageError | None,
    metadata_ok: bool,
    encoder_error: str | None,
) -> str | None:
    parts: list[str] = []
    if encoder_error:
        parts.append(
            f"Recording stopped early because the audio encoder failed ({encoder_error}); "
            "the audio up to that point was uploaded."
        )
    if last_error is not None:
        parts.append(
            f"S3 was unavailable during the interview ({last_error.message}); the recording "
            "was kept on the worker meanwhile and uploaded completely afterwards."
        )
    if not metadata_ok:
        parts.append("The recording's duration could not be stored in its S3 metadata.")
    return " ".join(parts) or None


def spooled_note(*, bucket: str, key: str, spool: str, error: StorageError | None) -> str:
    """``error`` None: the upload timed out."""
    why = "S3 did not answer in time" if error is None else error.message
    return (
        f"Recording not uploaded yet: {why}. It is kept on the worker ({spool}) and will be "
        f"uploaded to s3://{bucket}/{key} when the worker restarts and S3 accepts it."
    )


def failed_note(reason: str) -> str:
    return f"The interview was not recorded: {reason}."
