"""Where an edited schema is saved: a job's versions in the app database, or nowhere (a schema
opened from a file lives in the page until it is downloaded).

Every save of a job is a new schema version and rewrites the job's ``schema.json``. Saves carry
the version the editor started from, so a save that would overwrite another tab's newer version
is refused (JobError) instead of silently winning.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jobs.verbs.versions import save_version
from kernel.errors import WiretableError
from kernel.schema import Schema
from sql.ddl import render_ddl
from webui.context import AppContext


@dataclass(frozen=True)
class VersionInfo:
    version: int
    note: str | None
    created_at: datetime
    content_hash: str


class SchemaSource(Protocol):
    """What the editor needs from its storage."""

    def latest(self) -> tuple[Schema | None, int | None]: ...
    def latest_version(self) -> int | None: ...
    def save(self, schema: Schema, note: str | None, base_version: int | None) -> int: ...
    def versions(self) -> list[VersionInfo]: ...
    def load(self, version: int) -> Schema: ...


class JobSchemas:
    """A job's schema versions (jobs.store) and its schema.json artifact."""

    def __init__(self, ctx: AppContext, job_id: str) -> None:
        self.ctx = ctx
        self.job_id = job_id

    def latest(self) -> tuple[Schema | None, int | None]:
        version = self.ctx.store.latest_schema_version(self.job_id)
        if version is None:
            return None, None
        return self.ctx.store.load_schema(self.job_id, version), version

    def latest_version(self) -> int | None:
        return self.ctx.store.latest_schema_version(self.job_id)

    def save(self, schema: Schema, note: str | None, base_version: int | None) -> int:
        return save_version(self.ctx.settings, self.ctx.store, self.job_id, schema, note=note,
                            base_version=base_version)

    def versions(self) -> list[VersionInfo]:
        return [
            VersionInfo(int(r["version"]), r["note"], r["created_at"], r["content_hash"])
            for r in self.ctx.store.schema_versions(self.job_id)
        ]

    def load(self, version: int) -> Schema:
        schema = self.ctx.store.load_schema(self.job_id, version)
        if schema is None:
            raise WiretableError(f"version {version} of job {self.job_id} does not exist")
        return schema


def ddl_diff(old: Schema, new: Schema, old_label: str, new_label: str) -> str:
    """A unified diff of the two versions' Postgres DDL, one statement line at a time."""

    def lines(schema: Schema) -> list[str]:
        try:
            text = render_ddl(schema)
        except WiretableError as exc:
            return [f"-- cannot render: {exc}"]
        return [s + ";" for s in text.rstrip(";").split(";\n")]

    diff = difflib.unified_diff(lines(old), lines(new), old_label, new_label, lineterm="", n=0)
    return "\n".join(diff) or "(no differences in the DDL)"


def structure_changes(old: Schema, new: Schema) -> list[str]:
    """A short list of what changed between two versions, in the user's words."""
    out: list[str] = []
    old_tables, new_tables = {t.name: t for t in old.tables}, {t.name: t for t in new.tables}
    out += [f"+ table {n}" for n in new_tables if n not in old_tables]
    out += [f"- table {n}" for n in old_tables if n not in new_tables]
    for name, table in new_tables.items():
        before = old_tables.get(name)
        if before is None:
            continue
        cols_old = {c.name: c for c in before.columns}
        cols_new = {c.name: c for c in table.columns}
        out += [f"+ {name}.{c}" for c in cols_new if c not in cols_old]
        out += [f"- {name}.{c}" for c in cols_old if c not in cols_new]
        for c, col in cols_new.items():
            was = cols_old.get(c)
            if was is None:
                continue
            for field in ("type", "nullable", "unique", "default", "enum"):
                a, b = getattr(was, field), getattr(col, field)
                if a != b:
                    out.append(f"~ {name}.{c}: {field} {a!r} → {b!r}")
        if before.primary_key != table.primary_key:
            out.append(f"~ {name}: primary key {before.primary_key} → {table.primary_key}")
        fks_old = {(tuple(f.columns), f.ref_table, tuple(f.ref_columns), f.on_delete) for f in before.foreign_keys}
        fks_new = {(tuple(f.columns), f.ref_table, tuple(f.ref_columns), f.on_delete) for f in table.foreign_keys}
        out += [f"+ {name}: foreign key ({', '.join(k[0])}) → {k[1]} on delete {k[3]}" for k in sorted(fks_new - fks_old)]
        out += [f"- {name}: foreign key ({', '.join(k[0])}) → {k[1]}" for k in sorted(fks_old - fks_new)]
    return out
