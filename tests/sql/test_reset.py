"""``reset``: drops and recreates only the tables wiretable's pushes created, in one transaction,
recorded in the ledger; the CLI refuses without --yes."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from kernel.errors import PushError
from sql.apply import push
from sql.reset import created_tables, reset
from tests.factories import make_schema
from wiretable.cli import app


def rows(conn: psycopg.Connection, table: str) -> int:
    row = conn.execute(psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))).fetchone()
    assert row is not None
    return int(row[0])


def test_reset_recreates_only_what_pushes_created(target_url: str, conn: psycopg.Connection) -> None:
    schema = make_schema()
    conn.execute('CREATE TABLE "users" (id uuid PRIMARY KEY, email text NOT NULL UNIQUE,'
                 ' created_at timestamptz NOT NULL)')  # the user's own table, before any push
    conn.execute("CREATE TABLE keep_me (x int)")
    conn.execute("INSERT INTO keep_me VALUES (1)")
    conn.execute("INSERT INTO users VALUES (gen_random_uuid(), 'a@example.org', now())")
    push(schema, target_url)  # creates posts only
    conn.execute("INSERT INTO posts (id, user_id, title) SELECT 1, id, 't' FROM users")
    result = reset(schema, target_url)
    assert result.recreated == ("posts",) and result.left_alone == ("users",)
    assert rows(conn, "posts") == 0 and rows(conn, "users") == 1 and rows(conn, "keep_me") == 1
    fk = conn.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").fetchone()
    assert fk == (1,)
    last = conn.execute("SELECT applied_by, statements FROM wiretable_migrations ORDER BY version DESC LIMIT 1"
                        ).fetchone()
    assert last is not None and last[0] == "wiretable reset" and 'DROP TABLE "public"."posts"' in last[1]
    assert push(schema, target_url).no_op  # the target matches the document again


def test_reset_without_a_ledger_is_refused(target_url: str) -> None:
    with pytest.raises(PushError, match="no wiretable push is recorded"):
        reset(make_schema(), target_url)


def test_created_tables_reads_the_ledger_statements() -> None:
    statements = ['CREATE TABLE "a" ("x" INT);\nALTER TABLE "b" ADD COLUMN "y" INT', 'CREATE TABLE "public"."c" (x int)',
                  "not sql at all ((("]
    assert created_tables(statements) == {"a", "c"}


def test_the_cli_refuses_without_yes(tmp_path: Path, target_url: str) -> None:
    path = tmp_path / "schema.json"
    path.write_text(make_schema().to_json())
    runner = CliRunner()
    refused = runner.invoke(app, ["reset", str(path), "--target", target_url])
    assert refused.exit_code == 1 and "--yes" in refused.output
    push(make_schema(), target_url)
    done = runner.invoke(app, ["reset", str(path), "--target", target_url, "--yes"])
    assert done.exit_code == 0, done.output
    assert "dropped and recreated 2 table(s)" in done.output
