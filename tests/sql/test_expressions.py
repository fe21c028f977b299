"""CHECK and index-predicate expressions: parsed, never pasted; refused with a clear message; and
read back from a real Postgres catalog as the same expression, so a re-push is a no-op."""

from __future__ import annotations

import psycopg
import pytest

from kernel.errors import SchemaError
from sql.expressions import display_text, expression_sql, parse_expression, rename_in, same_expression
from sql.introspect import introspect

COLUMNS = ["id", "price", "status", "name", "code", "createdAt", "qty", "active"]

# Each is written the way people write it; Postgres stores and prints each in its own spelling.
CORPUS = [
    "price > 0",
    "price >= 0 AND qty > -1",
    "price BETWEEN 1 AND 100.5",
    "status IN ('draft', 'live')",
    "status NOT IN ('gone')",
    "status IN ('only')",
    "name <> '' AND length(name) <= 80",
    "char_length(code) = 6 OR code IS NULL",
    "name ~ '^[a-z]+$'",
    "name LIKE 'a%' OR name ILIKE 'B%'",
    "name SIMILAR TO '[a-z]+'",
    "lower(name) = name",
    "coalesce(qty, 0) >= 0",
    "NOT (price = 13)",
    "(price > 0 OR qty > 0) AND active",
    "price > 0 OR (qty > 0 AND active)",
    "qty + 1 * 2 > (price - 1) * 3",
    "\"createdAt\" <= now()",
    "createdAt > '2020-01-01'",
    "price IS DISTINCT FROM qty",
    "CASE WHEN active THEN price > 0 ELSE true END",
    "name <> 'it''s'",
    "qty::numeric < price",
]


def test_expressions_read_back_from_postgres_as_the_same(conn: psycopg.Connection) -> None:
    conn.execute('CREATE TABLE t (id int, price numeric(10,2), status text, name varchar(80), code text,'
                 ' "createdAt" timestamptz, qty integer, active boolean)')
    for i, text in enumerate(CORPUS):
        conn.execute(f'ALTER TABLE t ADD CONSTRAINT c{i} CHECK ({expression_sql(text, COLUMNS)})')
    live = introspect(conn).tables[0]
    assert [c.name for c in live.checks] == [f"c{i}" for i in range(len(CORPUS))]
    for text, check in zip(CORPUS, live.checks, strict=True):
        assert same_expression(check.expression, text, COLUMNS), (text, check.expression)
        # the text introspection gives is itself an expression that means the same
        assert same_expression(expression_sql(check.expression, COLUMNS), text, COLUMNS)
    # and different expressions stay different
    for i, text in enumerate(CORPUS):
        other = CORPUS[(i + 1) % len(CORPUS)]
        assert not same_expression(live.checks[i].expression, other, COLUMNS), (text, other)


def test_changed_operands_or_grouping_are_told_apart() -> None:
    assert not same_expression("price > 0", "price > 1", COLUMNS)
    assert not same_expression("price > 0", "price >= 0", COLUMNS)
    assert not same_expression("(price > 0 OR qty > 0) AND active", "price > 0 OR (qty > 0 AND active)", COLUMNS)
    assert not same_expression("status IN ('a', 'b')", "status IN ('a', 'c')", COLUMNS)
    assert same_expression("PRICE > 0", "price>0", COLUMNS)


@pytest.mark.parametrize(("text", "message"), [
    ("", "is empty"),
    ("price >", "does not parse"),
    ("price > 0; DROP TABLE t", "must be one expression"),
    ("price > 0) OR (1 = 1", "does not parse"),
    ("prce > 0", "names an unknown column 'prce'; the table has id, price"),
    ("t.price > 0", "without a table"),
    ("price > (SELECT max(price) FROM t)", "may not hold a subquery"),
    ("price IN (SELECT 1)", "may not hold a subquery"),
    ("count(*) > 1", "may not hold"),
    ("sum(price) > 1", "may not hold an aggregate function"),
    ("price > $1", "may not hold a parameter"),
    ("row_number() OVER () > 1", "may not hold"),
    ("DROP TABLE t", "may not hold"),
    ("price > 0 \x00", "NUL"),
])
def test_bad_expressions_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(SchemaError) as info:
        parse_expression(text, COLUMNS, what="check 'c'")
    assert message in str(info.value)
    assert str(info.value).startswith("check 'c'")


def test_names_are_quoted_and_comments_dropped() -> None:
    hostile = 'a"; drop table x; --'
    sql = expression_sql(f'"{hostile.replace(chr(34), chr(34) * 2)}" > 0 /* */ -- */ drop table y', [hostile])
    assert sql == '"a""; drop table x; --" > 0'
    assert expression_sql("createdat > now()", COLUMNS) == '"createdAt" > CURRENT_TIMESTAMP'
    assert expression_sql("Price > 0", COLUMNS, "mysql") == "`price` > 0"
    assert expression_sql("name ~ 'a'", COLUMNS, "mysql") == "REGEXP_LIKE(`name`, 'a')"


def test_display_text_and_renames() -> None:
    assert display_text(parse_expression('(("price" > 0))', COLUMNS)) == "price > 0"
    assert display_text(parse_expression("createdat > 0", COLUMNS)) == '"createdAt" > 0'
    assert rename_in("price > 0 AND qty > price", COLUMNS, "price", "cost") == "cost > 0 AND qty > cost"
    assert rename_in("qty > 0", COLUMNS, "price", "cost") == "qty > 0"
