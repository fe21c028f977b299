"""Taking the push lock without waiting forever: say who holds it, wait at most a set time.

A push serializes on one transaction-scoped advisory lock. When another push holds it, the
waiting push says so (which process, since when, from which program) and gives up with a clear
PushError after ``lock_timeout`` seconds; every statement of the push is bounded by
``statement_timeout`` seconds. Zero means no limit. A push may also be cancelled while it runs
(:func:`interruptible`): the statement running is interrupted and the transaction rolls back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import errors, sql

from kernel.errors import PushError

_TRY = "SELECT pg_try_advisory_xact_lock(%s)"
_LOCK = "SELECT pg_advisory_xact_lock(%s)"
_HOLDER = (
    "SELECT a.pid, coalesce(a.application_name, ''), a.xact_start, coalesce(a.client_addr::text, 'local')"
    " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database"
    " WHERE datname = current_database()) AND l.classid = %(hi)s::oid AND l.objid = %(lo)s::oid AND l.objsubid = 1"
)


def set_timeouts(conn: psycopg.Connection, statement_timeout: float) -> None:
    """Bound every statement of this transaction (``SET LOCAL``: gone at commit or rollback)."""
    conn.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(f"{int(statement_timeout * 1000)}ms")))


def holder(conn: psycopg.Connection, key: int) -> str | None:
    """Who holds the advisory lock ``key``, in words; None when nobody is seen holding it."""
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    row = conn.execute(_HOLDER, {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}).fetchone()
    if row is None:
        return None
    pid, app, started, client = row
    since = f", in a transaction since {started:%Y-%m-%d %H:%M:%S %Z}" if started else ""
    return f"server process {pid} ({app or 'unnamed program'} from {client}{since})"


def take_lock(conn: psycopg.Connection, key: int, target: str, lock_timeout: float,
              on_wait: Callable[[str], None] | None = None) -> None:
    """Take the push lock, waiting at most ``lock_timeout`` seconds behind another push."""
    if conn.execute(_TRY, (key,)).fetchone()[0]:  # type: ignore[index]
        return
    who = holder(conn, key) or "another push"
    limit = f"up to {lock_timeout:g} s" if lock_timeout else "with no time limit"
    if on_wait is not None:
        on_wait(f"{target}: waiting {limit} for another push to finish: {who}")
    conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{int(lock_timeout * 1000)}ms")))
    try:
        conn.execute(_LOCK, (key,))
    except errors.LockNotAvailable as exc:
        raise PushError(
            f"push to {target} gave up after waiting {lock_timeout:g} s for another push to finish ({who}); "
            "nothing was changed (raise WIRETABLE_PUSH_LOCK_TIMEOUT to wait longer)", url=target) from exc
    conn.execute("SET LOCAL lock_timeout = 0")


@contextmanager
def interruptible(conn: psycopg.Connection, cancel: threading.Event | None) -> Iterator[None]:
    """While inside, setting ``cancel`` interrupts the statement ``conn`` runs (the server cancels
    it, and the transaction can then only roll back). A cancel between two statements is seen by
    :func:`check_cancel` before the next one."""
    if cancel is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(0.05):
                if not done.is_set():
                    conn.cancel_safe(timeout=5)
                return

    watcher = threading.Thread(target=watch, name="push-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join(6)


def check_cancel(cancel: threading.Event | None, target: str) -> None:
    """Raise the cancelled push's PushError when ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise cancelled(target)


def cancelled(target: str) -> PushError:
    return PushError(f"push to {target} was cancelled and rolled back; nothing was changed", url=target,
                     cancelled=True)
