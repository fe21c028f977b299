"""A push through Supabase's Management API: the same plan, sent as one transactional request.

The catalog is read through the API first (outside any lock); the migration request then takes
the advisory lock, fails unless the ledger still has the version seen while planning, runs every
statement (each naming itself on failure), records the ledger row and answers its version.
Postgres runs a multi-statement request as one implicit transaction, so a failure anywhere
leaves the target unchanged.

This route has no bound parameters: sample rows are sent as one INSERT per row with each value
quoted by psycopg (NUL characters left out, as on a connection). Rows are skipped before loading
as on a connection (``sql.seed``), but a row Postgres rejects fails the push here, since one
request cannot skip a statement and report it.
"""

from __future__ import annotations

from dataclasses import replace

from kernel.errors import PushError
from kernel.schema import Schema
from sql.ledger import (
    ADVISORY_LOCK_KEY,
    LOCK,
    RECORD,
    SEARCH_PATH,
    PushResult,
    Tracer,
    ledger_table,
    ledger_upgrade,
    push_result,
    record_params,
    short_statement,
)
from sql.management_api import ManagementApi, failed_statement, guarded, inline, ledger_guard
from sql.migrate import plan_against, read_live, refuse_destructive
from sql.seed import Records, SeedReport, around_load, row_batches


def inline_rows(schema: Schema, records: Records, tables: tuple[str, ...]) -> tuple[list[str], SeedReport]:
    """One INSERT per admitted row of ``tables``, its parameters quoted in, and the report."""
    batches, report = row_batches(schema, records, tables)
    before, after = around_load(batches)
    inserts = [inline(batch.statement(1), batch.params([row])) for batch in batches for row in batch.rows]
    return before + inserts + after, report


def push_via_api(
    schema: Schema,
    api: ManagementApi,
    *,
    dry_run: bool = False,
    allow_destructive: bool = False,
    detect_renames: bool = True,
    applied_by: str | None = None,
    tracer: Tracer | None = None,
    records: Records | None = None,
) -> PushResult:
    label = api.label
    live = read_live(api.fetch, schema)
    the_plan = plan_against(live, schema, detect_renames=detect_renames)
    result = push_result(schema, label, the_plan, live, dry_run=dry_run)
    if the_plan.is_empty:
        return replace(result, statements=(), no_op=True)
    if dry_run:
        return result
    if not allow_destructive:
        refuse_destructive(the_plan, label)
    statements = list(result.statements)
    statements.insert(0, ledger_table().sql("postgres") if live.ledger_version is None
                      else ledger_upgrade().sql("postgres"))
    seed = None
    if records:
        inserts, seed = inline_rows(schema, records, result.created_tables)
        statements += inserts
    _, wrapped = guarded(statements)
    record = inline(RECORD, record_params(schema, result, applied_by))
    script = [
        inline(LOCK.replace("%s", "%(key)s"), {"key": ADVISORY_LOCK_KEY}),
        SEARCH_PATH,
        ledger_guard(live.ledger_version),
        *wrapped,
        record,
    ]
    if tracer is not None:
        for sent in [script[0], *statements, record]:
            tracer(sent)
    try:
        rows = api.query(";\n".join(script) + ";")
    except PushError as exc:
        statement, server = failed_statement(exc.message, statements)
        where = f"; statement: {short_statement(statement)}" if statement else ""
        raise PushError(f"push to {label} failed and was rolled back{where} — server said: {server}",
                        url=label, statement=statement) from exc
    version = rows[0].get("version") if rows else None
    result = replace(result, version=version)
    return result.with_seed(seed) if seed is not None else result
