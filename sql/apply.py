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
- A push can be cancelled while it runs: the statement running is interrupted on the server and
  everything rolls back; a push that already committed stays applied, whole.
- :class:`Target` may also be the Management API (``sql.api_push``), with the same guarantees
  carried by one multi-statement request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import psycopg

from kernel.errors import PushError
from kernel.schema import Schema
from sql.connection import DEFAULT_CONNECT_TIMEOUT, connect, server_message
from sql.introspect import connection_fetch
from sql.ledger import (
    ADVISORY_LOCK_KEY,
    LOCK,
    RECORD,
    SEARCH_PATH,
    TARGET_SCHEMA,
    PushResult,
    Tracer,
    ledger_table,
    ledger_upgrade,
    push_result,
    record_params,
    short_statement,
)
from sql.migrate import (
    DestructiveChangeError,
    SupabaseSettings,
    Target,
    plan_against,
    read_live,
    refuse_destructive,
)
from sql.seed import Records, load_rows, row_batches
from sql.validate import check_schema
from sql.waiting import cancelled, check_cancel, interruptible, set_timeouts, take_lock

__all__ = [
    "ADVISORY_LOCK_KEY", "TARGET_SCHEMA", "DestructiveChangeError", "PushResult", "Target", "Tracer", "ledger_table",
    "ledger_upgrade", "plan_push", "push", "record_params",
]

class StatementRunner:
    """Runs a push's statements on one connection, tracing each, and names the failing one."""

    def __init__(self, conn: psycopg.Connection, target: str, tracer: Tracer | None,
                 cancel: threading.Event | None = None) -> None:
        self.conn = conn
        self.target = target
        self.tracer = tracer
        self.cancel = cancel

    def run(self, statement: str, params: tuple[object, ...] | dict[str, object] | None = None) -> psycopg.Cursor:
        check_cancel(self.cancel, self.target)
        if self.tracer is not None:
            self.tracer(statement)
        try:
            return self.conn.execute(statement, params)  # type: ignore[arg-type, unused-ignore]
        except psycopg.Error as exc:
            raise PushError(
                f"push to {self.target} failed and was rolled back; statement: {short_statement(statement)}"
                f" — server said: {server_message(exc)}",
                url=self.target,
                statement=statement,
            ) from exc


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
    lock_timeout: float = 60.0,
    statement_timeout: float = 600.0,
    on_wait: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> PushResult:
    """Apply ``schema`` to the target (a Postgres URL or a :class:`Target`); see the module's guarantees.

    ``tracer`` is called with each statement the push sends that locks or changes the target
    (the lock, the ledger DDL, the plan's statements, the ledger insert), before it runs. A dry
    run reads the catalog under the lock, plans, and rolls back without changing anything. With
    ``records`` ({table: [row, …]}), tables this push creates are loaded with them as bound
    parameters; rows that cannot be stored are skipped and counted with a reason (``sql.seed``).
    A plan with destructive edits raises :class:`DestructiveChangeError` unless
    ``allow_destructive``; a dry run lists them instead. Behind another push, ``on_wait`` hears
    who holds the lock and the push gives up after ``lock_timeout`` seconds; each statement may
    run ``statement_timeout`` seconds (0: no limit for either). Setting ``cancel`` while the push
    runs interrupts it: it rolls back and raises PushError with ``cancelled`` set, unless it
    already committed.
    """
    target = target_url if isinstance(target_url, Target) else Target("postgres", url=target_url)
    check_schema(schema)
    check_cancel(cancel, target.label)
    if target.api is not None:
        from sql.api_push import push_via_api

        return push_via_api(schema, target.api, dry_run=dry_run, allow_destructive=allow_destructive,
                            detect_renames=detect_renames, applied_by=applied_by, tracer=tracer, records=records)
    assert target.url is not None
    label = target.label
    with connect(target.url, connect_timeout=connect_timeout) as conn, interruptible(conn, cancel):
        runner = StatementRunner(conn, label, tracer, cancel)
        try:
            if tracer is not None:
                tracer(LOCK)
            set_timeouts(conn, statement_timeout)
            take_lock(conn, ADVISORY_LOCK_KEY, label, lock_timeout, on_wait)
            runner.run(SEARCH_PATH)
            live = read_live(connection_fetch(conn), schema, TARGET_SCHEMA)
            the_plan = plan_against(live, schema, detect_renames=detect_renames)
            result = push_result(schema, label, the_plan, live, dry_run=dry_run)
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
            seed = None
            if records:
                batches, admitted = row_batches(schema, records, result.created_tables)
                seed = load_rows(conn, batches, admitted, target=label, trace=tracer)
            row = runner.run(RECORD, record_params(schema, result, applied_by)).fetchone()
            check_cancel(cancel, label)
            conn.commit()
        except psycopg.Error as exc:  # reading the catalog or taking the lock (statements raise PushError)
            if not conn.closed:
                conn.rollback()
            if cancel is not None and cancel.is_set():
                raise cancelled(label) from exc
            raise PushError(f"push to {label} failed and was rolled back — server said: {server_message(exc)}",
                            url=label) from exc
        except BaseException as exc:
            if not conn.closed:
                conn.rollback()
            if isinstance(exc, PushError) and cancel is not None and cancel.is_set() \
                    and not getattr(exc, "cancelled", False):
                raise cancelled(label) from exc
            raise
    result = replace(result, version=row[0] if row else None)
    return result.with_seed(seed) if seed is not None else result


def verify_rest(result: PushResult, supa: SupabaseSettings) -> PushResult:
    """With SUPABASE_URL and SUPABASE_KEY, ask the REST API about each table this push created."""
    if not supa.rest_configured or result.dry_run or not result.created_tables:
        return result
    from sql.supabase import rest_check

    key = supa.key.get_secret_value() if supa.key else ""
    return replace(result, rest_checks=tuple(rest_check(supa.url or "", key, result.created_tables)))


def plan_push(schema: Schema, target: str | Target, *, detect_renames: bool = True,
              connect_timeout: float = DEFAULT_CONNECT_TIMEOUT, lock_timeout: float = 60.0,
              statement_timeout: float = 600.0, on_wait: Callable[[str], None] | None = None) -> PushResult:
    """The plan a push would apply now, read from the live target (under the push lock, bounded
    like a push); changes nothing."""
    return push(schema, target, dry_run=True, detect_renames=detect_renames, connect_timeout=connect_timeout,
                lock_timeout=lock_timeout, statement_timeout=statement_timeout, on_wait=on_wait)
