"""The ledger and the lock every push shares, whichever route it takes (a connection, ``sql.apply``,
or Supabase's Management API, ``sql.api_push``), and the result a push reports.

Every push takes ``pg_advisory_xact_lock(ADVISORY_LOCK_KEY)``, plans from the live catalog, and
records one row in ``public.wiretable_migrations`` (version, schema hash, SQL, tables, who, when)
in the same transaction as its statements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlglot import exp

from kernel.schema import Schema
from sql.ddl import ident
from sql.edits import describe
from sql.introspect import LEDGER_TABLE
from sql.migrate import Live
from sql.plan import Plan
from sql.seed import SeedReport, SkippedRows
from sql.supabase import RestCheck, reload_statement
from sql.validate import Problem, check_schema

Tracer = Callable[[str], None]

# A fixed key ("wiretabl" as a signed 64-bit integer) shared by every wiretable push.
ADVISORY_LOCK_KEY = int.from_bytes(b"wiretabl", "big", signed=True)
TARGET_SCHEMA = "public"

LOCK = "SELECT pg_advisory_xact_lock(%s)"
SEARCH_PATH = "SET LOCAL search_path TO public"
RECORD = (
    "INSERT INTO public.wiretable_migrations (schema_name, schema_hash, statements, applied_by, tables)"
    " VALUES (%(name)s, %(hash)s, %(sql)s, %(by)s, %(tables)s) RETURNING version"
)
MAX_STATEMENT_IN_MESSAGE = 300


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
    #: With sample data: the rows loaded and skipped per table, and why rows were skipped.
    seed: SeedReport | None = field(default=None, compare=False)

    def with_seed(self, report: SeedReport) -> PushResult:
        """This result reporting the sample rows of ``report`` (in ``seeded`` and ``skipped_rows``)."""
        return replace(self, seed=report, seeded=report.summary())

    @property
    def skipped_rows(self) -> tuple[SkippedRows, ...]:
        """Per table, the sample rows skipped and the reason: ``table X: N rows skipped: reason``."""
        return self.seed.skipped_rows() if self.seed is not None else ()

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


def short_statement(statement: str) -> str:
    statement = " ".join(statement.split())
    if len(statement) > MAX_STATEMENT_IN_MESSAGE:
        return statement[: MAX_STATEMENT_IN_MESSAGE - 1] + "…"
    return statement


def push_result(schema: Schema, target: str, the_plan: Plan, live: Live, *, dry_run: bool) -> PushResult:
    """What pushing ``the_plan`` to ``target`` does (or, dry, would do), before it runs."""
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
