"""Two pushes to one target serialize; a push process killed mid-transaction changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import psycopg

from sql.apply import push
from sql.introspect import introspect
from tests.factories import make_schema

ROOT = Path(__file__).resolve().parents[2]


def _waiting_for_advisory_lock(conn: psycopg.Connection) -> int:
    return conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    ).fetchone()[0]  # type: ignore[index]


def test_two_concurrent_pushes_serialize(target_url: str, conn: psycopg.Connection) -> None:
    holding = threading.Event()
    release = threading.Event()

    def pause_after_lock(statement: str) -> None:
        if statement.startswith("SET LOCAL search_path"):
            holding.set()
            assert release.wait(30)

    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.update(a=push(make_schema(), target_url, tracer=pause_after_lock)))
    first.start()
    assert holding.wait(30)
    second = threading.Thread(target=lambda: results.update(b=push(make_schema(), target_url)))
    second.start()
    for _ in range(200):  # the second push reaches the lock and waits for it
        if _waiting_for_advisory_lock(conn):
            break
        threading.Event().wait(0.05)
    assert _waiting_for_advisory_lock(conn) == 1
    assert introspect(conn).tables == []  # the first push has not committed anything yet
    release.set()
    first.join(30)
    second.join(30)
    a, b = results["a"], results["b"]
    assert a.created_tables == ("users", "posts") and a.version == 1  # type: ignore[attr-defined]
    # The second push planned only after the first committed, so it found nothing to do.
    assert b.no_op  # type: ignore[attr-defined]
    assert conn.execute("SELECT count(*) FROM wiretable_migrations").fetchone() == (1,)


_KILLED_PUSH = textwrap.dedent(
    """
    import sys, time
    from sql.apply import push
    from tests.factories import make_schema

    def tracer(statement):
        if statement.startswith('ALTER TABLE "posts" ADD FOREIGN KEY'):
            print("mid-transaction", flush=True)
            time.sleep(600)

    push(make_schema(), sys.argv[1], tracer=tracer)
    """
)


def test_a_push_killed_mid_transaction_leaves_the_target_unchanged(
    target_url: str, conn: psycopg.Connection, tmp_path: Path
) -> None:
    conn.execute("CREATE TABLE keep (id integer)")
    conn.execute("INSERT INTO keep VALUES (1)")
    before = introspect(conn)
    script = tmp_path / "killed_push.py"
    script.write_text(_KILLED_PUSH, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), target_url], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "mid-transaction"
        # The tables exist inside the open transaction, invisible to everyone else.
        assert introspect(conn) == before
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert introspect(conn) == before
    assert conn.execute("SELECT to_regclass('wiretable_migrations')").fetchone() == (None,)
    assert conn.execute("SELECT count(*) FROM keep").fetchone() == (1,)
    # The server rolled back and released the lock: the next push goes through.
    assert push(make_schema(), target_url).version == 1
