"""Sample records loaded with the push, and the planner's judgements (widening, renames) as tables."""

from __future__ import annotations

import psycopg
import pytest

from kernel.schema import Column, Schema, Table
from sql.apply import push
from sql.compare import is_widening, name_similarity
from tests.factories import make_schema

ALICE = "00000000-0000-0000-0000-000000000001"


@pytest.mark.parametrize("old, new, widening", [
    ("smallint", "integer", True),
    ("integer", "bigint", True),
    ("bigint", "integer", False),
    ("integer", "numeric", True),
    ("integer", "numeric(12,2)", True),
    ("integer", "numeric(6,2)", False),
    ("numeric(8,2)", "numeric(10,2)", True),
    ("numeric(8,2)", "numeric(8,1)", False),
    ("numeric", "numeric(10,2)", False),
    ("real", "double precision", True),
    ("bigint", "double precision", False),
    ("varchar(20)", "varchar(40)", True),
    ("varchar(40)", "varchar(20)", False),
    ("varchar(20)", "text", True),
    ("text", "varchar(20)", False),
    ("integer", "text", True),
    ("text", "integer", False),
    ("date", "timestamptz", True),
    ("timestamptz", "timestamp", False),
    ("timestamp", "timestamptz", True),
    ("json", "jsonb", True),
    ("text[]", "text", False),
    ("integer[]", "bigint[]", True),
    ("uuid", "integer", False),
])
def test_type_changes_are_widening_or_narrowing(old: str, new: str, widening: bool) -> None:
    assert is_widening(old, new) is widening


@pytest.mark.parametrize("a, b, similar", [
    ("email", "email_address", True), ("userId", "user_id", True), ("score", "total", False),
    ("name", "title", False),
])
def test_name_similarity(a: str, b: str, similar: bool) -> None:
    assert (name_similarity(a, b) >= 0.6) is similar


def test_sample_records_are_loaded_in_foreign_key_order(target_url: str, conn: psycopg.Connection) -> None:
    schema = make_schema()
    records = {
        "posts": [
            {"id": 1, "user_id": ALICE, "title": "hello", "tags": ["a", "b"], "meta": {"views": 3}},
            {"id": 2, "user_id": "00000000-0000-0000-0000-000000000009", "title": "orphan"},
            {"id": 3, "user_id": ALICE, "title": None},
        ],
        "users": [{"id": ALICE, "email": "a@example.com", "created_at": "2026-01-01T00:00:00Z", "extra": 1}],
    }
    result = push(schema, target_url, records=records)
    assert result.seeded == "loaded sample records (users: 1, posts: 1); skipped posts: 2"
    assert conn.execute("SELECT id, title, tags, meta FROM posts").fetchall() == [
        (1, "hello", ["a", "b"], {"views": 3})]
    # a second push creates nothing, so it loads nothing
    assert push(schema, target_url, records=records).no_op


def test_a_bad_record_is_skipped_and_named(target_url: str, conn: psycopg.Connection) -> None:
    schema = Schema(name="s", tables=[Table(name="t", columns=[Column(name="n", type="integer")])])
    result = push(schema, target_url, records={"t": [{"n": "not a number"}, {"n": "7"}]})
    assert conn.execute("SELECT n FROM t").fetchall() == [(7,)]
    assert [s.line() for s in result.skipped_rows] == [
        'table t: 1 row skipped: invalid input syntax for type integer: "not a number"']
