"""The local spool: every recording is written to disk first, and S3 follows it.

Why always, and not only when S3 fails: the multipart upload needs a buffer of one
part (5 MiB) anyway, and a file is a buffer that costs no memory, survives a process
crash, and lets any S3 failure be repaired by re-reading bytes instead of keeping
them in RAM for an unknown time. A successful upload deletes the entry.

Layout (one directory per recording, named by a random id so retries of the same
interview never collide)::

    {RECORDING_SPOOL_DIR}/{entry id}/
        recording.ogg    the Ogg/Opus stream, appended as pages are encoded
        manifest.json    bucket, key, state ("recording" | "finished"), duration, upload id,
                         failed drain attempts
        .lock            flock()ed by the live recorder; a crash releases it
    {RECORDING_SPOOL_DIR}/dead/{entry id}/   given up on (see ``reason``): junk, or S3
                                             refused it too often

:class:`SpoolUploader` (run it at worker start, and if wanted periodically) uploads
every entry nobody holds: finished ones that S3 refused, and the partial recordings
of a crashed worker (an Ogg stream cut short still plays up to the cut).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from service.files import fsync_dir, move_durably, try_lock, write_atomic

AUDIO_NAME = "recording.ogg"
MANIFEST_NAME = "manifest.json"
LOCK_NAME = ".lock"
DEAD_DIR = "dead"
REASON_NAME = "reason"


class Manifest(BaseModel):
    bucket: str
    key: str
    content_type: str
    metadata: dict[str, str] = {}
    state: Literal["recording", "finished"] = "recording"
    duration_s: float | None = None
    upload_id: str | None = None
    """An unfinished multipart upload to abort before re-uploading."""
    created_at: float = Field(default_factory=time.time)
    attempts: int = 0
    """Drains that failed on this entry (S3 refused it or was unreachable)."""


class SpoolEntry:
    """One recording on disk; the owner holds an exclusive flock on ``.lock``."""

    def __init__(self, path: Path, manifest: Manifest, lock_fd: int) -> None:
        self.path = path
        self.manifest = manifest
        self._lock_fd: int | None = lock_fd
        self._audio: int | None = None
        self.written = 0
        """Audio bytes written by this process (the encoder reports its progress by it)."""

    @property
    def audio_path(self) -> Path:
        return self.path / AUDIO_NAME

    @classmethod
    def create(cls, spool_dir: str | Path, manifest: Manifest) -> SpoolEntry:
        """A new, locked entry with an empty audio file (raises OSError if unwritable)."""
        path = Path(spool_dir) / uuid.uuid4().hex
        path.mkdir(parents=True)
        fsync_dir(path.parent)
        fd = os.open(path / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        entry = cls(path, manifest, fd)
        entry.save()
        entry._audio = os.open(entry.audio_path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        return entry

    @classmethod
    def claim(cls, path: Path) -> SpoolEntry | None:
        """Lock an existing entry for upload; None if a live recorder (or drain) holds it.

        Raises ``JunkEntry`` (with the lock released) when the entry can never be
        uploaded: no readable manifest, or no audio file.
        """
        fd = try_lock(path / LOCK_NAME, os.O_CREAT | os.O_RDWR)
        if fd is None:
            return None
        try:
            manifest = Manifest.model_validate_json((path / MANIFEST_NAME).read_bytes())
        except (OSError, ValueError) as exc:
            os.close(fd)
            raise JunkEntry(f"no readable manifest ({type(exc).__name__})") from None
        if not (path / AUDIO_NAME).is_file():
            os.close(fd)
            raise JunkEntry("the audio file is missing")
        return cls(path, manifest, fd)

    # -- writing (encoder thread) ------------------------------------------------------
    def write(self, data: bytes) -> int:
        """PyAV's muxer writes here, Ogg page by page."""
        assert self._audio is not None, "entry is not open for writing"
        view = memoryview(data)
        while view:
            n = os.write(self._audio, view)
            view = view[n:]
        self.written += len(data)
        return len(data)

    def close_audio(self) -> None:
        if self._audio is not None:
            os.fsync(self._audio)  # the recording is the spool's whole point: make it stick
            os.close(self._audio)
            self._audio = None

    # -- everything else runs in a thread (asyncio.to_thread) ----------------------------
    def save(self) -> None:
        """Write the manifest atomically and durably (a crash leaves the old or the new one)."""
        write_atomic(self.path / MANIFEST_NAME, self.manifest.model_dump_json().encode())

    def read(self, offset: int, size: int) -> bytes:
        with self.audio_path.open("rb") as f:
            f.seek(offset)
            return f.read(size)

    def release(self) -> None:
        self.close_audio()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the fd drops the flock
            self._lock_fd = None

    def remove(self) -> None:
        """Delete the entry (its upload succeeded)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.release()


class JunkEntry(Exception):
    """A spool entry that can never be uploaded; the message says why."""


def bury(path: Path, reason: str) -> Path:
    """Move an entry to ``dead/`` with the reason beside its files."""
    target = path.parent / DEAD_DIR / path.name
    move_durably(path, target)
    write_atomic(target / REASON_NAME, reason.encode())
    return target


def list_entries(spool_dir: str | Path) -> list[Path]:
    """Every entry directory (junk too: the drain moves it aside), oldest first."""
    root = Path(spool_dir)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and p.name != DEAD_DIR]
    with contextlib.suppress(OSError):
        found.sort(key=lambda p: p.stat().st_mtime)
    return found
