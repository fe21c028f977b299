"""Push a Schema to a Postgres target: one transaction, one advisory lock, one ledger row.

Guarantees of :func:`push`:

- The whole push (reading the live catalog, every DDL statement, the ledger row) runs in one
  transaction under ``pg_advisory_xact_lock``, so two pushes to the same database never
  interleave, and a failure leaves the target exactly as it was, ledger included.
- A failing statement raises PushError naming the statement and the server's message.
- A dead or wrong URL raises PushError after at most ``connect_timeout`` seconds.
- The plan is made from the live catalog read under the lock, not from the ledger: when the
  target already matches the document the push changes nothing and writes no ledger row.
- A plan with destructive edits (drops, narrowing type changes, NOT NULL over nulls) raises
  DestructiveChangeError, naming each one, before anything changes, unless explicitly allowed.
- On a target with Supabase's roles, ``NOTIFY pgrst, 'reload schema'`` is part of the
  transaction, so PostgREST reloads exactly when the push commits.
- The schema is validated first; an invalid document raises SchemaError before connecting.
- :class:`Target` may also be the Management API (``sql.api_push``), with the same guarantees
  carried by one multi-statement request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import psycopg
from sqlglot import exp

from kernel.errors import PushError
from kernel.schema import Schema
from sql.connection import DEFAULT_CONNECT_TIMEOUT, connect, one_line
from sql.ddl import ident
from sql.introspect import LEDGER_TABLE, connection_fetch
from sql.migrate import (
    DestructiveChangeError,
    Live,
    SupabaseSettings,
    Target,
    plan_against,
    read_live,
    refuse_destructive,
)
from sql.plan import Plan, describe
from sql.seed import Records, insert_statements
from sql.supabase import RestCheck, reload_statement
from sql.validate import Problem, check_schema

__all__ = ["DestructiveChangeError", "PushResult", "Target", "plan_push", "push"]

Tracer = Callable[[str], None]

# A fixed key ("wiretabl" as a signed 64-bit integer) shared by every wiretable push.
ADVISORY_LOCK_KEY = int.from_bytes(b"wiretabl", "big", signed=True)
TARGET_SCHEMA = "public"

_LOCK = "SELECT pg_advisory_xact_lock(%s)"
_SEARCH_PATH = "SET LOCAL search_path TO public"
_RECORD = (
    "INSERT INTO public.wiretable_migrations (schema_name, schema_hash, statements, applied_by, tables)"
    " VALUES (%(name)s, %(hash)s, %(sql)s, %(by)s, %(tables)s) RETURNING version"
)
_MAX_STATEMENT_IN_MESSAGE = 300


@dataclass(frozen=True)
class PushResult:
    """What a push did (or, for a dry run or a refused push, would do)."""

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
    changes: tuple[str, ...] = ()
    destructive: tuple[str, ...] = ()
    policy_warnings: tuple[str, ...] = ()
    supabase: bool = False
    seeded: str | None = None
    rest_checks: tuple[RestCheck, ...] = ()

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
        others = len(self.changes) - len(self.created_tables) - len(self.added_columns)
        if others > 0:
            parts.append(f"{others} other change(s)" if not self.dry_run else f"{others} other change(s) planned")
        if self.version is not None:
            parts.append(f"ledger version {self.version}")
        if self.seeded:
            parts.append(self.seeded)
        return f"{self.target}: " + "; ".join(parts)

    def render_plan(self) -> str:
        """The migration plan as a commented SQL script: what changes, what is destructive, the SQL."""
        if self.no_op:
            lines = [f"-- {self.target}: nothing to do, the target already matches the schema"]
            lines += [f"-- note: {n}" for n in self.notes]
            return "\n".join(lines) + "\n"
        lines = [f"-- plan for {self.target}: {len(self.changes)} change(s), {len(self.destructive)} destructive"]
        destructive = set(self.destructive)
        for change in self.changes:
            lines.append(f"--   {'!' if change in destructive else '+'} {change}"
                         + ("   [destructive]" if change in destructive else ""))
        lines += [f"-- warning: {w}" for w in self.policy_warnings]
        lines += [f"-- note: {n}" for n in self.notes]
        lines += [s + ";" for s in self.statements]
        return "\n".join(lines) + "\n"


def _tables_column() -> exp.ColumnDef:
    """The tables of the schema after each push: the only tables a later push may drop."""
    return exp.ColumnDef(this=ident("tables"), kind=exp.DataType.build("text[]", dialect="postgres"))


def ledger_upgrade() -> exp.Alter:
    """Add the ``tables`` column to a ledger written before it existed."""
    column = _tables_column()
    column.set("exists", True)
    return exp.Alter(
        this=exp.Table(this=ident(LEDGER_TABLE), db=ident(TARGET_SCHEMA)), kind="TABLE", actions=[column]
    )


def record_params(schema: Schema, result: PushResult, applied_by: str | None) -> dict[str, object]:
    return {"name": schema.name, "hash": result.schema_hash, "sql": result.sql, "by": applied_by,
            "tables": [t.name for t in schema.tables]}


def ledger_table() -> exp.Create:
    """``CREATE TABLE IF NOT EXISTS wiretable_migrations (...)``, built from nodes."""

    def column(name: str, kind: exp.DType, *constraints: exp.Expression) -> exp.ColumnDef:
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
                _tables_column(),
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

    def run(self, statement: str, params: tuple[object, ...] | dict[str, object] | None = None) -> psycopg.Cursor:
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


def _result(schema: Schema, target: str, the_plan: Plan, live: Live, *, dry_run: bool) -> PushResult:
    statements = the_plan.statements("postgres")
    if statements and live.facts.supabase:
        statements.append(reload_statement())
    return PushResult(
        target=target,
        schema_hash=schema.content_hash(),
        statements=tuple(statements),
        created_tables=the_plan.created_tables,
        added_columns=the_plan.added_columns,
        dry_run=dry_run,
        notes=the_plan.notes,
        warnings=tuple(check_schema(schema)),
        changes=tuple(the_plan.describe()),
        destructive=tuple(describe(e) for e in the_plan.destructive),
        policy_warnings=the_plan.warnings,
        supabase=live.facts.supabase,
    )


def push(
    schema: Schema,
    target_url: str | Target,
    *,
    dry_run: bool = False,
    allow_destructive: bool = False,
    detect_renames: bool = True,
    applied_by: str | None = None,
    tracer: Tracer | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    records: Records | None = None,
) -> PushResult:
    """Apply ``schema`` to the target (a Postgres URL or a :class:`Target`); see the module's guarantees.

    ``tracer`` is called with each statement the push sends that locks or changes the target
    (the lock, the ledger DDL, the plan's statements, the ledger insert), before it runs. A dry
    run reads the catalog under the lock, plans, and rolls back without changing anything. With
    ``records`` ({table: [row, …]}), tables this push creates are loaded with them (``sql.seed``).
    A plan with destructive edits raises :class:`DestructiveChangeError` unless
    ``allow_destructive``; a dry run lists them instead.
    """
    target = target_url if isinstance(target_url, Target) else Target("postgres", url=target_url)
    check_schema(schema)
    if target.api is not None:
        from sql.api_push import push_via_api

        return push_via_api(schema, target.api, dry_run=dry_run, allow_destructive=allow_destructive,
                            detect_renames=detect_renames, applied_by=applied_by, tracer=tracer, records=records)
    assert target.url is not None
    label = target.label
    with connect(target.url, connect_timeout=connect_timeout) as conn:
        runner = _Runner(conn, label, tracer)
        try:
            runner.run(_LOCK, (ADVISORY_LOCK_KEY,))
            runner.run(_SEARCH_PATH)
            live = read_live(connection_fetch(conn), schema, TARGET_SCHEMA)
            the_plan = plan_against(live, schema, detect_renames=detect_renames)
            result = _result(schema, label, the_plan, live, dry_run=dry_run)
            if the_plan.is_empty:
                conn.rollback()
                return replace(result, statements=(), no_op=True)
            if dry_run:
                conn.rollback()
                return result
            if not allow_destructive:
                refuse_destructive(the_plan, label)
            runner.run(ledger_table().sql("postgres") if live.ledger_version is None
                       else ledger_upgrade().sql("postgres"))
            for statement in result.statements:
                runner.run(statement)
            seeded = None
            if records:
                inserts, report = insert_statements(schema, records, result.created_tables)
                for statement in inserts:
                    runner.run(statement)
                seeded = report.summary()
            row = runner.run(_RECORD, record_params(schema, result, applied_by)).fetchone()
            conn.commit()
        except BaseException:
            if not conn.closed:
                conn.rollback()
            raise
    return replace(result, version=row[0] if row else None, seeded=seeded)


def verify_rest(result: PushResult, supa: SupabaseSettings) -> PushResult:
    """With SUPABASE_URL and SUPABASE_KEY, ask the REST API about each table this push created."""
    if not supa.rest_configured or result.dry_run or not result.created_tables:
        return result
    from sql.supabase import rest_check

    key = supa.key.get_secret_value() if supa.key else ""
    return replace(result, rest_checks=tuple(rest_check(supa.url or "", key, result.created_tables)))


def plan_push(schema: Schema, target: str | Target, *, detect_renames: bool = True,
              connect_timeout: float = DEFAULT_CONNECT_TIMEOUT) -> PushResult:
    """The plan a push would apply now, read from the live target; changes nothing."""
    return push(schema, target, dry_run=True, detect_renames=detect_renames, connect_timeout=connect_timeout)
