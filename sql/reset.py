"""Reset: drop and recreate a schema's tables, but only those that wiretable's own pushes created.

Which tables wiretable created is read from the ledger (``wiretable_migrations``): the
``CREATE TABLE`` statements its pushes recorded, parsed with sqlglot. A table of the schema
that exists in the target but was not created by a push is left alone (and reported); so is
every table outside the schema. The whole reset runs as one transaction under the pushes'
advisory lock: the drops, the plan that recreates the tables from the document, and one ledger
row recording both. A failure (for example another table still referring to a dropped one)
rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from kernel.errors import PushError
from kernel.schema import Schema
from sql.apply import StatementRunner
from sql.connection import DEFAULT_CONNECT_TIMEOUT, connect
from sql.ddl import table_order
from sql.introspect import LEDGER_TABLE, connection_fetch
from sql.ledger import ADVISORY_LOCK_KEY, LOCK, RECORD, SEARCH_PATH, TARGET_SCHEMA, PushResult, ledger_upgrade
from sql.migrate import plan_against, read_live, refuse_destructive
from sql.validate import check_schema

_LEDGER_EXISTS = "SELECT to_regclass('public.wiretable_migrations') IS NOT NULL"
_LEDGER_STATEMENTS = "SELECT statements FROM public.wiretable_migrations ORDER BY version"


@dataclass(frozen=True)
class ResetResult:
    target: str
    recreated: tuple[str, ...] = ()
    left_alone: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    version: int | None = None

    def summary(self) -> str:
        parts = [f"{self.target}: dropped and recreated {len(self.recreated)} table(s)"
                 + (f" ({', '.join(self.recreated)})" if self.recreated else "")]
        if self.left_alone:
            parts.append(f"left alone (not created by a wiretable push): {', '.join(self.left_alone)}")
        if self.version is not None:
            parts.append(f"ledger version {self.version}")
        return "; ".join(parts)


def created_tables(ledger_statements: list[str]) -> set[str]:
    """The tables that ``CREATE TABLE`` statements in the ledger created (in schema public)."""
    out: set[str] = set()
    for text in ledger_statements:
        try:
            parsed = sqlglot.parse(text, read="postgres")
        except SqlglotError:
            continue
        for statement in parsed:
            if isinstance(statement, exp.Create) and statement.kind == "TABLE":
                table = statement.find(exp.Table)
                if table is not None and table.db in ("", TARGET_SCHEMA):
                    out.add(table.name)
    return out


def reset(schema: Schema, target_url: str, *, applied_by: str | None = None, label: str | None = None,
          connect_timeout: float = DEFAULT_CONNECT_TIMEOUT) -> ResetResult:
    """Drop the schema's tables that wiretable created in ``target_url`` and recreate them.
    ``label`` names the target in messages (a URL without its password)."""
    check_schema(schema)
    from sql.embedded import redact_url

    name = label or redact_url(target_url)
    from sql.ddl import ident

    with connect(target_url, connect_timeout=connect_timeout) as conn:
        runner = StatementRunner(conn, name, None)
        try:
            runner.run(LOCK, (ADVISORY_LOCK_KEY,))
            runner.run(SEARCH_PATH)
            row = runner.run(_LEDGER_EXISTS).fetchone()
            if not row or not row[0]:
                raise PushError(f"{name}: no wiretable push is recorded here ({LEDGER_TABLE} is missing);"
                                " nothing to reset", url=name)
            owned = created_tables([r[0] for r in runner.run(_LEDGER_STATEMENTS).fetchall()])
            live = read_live(connection_fetch(conn), schema, TARGET_SCHEMA)
            existing = {t.name for t in live.catalog.schema.tables}
            ordered = [t.name for t in table_order(schema.tables)]
            drop = [name for name in reversed(ordered) if name in owned and name in existing]
            left_alone = tuple(name for name in ordered if name in existing and name not in owned)
            statements = [exp.Drop(tables=[exp.Table(this=ident(name), db=ident(TARGET_SCHEMA))], kind="TABLE")
                          .sql("postgres") for name in drop]
            for statement in statements:
                runner.run(statement)
            after = read_live(connection_fetch(conn), schema, TARGET_SCHEMA)
            the_plan = plan_against(after, schema, detect_renames=False)
            refuse_destructive(the_plan, name)  # a reset never narrows the tables it leaves alone
            creates = the_plan.statements("postgres")
            for statement in creates:
                runner.run(statement)
            runner.run(ledger_upgrade().sql("postgres"))
            result = PushResult(target=name, schema_hash=schema.content_hash(),
                                statements=tuple(statements + creates))
            record: dict[str, object] = {"name": schema.name, "hash": result.schema_hash, "sql": result.sql,
                      "by": applied_by or "wiretable reset", "tables": [t.name for t in schema.tables]}
            version_row = runner.run(RECORD, record).fetchone()
            conn.commit()
        except BaseException:
            if not conn.closed:
                conn.rollback()
            raise
    return ResetResult(target=name, recreated=tuple(reversed(drop)), left_alone=left_alone,
                       statements=result.statements, version=version_row[0] if version_row else None)
