"""Pushes never alter what wiretable did not create, never wait forever behind another push, and
never let one statement run without bound."""

from __future__ import annotations

import threading

import psycopg
import pytest

from kernel.errors import PushError
from kernel.schema import Column, Schema, Table
from sql.apply import ADVISORY_LOCK_KEY, push


def _users(*extra: Column) -> Schema:
    return Schema(name="s", tables=[Table(name="users", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False), Column(name="name", type="text"), *extra])])


def _columns(url: str, table: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            (table,))]


def test_a_table_wiretable_did_not_create_is_only_added_to(target_db_url: str) -> None:
    with psycopg.connect(target_db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE users (id integer PRIMARY KEY, name varchar(200), keep_me text)")
        conn.execute("INSERT INTO users VALUES (1, 'a', 'precious')")
    result = push(_users(Column(name="email", type="text")), target_db_url, allow_destructive=True)
    assert _columns(target_db_url, "users") == ["id", "name", "keep_me", "email"]
    assert any("left alone in users" in n and "keep_me" in n for n in result.notes), result.notes
    with psycopg.connect(target_db_url) as conn:
        assert conn.execute("SELECT keep_me, name FROM users").fetchone() == ("precious", "a")


def test_a_table_wiretable_created_can_still_be_changed_destructively(target_db_url: str) -> None:
    push(_users(Column(name="old", type="text")), target_db_url)
    push(_users(), target_db_url, allow_destructive=True, detect_renames=False)
    assert _columns(target_db_url, "users") == ["id", "name"]


def test_a_push_behind_another_says_who_and_gives_up(target_db_url: str) -> None:
    heard: list[str] = []
    with psycopg.connect(target_db_url, application_name="other push") as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        pid = holder.info.backend_pid
        with pytest.raises(PushError, match=r"gave up after waiting 1 s for another push.*nothing was changed"):
            push(_users(), target_db_url, lock_timeout=1, on_wait=heard.append)
    assert len(heard) == 1 and "waiting up to 1 s" in heard[0] and f"server process {pid}" in heard[0], heard
    assert "other push" in heard[0]
    with psycopg.connect(target_db_url) as conn:
        assert conn.execute("SELECT to_regclass('users')").fetchone() == (None,)


def test_a_push_waits_while_the_other_finishes_in_time(target_db_url: str) -> None:
    heard: list[str] = []
    holder = psycopg.connect(target_db_url)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
    timer = threading.Timer(1.0, holder.commit)
    timer.start()
    try:
        result = push(_users(), target_db_url, lock_timeout=60, on_wait=heard.append)
    finally:
        timer.join()
        holder.close()
    assert heard and result.created_tables == ("users",) or list(result.created_tables) == ["users"]


def test_a_statement_that_runs_too_long_is_cancelled(target_db_url: str) -> None:
    push(_users(), target_db_url)
    with psycopg.connect(target_db_url) as blocker:
        blocker.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(PushError, match="statement timeout"):
            push(_users(Column(name="email", type="text")), target_db_url, statement_timeout=1)


def test_a_nul_character_in_a_loaded_value_does_not_abort_the_push(target_db_url: str) -> None:
    schema = Schema(name="s", tables=[Table(name="notes", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False), Column(name="body", type="text"),
        Column(name="meta", type="jsonb"), Column(name="tags", type="text[]")])])
    rows = [{"id": 1, "body": "a\x00b", "meta": {"k\x00": "v\x00"}, "tags": ["x\x00y"]}, {"id": 2, "body": "ok"}]
    push(schema, target_db_url, records={"notes": rows})
    with psycopg.connect(target_db_url) as conn:
        assert conn.execute("SELECT body, meta, tags FROM notes ORDER BY id").fetchall() == [
            ("ab", {"k": "v"}, ["xy"]), ("ok", None, None)]
