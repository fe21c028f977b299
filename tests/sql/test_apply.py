"""Pushing to a real Postgres: round trip, no-op, additive changes, rollback, dead targets."""

from __future__ import annotations

import time

import psycopg
import pytest

from kernel.errors import PushError, SchemaError
from kernel.schema import Column, ForeignKey, Index, Schema, Table
from sql.apply import push
from sql.ddl import normalize_default
from sql.embedded import EmbeddedPostgres
from sql.introspect import introspect
from tests.factories import make_schema


def ledger(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT version, schema_name, schema_hash, applied_by FROM wiretable_migrations ORDER BY version"
    ).fetchall()


def expected_structure(schema: Schema) -> dict:
    """The structure Postgres reads back: defaults in canonical spelling, named 'public'."""
    copy = schema.model_copy(deep=True)
    copy.name = "public"
    for table in copy.tables:
        for column in table.columns:
            column.default = normalize_default(column.default, column.type)
    return copy.structure()


def test_round_trip_push_then_introspect(target_url: str, conn: psycopg.Connection) -> None:
    schema = make_schema()
    schema.tables[0].columns.append(
        Column(name="status", type="varchar(10)", nullable=False, default="'active'", enum=["active", "gone"])
    )
    schema.tables[0].columns[2].default = "now()"
    traced: list[str] = []
    result = push(schema, target_url, applied_by="tester", tracer=traced.append)
    assert result.created_tables == ("users", "posts")
    assert not result.no_op and not result.dry_run and result.version == 1
    assert all(s in traced for s in result.statements)
    assert introspect(conn).structure() == expected_structure(schema)
    assert ledger(conn) == [(1, "blog", schema.content_hash(), "tester")]
    assert conn.execute("SELECT statements FROM wiretable_migrations").fetchone()[0] == result.sql


def test_pushing_the_same_schema_again_is_a_no_op(target_url: str, conn: psycopg.Connection) -> None:
    push(make_schema(), target_url)
    again = push(make_schema(), target_url)
    assert again.no_op and again.statements == () and again.version is None
    assert len(ledger(conn)) == 1


def test_a_dry_run_changes_nothing(target_url: str, conn: psycopg.Connection) -> None:
    result = push(make_schema(), target_url, dry_run=True)
    assert result.dry_run and result.created_tables == ("users", "posts")
    assert result.sql.startswith('CREATE TABLE "users"') and result.sql.endswith(";")
    assert introspect(conn).tables == []
    assert conn.execute("SELECT to_regclass('wiretable_migrations')").fetchone() == (None,)


def test_new_columns_and_tables_are_added_to_an_existing_schema(
    target_url: str, conn: psycopg.Connection
) -> None:
    push(make_schema(), target_url)
    conn.execute("INSERT INTO users VALUES (gen_random_uuid(), 'a@example.com', now())")
    schema = make_schema()
    schema.tables[0].columns += [
        Column(name="nickname", type="text"),
        Column(name="karma", type="integer", nullable=False),
        Column(name="team_id", type="integer"),
    ]
    schema.tables[0].foreign_keys.append(
        ForeignKey(columns=["team_id"], ref_table="teams", ref_columns=["id"])
    )
    schema.tables.append(
        Table(name="teams", columns=[Column(name="id", type="integer", nullable=False)], primary_key=["id"])
    )
    result = push(schema, target_url)
    assert result.created_tables == ("teams",)
    assert result.added_columns == (("users", "nickname"), ("users", "karma"), ("users", "team_id"))
    assert any("karma: added as nullable" in n for n in result.notes)
    users = introspect(conn).table("users")
    assert users is not None
    assert [c.name for c in users.columns][-3:] == ["nickname", "karma", "team_id"]
    assert users.column("karma").nullable  # type: ignore[union-attr]
    assert users.foreign_keys[0].ref_table == "teams"
    assert [row[0] for row in ledger(conn)] == [1, 2]


def test_a_failing_statement_rolls_everything_back(target_url: str, conn: psycopg.Connection) -> None:
    # users exists already, but without the key that posts.user_id must reference.
    conn.execute(
        "CREATE TABLE users (id uuid NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL)"
    )
    before = introspect(conn)
    with pytest.raises(PushError) as info:
        push(make_schema(), target_url)
    message = str(info.value)
    assert "\n" not in message
    assert 'ALTER TABLE "posts" ADD FOREIGN KEY ("user_id") REFERENCES "users" ("id")' in message
    assert "no unique constraint matching given keys" in message
    assert introspect(conn) == before
    assert conn.execute("SELECT to_regclass('wiretable_migrations')").fetchone() == (None,)


def test_a_failure_keeps_an_existing_ledger_unchanged(target_url: str, conn: psycopg.Connection) -> None:
    push(make_schema(), target_url)
    conn.execute("INSERT INTO users VALUES (gen_random_uuid(), 'a@example.com', now())")
    conn.execute("INSERT INTO users VALUES (gen_random_uuid(), 'b@example.com', now())")
    conn.execute("CREATE TABLE tags (name text)")
    conn.execute("INSERT INTO tags VALUES ('x'), ('x')")
    schema = make_schema()
    schema.tables.append(Table(name="labels", columns=[Column(name="name", type="text")]))
    schema.tables.append(
        Table(
            name="tags",
            columns=[Column(name="name", type="text")],
            indexes=[Index(columns=["name"], unique=True)],
        )
    )
    before = introspect(conn)
    with pytest.raises(PushError, match="could not create unique index"):
        push(schema, target_url)
    assert introspect(conn) == before
    assert len(ledger(conn)) == 1


def test_an_invalid_schema_is_refused_before_connecting() -> None:
    schema = make_schema()
    schema.tables[1].foreign_keys[0].ref_table = "people"
    with pytest.raises(SchemaError, match="missing table 'people'"):
        push(schema, "postgresql://nobody@/nowhere?host=/nonexistent")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres:@/postgres?host=/nonexistent-socket-dir",
        "postgresql://postgres:secret@127.0.0.1:1/postgres",
        "postgresql://postgres@192.0.2.1:5432/postgres",
    ],
    ids=["socket", "refused", "blackhole"],
)
def test_a_dead_target_fails_fast_with_a_clear_message(url: str) -> None:
    started = time.monotonic()
    with pytest.raises(PushError, match="cannot connect to") as info:
        push(make_schema(), url, connect_timeout=2)
    assert time.monotonic() - started < 8
    assert "secret" not in str(info.value)


def test_a_missing_database_is_a_push_error(embedded: EmbeddedPostgres) -> None:
    with pytest.raises(PushError, match='database "no_such_db" does not exist'):
        push(make_schema(), embedded.url("no_such_db"))
