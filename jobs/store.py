"""Persistence of jobs, their events and their schema versions in the app database.

Everything a job page shows is read from here, so jobs and their history survive a restart of
the app. Jobs that were still running when the app stopped are marked failed on the next start
(``recover_interrupted``), because their worker threads are gone.
"""

from __future__ import annotations

import threading
import uuid
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from jobs.appdb import app_connection
from jobs.events import EventData
from jobs.model import RUNNING, Job, JobEvent, JobOptions, JobStatus, Mode, check_transition
from kernel.errors import JobError
from kernel.schema import Schema, parse_schema

_DDL = """
CREATE TABLE IF NOT EXISTS wiretable_jobs (
    id text PRIMARY KEY,
    target_url text NOT NULL,
    mode text NOT NULL,
    options jsonb NOT NULL,
    status text NOT NULL,
    stage text NOT NULL,
    counters jsonb NOT NULL DEFAULT '{}',
    error text,
    artifacts jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS wiretable_job_events (
    job_id text NOT NULL REFERENCES wiretable_jobs(id) ON DELETE CASCADE,
    seq integer NOT NULL,
    at timestamptz NOT NULL,
    kind text NOT NULL,
    stage text NOT NULL,
    message text NOT NULL,
    counters jsonb NOT NULL DEFAULT '{}',
    fraction double precision,
    data jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (job_id, seq)
);
CREATE TABLE IF NOT EXISTS wiretable_schema_versions (
    job_id text NOT NULL REFERENCES wiretable_jobs(id) ON DELETE CASCADE,
    version integer NOT NULL,
    document jsonb NOT NULL,
    content_hash text NOT NULL,
    note text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, version)
);
"""

#: The channel on which every stored event is announced as ``job_id:seq`` (``jobs.feed`` listens).
EVENTS_CHANNEL = "wiretable_job_events"

_JOB_COLUMNS = "id, target_url, mode, options, status, stage, counters, error, artifacts, created_at, updated_at"


def _now() -> datetime:
    return datetime.now(UTC)


