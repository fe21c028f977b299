"""Indexes, CHECK constraints, identity keys and Postgres enum types pushed to a real Postgres:
the catalog holds them, they act as they should, a re-push is a no-op, and each change to them
becomes the statements it should."""

from __future__ import annotations

import psycopg
import pytest

from kernel.schema import Check, Column, ForeignKey, Index, Schema, Table
from sql.apply import DestructiveChangeError, push
from sql.ddl import resolve_enum_types
from sql.introspect import introspect


def shop() -> Schema:
    return Schema(name="shop", enum_mode="type", tables=[
        Table(name="products", columns=[
            Column(name="id", type="bigint", nullable=False, identity="always"),
            Column(name="sku", type="text", nullable=False),
            Column(name="Price", type="numeric(10,2)", nullable=False, default="0"),
            Column(name="status", type="text", nullable=False, default="'draft'", enum=["draft", "live"]),
            Column(name="deleted_at", type="timestamptz"),
        ], primary_key=["id"],
            indexes=[Index(columns=["sku"], unique=True, where="deleted_at IS NULL"),
                     Index(columns=["status", "Price"])],
            checks=[Check(name="price_positive", expression="price >= 0"),
                    Check(name="sku_shape", expression="length(sku) BETWEEN 3 AND 20 AND sku NOT IN ('xxx')")]),
        Table(name="orders", columns=[
            Column(name="id", type="integer", nullable=False, identity="by default"),
            Column(name="product_id", type="bigint", nullable=False),
            Column(name="state", type="text", enum=["new", "paid"], enum_type="order_state"),
        ], primary_key=["id"],
            foreign_keys=[ForeignKey(columns=["product_id"], ref_table="products", ref_columns=["id"])]),
    ])


def catalog(conn: psycopg.Connection, query: str) -> list[tuple]:
    return conn.execute(query).fetchall()


def test_push_builds_every_object_and_re_pushes_as_a_no_op(target_url: str, conn: psycopg.Connection) -> None:
    first = push(shop(), target_url)
    assert first.statements[:2] == ("CREATE TYPE \"products_status\" AS ENUM ('draft', 'live')",
                                    "CREATE TYPE \"order_state\" AS ENUM ('new', 'paid')")
    assert catalog(conn, "SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_type t"
                         " JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1") == [
        ("order_state", ["new", "paid"]), ("products_status", ["draft", "live"])]
    assert catalog(conn, "SELECT attrelid::regclass::text, attname, attidentity FROM pg_attribute"
                         " WHERE attidentity <> '' AND attrelid <> 'wiretable_migrations'::regclass ORDER BY 1") == [("orders", "id", "d"), ("products", "id", "a")]
    assert catalog(conn, "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0 ORDER BY 1") == [
        ("price_positive",), ("sku_shape",)]
    assert catalog(conn, "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indpred IS NOT NULL") == [
        ('CREATE UNIQUE INDEX products_sku_idx ON public.products USING btree (sku) WHERE (deleted_at IS NULL)',)]

    again = push(shop(), target_url)
    assert again.no_op and again.statements == ()
    live = introspect(conn)
    expected = resolve_enum_types(shop())
    for table in live.tables:
        wanted = expected.table(table.name)
        assert wanted is not None
        assert [(c.name, c.identity, c.enum, c.enum_type) for c in table.columns] == [
            (c.name, c.identity, c.enum, c.enum_type) for c in wanted.columns]
        assert [(i.columns, i.unique, i.where is not None) for i in table.indexes] == [
            (i.columns, i.unique, i.where is not None) for i in wanted.indexes]
        assert [c.name for c in table.checks] == [c.name for c in wanted.checks]


def test_the_pushed_objects_act_as_they_should(target_url: str, conn: psycopg.Connection) -> None:
    push(shop(), target_url)
    conn.execute("INSERT INTO products (sku, \"Price\") VALUES ('abc', 1), ('abd', 2)")
    assert catalog(conn, "SELECT id, status::text FROM products ORDER BY id") == [(1, "draft"), (2, "draft")]
    failing = [
        ("INSERT INTO products (id, sku) VALUES (9, 'abe')", "GENERATED ALWAYS"),
        ("INSERT INTO products (sku, \"Price\") VALUES ('abe', -1)", "price_positive"),
        ("INSERT INTO products (sku) VALUES ('ab')", "sku_shape"),
        ("INSERT INTO products (sku) VALUES ('xxx')", "sku_shape"),
        ("INSERT INTO products (sku, status) VALUES ('abf', 'gone')", "invalid input value for enum"),
        ("INSERT INTO products (sku) VALUES ('abc')", "products_sku_idx"),
    ]
    for statement, message in failing:
        with pytest.raises(psycopg.Error, match=message):
            conn.execute(statement)
    conn.execute("UPDATE products SET deleted_at = now() WHERE sku = 'abc'")
    conn.execute("INSERT INTO products (sku) VALUES ('abc')")  # the partial unique index skips deleted rows
    conn.execute("INSERT INTO orders (id, product_id) VALUES (50, 1)")  # BY DEFAULT takes a given id


