"""DDL is checked by running it on a real database and reading the catalog back."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from kernel.errors import SchemaError
from kernel.schema import Column, ForeignKey, Index, Schema, Table
from sql.ddl import create_statements, normalize_default, render_ddl
from sql.introspect import introspect
from tests.factories import make_schema

HOSTILE = 'a"; drop table x; --'


def run(conn: psycopg.Connection, schema: Schema) -> Schema:
    for statement in create_statements(schema):
        conn.execute(statement)
    return introspect(conn)


def rich_schema() -> Schema:
    return Schema(
        name="shop",
        tables=[
            Table(
                name="orders",
                columns=[
                    Column(name="id", type="uuid", nullable=False, default="gen_random_uuid()"),
                    Column(name="status", type="text", nullable=False, default="'new'", enum=["new", "paid"]),
                    Column(name="total", type="numeric(10,2)", default="0"),
                    Column(name="ratio", type="double precision"),
                    Column(name="code", type="varchar(20)", unique=True),
                    Column(name="paid", type="boolean", default="false"),
                    Column(name="placed_on", type="date"),
                    Column(name="placed_at", type="timestamptz", nullable=False, default="now()"),
                    Column(name="at", type="time"),
                    Column(name="big", type="bigint"),
                    Column(name="tags", type="text[]"),
                    Column(name="extra", type="jsonb", default="'{}'::jsonb"),
                    Column(name="customer_id", type="integer"),
                ],
                primary_key=["id"],
                foreign_keys=[
                    ForeignKey(
                        columns=["customer_id"],
                        ref_table="customers",
                        ref_columns=["id"],
                        on_delete="set null",
                    )
                ],
                indexes=[Index(columns=["status", "placed_at"]), Index(columns=["big", "at"], unique=True)],
            ),
            Table(
                name="customers",
                columns=[
                    Column(name="id", type="integer", nullable=False),
                    Column(name="email", type="text", nullable=False),
                ],
                primary_key=["id"],
            ),
        ],
    )


def test_the_catalog_holds_what_the_ddl_declares(conn: psycopg.Connection) -> None:
    live = run(conn, rich_schema())
    orders = live.table("orders")
    assert orders is not None
    assert [(c.name, c.type, c.nullable) for c in orders.columns] == [
        (c.name, c.type, c.nullable) for c in rich_schema().tables[0].columns
    ]
    by_name = {c.name: c for c in orders.columns}
    assert by_name["status"].enum == ["new", "paid"]
    assert by_name["status"].default == "'new'"
    assert by_name["id"].default == normalize_default("gen_random_uuid()")
    assert by_name["placed_at"].default == "CURRENT_TIMESTAMP"
    assert by_name["extra"].default == "'{}'"
    assert by_name["code"].unique
    assert orders.primary_key == ["id"]
    assert [(fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) for fk in orders.foreign_keys] == [
        (["customer_id"], "customers", ["id"], "set null")
    ]
    assert [(i.columns, i.unique) for i in orders.indexes] == [
        (["status", "placed_at"], False),
        (["big", "at"], True),
    ]


def test_referenced_tables_are_created_first() -> None:
    statements = create_statements(rich_schema())
    assert statements[0].startswith('CREATE TABLE "customers"')


def test_the_enum_check_is_enforced(conn: psycopg.Connection) -> None:
    run(conn, rich_schema())
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO orders (status) VALUES ('shipped')")
    conn.execute("INSERT INTO orders (status) VALUES ('paid')")


def test_hostile_names_become_quoted_identifiers(conn: psycopg.Connection) -> None:
    conn.execute("CREATE TABLE x (id integer)")
    schema = Schema(
        tables=[
            Table(
                name=HOSTILE,
                columns=[
                    Column(name=HOSTILE, type="integer", nullable=False),
                    Column(name="it's", type="text", enum=["o'clock", '"q"']),
                    Column(name="Mixed Case", type="text"),
                ],
                primary_key=[HOSTILE],
            ),
            Table(
                name="child",
                columns=[Column(name="ref", type="integer")],
                foreign_keys=[ForeignKey(columns=["ref"], ref_table=HOSTILE, ref_columns=[HOSTILE])],
            ),
        ]
    )
    live = run(conn, schema)
    assert [t.name for t in live.tables] == ["x", HOSTILE, "child"]
    hostile = live.table(HOSTILE)
    assert hostile is not None
    assert [c.name for c in hostile.columns] == [HOSTILE, "it's", "Mixed Case"]
    assert hostile.columns[1].enum == ["o'clock", '"q"']
    assert live.table("child").foreign_keys[0].ref_table == HOSTILE  # type: ignore[union-attr]


def test_foreign_key_cycles_are_created(conn: psycopg.Connection) -> None:
    schema = Schema(
        tables=[
            Table(
                name="a",
                columns=[
                    Column(name="id", type="integer", nullable=False),
                    Column(name="b_id", type="integer"),
                ],
                primary_key=["id"],
                foreign_keys=[ForeignKey(columns=["b_id"], ref_table="b", ref_columns=["id"])],
            ),
            Table(
                name="b",
                columns=[
                    Column(name="id", type="integer", nullable=False),
                    Column(name="a_id", type="integer"),
                ],
                primary_key=["id"],
                foreign_keys=[ForeignKey(columns=["a_id"], ref_table="a", ref_columns=["id"])],
            ),
        ]
    )
    live = run(conn, schema)
    assert [len(t.foreign_keys) for t in live.tables] == [1, 1]


def test_render_ddl_joins_statements_with_a_trailing_semicolon() -> None:
    schema = make_schema()
    assert render_ddl(schema) == ";\n".join(create_statements(schema)) + ";"
    assert render_ddl(Schema()) == ""


def test_an_unknown_type_names_its_table_and_column() -> None:
    schema = make_schema()
    schema.tables[1].columns[2].type = "strng"
    with pytest.raises(SchemaError, match=r"posts\.title: unknown column type 'strng'") as info:
        create_statements(schema)
    assert (info.value.table, info.value.column) == ("posts", "title")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "default",
    ["1; drop table x", "(select 1)", "nextval('s')", "pg_sleep(10)", "some_column", "'x' || 'y'", "1 +"],
)
def test_defaults_that_are_not_constants_are_refused(default: str) -> None:
    schema = Schema(tables=[Table(name="t", columns=[Column(name="c", type="text", default=default)])])
    with pytest.raises(SchemaError, match=r"t\.c: default"):
        create_statements(schema)


@pytest.mark.parametrize(
    ("default", "type_", "canonical"),
    [
        ("now()", "timestamptz", "CURRENT_TIMESTAMP"),
        ("current_timestamp", "timestamptz", "CURRENT_TIMESTAMP"),
        ("'draft'::text", "text", "'draft'"),
        ("'draft'", "text", "'draft'"),
        ("'{}'::jsonb", "jsonb", "'{}'"),
        ("-1.5", "numeric", "-1.5"),
        ("true", "boolean", "TRUE"),
        ("'2024-01-01'::date", "timestamptz", "CAST('2024-01-01' AS DATE)"),
    ],
)
def test_defaults_have_one_canonical_spelling(default: str, type_: str, canonical: str) -> None:
    assert normalize_default(default, type_) == canonical


def test_sqlite_ddl_runs_and_keeps_the_structure() -> None:
    schema = rich_schema()
    schema.tables[0].columns.append(Column(name=HOSTILE, type="text"))
    db = sqlite3.connect(":memory:")
    db.executescript(render_ddl(schema, "sqlite"))
    columns = {row[1]: row for row in db.execute("PRAGMA table_info(orders)")}
    assert columns["total"][2] == "NUMERIC"
    assert columns["id"][2] == "TEXT" and columns["id"][5] == 1  # primary key
    assert columns["status"][3] == 1  # NOT NULL
    assert HOSTILE in columns
    fks = [(row[2], row[3], row[4], row[6]) for row in db.execute("PRAGMA foreign_key_list(orders)")]
    assert fks == [("customers", "customer_id", "id", "SET NULL")]
    indexes = {row[1]: row[2] for row in db.execute("PRAGMA index_list(orders)")}
    assert indexes["orders_big_at_key"] == 1 and indexes["orders_status_placed_at_idx"] == 0
    db.execute("INSERT INTO orders (id, status) VALUES ('x', 'new')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO orders (id, status) VALUES ('y', 'shipped')")
    assert db.execute("SELECT placed_at IS NOT NULL, paid FROM orders").fetchone() == (1, 0)
