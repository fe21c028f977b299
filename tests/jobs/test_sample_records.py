"""Captured records shaped for loading: tables and columns matched, values fitted, bad rows dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_har_exchanges
from inference import infer_schema
from jobs.sample_records import SampleRecords, Unfit, fit_value, sample_records
from kernel.exchange import read_exchanges
from kernel.schema import Column, ForeignKey, Schema, Table, load_schema
from sql.types import parse_type
from tests.factories import make_exchange

GOLDEN = Path(__file__).parents[1] / "inference" / "golden"
API = "http://127.0.0.1:8081/api"


@pytest.fixture(scope="module")
def demo() -> tuple[Schema, SampleRecords]:
    schema = load_schema(GOLDEN / "demo.schema.json")
    return schema, sample_records(read_exchanges(GOLDEN / "demo.jsonl"), schema)


def test_every_demo_table_gets_rows_whose_keys_hold(demo: tuple[Schema, SampleRecords]) -> None:
    schema, sample = demo
    assert sample.unmatched == [] and sample.dropped == {}
    assert set(sample.records) == {t.name for t in schema.tables}
    assert all(len(rows) > 0 for rows in sample.records.values())
    for table in schema.tables:
        for fk in table.foreign_keys:
            parents = {tuple(r[c] for c in fk.ref_columns) for r in sample.records[fk.ref_table]}
            children = [tuple(r.get(c) for c in fk.columns) for r in sample.records[table.name]]
            assert all(None in key or key in parents for key in children), (table.name, fk.columns)


def test_join_and_child_tables_come_from_their_parents_arrays(demo: tuple[Schema, SampleRecords]) -> None:
    _, sample = demo
    books = {b["slug"]: b for b in sample.records["books"]}
    pairs = {(r["book_slug"], r["genre_slug"]) for r in sample.records["book_genres"]}
    assert pairs and all(slug in books for slug, _ in pairs)
    items = sample.records["order_items"]
    assert {"order_id", "book_slug", "quantity", "unit_price"} <= set(items[0])
    assert len({(i["order_id"], i["book_slug"]) for i in items}) == len(items)


def test_values_are_converted_to_the_column_types(demo: tuple[Schema, SampleRecords]) -> None:
    _, sample = demo
    book = sample.records["books"][0]
    assert book["created_at"].endswith("+00:00")  # ISO text, zone kept
    assert isinstance(book["tags"], list) and isinstance(book["in_stock"], bool)
    assert "genres" not in book  # a column the table does not have is not passed on


@pytest.mark.parametrize("value, type_, name, expected", [
    (5, "integer", "n", 5),
    ("42", "bigint", "n", 42),
    (3.0, "smallint", "n", 3),
    (2**31, "integer", "n", None),
    (2**31, "bigint", "n", 2**31),
    (1.5, "integer", "n", None),
    (True, "integer", "n", None),
    ("12.50", "numeric", "price", "12.50"),
    (12345.6, "numeric(6,2)", "price", None),
    (1234.5, "numeric(6,2)", "price", 1234.5),
    ("abc", "numeric", "price", None),
    ("yes", "boolean", "flag", True),
    (0, "boolean", "flag", False),
    ("maybe", "boolean", "flag", None),
    ("04571056-7A92-589B-A844-0A1321C6196E", "uuid", "id", "04571056-7a92-589b-a844-0a1321c6196e"),
    ("not-a-uuid", "uuid", "id", None),
    ("[REDACTED:str:16-64]", "uuid", "id", None),
    ("[REDACTED:int]", "integer", "n", None),
    ("[REDACTED:str:16-64]", "text", "token", "[REDACTED:str:16-64]"),
    ("2024-04-04T20:28:23Z", "timestamptz", "created_at", "2024-04-04T20:28:23+00:00"),
    ("2024-04-04 20:28:23 UTC", "timestamptz", "created_at", "2024-04-04T20:28:23+00:00"),
    ("2024-04-04T20:28:23.1234567Z", "timestamptz", "created_at", "2024-04-04T20:28:23.123456+00:00"),
    ("2024-04-04T22:28:23+02:00", "timestamp", "created_at", "2024-04-04T20:28:23"),
    (1712262503, "timestamptz", "created_at", "2024-04-04T20:28:23+00:00"),
    (1712262503000, "timestamptz", "updated_at", "2024-04-04T20:28:23+00:00"),
    ("1712262503", "timestamptz", "created_at", "2024-04-04T20:28:23+00:00"),
    (1712262503, "timestamptz", "price", None),  # a number is a time only in a time-named column
    ("2024-04-04", "timestamptz", "published_on", "2024-04-04T00:00:00"),
    ("2024-04-04T20:28:23Z", "date", "published_on", "2024-04-04"),
    (1712262503, "date", "published_on", "2024-04-04"),
    ("yesterday", "date", "published_on", None),
    ("09:30", "time", "opens_at", "09:30:00"),
    ({"a": [1, 2]}, "jsonb", "meta", '{"a": [1, 2]}'),
    ("plain", "jsonb", "meta", '"plain"'),
    (7, "text", "code", "7"),
    ({"a": 1}, "text", "note", '{"a": 1}'),
    ("abcdef", "varchar(3)", "code", None),
    ("abc", "varchar(3)", "code", "abc"),
    ("N/A", "integer", "n", "missing"),
])
def test_fit_value(value: Any, type_: str, name: str, expected: Any) -> None:
    kind = parse_type(type_)
    if expected is None:
        with pytest.raises(Unfit):
            fit_value(value, kind, name)
    else:
        assert fit_value(value, kind, name) == (None if expected == "missing" else expected)


def _schema(*tables: Table) -> Schema:
    return Schema(name="s", tables=list(tables))


def test_a_redacted_marker_in_a_typed_column_drops_the_row_and_is_counted() -> None:
    exchanges = [make_exchange(f"{API}/users", [
        {"id": 1, "account_id": "9b2f1c4e-3d5a-4b6c-8d7e-1f2a3b4c5d6e", "token": "[REDACTED:str:16-64]"},
        {"id": 2, "account_id": "[REDACTED:str:16-64]", "token": "[REDACTED:str:16-64]"},
        {"id": 3, "account_id": None, "token": None},
    ])]
    schema = _schema(Table(name="users", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False), Column(name="account_id", type="uuid"),
        Column(name="token", type="text")]))
    sample = sample_records(exchanges, schema)
    assert [r["id"] for r in sample.records["users"]] == [1, 3]
    assert sample.records["users"][0]["token"] == "[REDACTED:str:16-64]"  # text keeps the marker
    assert sample.dropped == {"users": 1} and "redacted" in sample.reasons["users"]


def test_an_edited_schema_is_matched_by_name_then_by_columns() -> None:
    exchanges = [make_exchange(f"{API}/people", [
        {"id": 1, "fullName": "Ada", "score": 3, "joined": "2024-01-02"},
        {"id": 2, "fullName": "Bob", "score": 4, "joined": "2024-01-03"},
    ])]
    inferred = infer_schema(exchanges)
    assert [t.name for t in inferred.tables] == ["people"]
    edited = _schema(Table(name="members", primary_key=["id"], columns=[
        Column(name="id", type="bigint", nullable=False),
        Column(name="FullName", type="text"),  # matched ignoring case and underscores
        Column(name="score", type="text"),  # a widened type: numbers become text
        Column(name="joined", type="date"),
        Column(name="status", type="text", nullable=False, default="'new'"),  # added: left to the default
    ]), Table(name="unrelated", columns=[Column(name="x", type="text")]))
    sample = sample_records(exchanges, edited)
    assert sample.records["members"] == [
        {"id": 1, "FullName": "Ada", "score": "3", "joined": "2024-01-02"},
        {"id": 2, "FullName": "Bob", "score": "4", "joined": "2024-01-03"},
    ]
    assert sample.unmatched == ["unrelated"]


def test_enumerations_and_repeated_keys_drop_rows() -> None:
    exchanges = [make_exchange(f"{API}/orders", [
        {"id": 1, "status": "paid"}, {"id": 2, "status": "lost"}, {"id": 3, "status": "paid"},
    ]), make_exchange(f"{API}/orders/1", {"id": "1", "status": "shipped"})]  # agrees on no other field: a row
    schema = _schema(Table(name="orders", primary_key=["code"], columns=[
        Column(name="code", type="text", nullable=False), Column(name="id", type="integer", unique=True),
        Column(name="status", type="text", enum=["paid", "shipped"])]))
    sample = sample_records(exchanges, schema)
    assert [r["id"] for r in sample.records["orders"]] == [1, 3]
    assert sample.dropped == {"orders": 2} and "enumerated" in sample.reasons["orders"]  # and id "1" again


def test_the_limit_keeps_children_of_kept_parents_first() -> None:
    authors = [{"id": i, "name": f"A{i}"} for i in range(1, 11)]
    books = [{"id": 100 + i, "author_id": 10 - i % 10, "title": f"B{i}"} for i in range(20)]
    exchanges = [make_exchange(f"{API}/authors", authors), make_exchange(f"{API}/books", books)]
    schema = infer_schema(exchanges)
    assert schema.table("books").foreign_keys[0].ref_table == "authors"  # type: ignore[union-attr]
    sample = sample_records(exchanges, schema, limit_per_table=3)
    kept = {a["id"] for a in sample.records["authors"]}
    assert len(kept) == 3 and sample.over_limit == {"authors": 7, "books": 17}
    assert all(b["author_id"] in kept for b in sample.records["books"])


def test_self_references_and_array_joins_follow_inference() -> None:
    exchanges = [
        make_exchange(f"{API}/tags", [{"id": 1, "label": "x"}, {"id": 2, "label": "y"}]),
        make_exchange(f"{API}/notes", [{"id": 10, "tag_ids": [1, 2], "parent_id": None},
                                       {"id": 11, "tag_ids": [2], "parent_id": 10}]),
    ]
    schema = infer_schema(exchanges)
    sample = sample_records(exchanges, schema)
    join = next(t for t in schema.tables if t.name not in ("tags", "notes"))
    assert sorted(tuple(sorted(r.items())) for r in sample.records[join.name]) == sorted(
        tuple(sorted(r.items())) for r in [{"note_id": 10, "tag_id": 1}, {"note_id": 10, "tag_id": 2},
                                           {"note_id": 11, "tag_id": 2}])


def test_a_har_is_read_redacted_so_no_secret_reaches_the_records(tmp_path: Path) -> None:
    secret = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    entries = [{
        "startedDateTime": "2026-01-01T00:00:00.000Z", "time": 3,
        "request": {"method": "GET", "url": f"{API}/accounts", "headers": []},
        "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                     "content": {"mimeType": "application/json", "text": json.dumps(
                         [{"id": 1, "name": "main", "api_key": secret, "password": "hunter2-hunter2"}])}},
    }]
    har = tmp_path / "t.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")
    schema = infer_schema(iter_har_exchanges(har))
    sample = sample_records(iter_har_exchanges(har), schema)
    text = json.dumps(sample.records)
    assert sample.records["accounts"][0]["name"] == "main"
    assert secret not in text and "hunter2" not in text


def test_a_golden_har_yields_rows_for_its_tables() -> None:
    har = GOLDEN / "jsonplaceholder.har"
    schema = load_schema(GOLDEN / "jsonplaceholder.schema.json")
    sample = sample_records(iter_har_exchanges(har), schema)
    assert {t.name for t in schema.tables} <= set(sample.records)
    assert all(sample.records[t.name] for t in schema.tables)


def test_a_schema_with_foreign_keys_to_unmatched_tables_still_gets_rows() -> None:
    exchanges = [make_exchange(f"{API}/posts", [{"id": 1, "user_id": 7, "title": "t"}])]
    schema = _schema(
        Table(name="owners", primary_key=["id"], columns=[Column(name="id", type="integer", nullable=False),
                                                          Column(name="nickname", type="text")]),
        Table(name="posts", primary_key=["id"], columns=[
            Column(name="id", type="integer", nullable=False), Column(name="user_id", type="integer"),
            Column(name="title", type="text")],
            foreign_keys=[ForeignKey(columns=["user_id"], ref_table="owners", ref_columns=["id"])]))
    sample = sample_records(exchanges, schema)
    assert sample.records == {"posts": [{"id": 1, "user_id": 7, "title": "t"}]}
    assert sample.unmatched == ["owners"]
