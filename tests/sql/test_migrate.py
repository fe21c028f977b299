"""Versioned migrations on a real Postgres: v1 → v2 ALTERs, destructive edits, renames, rollback."""

from __future__ import annotations

import psycopg
import pytest

from kernel.errors import PushError
from kernel.schema import Column, Evidence, ForeignKey, Schema, Table
from sql.apply import DestructiveChangeError, plan_push, push
from sql.introspect import introspect


def v1() -> Schema:
    return Schema(
        name="shop",
        tables=[
            Table(
                name="customers",
                columns=[
                    Column(name="id", type="integer", nullable=False),
                    Column(name="email", type="text", nullable=False),
                    Column(name="score", type="integer"),
                ],
                primary_key=["id"],
            ),
            Table(
                name="orders",
                columns=[
                    Column(name="id", type="integer", nullable=False),
                    Column(name="customer_id", type="integer"),
                    Column(name="total", type="numeric(8,2)"),
                ],
                primary_key=["id"],
            ),
        ],
    )


def seed(conn: psycopg.Connection) -> None:
    conn.execute("INSERT INTO customers VALUES (1, 'a@example.com', 10), (2, 'b@example.com', NULL)")
    conn.execute("INSERT INTO orders VALUES (100, 1, 12.50), (101, 2, 99.99)")


