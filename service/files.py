"""Durable small files: what a power loss can neither empty nor half-write.

``os.replace`` alone is atomic against a crash of the process, not of the machine:
without ``fsync`` of the file the rename can reach the disk before the data (an
empty file after reboot), and without ``fsync`` of the directory the rename itself
can be forgotten. The outbox and the recording spool both write through here.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path


def try_lock(path: Path, flags: int = os.O_RDONLY) -> int | None:
    """Open ``path`` and take an exclusive ``flock`` without waiting: the descriptor (the
    caller closes it, which releases the lock), or None when the file cannot be opened
    or another process holds it."""
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that after any crash it holds the old or the new bytes."""
    # one temporary name per writer: two threads saving one manifest must not share it
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def move_durably(source: Path, target: Path) -> None:
    """Rename across directories of one file system, both directories synced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    fsync_dir(target.parent)
    fsync_dir(source.parent)


def unlink_durably(path: Path) -> None:
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)