def test_changes_become_the_expected_statements(target_url: str, conn: psycopg.Connection) -> None:
    push(shop(), target_url)
    conn.execute("INSERT INTO products (sku) VALUES ('abc')")
    conn.execute("INSERT INTO orders (product_id, state) VALUES (1, 'paid')")
    v2 = shop()
    products, orders = v2.tables
    products.column("status").enum.append("archived")  # type: ignore[union-attr]
    orders.column("state").enum.insert(1, "held")  # type: ignore[union-attr]
    products.checks[0].expression = "price >= 0 AND price < 10000"
    products.checks.pop()
    products.indexes[0].where = "deleted_at IS NULL AND status <> 'draft'"
    orders.column("id").identity = "always"  # type: ignore[union-attr]
    result = push(v2, target_url)
    assert list(result.statements) == [
        'DROP INDEX "public"."products_sku_idx"',
        'ALTER TABLE "products" DROP CONSTRAINT "price_positive"',
        'ALTER TABLE "products" DROP CONSTRAINT "sku_shape"',
        "ALTER TYPE \"products_status\" ADD VALUE 'archived'",
        "ALTER TYPE \"order_state\" ADD VALUE 'held' BEFORE 'paid'",
        'ALTER TABLE "orders" ALTER COLUMN "id" SET GENERATED ALWAYS',
        'CREATE UNIQUE INDEX ON "products"("sku") WHERE "deleted_at" IS NULL AND "status" <> \'draft\'',
        'ALTER TABLE "products" ADD CONSTRAINT "price_positive" CHECK ("Price" >= 0 AND "Price" < 10000)',
    ]
    assert push(v2, target_url).no_op
    conn.execute("INSERT INTO orders (product_id, state) VALUES (1, 'held')")
    assert catalog(conn, "SELECT state::text FROM orders ORDER BY state") == [("held",), ("paid",)]


def test_a_new_value_this_push_uses_makes_the_type_anew(target_url: str, conn: psycopg.Connection) -> None:
    """Postgres refuses a value added by ALTER TYPE in the transaction that adds it: a push whose
    default, CHECK or index predicate names it makes the type anew instead, rows kept."""
    push(shop(), target_url)
    conn.execute("INSERT INTO products (sku, status) VALUES ('abc', 'live')")
    v2 = shop()
    products = v2.tables[0]
    products.column("status").enum.append("archived")  # type: ignore[union-attr]
    products.indexes[0].where = "deleted_at IS NULL AND status <> 'archived'"
    result = push(v2, target_url)
    assert result.destructive == ()
    assert 'ALTER TYPE "products_status" RENAME TO "products_status__old"' in result.statements
    assert 'DROP TYPE "products_status__old"' in result.statements
    assert push(v2, target_url).no_op
    assert catalog(conn, "SELECT status::text FROM products") == [("live",)]
    assert catalog(conn, "SELECT count(*) FROM pg_index WHERE indpred IS NOT NULL") == [(1,)]


def test_identity_added_to_a_filled_table_continues_after_its_largest_value(
    target_url: str, conn: psycopg.Connection
) -> None:
    plain = Schema(name="s", tables=[Table(name="tags", columns=[
        Column(name="id", type="integer", nullable=False), Column(name="label", type="text")],
        primary_key=["id"])])
    push(plain, target_url)
    conn.execute("INSERT INTO tags VALUES (7, 'a'), (41, 'b')")
    plain.tables[0].columns[0].identity = "by default"
    result = push(plain, target_url)
    assert result.statements[0] == 'ALTER TABLE "tags" ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY'
    conn.execute("INSERT INTO tags (label) VALUES ('c')")
    assert catalog(conn, "SELECT id FROM tags WHERE label = 'c'") == [(42,)]
    assert push(plain, target_url).no_op
    plain.tables[0].columns[0].identity = None
    plain.tables[0].columns[0].default = "0"
    assert list(push(plain, target_url).statements) == [
        'ALTER TABLE "tags" ALTER COLUMN "id" DROP IDENTITY IF EXISTS',
        'ALTER TABLE "tags" ALTER COLUMN "id" SET DEFAULT 0',
    ]
    assert push(plain, target_url).no_op


def test_a_check_that_rows_fail_is_destructive(target_url: str, conn: psycopg.Connection) -> None:
    doc = Schema(name="s", tables=[Table(name="items", columns=[Column(name="qty", type="integer")])])
    push(doc, target_url)
    conn.execute("INSERT INTO items VALUES (1), (-2), (-3), (NULL)")
    doc.tables[0].checks.append(Check(name="qty_positive", expression="qty > 0"))
    with pytest.raises(DestructiveChangeError, match=r"add check qty_positive on items: qty > 0 \(2 row\(s\) fail it\)"):
        push(doc, target_url)
    conn.execute("DELETE FROM items WHERE qty < 0")
    assert push(doc, target_url).statements == (
        'ALTER TABLE "items" ADD CONSTRAINT "qty_positive" CHECK ("qty" > 0)',)


