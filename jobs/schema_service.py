"""What the REST API does with a stored schema: validate, diff, render, export, plan, push, and
keep one database per schema on the app's Postgres server.

Each function takes plain values and returns plain data or raises a ``WiretableError``; the API
layer only maps them to HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from sqlglot import exp

from jobs.targets import TargetStore, resolve_any
from kernel.errors import PushError, SchemaError
from kernel.schema import Schema
from kernel.settings import Settings

if TYPE_CHECKING:
    from sql.ledger import PushResult


def problems(schema: Schema) -> list[dict[str, Any]]:
    from sql.validate import validate_schema

    return [{"level": p.level, "message": p.message} for p in validate_schema(schema)]


def require_valid(schema: Schema) -> None:
    errors = [p for p in problems(schema) if p["level"] == "error"]
    if errors:
        raise SchemaError(f"the schema has {len(errors)} error(s), first: {errors[0]['message']}")


def ddl(schema: Schema, dialect: str) -> str:
    from sql.ddl import render_ddl
    from sql.types import DIALECTS

    if dialect not in DIALECTS:
        raise SchemaError(f"unsupported dialect {dialect!r}; choose one of {', '.join(sorted(DIALECTS))}")
    return render_ddl(schema, dialect=dialect)


def export(schema: Schema, fmt: str, dialect: str | None = None) -> dict[str, str]:
    """The files of ``schema`` exported as ``fmt``: every format of ``wiretable export``, plus
    ``json`` (the document itself) and ``mermaid`` (its ER diagram)."""
    from jobs.verbs.export import render_export

    if fmt == "json":
        return {"schema.json": schema.to_json()}
    if fmt == "mermaid":
        from sql.er import er_diagram

        return {"schema.mmd": er_diagram(schema)}
    return render_export(fmt, schema, dialect=dialect)


def diff_versions(old: Schema, new: Schema) -> dict[str, Any]:
    """The edits that turn ``old`` into ``new``, as a push would plan them."""
    from sql.edits import describe
    from sql.plan import diff

    edits, notes, warnings = diff(old, new)
    return {"changes": [describe(e) for e in edits], "notes": notes, "warnings": warnings,
            "identical": old.content_hash() == new.content_hash()}


def push_result(result: PushResult) -> dict[str, Any]:
    return {"target": result.target, "summary": result.summary(), "dry_run": result.dry_run, "no_op": result.no_op,
            "changes": list(result.changes), "destructive": list(result.destructive),
            "statements": list(result.statements), "plan": result.render_plan(), "version": result.version}


def push_to(schema: Schema, target: str | None, settings: Settings, conninfo: str, *, dry_run: bool,
            allow_destructive: bool = False, applied_by: str = "wiretable api") -> dict[str, Any]:
    """Plan (``dry_run``) or apply ``schema`` to a target: a keyword, a URL or a saved profile."""
    from jobs.verbs.plan import push_timeouts
    from sql.apply import push, verify_rest

    require_valid(schema)
    resolved, supa = resolve_any(target, settings, lambda: TargetStore(conninfo))
    result = push(schema, resolved, dry_run=dry_run, allow_destructive=allow_destructive, applied_by=applied_by,
                  **push_timeouts(settings))
    if not dry_run:
        result = verify_rest(result, supa)
    return push_result(result)


# one database per schema --------------------------------------------------------------------


def database_name(schema_id: str) -> str:
    return f"wiretable_schema_{schema_id}"


def _database_url(conninfo: str, name: str) -> str:
    parts = urlsplit(conninfo)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin(conninfo: str) -> psycopg.Connection[Any]:
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=10)


def _exists(conninfo: str, name: str) -> bool:
    with _admin(conninfo) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def drop_database(conninfo: str, schema_id: str) -> bool:
    """Drop the schema's database; False when there was none."""
    name = database_name(schema_id)
    if not _exists(conninfo, name):
        return False
    statement = exp.Drop(tables=[exp.Table(this=exp.Identifier(this=name, quoted=True))], kind="DATABASE", exists=True)
    with _admin(conninfo) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                     " AND pid <> pg_backend_pid()", (name,))
        conn.execute(statement.sql("postgres"))
    return True


def regenerate_database(conninfo: str, schema_id: str, schema: Schema) -> dict[str, Any]:
    """Drop the schema's database if it exists, create it afresh and push the schema into it."""
    from sql.apply import push

    require_valid(schema)
    drop_database(conninfo, schema_id)
    name = database_name(schema_id)
    statement = exp.Create(this=exp.Table(this=exp.Identifier(this=name, quoted=True)), kind="DATABASE")
    with _admin(conninfo) as conn:
        conn.execute(statement.sql("postgres"))
    result = push(schema, _database_url(conninfo, name), applied_by=f"wiretable api (schema {schema_id})")
    return push_result(result)


def database_status(conninfo: str, schema_id: str, schema: Schema,
                    counter: Callable[[str, str], int] | None = None) -> dict[str, Any]:
    """Exists, its tables with row counts, the last push, and the drift from the schema."""
    from sql.apply import plan_push
    from sql.introspect import introspect

    name = database_name(schema_id)
    if not _exists(conninfo, name):
        return {"database": name, "exists": False, "tables": {}, "last_push": None, "drift": None}
    url = _database_url(conninfo, name)
    live = introspect(url)
    tables: dict[str, int] = {}
    last_push = None
    with psycopg.connect(url, connect_timeout=10) as conn:
        for table in live.tables:
            query = exp.select(exp.Count(this=exp.Star())).from_(exp.Table(this=exp.Identifier(this=table.name,
                                                                                              quoted=True)))
            row = conn.execute(query.sql("postgres")).fetchone()
            tables[table.name] = int(row[0]) if row else 0
        ledger = conn.execute("SELECT to_regclass('wiretable_migrations')").fetchone()
        if ledger and ledger[0]:
            row = conn.execute("SELECT max(applied_at) FROM wiretable_migrations").fetchone()
            last_push = row[0].isoformat() if row and row[0] else None
    planned = plan_push(schema, url)
    drift = {"in_sync": planned.no_op, "changes": list(planned.changes)}
    return {"database": name, "exists": True, "tables": tables, "last_push": last_push, "drift": drift}


def database_rows(conninfo: str, schema_id: str, table: str, *, offset: int = 0, limit: int = 100,
                  order_by: str | None = None, descending: bool = False) -> dict[str, Any]:
    """A page of ``table``'s rows in the schema's database, read as the job page's Data view reads
    a target (``jobs.verbs.data``); PushError when the database or the table does not exist."""
    from jobs.verbs.data import CELL_CHARS, READ_STATEMENT_TIMEOUT
    from sql.rows import read_rows

    name = database_name(schema_id)
    if not _exists(conninfo, name):
        raise PushError(f"schema {schema_id} has no database yet: create it with POST "
                        f"/api/v1/schemas/{schema_id}/database/regenerate", missing=True)
    page = read_rows(_database_url(conninfo, name), table, offset=offset, limit=limit, order_by=order_by,
                     descending=descending, max_chars=CELL_CHARS, statement_timeout=READ_STATEMENT_TIMEOUT)
    names = [c.name for c in page.columns]
    return {"database": name, "table": page.table, "total": page.total, "offset": page.offset, "limit": page.limit,
            "order_by": page.order_by, "descending": page.descending,
            "columns": [{"name": c.name, "type": c.type} for c in page.columns],
            "rows": [dict(zip(names, row, strict=True)) for row in page.rows], "truncated": page.truncated}
