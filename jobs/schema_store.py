"""Stand-alone schemas in the app database: named, versioned, searchable, soft-deleted.

A schema here is a document with a history: every update is a new version, and an update names
the version it started from, so that a stale writer is refused (:class:`StaleVersion`) instead
of overwriting someone else's work. A deleted schema keeps its rows (``deleted_at``) and
disappears from listings and lookups.
"""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from jobs.appdb import app_connection
from kernel.errors import JobError
from kernel.schema import Schema, parse_schema

_DDL = """
CREATE TABLE IF NOT EXISTS wiretable_schemas (
    id text PRIMARY KEY,
    name text NOT NULL,
    description text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    deleted_at timestamptz
);
CREATE TABLE IF NOT EXISTS wiretable_schema_docs (
    schema_id text NOT NULL REFERENCES wiretable_schemas(id) ON DELETE CASCADE,
    version integer NOT NULL,
    document jsonb NOT NULL,
    content_hash text NOT NULL,
    note text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (schema_id, version)
);
"""


class NotFound(JobError):
    """No such schema (or it was deleted)."""


class StaleVersion(JobError):
    """The update started from a version that is no longer the latest."""


@dataclass(frozen=True)
class SchemaRecord:
    id: str
    name: str
    description: str | None
    version: int
    content_hash: str
    created_at: datetime
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "description": self.description, "version": self.version,
                "content_hash": self.content_hash, "created_at": self.created_at.isoformat(),
                "updated_at": self.updated_at.isoformat()}


_SELECT = (
    "SELECT s.id, s.name, s.description, s.created_at, s.updated_at, d.version, d.content_hash"
    " FROM wiretable_schemas s JOIN LATERAL (SELECT version, content_hash FROM wiretable_schema_docs"
    " WHERE schema_id = s.id ORDER BY version DESC LIMIT 1) d ON true WHERE s.deleted_at IS NULL"
)


class SchemaStore:
    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        with self._connect() as conn:
            conn.execute(_DDL)

    def _connect(self) -> AbstractContextManager[psycopg.Connection[dict[str, Any]]]:
        return app_connection(self.conninfo, JobError)

    def create(self, schema: Schema, description: str | None = None, note: str | None = None) -> SchemaRecord:
        schema_id = uuid.uuid4().hex[:12]
        now = datetime.now(UTC)
        with self._connect() as conn:
            conn.execute("INSERT INTO wiretable_schemas (id, name, description, created_at, updated_at)"
                         " VALUES (%s,%s,%s,%s,%s)", (schema_id, schema.name, description, now, now))
            self._insert(conn, schema_id, 1, schema, note or "created", now)
        return self.get(schema_id)

    @staticmethod
    def _insert(conn: psycopg.Connection[Any], schema_id: str, version: int, schema: Schema, note: str | None,
                now: datetime) -> None:
        conn.execute(
            "INSERT INTO wiretable_schema_docs (schema_id, version, document, content_hash, note, created_at)"
            " VALUES (%s,%s,%s,%s,%s,%s)",
            (schema_id, version, Jsonb(schema.model_dump(mode="json")), schema.content_hash(), note, now),
        )

    def get(self, schema_id: str) -> SchemaRecord:
        with self._connect() as conn:
            row = conn.execute(_SELECT + " AND s.id = %s", (schema_id,)).fetchone()
        if row is None:
            raise NotFound(f"no schema with id {schema_id!r}", schema_id=schema_id)
        return SchemaRecord(**row)

    def page(self, *, offset: int = 0, limit: int = 50, search: str | None = None) -> tuple[list[SchemaRecord], int]:
        """One page of schemas, newest first, and how many match in all."""
        where, params = "", []
        if search:
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where, params = " AND (s.name ILIKE %s OR coalesce(s.description, '') ILIKE %s)", [pattern, pattern]
        with self._connect() as conn:
            total_row = conn.execute("SELECT count(*) AS n FROM wiretable_schemas s WHERE s.deleted_at IS NULL"
                                     + where, params).fetchone()
            rows = conn.execute(_SELECT + where + " ORDER BY s.updated_at DESC, s.id LIMIT %s OFFSET %s",
                                [*params, limit, offset]).fetchall()
        return [SchemaRecord(**r) for r in rows], int(total_row["n"] if total_row else 0)

    def update(self, schema_id: str, schema: Schema, *, base_version: int, description: str | None = None,
               note: str | None = None) -> SchemaRecord:
        """Save ``schema`` as the next version, if ``base_version`` is still the latest."""
        now = datetime.now(UTC)
        with self._connect() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('wiretable_schema_doc:' || %s))", (schema_id,))
            row = conn.execute("SELECT max(d.version) AS v FROM wiretable_schema_docs d JOIN wiretable_schemas s"
                               " ON s.id = d.schema_id WHERE s.id = %s AND s.deleted_at IS NULL",
                               (schema_id,)).fetchone()
            latest = row["v"] if row else None
            if latest is None:
                raise NotFound(f"no schema with id {schema_id!r}", schema_id=schema_id)
            if latest != base_version:
                raise StaleVersion(f"schema {schema_id} is at version {latest}, not {base_version}: reload it and "
                                   "apply your change again", schema_id=schema_id, latest_version=latest)
            self._insert(conn, schema_id, latest + 1, schema, note, now)
            conn.execute("UPDATE wiretable_schemas SET name = %s, description = coalesce(%s, description),"
                         " updated_at = %s WHERE id = %s", (schema.name, description, now, schema_id))
        return self.get(schema_id)

    def delete(self, schema_id: str) -> None:
        with self._connect() as conn:
            done = conn.execute("UPDATE wiretable_schemas SET deleted_at = %s WHERE id = %s AND deleted_at IS NULL",
                                (datetime.now(UTC), schema_id)).rowcount
        if not done:
            raise NotFound(f"no schema with id {schema_id!r}", schema_id=schema_id)

    def versions(self, schema_id: str) -> list[dict[str, Any]]:
        self.get(schema_id)
        with self._connect() as conn:
            return conn.execute("SELECT version, content_hash, note, created_at FROM wiretable_schema_docs"
                                " WHERE schema_id = %s ORDER BY version", (schema_id,)).fetchall()

    def load(self, schema_id: str, version: int | None = None) -> Schema:
        self.get(schema_id)
        with self._connect() as conn:
            if version is None:
                row = conn.execute("SELECT document FROM wiretable_schema_docs WHERE schema_id = %s"
                                   " ORDER BY version DESC LIMIT 1", (schema_id,)).fetchone()
            else:
                row = conn.execute("SELECT document FROM wiretable_schema_docs WHERE schema_id = %s AND version = %s",
                                   (schema_id, version)).fetchone()
        if row is None:
            raise NotFound(f"schema {schema_id} has no version {version}", schema_id=schema_id)
        return parse_schema(row["document"], name=f"schema {schema_id}")
