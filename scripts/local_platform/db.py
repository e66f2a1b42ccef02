"""SQLite persistence for the local platform: applications, interviews, transcripts.

Records cross this module as dicts keyed by the contract's camelCase field names, so
GraphQL's default resolvers can read them directly. One connection serves all threads
behind a lock: every statement is a sub-millisecond local write, and the server calls
in through `asyncio.to_thread` so the event loop never waits on disk.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Record = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS applications (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    resume_filename TEXT,
    resume_content_type TEXT,
    resume_bytes BLOB,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS interviews (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    room_id TEXT,
    status TEXT NOT NULL,
    type TEXT NOT NULL,
    scheduled_at TEXT,
    duration INTEGER,
    notes TEXT,
    feedback TEXT,
    rating REAL,
    ai_analysis TEXT,
    recording_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- contract: (applicationId, roomId) identifies an interview, so retried creates match.
CREATE UNIQUE INDEX IF NOT EXISTS interviews_app_room
    ON interviews(application_id, room_id) WHERE room_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS interviews_app ON interviews(application_id, created_at);
CREATE TABLE IF NOT EXISTS transcripts (
    id TEXT PRIMARY KEY,
    interview_id TEXT NOT NULL REFERENCES interviews(id),
    content TEXT NOT NULL,
    speaker TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    confidence REAL,
    language TEXT,
    sequence_number INTEGER,
    created_at TEXT NOT NULL
);
-- contract: (interviewId, sequenceNumber) is unique, so re-sent batches do not duplicate.
CREATE UNIQUE INDEX IF NOT EXISTS transcripts_interview_seq
    ON transcripts(interview_id, sequence_number) WHERE sequence_number IS NOT NULL;
"""

# Contract field name -> interviews column, for the fields a client may write.
_INTERVIEW_FIELDS: dict[str, str] = {
    "applicationId": "application_id",
    "roomId": "room_id",
    "status": "status",
    "type": "type",
    "scheduledAt": "scheduled_at",
    "duration": "duration",
    "notes": "notes",
    "feedback": "feedback",
    "rating": "rating",
    "aiAnalysis": "ai_analysis",
    "recordingUrl": "recording_url",
}
# Columns the contract declares non-null: an explicit null in an update is ignored.
_NON_NULL_INTERVIEW_FIELDS = frozenset({"applicationId", "status", "type"})


class NotFoundError(LookupError):
    """A referenced application or interview does not exist."""


class ConflictError(ValueError):
    """A write would break a uniqueness promise of the contract."""


