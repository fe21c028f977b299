"""Save version: a job's schema as its next stored version, and its ``schema.json`` artifact.

The one place a job's schema is saved, by the pipeline (inferred, re-inferred, refined) and by the
editor alike. With ``base_version`` (the version an editor started from) a save that would
overwrite a newer version is refused with a JobError.
"""

from __future__ import annotations

from pathlib import Path

from jobs.store import JobStore
from kernel.schema import Schema, save_schema
from kernel.settings import Settings


def job_dir(settings: Settings, job_id: str) -> Path:
    """The job's artifact folder (created on first use)."""
    path = settings.jobs_dir / job_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_version(settings: Settings, store: JobStore, job_id: str, schema: Schema, *, note: str | None = None,
                 base_version: int | None = None) -> int:
    """Store ``schema`` as the job's next version, rewrite its ``schema.json``; returns the version."""
    version = store.save_schema_version(job_id, schema, note=note, base_version=base_version)
    path = job_dir(settings, job_id) / "schema.json"
    save_schema(schema, path)
    store.update(job_id, artifacts={"schema": str(path)})
    return version
