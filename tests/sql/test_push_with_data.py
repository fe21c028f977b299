"""Pushing a schema with the captured sample data, on the real embedded Postgres."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from jobs.sample_records import SampleRecords, sample_records
from kernel.exchange import read_exchanges
from kernel.schema import Column, ForeignKey, Schema, Table, load_schema
from sql.apply import push
from sql.seed import data_report, row_batches
from tests.factories import make_exchange

GOLDEN = Path(__file__).resolve().parent.parent / "inference" / "golden"
ENTITIES = ("authors", "publishers", "books", "customers", "reviews", "genres", "orders")


@pytest.fixture(scope="module")
def demo() -> tuple[Schema, SampleRecords]:
    schema = load_schema(GOLDEN / "demo.schema.json")
    return schema, sample_records(read_exchanges(GOLDEN / "demo.jsonl"), schema)


def counts(conn: psycopg.Connection, tables: list[str]) -> dict[str, int]:
    out = {}
    for table in tables:
        row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # names from the schema document
        assert row is not None
        out[table] = row[0]
    return out


def test_the_demo_is_pushed_with_its_data(demo: tuple[Schema, SampleRecords], target_url: str,
                                          conn: psycopg.Connection) -> None:
    schema, sample = demo
    result = push(schema, target_url, records=sample.records)
    names = [t.name for t in schema.tables]
    loaded = counts(conn, names)
    assert all(loaded[t] > 0 for t in ENTITIES)
    assert loaded == {t: len(sample.records[t]) for t in names}  # nothing skipped on the demo
    report = data_report(schema, sample.records, result.created_tables, sample.why)
    assert report.loaded == loaded and not any(report.skipped.values())
    assert result.seeded is not None and "book_genres: 33" in result.seeded
    # the foreign keys exist, so the rows satisfy them; check that they really are constraints
    fks = conn.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").fetchone()
    assert fks is not None and fks[0] == sum(len(t.foreign_keys) for t in schema.tables)
    orphans = conn.execute('SELECT count(*) FROM "order_items" i LEFT JOIN "orders" o ON o.id = i.order_id '
                           "WHERE o.id IS NULL").fetchone()
    assert orphans == (0,)
    typed = conn.execute('SELECT pg_typeof(created_at)::text, pg_typeof(id)::text FROM "authors" LIMIT 1').fetchone()
    assert typed == ("timestamp with time zone", "uuid")


def test_a_repush_with_data_is_a_no_op_and_duplicates_nothing(demo: tuple[Schema, SampleRecords], target_url: str,
                                                               conn: psycopg.Connection) -> None:
    schema, sample = demo
    push(schema, target_url, records=sample.records)
    names = [t.name for t in schema.tables]
    before = counts(conn, names)
    again = push(schema, target_url, records=sample.records)
    assert again.no_op and again.created_tables == ()
    assert counts(conn, names) == before
    assert data_report(schema, sample.records, again.created_tables).loaded == {}


def test_data_goes_only_into_tables_the_push_creates(demo: tuple[Schema, SampleRecords], target_url: str,
                                                    conn: psycopg.Connection) -> None:
    schema, sample = demo
    first = schema.model_copy(update={"tables": [t for t in schema.tables if t.name in ("authors", "publishers")]})
    push(first, target_url)  # the parents exist, empty
    result = push(schema, target_url, records=sample.records)
    assert "authors" not in result.created_tables
    loaded = counts(conn, ["authors", "publishers", "books", "genres"])
    assert loaded["authors"] == 0 and loaded["publishers"] == 0 and loaded["genres"] == 10
    # books refer to authors that this push did not load: skipped, counted, no failure
    assert loaded["books"] == 0
    report = data_report(schema, sample.records, result.created_tables)
    assert report.skipped["books"] == len(sample.records["books"])


def test_rows_postgres_rejects_are_skipped_and_so_are_their_children(
        demo: tuple[Schema, SampleRecords], target_url: str, conn: psycopg.Connection) -> None:
    schema, _ = demo
    edited = schema.model_copy(deep=True)
    books = edited.table("books")
    assert books is not None
    fmt = next(c for c in books.columns if c.name == "format")
    fmt.type, fmt.enum = "interval", None  # "hardcover" is no interval
    sample = sample_records(read_exchanges(GOLDEN / "demo.jsonl"), edited)
    assert sample.records["books"][0]["format"] == "hardcover"  # unknown to the converter: passed on
    result = push(edited, target_url, records=sample.records)
    loaded = counts(conn, ["authors", "books", "reviews", "book_genres"])
    assert loaded["authors"] == len(sample.records["authors"]) > 0 and loaded["books"] == 0
    assert loaded["book_genres"] == 0  # their books were not stored; reviews of no book would be
    assert loaded["reviews"] == sum(1 for r in sample.records["reviews"] if r.get("book_slug") is None)
    assert len(sample.records["reviews"]) > loaded["reviews"]
    assert result.seed is not None and result.seed.skipped["books"] == len(sample.records["books"])
    reasons = {s.table: s.reason for s in result.skipped_rows}
    assert reasons["books"].startswith("invalid input syntax for type interval")
    assert "violates foreign key constraint" in reasons["book_genres"]
    assert "violates foreign key constraint" in reasons["reviews"]
    assert conn.execute("SELECT count(*) FROM wiretable_migrations").fetchone() == (1,)


def test_redacted_markers_never_reach_typed_columns(target_url: str, conn: psycopg.Connection) -> None:
    exchanges = [make_exchange("http://127.0.0.1:8081/api/accounts", [
        {"id": 1, "owner_uuid": "9b2f1c4e-3d5a-4b6c-8d7e-1f2a3b4c5d6e", "pin": 1234, "api_key": "[REDACTED:str:16-64]"},
        {"id": 2, "owner_uuid": "[REDACTED:str:16-64]", "pin": 2, "api_key": "[REDACTED:str:16-64]"},
        {"id": 3, "owner_uuid": None, "pin": "[REDACTED:int]", "api_key": None},
        {"id": "[REDACTED:int]", "owner_uuid": None, "pin": 5, "api_key": None},
    ])]
    schema = Schema(name="s", tables=[Table(name="accounts", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False), Column(name="owner_uuid", type="uuid"),
        Column(name="pin", type="integer"), Column(name="api_key", type="text")])])
    sample = sample_records(exchanges, schema)
    result = push(schema, target_url, records=sample.records)
    assert conn.execute("SELECT id, owner_uuid::text, pin FROM accounts").fetchall() == [
        (1, "9b2f1c4e-3d5a-4b6c-8d7e-1f2a3b4c5d6e", 1234)]
    report = data_report(schema, sample.records, result.created_tables, sample.why)
    assert report.loaded == {"accounts": 1} and report.skipped == {"accounts": 3}
    assert report.lines() == ["accounts: 1 loaded, 3 skipped"]


def test_self_references_load_parents_first_and_defaults_apply(target_url: str, conn: psycopg.Connection) -> None:
    schema = Schema(name="s", tables=[Table(name="staff", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False), Column(name="reports_to", type="integer"),
        Column(name="status", type="text", nullable=False, default="'active'"),
        Column(name="extra", type="jsonb")],
        foreign_keys=[ForeignKey(columns=["reports_to"], ref_table="staff", ref_columns=["id"])])])
    records: dict[str, list[dict[str, Any]]] = {"staff": [
        {"id": 3, "reports_to": 2, "extra": "a plain string"},
        {"id": 2, "reports_to": 1, "status": "away"},
        {"id": 1, "reports_to": None, "extra": {"k": [1]}},
        {"id": 4, "reports_to": 99},  # its manager is not in the capture
        {"id": 1, "reports_to": None},  # a repeated key
    ]}
    _, report = row_batches(schema, records, ["staff"])
    assert report.loaded == {"staff": 3} and report.skipped == {"staff": 2}
    push(schema, target_url, records=records)
    assert conn.execute("SELECT id, reports_to, status, extra FROM staff ORDER BY id").fetchall() == [
        (1, None, "active", {"k": [1]}), (2, 1, "away", None), (3, 2, "active", "a plain string")]
