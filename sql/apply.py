"""Push a Schema to a Postgres target: one transaction, one advisory lock, one ledger row.

Guarantees of :func:`push`:

- The whole push (reading the live catalog, every DDL statement, the ledger row) runs in one
  transaction under ``pg_advisory_xact_lock``, so two pushes to the same database never
  interleave, and a failure leaves the target exactly as it was, ledger included.
- A failing statement raises PushError naming the statement and the server's message.
- A dead or wrong URL raises PushError after at most ``connect_timeout`` seconds.
- Re-pushing the schema recorded by the latest ledger row, when its tables exist, changes nothing.
- The schema is validated first; an invalid document raises SchemaError before connecting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import psycopg
from sqlglot import exp

from sql.connection import DEFAULT_CONNECT_TIMEOUT, connect, one_line
from sql.ddl import ident
from sql.embedded import redact_url
from sql.introspect import LEDGER_TABLE, introspect
from sql.model import Schema
from sql.plan import Plan, plan
from sql.validate import Problem, check_schema
from wiretable.errors import PushError

Tracer = Callable[[str], None]

# A fixed key ("wiretabl" as a signed 64-bit integer) shared by every wiretable push.
ADVISORY_LOCK_KEY = int.from_bytes(b"wiretabl", "big", signed=True)
TARGET_SCHEMA = "public"

_LOCK = "SELECT pg_advisory_xact_lock(%s)"
_SEARCH_PATH = "SET LOCAL search_path TO public"
_LEDGER_EXISTS = "SELECT to_regclass('public.wiretable_migrations') IS NOT NULL"
_LATEST = (
    "SELECT schema_hash FROM public.wiretable_migrations WHERE schema_name = %s ORDER BY version DESC LIMIT 1"
)
_RECORD = (
    "INSERT INTO public.wiretable_migrations (schema_name, schema_hash, statements, applied_by)"
    " VALUES (%s, %s, %s, %s) RETURNING version"
)
_MAX_STATEMENT_IN_MESSAGE = 300


@dataclass(frozen=True)
class PushResult:
    """What a push did (or, for a dry run, would do)."""

    target: str
    schema_hash: str
    statements: tuple[str, ...] = ()
    created_tables: tuple[str, ...] = ()
    added_columns: tuple[tuple[str, str], ...] = ()
    no_op: bool = False
    dry_run: bool = False
    version: int | None = None
    notes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def sql(self) -> str:
        return ";\n".join(self.statements) + ";" if self.statements else ""

    def summary(self) -> str:
        if self.no_op:
            return f"{self.target}: already up to date"
        verb = "would create" if self.dry_run else "created"
        columns = ", ".join(f"{t}.{c}" for t, c in self.added_columns)
        parts = [f"{verb} {len(self.created_tables)} table(s)"]
        if columns:
            parts.append(f"added column(s) {columns}")
        return f"{self.target}: " + "; ".join(parts)


def ledger_table() -> exp.Create:
    """``CREATE TABLE IF NOT EXISTS wiretable_migrations (...)``, built from nodes."""

    def column(name: str, kind: exp.DataType.Type, *constraints: exp.Expression) -> exp.ColumnDef:
        return exp.ColumnDef(
            this=ident(name),
            kind=exp.DataType(this=kind),
            constraints=[exp.ColumnConstraint(kind=c) for c in constraints] or None,
        )

    return exp.Create(
        this=exp.Schema(
            this=exp.Table(this=ident(LEDGER_TABLE), db=ident(TARGET_SCHEMA)),
            expressions=[
                column("version", exp.DataType.Type.SERIAL, exp.PrimaryKeyColumnConstraint()),
                column("schema_name", exp.DataType.Type.TEXT, exp.NotNullColumnConstraint()),
                column("schema_hash", exp.DataType.Type.TEXT, exp.NotNullColumnConstraint()),
                column("statements", exp.DataType.Type.TEXT, exp.NotNullColumnConstraint()),
                column("applied_by", exp.DataType.Type.TEXT),
                column(
                    "applied_at",
                    exp.DataType.Type.TIMESTAMPTZ,
                    exp.NotNullColumnConstraint(),
                    exp.DefaultColumnConstraint(this=exp.CurrentTimestamp()),
                ),
            ],
        ),
        kind="TABLE",
        exists=True,
    )


def _short(statement: str) -> str:
    statement = " ".join(statement.split())
    if len(statement) > _MAX_STATEMENT_IN_MESSAGE:
        return statement[: _MAX_STATEMENT_IN_MESSAGE - 1] + "…"
    return statement


class _Runner:
    def __init__(self, conn: psycopg.Connection, target: str, tracer: Tracer | None) -> None:
        self.conn = conn
        self.target = target
        self.tracer = tracer

    def run(self, statement: str, params: tuple[object, ...] | None = None) -> psycopg.Cursor:
        if self.tracer is not None:
            self.tracer(statement)
        try:
            return self.conn.execute(statement, params)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise PushError(
                f"push to {self.target} failed and was rolled back; statement: {_short(statement)}"
                f" — server said: {one_line(exc)}",
                url=self.target,
                statement=statement,
            ) from exc


def push(
    schema: Schema,
    target_url: str,
    *,
    dry_run: bool = False,
    applied_by: str | None = None,
    tracer: Tracer | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
) -> PushResult:
    """Apply ``schema`` to the Postgres database at ``target_url`` (see the module's guarantees).

    ``tracer`` is called with each statement the push sends that locks or changes the target
    (the lock, the ledger DDL, the plan's statements, the ledger insert), before it runs. A dry
    run reads the catalog under the lock, plans, and rolls back without changing anything.
    """
    warnings = tuple(check_schema(schema))
    schema_hash = schema.content_hash()
    target = redact_url(target_url)
    with connect(target_url, connect_timeout=connect_timeout) as conn:
        runner = _Runner(conn, target, tracer)
        try:
            runner.run(_LOCK, (ADVISORY_LOCK_KEY,))
            runner.run(_SEARCH_PATH)
            ledger_exists = bool(conn.execute(_LEDGER_EXISTS).fetchone()[0])  # type: ignore[index]
            current = introspect(conn, TARGET_SCHEMA)
            latest = conn.execute(_LATEST, (schema.name,)).fetchone() if ledger_exists else None
            the_plan: Plan = plan(current, schema)
            up_to_date = latest is not None and latest[0] == schema_hash and not the_plan.created_tables
            result = PushResult(
                target=target,
                schema_hash=schema_hash,
                statements=tuple(the_plan.statements("postgres")),
                created_tables=the_plan.created_tables,
                added_columns=the_plan.added_columns,
                dry_run=dry_run,
                notes=the_plan.notes,
                warnings=warnings,
            )
            if up_to_date or the_plan.is_empty:
                conn.rollback()
                return replace(result, statements=(), created_tables=(), added_columns=(), no_op=True)
            if dry_run:
                conn.rollback()
                return result
            if not ledger_exists:
                runner.run(ledger_table().sql("postgres"))
            for statement in result.statements:
                runner.run(statement)
            row = runner.run(_RECORD, (schema.name, schema_hash, result.sql, applied_by)).fetchone()
            conn.commit()
        except BaseException:
            if not conn.closed:
                conn.rollback()
            raise
    return replace(result, version=row[0] if row else None)
