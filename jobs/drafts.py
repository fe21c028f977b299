"""Unsaved edits of a job's schema, kept as one draft per job in the app database.

The editor writes the draft after every edit, so that a reload, a lost connection or a restart
of the app loses nothing: the job page restores the draft on top of the version it was based on
and shows it as an unsaved draft. Saving a version (or undoing every edit) discards the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg

from kernel.errors import JobError
from kernel.schema import Schema

_DDL = """
CREATE TABLE IF NOT EXISTS wiretable_schema_drafts (
    job_id text PRIMARY KEY REFERENCES wiretable_jobs(id) ON DELETE CASCADE,
    base_version integer,
    document jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);
"""


@dataclass(frozen=True)
class Draft:
    job_id: str
    base_version: int | None
    schema: Schema
    updated_at: datetime


class DraftStore:
    """One short connection per operation (safe from any thread)."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        with self._connect() as conn:
            conn.execute(_DDL)

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(self.conninfo, connect_timeout=10)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise JobError(f"cannot reach the app database: {first}") from exc

    def save(self, job_id: str, schema_json: str, base_version: int | None) -> None:
        """Keep ``schema_json`` (a Schema document) as the job's draft, replacing the previous one."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO wiretable_schema_drafts (job_id, base_version, document, updated_at) "
                "VALUES (%s, %s, %s::jsonb, %s) ON CONFLICT (job_id) DO UPDATE SET "
                "base_version = EXCLUDED.base_version, document = EXCLUDED.document, updated_at = EXCLUDED.updated_at",
                (job_id, base_version, schema_json, datetime.now(UTC)),
            )

    def load(self, job_id: str) -> Draft | None:
        with self._connect() as conn:
            row = conn.execute("SELECT base_version, document::text, updated_at FROM wiretable_schema_drafts "
                               "WHERE job_id = %s", (job_id,)).fetchone()
        if row is None:
            return None
        try:
            schema = Schema.model_validate_json(row[1])
        except ValueError:
            return None  # a draft the current model cannot read is not offered
        return Draft(job_id, row[0], schema, row[2])

    def discard(self, job_id: str) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM wiretable_schema_drafts WHERE job_id = %s", (job_id,))