def to_db_time(value: datetime) -> str:
    """Fixed-width UTC text, so SQLite's string order is time order (naive = UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def from_db_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def utc_now() -> datetime:
    return datetime.now(UTC)


class PlatformStore:
    """All reads and writes of the local platform; safe to call from any thread."""

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._now = now
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Serialise access and make multi-statement writes atomic."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # -- applications ---------------------------------------------------------------

    def upsert_application(
        self,
        data: Mapping[str, Any],
        *,
        resume: tuple[str, str, bytes] | None = None,
    ) -> None:
        """Insert or replace one application (contract JSON); `resume` = (name, type, bytes)."""
        filename, content_type, body = resume or (None, None, None)
        with self._transaction() as conn:
            conn.execute(
                """INSERT INTO applications
                       (id, data, resume_filename, resume_content_type, resume_bytes, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET
                       data = excluded.data,
                       resume_filename = excluded.resume_filename,
                       resume_content_type = excluded.resume_content_type,
                       resume_bytes = excluded.resume_bytes,
                       updated_at = excluded.updated_at""",
                (
                    data["id"],
                    json.dumps(data, ensure_ascii=False),
                    filename,
                    content_type,
                    body,
                    to_db_time(self._now()),
                ),
            )

    def get_application(self, application_id: str) -> tuple[Record, str | None] | None:
        """The stored contract JSON and the served resume's filename, if any."""
        with self._lock:
            row = self._conn.execute(
                "SELECT data, resume_filename FROM applications WHERE id = ?", (application_id,)
            ).fetchone()
        if row is None:
            return None
        return json.loads(row["data"]), row["resume_filename"]

    def get_resume(self, application_id: str) -> tuple[str, str, bytes] | None:
        with self._lock:
            row = self._conn.execute(
                """SELECT resume_filename, resume_content_type, resume_bytes
                   FROM applications WHERE id = ? AND resume_bytes IS NOT NULL""",
                (application_id,),
            ).fetchone()
        if row is None:
            return None
        return row["resume_filename"], row["resume_content_type"], bytes(row["resume_bytes"])

    def list_application_ids(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute("SELECT id FROM applications ORDER BY id").fetchall()
        return [row["id"] for row in rows]

    # -- interviews -----------------------------------------------------------------

    def create_interview(self, fields: Mapping[str, Any]) -> Record:
        """Create an interview, or return the existing one for the same (application, room)."""
        values = _interview_columns(fields)
        values.setdefault("type", "VIDEO")
        values.setdefault("status", "SCHEDULED")
        with self._transaction() as conn:
            self._require_application(conn, values["application_id"])
            room_id = values.get("room_id")
            if room_id is not None:
                existing = conn.execute(
                    "SELECT * FROM interviews WHERE application_id = ? AND room_id = ?",
                    (values["application_id"], room_id),
                ).fetchone()
                if existing is not None:
                    return _interview_record(existing)
            stamp = to_db_time(self._now())
            values.update(id=str(uuid.uuid4()), created_at=stamp, updated_at=stamp)
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            conn.execute(
                f"INSERT INTO interviews ({columns}) VALUES ({marks})", tuple(values.values())
            )
            return self._fetch_interview(conn, values["id"])  # type: ignore[return-value]

    def get_interview(self, interview_id: str) -> Record | None:
        with self._lock:
            return self._fetch_interview(self._conn, interview_id)

    def interviews_by_application(self, application_id: str) -> list[Record]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM interviews WHERE application_id = ? ORDER BY created_at, rowid",
                (application_id,),
            ).fetchall()
        return [_interview_record(row) for row in rows]

    def update_interview(self, interview_id: str, fields: Mapping[str, Any]) -> Record | None:
        """Merge only the given fields; None when the interview does not exist."""
        given = {
            name: value
            for name, value in fields.items()
            if not (value is None and name in _NON_NULL_INTERVIEW_FIELDS)
        }
        values = _interview_columns(given)
        with self._transaction() as conn:
            if self._fetch_interview(conn, interview_id) is None:
                return None
            if "application_id" in values:
                self._require_application(conn, values["application_id"])
            values["updated_at"] = to_db_time(self._now())
            assignments = ", ".join(f"{column} = ?" for column in values)
            try:
                conn.execute(
                    f"UPDATE interviews SET {assignments} WHERE id = ?",
                    (*values.values(), interview_id),
                )
            except sqlite3.IntegrityError as exc:
                raise ConflictError(
                    "another interview already uses this (applicationId, roomId)"
                ) from exc
            return self._fetch_interview(conn, interview_id)

    def set_interview_status(
        self, interview_id: str, status: str, *, note: str | None = None
    ) -> Record | None:
        """Move an interview to `status`, appending `note` to its notes (kept, not replaced)."""
        with self._transaction() as conn:
            current = self._fetch_interview(conn, interview_id)
            if current is None:
                return None
            notes = current["notes"]
            if note:
                notes = f"{notes}\n{note}" if notes else note
            conn.execute(
                "UPDATE interviews SET status = ?, notes = ?, updated_at = ? WHERE id = ?",
                (status, notes, to_db_time(self._now()), interview_id),
            )
            return self._fetch_interview(conn, interview_id)

    @staticmethod
    def _fetch_interview(conn: sqlite3.Connection, interview_id: str) -> Record | None:
        row = conn.execute("SELECT * FROM interviews WHERE id = ?", (interview_id,)).fetchone()
        return _interview_record(row) if row is not None else None

    @staticmethod
    def _require_application(conn: sqlite3.Connection, application_id: str) -> None:
        row = conn.execute("SELECT 1 FROM applications WHERE id = ?", (application_id,))
        if row.fetchone() is None:
            raise NotFoundError(f"unknown application: {application_id}")

    # -- transcripts ----------------------------------------------------------------

    def add_transcripts(self, inputs: Sequence[Mapping[str, Any]]) -> list[Record]:
        """Insert a batch atomically; a known (interview, sequenceNumber) returns its row."""
        with self._transaction() as conn:
            return [self._add_transcript(conn, item) for item in inputs]

    def _add_transcript(self, conn: sqlite3.Connection, item: Mapping[str, Any]) -> Record:
        interview_id = item["interviewId"]
        if self._fetch_interview(conn, interview_id) is None:
            raise NotFoundError(f"unknown interview: {interview_id}")
        sequence = item.get("sequenceNumber")
        if sequence is not None:
            existing = conn.execute(
                "SELECT * FROM transcripts WHERE interview_id = ? AND sequence_number = ?",
                (interview_id, sequence),
            ).fetchone()
            if existing is not None:
                return _transcript_record(existing)
        transcript_id = str(uuid.uuid4())
        conn.execute(
            """INSERT INTO transcripts (id, interview_id, content, speaker, timestamp,
                   confidence, language, sequence_number, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                transcript_id,
                interview_id,
                item["content"],
                item["speaker"],
                to_db_time(item["timestamp"]),
                item.get("confidence"),
                item.get("language"),
                sequence,
                to_db_time(self._now()),
            ),
        )
        row = conn.execute("SELECT * FROM transcripts WHERE id = ?", (transcript_id,)).fetchone()
        return _transcript_record(row)

    def transcripts_by_interview(self, interview_id: str) -> list[Record]:
        """Ordered by sequenceNumber (rows without one last), then timestamp."""
        with self._lock:
            rows = self._conn.execute(
                """SELECT * FROM transcripts WHERE interview_id = ?
                   ORDER BY sequence_number IS NULL, sequence_number, timestamp, rowid""",
                (interview_id,),
            ).fetchall()
        return [_transcript_record(row) for row in rows]


def _interview_columns(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Translate contract fields to column values (datetimes and JSON encoded)."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        column = _INTERVIEW_FIELDS.get(name)
        if column is None:
            continue
        if isinstance(value, datetime):
            value = to_db_time(value)
        elif name == "aiAnalysis" and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        values[column] = value
    return values


def _interview_record(row: sqlite3.Row) -> Record:
    return {
        "id": row["id"],
        "applicationId": row["application_id"],
        "roomId": row["room_id"],
        "status": row["status"],
        "type": row["type"],
        "scheduledAt": from_db_time(row["scheduled_at"]),
        "duration": row["duration"],
        "notes": row["notes"],
        "feedback": row["feedback"],
        "rating": row["rating"],
        "aiAnalysis": json.loads(row["ai_analysis"]) if row["ai_analysis"] else None,
        "recordingUrl": row["recording_url"],
        "createdAt": from_db_time(row["created_at"]),
        "updatedAt": from_db_time(row["updated_at"]),
    }


def _transcript_record(row: sqlite3.Row) -> Record:
    return {
        "id": row["id"],
        "interviewId": row["interview_id"],
        "content": row["content"],
        "speaker": row["speaker"],
        "timestamp": from_db_time(row["timestamp"]),
        "confidence": row["confidence"],
        "language": row["language"],
        "sequenceNumber": row["sequence_number"],
    }