class JobStore:
    """Thread-safe access to the job tables; one short connection per operation."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self._lock = threading.Lock()
        with self._connect() as conn:
            conn.execute(_DDL)

    def _connect(self) -> AbstractContextManager[psycopg.Connection[dict[str, Any]]]:
        return app_connection(self.conninfo, JobError)

    # jobs -------------------------------------------------------------------------------

    def create_job(self, target_url: str, mode: Mode = "browser", options: JobOptions | None = None) -> Job:
        now = _now()
        job = Job(
            id=uuid.uuid4().hex[:12],
            target_url=target_url,
            mode=mode,
            options=options or JobOptions(),
            created_at=now,
            updated_at=now,
        )
        with self._connect() as conn:
            conn.execute(
                f"INSERT INTO wiretable_jobs ({_JOB_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                (
                    job.id, job.target_url, job.mode, Jsonb(job.options.model_dump()), job.status.value,
                    job.stage, Jsonb(job.counters), job.error, Jsonb(job.artifacts), now, now,
                ),
            )
        self.add_event(job.id, kind="status", stage="queued", message="job created")
        return job

    def get_job(self, job_id: str) -> Job:
        with self._connect() as conn:
            row = conn.execute(f"SELECT {_JOB_COLUMNS} FROM wiretable_jobs WHERE id = %s", (job_id,)).fetchone()
        if row is None:
            raise JobError(f"no job with id {job_id!r}", job_id=job_id)
        return Job.model_validate(row)

    def delete_job(self, job_id: str) -> None:
        """Delete the job with its events, versions and drafts (their rows go with it)."""
        with self._connect() as conn:
            conn.execute("DELETE FROM wiretable_jobs WHERE id = %s", (job_id,))

    def list_jobs(self, limit: int = 50) -> list[Job]:
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {_JOB_COLUMNS} FROM wiretable_jobs ORDER BY created_at DESC LIMIT %s", (limit,)
            ).fetchall()
        return [Job.model_validate(r) for r in rows]

    def set_status(self, job_id: str, status: JobStatus, message: str, *, error: str | None = None) -> Job:
        self.set_status_event(job_id, status, message, error=error)
        return self.get_job(job_id)

    def set_status_event(self, job_id: str, status: JobStatus, message: str, *,
                         error: str | None = None, data: EventData | None = None) -> JobEvent:
        """:meth:`set_status`, returning the status event it recorded instead of the job.

        The check of the transition, the change and its event are one transaction under the job's
        row lock, so two processes (a worker and the web app) never both move a job out of a state.
        """
        kind = "failed" if status is JobStatus.FAILED else "status"
        with self._connect() as conn:
            current = self._lock_job(conn, job_id)
            check_transition(job_id, JobStatus(current), status)
            conn.execute(
                "UPDATE wiretable_jobs SET status = %s, stage = %s, error = %s, updated_at = %s WHERE id = %s",
                (status.value, status.value, error, _now(), job_id),
            )
            return self._insert_event(conn, job_id, kind=kind, stage=status.value, message=message, data=data)

    def update(self, job_id: str, *, counters: dict[str, int] | None = None,
               artifacts: dict[str, str] | None = None) -> None:
        with self._connect() as conn:
            if counters is not None:
                conn.execute(
                    "UPDATE wiretable_jobs SET counters = counters || %s, updated_at = %s WHERE id = %s",
                    (Jsonb(counters), _now(), job_id),
                )
            if artifacts is not None:
                conn.execute(
                    "UPDATE wiretable_jobs SET artifacts = artifacts || %s, updated_at = %s WHERE id = %s",
                    (Jsonb(artifacts), _now(), job_id),
                )

    def recover_interrupted(self) -> list[str]:
        """Mark jobs left running by a previous process as failed; their workers no longer exist."""
        running = [s.value for s in RUNNING]
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, status FROM wiretable_jobs WHERE status = ANY(%s)", (running,)
            ).fetchall()
        recovered = []
        for row in rows:
            # A push that was interrupted rolled back in Postgres; the schema is still there.
            if row["status"] == JobStatus.APPLYING.value:
                self.set_status(row["id"], JobStatus.READY, "push interrupted by a restart; nothing was applied")
            else:
                self.set_status(row["id"], JobStatus.FAILED, "interrupted by a restart of wiretable",
                                error="interrupted by a restart of wiretable")
            recovered.append(row["id"])
        return recovered

    # events -----------------------------------------------------------------------------

    def add_event(self, job_id: str, *, stage: str, message: str, kind: str = "progress",
                  counters: dict[str, int] | None = None, fraction: float | None = None,
                  data: EventData | None = None) -> JobEvent:
        """Store the job's next event. Numbers are unique and gap-free per job whichever process
        writes (the job's row lock orders the writers), and listeners hear of it on commit."""
        with self._connect() as conn:
            self._lock_job(conn, job_id)
            return self._insert_event(conn, job_id, stage=stage, message=message, kind=kind, counters=counters,
                                      fraction=fraction, data=data)

    @staticmethod
    def _lock_job(conn: psycopg.Connection[dict[str, Any]], job_id: str) -> str:
        """Lock the job's row for this transaction; its status. The lock leaves the row's key
        alone, so events may still reference it, and is held until the transaction ends."""
        row = conn.execute("SELECT status FROM wiretable_jobs WHERE id = %s FOR NO KEY UPDATE", (job_id,)).fetchone()
        if row is None:
            raise JobError(f"no job with id {job_id!r}", job_id=job_id)
        return str(row["status"])

    @staticmethod
    def _insert_event(conn: psycopg.Connection[dict[str, Any]], job_id: str, *, stage: str, message: str,
                      kind: str = "progress", counters: dict[str, int] | None = None, fraction: float | None = None,
                      data: EventData | None = None) -> JobEvent:
        """The job's next event, numbered after its last one; the caller holds the job's row lock."""
        seq_row = conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 AS seq FROM wiretable_job_events WHERE job_id = %s", (job_id,)
        ).fetchone()
        assert seq_row is not None
        event = JobEvent(
            job_id=job_id, seq=seq_row["seq"], at=_now(), kind=kind,  # type: ignore[arg-type]
            stage=stage, message=message, counters=counters or {}, fraction=fraction, data=data,
        )
        conn.execute(
            "INSERT INTO wiretable_job_events (job_id, seq, at, kind, stage, message, counters, fraction, data)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (job_id, event.seq, event.at, event.kind, event.stage, event.message,
             Jsonb(event.counters), event.fraction,
             Jsonb(event.data.model_dump(mode="json") if event.data is not None else {})),
        )
        conn.execute("SELECT pg_notify(%s, %s)", (EVENTS_CHANNEL, f"{job_id}:{event.seq}"))
        return event

    def events(self, job_id: str, after_seq: int = 0) -> list[JobEvent]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT job_id, seq, at, kind, stage, message, counters, fraction, data"
                " FROM wiretable_job_events WHERE job_id = %s AND seq > %s ORDER BY seq",
                (job_id, after_seq),
            ).fetchall()
        return [JobEvent.model_validate(r) for r in rows]

    def latest_event(self, job_id: str, stage: str, data_key: str) -> JobEvent | None:
        """The job's latest event of ``stage`` whose data has ``data_key``, else None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT job_id, seq, at, kind, stage, message, counters, fraction, data"
                " FROM wiretable_job_events WHERE job_id = %s AND stage = %s AND data ? %s"
                " ORDER BY seq DESC LIMIT 1",
                (job_id, stage, data_key),
            ).fetchone()
        return None if row is None else JobEvent.model_validate(row)

    def latest_of_types(self, job_id: str, types: tuple[str, ...]) -> JobEvent | None:
        """The job's latest event whose data is of one of ``types`` (their ``type``), else None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT job_id, seq, at, kind, stage, message, counters, fraction, data"
                " FROM wiretable_job_events WHERE job_id = %s AND data->>'type' = ANY(%s)"
                " ORDER BY seq DESC LIMIT 1",
                (job_id, list(types)),
            ).fetchone()
        return None if row is None else JobEvent.model_validate(row)

    def unmatched_events(self, started: str, ended: str) -> list[JobEvent]:
        """Every job's events of data type ``started`` that no later event of type ``ended`` with
        the same ``run`` follows (the runs that have not ended)."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT s.job_id, s.seq, s.at, s.kind, s.stage, s.message, s.counters, s.fraction, s.data"
                " FROM wiretable_job_events s WHERE s.data->>'type' = %s AND NOT EXISTS ("
                "  SELECT 1 FROM wiretable_job_events e WHERE e.job_id = s.job_id AND e.seq > s.seq"
                "  AND e.data->>'type' = %s AND e.data->>'run' = s.data->>'run')"
                " ORDER BY s.job_id, s.seq",
                (started, ended),
            ).fetchall()
        return [JobEvent.model_validate(r) for r in rows]

    def push_events(self, job_id: str) -> list[JobEvent]:
        """The job's events that ended a push (those carrying ``jobs.events.PushFinished``), oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT job_id, seq, at, kind, stage, message, counters, fraction, data"
                " FROM wiretable_job_events WHERE job_id = %s AND data->>'type' = %s ORDER BY seq",
                (job_id, "push"),
            ).fetchall()
        return [JobEvent.model_validate(r) for r in rows]

    # schema versions --------------------------------------------------------------------

    def save_schema_version(self, job_id: str, schema: Schema, note: str | None = None, *,
                            base_version: int | None = None) -> int:
        """Store ``schema`` as the job's next version and return its number.

        With ``base_version`` (the version an editor started from) the save is refused with a
        JobError when another version was saved meanwhile, so that one editor never silently
        overwrites another's work. The check and the insert hold a per-job advisory lock.
        """
        with self._lock, self._connect() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('wiretable_schema:' || %s))", (job_id,))
            row = conn.execute(
                "SELECT coalesce(max(version), 0) + 1 AS v FROM wiretable_schema_versions WHERE job_id = %s",
                (job_id,),
            ).fetchone()
            assert row is not None
            version = int(row["v"])
            if base_version is not None and version - 1 != base_version:
                raise JobError(
                    f"version {version - 1} of this schema was saved meanwhile (you started from version "
                    f"{base_version}); reload it to see the changes, your edits were not saved",
                    job_id=job_id, latest_version=version - 1,
                )
            conn.execute(
                "INSERT INTO wiretable_schema_versions (job_id, version, document, content_hash, note, created_at)"
                " VALUES (%s,%s,%s,%s,%s,%s)",
                (job_id, version, Jsonb(schema.model_dump(mode="json")), schema.content_hash(), note, _now()),
            )
        return version

    def latest_schema_version(self, job_id: str) -> int | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT max(version) AS v FROM wiretable_schema_versions WHERE job_id = %s", (job_id,)
            ).fetchone()
        return None if row is None or row["v"] is None else int(row["v"])

    def schema_versions(self, job_id: str) -> list[dict[str, Any]]:
        with self._connect() as conn:
            return conn.execute(
                "SELECT version, content_hash, note, created_at FROM wiretable_schema_versions"
                " WHERE job_id = %s ORDER BY version", (job_id,),
            ).fetchall()

    def load_schema(self, job_id: str, version: int | None = None) -> Schema | None:
        with self._connect() as conn:
            if version is None:
                row = conn.execute(
                    "SELECT document FROM wiretable_schema_versions WHERE job_id = %s"
                    " ORDER BY version DESC LIMIT 1", (job_id,),
                ).fetchone()
            else:
                row = conn.execute(
                    "SELECT document FROM wiretable_schema_versions WHERE job_id = %s AND version = %s",
                    (job_id, version),
                ).fetchone()
        return None if row is None else parse_schema(row["document"], name=f"job {job_id}")