def ledger_rows(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM wiretable_migrations").fetchone()[0]  # type: ignore[index]


def test_v2_adds_widens_and_links_with_exactly_the_expected_alters(target_url: str, conn: psycopg.Connection) -> None:
    push(v1(), target_url)
    seed(conn)
    v2 = v1()
    customers, orders = v2.tables
    customers.columns.append(Column(name="nickname", type="text"))
    customers.column("score").type = "bigint"  # type: ignore[union-attr]
    orders.foreign_keys.append(ForeignKey(columns=["customer_id"], ref_table="customers", ref_columns=["id"]))
    v2.tables.append(
        Table(name="coupons", columns=[Column(name="code", type="text", nullable=False)], primary_key=["code"])
    )
    result = push(v2, target_url)
    assert list(result.statements) == [
        'CREATE TABLE "coupons" ("code" TEXT NOT NULL, PRIMARY KEY ("code"))',
        'ALTER TABLE "customers" ADD COLUMN "nickname" TEXT',
        'ALTER TABLE "customers" ALTER COLUMN "score" SET DATA TYPE BIGINT USING CAST("score" AS BIGINT)',
        'ALTER TABLE "orders" ADD FOREIGN KEY ("customer_id") REFERENCES "customers" ("id")',
    ]
    assert result.destructive == () and result.version == 2
    assert conn.execute("SELECT id, email, score FROM customers ORDER BY id").fetchall() == [
        (1, "a@example.com", 10), (2, "b@example.com", None)]
    assert conn.execute("SELECT count(*) FROM orders").fetchone() == (2,)
    live = introspect(conn)
    assert live.table("customers").column("score").type == "bigint"  # type: ignore[union-attr]
    assert live.table("orders").foreign_keys[0].ref_table == "customers"  # type: ignore[union-attr]
    again = push(v2, target_url)
    assert again.no_op and again.statements == () and ledger_rows(conn) == 2


@pytest.mark.parametrize("edit, expected", [
    ("drop_column", "drop column customers.score (table holds 2 row(s))"),
    ("drop_table", "drop table orders (holds 2 row(s))"),
    ("narrow_type", "change type of orders.total from numeric(8,2) to integer (narrowing)"),
    ("not_null_with_nulls", "set customers.score NOT NULL (1 row(s) hold null)"),
])
def test_a_destructive_edit_is_refused_without_the_flag_and_applied_with_it(
    target_url: str, conn: psycopg.Connection, edit: str, expected: str
) -> None:
    push(v1(), target_url)
    seed(conn)
    v2 = v1()
    customers, orders = v2.tables
    if edit == "drop_column":
        customers.columns.pop()
    elif edit == "drop_table":
        v2.tables.remove(orders)
    elif edit == "narrow_type":
        orders.column("total").type = "integer"  # type: ignore[union-attr]
    else:
        customers.column("score").nullable = False  # type: ignore[union-attr]
        conn.execute("UPDATE customers SET score = NULL WHERE id = 2")
    before = introspect(conn)
    preview = plan_push(v2, target_url)
    assert preview.destructive == (expected,)
    with pytest.raises(DestructiveChangeError) as info:
        push(v2, target_url)
    assert expected in str(info.value) and "--allow-destructive" in str(info.value)
    assert introspect(conn) == before and ledger_rows(conn) == 1
    if edit == "not_null_with_nulls":
        with pytest.raises(PushError, match="contains null values"):
            push(v2, target_url, allow_destructive=True)
        conn.execute("UPDATE customers SET score = 0 WHERE score IS NULL")
        assert plan_push(v2, target_url).destructive == ()
    result = push(v2, target_url, allow_destructive=True)
    assert result.version == 2
    assert introspect(conn).structure()["tables"] == v2.model_copy(update={"name": "public"}).structure()["tables"]


def test_not_null_on_a_column_without_nulls_is_safe(target_url: str, conn: psycopg.Connection) -> None:
    push(v1(), target_url)
    conn.execute("INSERT INTO customers VALUES (1, 'a@example.com', 3)")
    v2 = v1()
    v2.tables[0].column("score").nullable = False  # type: ignore[union-attr]
    result = push(v2, target_url)
    assert result.statements == ('ALTER TABLE "customers" ALTER COLUMN "score" SET NOT NULL',)
    assert result.destructive == ()


def test_a_likely_rename_is_a_rename_not_a_drop_and_add(target_url: str, conn: psycopg.Connection) -> None:
    push(v1(), target_url)
    seed(conn)
    by_values = v1()
    mail = Column(name="contact", type="text", nullable=False,
                  evidence=Evidence(examples=["a@example.com", "b@example.com"]))
    by_values.tables[0].columns[1] = mail
    result = plan_push(by_values, target_url)
    assert result.changes == ("rename column customers.email to contact (likely rename: same type,"
                              " 2 sample value(s) match)",)
    by_name = v1()
    by_name.tables[0].columns[2] = Column(name="score_total", type="integer")
    applied = push(by_name, target_url)
    assert applied.statements == ('ALTER TABLE "customers" RENAME COLUMN "score" TO "score_total"',)
    assert conn.execute("SELECT score_total FROM customers ORDER BY id").fetchall() == [(10,), (None,)]
    other_type = v1()
    other_type.tables[0].columns[1] = Column(name="contact", type="integer")
    refused = plan_push(other_type, target_url)
    assert set(refused.destructive) == {"drop column customers.email (table holds 2 row(s))"}
    no_detection = plan_push(by_values, target_url, detect_renames=False)
    assert "drop column customers.email (table holds 2 row(s))" in no_detection.destructive


def test_a_renamed_table_keeps_its_rows(target_url: str, conn: psycopg.Connection) -> None:
    push(v1(), target_url)
    seed(conn)
    v2 = v1()
    v2.tables[1].name = "purchases"
    result = push(v2, target_url)
    assert result.statements == ('ALTER TABLE "orders" RENAME TO "purchases"',)
    assert conn.execute("SELECT count(*) FROM purchases").fetchone() == (2,)


def test_a_failing_statement_in_the_middle_rolls_back_everything(target_url: str, conn: psycopg.Connection) -> None:
    push(v1(), target_url)
    seed(conn)
    conn.execute("INSERT INTO customers VALUES (3, 'a@example.com', 1)")  # a duplicate email
    v2 = v1()
    customers = v2.tables[0]
    customers.columns.append(Column(name="nickname", type="text"))
    customers.column("email").unique = True  # type: ignore[union-attr]
    v2.tables.append(Table(name="coupons", columns=[Column(name="code", type="text")]))
    v2.tables[1].foreign_keys.append(
        ForeignKey(columns=["customer_id"], ref_table="customers", ref_columns=["id"]))
    before = introspect(conn)
    traced: list[str] = []
    with pytest.raises(PushError) as info:
        push(v2, target_url, tracer=traced.append)
    message = str(info.value)
    assert 'ALTER TABLE "customers" ADD UNIQUE ("email")' in message
    assert "could not create unique index" in message and "\n" not in message
    # statements before and after the failing one were sent in the same transaction
    assert any(s.startswith('CREATE TABLE "coupons"') for s in traced)
    assert traced[-1].endswith('ADD UNIQUE ("email")')
    assert introspect(conn) == before and ledger_rows(conn) == 1
    assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)


def test_an_empty_plan_says_so(target_url: str) -> None:
    push(v1(), target_url)
    result = plan_push(v1(), target_url)
    assert result.no_op and "nothing to do" in result.render_plan()


def test_a_unique_primary_key_column_pushes_once(target_url: str) -> None:
    schema = v1()
    schema.tables[0].column("id").unique = True  # type: ignore[union-attr]
    push(schema, target_url)
    assert push(schema, target_url).no_op