def test_enum_columns_move_between_check_and_type_keeping_their_rows(
    target_url: str, conn: psycopg.Connection
) -> None:
    doc = Schema(name="s", tables=[Table(name="posts", columns=[
        Column(name="id", type="integer", nullable=False),
        Column(name="state", type="text", nullable=False, default="'draft'", enum=["draft", "live"])],
        primary_key=["id"])])
    push(doc, target_url)
    conn.execute("INSERT INTO posts VALUES (1, 'live'), (2, 'draft')")
    doc.enum_mode = "type"
    with pytest.raises(DestructiveChangeError, match="make posts.state of enum type posts_state"):
        push(doc, target_url)
    to_type = push(doc, target_url, allow_destructive=True)
    assert list(to_type.statements) == [
        "CREATE TYPE \"posts_state\" AS ENUM ('draft', 'live')",
        'ALTER TABLE "posts" DROP CONSTRAINT "posts_state_check"',
        'ALTER TABLE "posts" ALTER COLUMN "state" DROP DEFAULT',
        'ALTER TABLE "posts" ALTER COLUMN "state" SET DATA TYPE "posts_state" USING CAST(CAST("state" AS TEXT) AS'
        ' "posts_state")',
        "ALTER TABLE \"posts\" ALTER COLUMN \"state\" SET DEFAULT 'draft'",
    ]
    assert push(doc, target_url).no_op
    assert catalog(conn, "SELECT pg_typeof(state)::text, state::text FROM posts ORDER BY id") == [
        ("posts_state", "live"), ("posts_state", "draft")]

    doc.tables[0].columns[1].enum = ["live", "draft"]  # a new order: the type is made anew
    reordered = push(doc, target_url)
    assert reordered.statements[0] == 'ALTER TYPE "posts_state" RENAME TO "posts_state__old"'
    assert reordered.statements[-1] == 'DROP TYPE "posts_state__old"'
    assert push(doc, target_url).no_op

    doc.enum_mode = "check"
    back = push(doc, target_url)
    assert 'DROP TYPE "posts_state"' in back.statements
    assert push(doc, target_url).no_op
    assert catalog(conn, "SELECT pg_typeof(state)::text, state FROM posts ORDER BY id") == [
        ("text", "live"), ("text", "draft")]
    with pytest.raises(psycopg.Error, match="posts_state_check"):
        conn.execute("INSERT INTO posts VALUES (3, 'gone')")
    assert catalog(conn, "SELECT count(*) FROM pg_type WHERE typtype = 'e'") == [(0,)]


def test_removing_an_enum_value_is_destructive_and_a_dropped_table_takes_its_type(
    target_url: str, conn: psycopg.Connection
) -> None:
    doc = shop()
    push(doc, target_url)
    doc.tables[1].columns[2].enum = ["new"]
    with pytest.raises(DestructiveChangeError, match=r"recreate enum type order_state as \(new\), removing paid"):
        push(doc, target_url)
    assert push(doc, target_url, allow_destructive=True).version == 2
    assert push(doc, target_url).no_op
    doc.tables.pop()
    dropped = push(doc, target_url, allow_destructive=True)
    assert list(dropped.statements) == ['DROP TABLE "orders"', 'DROP TYPE "order_state"']
    assert catalog(conn, "SELECT typname FROM pg_type WHERE typtype = 'e'") == [("products_status",)]


def test_captured_rows_load_into_identity_keys_which_then_continue(target_url: str, conn: psycopg.Connection) -> None:
    records = {"products": [{"id": 7, "sku": "abc"}, {"id": 40, "sku": "abd", "status": "live"}],
               "orders": [{"id": 3, "product_id": 7}, {"product_id": 40, "state": "paid"}]}
    traced: list[str] = []
    result = push(shop(), target_url, records=records, tracer=traced.append)
    assert result.seeded == "loaded sample records (products: 2, orders: 2)"
    assert 'ALTER TABLE "products" ALTER COLUMN "id" SET GENERATED BY DEFAULT' in traced
    assert catalog(conn, "SELECT id, sku, status::text FROM products ORDER BY id") == [
        (7, "abc", "draft"), (40, "abd", "live")]
    assert catalog(conn, "SELECT attidentity FROM pg_attribute WHERE attrelid = 'products'::regclass"
                         " AND attname = 'id'") == [("a",)]  # ALWAYS again after the load
    conn.execute("INSERT INTO products (sku) VALUES ('abe')")
    conn.execute("INSERT INTO orders (product_id) VALUES (7)")
    assert catalog(conn, "SELECT max(id) FROM products") == [(41,)]
    assert catalog(conn, "SELECT id FROM orders ORDER BY id") == [(1,), (3,), (4,)]
    assert push(shop(), target_url, records=records).no_op
