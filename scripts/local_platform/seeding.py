"""Load seed applications into the store.

A seed is a JSON list of contract-shaped `Application` objects. An entry may name a
`resumeFile` (relative to the seed file) instead of a `resumeUrl`: the file's bytes are
stored with the application and served by this server, so the worker downloads a CV
over plain HTTP exactly as it would from a presigned S3 link.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .db import PlatformStore

DEFAULT_SEED = Path(__file__).resolve().parent / "seed" / "applications.json"

_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class SeedError(ValueError):
    """A seed entry is not a valid contract Application."""


def load_seed_file(path: Path) -> list[dict[str, Any]]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SeedError(f"cannot read seed file {path}: {exc}") from exc
    if not isinstance(entries, list):
        raise SeedError(f"seed file {path} must hold a JSON list of applications")
    return entries


def seed_store(store: PlatformStore, path: Path) -> list[str]:
    """Upsert every application of the seed file; returns their ids."""
    return upsert_applications(store, load_seed_file(path), base_dir=path.parent)


def upsert_applications(
    store: PlatformStore, entries: Iterable[Mapping[str, Any]], *, base_dir: Path
) -> list[str]:
    """Validate all entries first, then write, so a bad entry leaves the store untouched."""
    prepared = [_prepare(entry, base_dir) for entry in entries]
    for data, resume in prepared:
        store.upsert_application(data, resume=resume)
    return [data["id"] for data, _ in prepared]


def _prepare(
    entry: Mapping[str, Any], base_dir: Path
) -> tuple[dict[str, Any], tuple[str, str, bytes] | None]:
    data = normalize_application(entry)
    resume_file = data.pop("resumeFile", None)
    if resume_file is None:
        return data, None
    data.pop("resumeUrl", None)
    return data, _read_resume(base_dir / str(resume_file), data["id"])


def _read_resume(path: Path, application_id: str) -> tuple[str, str, bytes]:
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"application {application_id}: cannot read resumeFile {path}") from exc
    content_type = _CONTENT_TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    return path.name, content_type, body


def normalize_application(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Check the contract's non-null fields and fill list/enum defaults the SDL requires."""
    if not isinstance(entry, Mapping):
        raise SeedError("each seed entry must be a JSON object")
    data = json.loads(json.dumps(entry))  # deep copy, JSON types only
    app_id = _require(data, "id", "application")
    data.setdefault("status", "PENDING")
    _require(data, "candidate", app_id, kind=dict)
    _require(data["candidate"], "id", f"{app_id}.candidate")
    _require(data["candidate"], "name", f"{app_id}.candidate")
    job = _require(data, "job", app_id, kind=dict)
    _require(job, "id", f"{app_id}.job")
    _require(job, "title", f"{app_id}.job")
    job.setdefault("skills", [])
    job.setdefault("interviewLanguage", "english")
    company = _require(job, "company", f"{app_id}.job", kind=dict)
    _require(company, "id", f"{app_id}.job.company")
    _require(company, "name", f"{app_id}.job.company")
    return data


def _require(data: Mapping[str, Any], key: str, where: str, *, kind: type = str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise SeedError(f"{where}: field {key!r} is required ({kind.__name__})")
    return value
