"""DDL in every dialect is run on a real engine and read back from its catalog: Postgres (embedded),
SQLite (stdlib) and MariaDB (Debian's mariadb-server, started here on a socket in a temp dir).
SQL Server has no engine on this machine, so its DDL is parse-checked with sqlglot's T-SQL parser."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
import sqlglot
from sqlglot import exp

from kernel.schema import Column, ForeignKey, Index, Schema, Table
from sql.ddl import create_statements
from sql.introspect import introspect
from tests.factories import make_schema
from tests.sql.mariadb import MariaDB


def every_type_schema() -> Schema:
    """Each editor type choice, keys over text columns, an enum, defaults, audit timestamps."""
    return Schema(name="all", tables=[
        Table(name="authors", audit_timestamps=True, columns=[
            Column(name="handle", type="text", nullable=False),
            Column(name="email", type="varchar(200)", unique=True),
            Column(name="bio", type="text", default="''"),
        ], primary_key=["handle"]),
        Table(name="books", columns=[
            Column(name="id", type="uuid", nullable=False, default="gen_random_uuid()"),
            Column(name="author", type="text", nullable=False),
            Column(name="n", type="integer", default="0"),
            Column(name="big", type="bigint"),
            Column(name="small", type="smallint"),
            Column(name="price", type="numeric(10,2)", default="0"),
            Column(name="ratio", type="numeric"),
            Column(name="r", type="real"),
            Column(name="d", type="double precision"),
            Column(name="code", type="varchar(20)", unique=True),
            Column(name="in_print", type="boolean", nullable=False, default="true"),
            Column(name="published", type="date"),
            Column(name="added", type="timestamptz", nullable=False, default="now()"),
            Column(name="local", type="timestamp"),
            Column(name="at", type="time"),
            Column(name="meta", type="jsonb", default="'{}'::jsonb"),
            Column(name="raw", type="json"),
            Column(name="blob", type="bytea"),
            Column(name="tags", type="text[]"),
            Column(name="status", type="text", nullable=False, default="'draft'", enum=["draft", "live"]),
        ], primary_key=["id"],
            foreign_keys=[ForeignKey(columns=["author"], ref_table="authors", ref_columns=["handle"],
                                     on_delete="cascade")],
            indexes=[Index(columns=["author", "published"]), Index(columns=["big", "small"], unique=True)]),
    ])


SCHEMAS = {"blog": make_schema, "every_type": every_type_schema}


# Postgres ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SCHEMAS)
def test_postgres_runs_the_ddl(name: str, conn: psycopg.Connection) -> None:
    schema = SCHEMAS[name]()
    for statement in create_statements(schema, "postgres"):
        conn.execute(statement)
    live = introspect(conn)
    assert {t.name for t in live.tables} == {t.name for t in schema.tables}


def test_postgres_audit_trigger_keeps_updated_at_current(conn: psycopg.Connection) -> None:
    for statement in create_statements(every_type_schema(), "postgres"):
        conn.execute(statement)
    conn.execute("INSERT INTO authors (handle) VALUES ('ann')")
    row = conn.execute("SELECT created_at, updated_at FROM authors").fetchone()
    assert row is not None and row[0] is not None and row[1] is not None
    conn.execute("SELECT pg_sleep(0.01)")
    conn.execute("UPDATE authors SET bio = 'hi' WHERE handle = 'ann'")
    after = conn.execute("SELECT created_at, updated_at FROM authors").fetchone()
    assert after is not None and after[0] == row[0] and after[1] > row[1]


# SQLite --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SCHEMAS)
def test_sqlite_runs_the_ddl(name: str) -> None:
    schema = SCHEMAS[name]()
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    for statement in create_statements(schema, "sqlite"):
        db.execute(statement)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {t.name for t in schema.tables}
    if name == "every_type":
        types = {r[1]: r[2] for r in db.execute("PRAGMA table_info(books)")}
        assert types["price"] == "NUMERIC" and types["tags"] == "TEXT"
        fks = db.execute("PRAGMA foreign_key_list(books)").fetchall()
        assert [(f[2], f[3], f[4], f[6]) for f in fks] == [("authors", "author", "handle", "CASCADE")]
        db.execute("INSERT INTO authors (handle) VALUES ('ann')")
        db.execute("INSERT INTO books (id, author) VALUES ('b1', 'ann')")
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO books (id, author, status) VALUES ('b2', 'ann', 'bogus')")


# MariaDB -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SCHEMAS)
def test_mariadb_runs_the_mysql_ddl(name: str, mariadb: MariaDB) -> None:
    schema = SCHEMAS[name]()
    database = f"t_{name}"
    mariadb.run(f"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database};")
    mariadb.run(";\n".join(create_statements(schema, "mysql")) + ";", database)
    tables = set(mariadb.run("SHOW TABLES", database).split())
    assert tables == {t.name for t in schema.tables}
    if name != "every_type":
        return
    columns = dict(
        line.split("\t")[:2] for line in mariadb.run(
            f"SELECT column_name, column_type FROM information_schema.columns WHERE table_schema = '{database}'"
            " AND table_name = 'books'").splitlines()
    )
    assert columns["id"] == "char(36)" and columns["author"] == "varchar(255)"
    assert columns["price"] == "decimal(10,2)" and columns["added"] == "datetime(6)"
    fk = mariadb.run(
        "SELECT column_name, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage"
        f" WHERE table_schema = '{database}' AND table_name = 'books' AND referenced_table_name IS NOT NULL")
    assert fk.split() == ["author", "authors", "handle"]
    mariadb.run("INSERT INTO authors (handle) VALUES ('ann'); INSERT INTO books (author) VALUES ('ann');", database)
    uuid = mariadb.run("SELECT id FROM books", database).strip()
    assert len(uuid) == 36  # DEFAULT (UUID()) filled it
    with pytest.raises(AssertionError, match="CONSTRAINT"):
        mariadb.run("INSERT INTO books (author, status) VALUES ('ann', 'bogus')", database)


# SQL Server (parse check only) --------------------------------------------------------------

@pytest.mark.parametrize("name", SCHEMAS)
def test_sql_server_ddl_parses_as_tsql(name: str) -> None:
    for statement in create_statements(SCHEMAS[name](), "tsql"):
        parsed = sqlglot.parse_one(statement, read="tsql")
        assert not isinstance(parsed, exp.Command), statement
        assert parsed.sql("tsql") == statement
        assert "JSONB" not in statement and "[]" not in statement and "ARRAY" not in statement
        assert "(1 = 0)" not in statement and "(1 = 1)" not in statement  # BIT defaults are 0/1
