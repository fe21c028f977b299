"""demo/truth.json matches what the API serves, derived from the responses by the modeling rules.

The rules (../shared/eval/README.md): envelopes are unwrapped; one table per entity whatever the
endpoint; objects without identity are flattened with ``_``; embedded objects with identity become
``<field>_<key>``; arrays of scalars are array columns unless they hold keys of another entity
(then a join table); arrays of objects are child or association tables; a path-nested resource
gets a foreign key to its parent; types follow the values; nullable means null or missing somewhere.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import pytest

import demo

TRUTH = json.loads((Path(demo.__file__).resolve().parent / "truth.json").read_text())
TRUTH_TABLES = {t["name"]: t for t in TRUTH["tables"]}

# entity table -> its key; which embedded objects and scalar arrays refer to which entity
KEYS = {
    "authors": "id",
    "publishers": "id",
    "genres": "slug",
    "books": "slug",
    "customers": "id",
    "orders": "id",
    "reviews": "id",
}
EMBEDDED = {("books", "author"): "authors", ("books", "publisher"): "publishers"}
KEY_ARRAYS = {("books", "genres"): "genres"}
CHILD_ARRAYS = {("books", "awards"), ("orders", "items")}  # arrays of objects: child/association tables
FK_NAMES = {
    "author_id": "authors",
    "publisher_id": "publishers",
    "customer_id": "customers",
    "book_slug": "books",
    "genre_slug": "genres",
    "order_id": "orders",
}

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")
DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def singular(table: str) -> str:
    return table[:-1] if table.endswith("s") else table


def value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if -(2**31) <= value < 2**31 else "bigint"
    if isinstance(value, float):
        return "numeric"
    if isinstance(value, str):
        if UUID.match(value):
            return "uuid"
        if DATETIME.match(value):
            return "timestamptz"
        if DATE.match(value):
            return "date"
        return "text"
    if isinstance(value, list):
        inner = {value_type(v) for v in value}
        return (inner.pop() if len(inner) == 1 else "text") + "[]"
    return "jsonb"


def column_type(values: list[Any]) -> str:
    types = {value_type(v) for v in values if v is not None and v != []}
    if types <= {"integer", "bigint", "numeric"} and len(types) > 1:
        return "numeric" if "numeric" in types else "bigint"
    assert len(types) == 1, types
    return types.pop()


class Derived:
    """Rows per table, flattened from API records by the modeling rules."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.seen: dict[tuple[str, Any], dict[str, Any]] = {}

    def add(self, table: str, record: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
        key = record[KEYS[table]]
        if (table, key) in self.seen:  # the same entity from another endpoint: identical, one row
            assert self.seen[(table, key)] == record, (table, key)
            return
        self.seen[(table, key)] = record
        row = dict(extra or {})
        children: list[tuple[str, list[dict[str, Any]]]] = []
        self._flatten(table, record, "", row, children)
        self.rows[table].append(row)
        parent_fk = {f"{singular(table)}_{KEYS[table]}": key}
        for field, items in children:
            for item in items:
                child = dict(parent_fk)
                self._flatten(f"{singular(table)}_{field}", item, "", child, [])
                self.rows[f"{singular(table)}_{field}"].append(child)

    def _flatten(self, table: str, obj: dict[str, Any], prefix: str, row: dict, children: list) -> None:
        for field, value in obj.items():
            name = prefix + field
            if (table, name) in EMBEDDED:
                ref = EMBEDDED[(table, name)]
                row[f"{name}_{KEYS[ref]}"] = None if value is None else value[KEYS[ref]]
            elif (table, name) in KEY_ARRAYS:
                ref = KEY_ARRAYS[(table, name)]
                for item in value:
                    self.rows[f"{singular(table)}_{name}"].append(
                        {
                            f"{singular(table)}_{KEYS[table]}": obj[KEYS[table]],
                            f"{singular(ref)}_{KEYS[ref]}": item,
                        }
                    )
            elif isinstance(value, dict):
                self._flatten(table, value, name + "_", row, children)
            elif (table, name) in CHILD_ARRAYS:
                children.append((name, value))
            else:
                assert not isinstance(value, list) or not any(isinstance(v, dict | list) for v in value), name
                row[name] = value


@pytest.fixture(scope="module")
def derived(client: httpx.Client) -> Derived:
    d = Derived()
    books = client.get("/api/books", params={"per_page": 100}).json()["data"]
    for book in books:
        d.add("books", book)
        d.add("books", client.get(f"/api/books/{book['slug']}").json())
        for review in client.get(f"/api/books/{book['slug']}/reviews").json():
            d.add("reviews", review, {"book_slug": book["slug"]})  # the path names the parent
    for table in ("authors", "publishers", "genres", "customers"):
        for record in client.get(f"/api/{table}").json():
            d.add(table, record)
            d.add(table, client.get(f"/api/{table}/{record[KEYS[table]]}").json())
    for order in client.get("/api/orders", params={"page_size": 100}).json()["results"]:
        d.add("orders", order)
        d.add("orders", client.get(f"/api/orders/{order['id']}").json())
    for customer in client.get("/api/customers").json():
        for order in client.get(f"/api/customers/{customer['id']}/orders").json():
            d.add("orders", order)
    return d


def test_truth_has_the_scorer_format() -> None:
    assert set(TRUTH) == {"tables"}
    for table in TRUTH["tables"]:
        assert set(table) == {"name", "primary_key", "columns", "foreign_keys"}
        names = [c["name"] for c in table["columns"]]
        assert len(set(names)) == len(names)
        for col in table["columns"]:
            assert set(col) == {"name", "type", "nullable"}
            assert re.fullmatch(r"[a-z][a-z0-9_]*", col["name"])
        assert table["primary_key"] is None or set(table["primary_key"]) <= set(names)
        for fk in table["foreign_keys"]:
            assert set(fk["columns"]) <= set(names)
            ref = TRUTH_TABLES[fk["ref_table"]]
            assert set(fk["ref_columns"]) <= {c["name"] for c in ref["columns"]}


def test_every_table_is_derivable_from_the_api(derived: Derived) -> None:
    assert set(derived.rows) == set(TRUTH_TABLES)


@pytest.mark.parametrize("name", sorted(TRUTH_TABLES))
def test_columns_types_and_nullability_match_the_served_data(derived: Derived, name: str) -> None:
    rows = derived.rows[name]
    assert rows
    served = {k for row in rows for k in row}
    truth = {c["name"]: c for c in TRUTH_TABLES[name]["columns"]}
    assert served == set(truth)
    for col, spec in truth.items():
        values = [row.get(col) for row in rows]
        assert column_type(values) in spec["type"].split("|"), col
        assert spec["nullable"] == any(v is None for v in values), col


@pytest.mark.parametrize("name", sorted(TRUTH_TABLES))
def test_keys_hold_in_the_served_data(derived: Derived, name: str) -> None:
    table = TRUTH_TABLES[name]
    rows = derived.rows[name]
    if table["primary_key"]:
        keys = [tuple(row[c] for c in table["primary_key"]) for row in rows]
        assert all(None not in k for k in keys) and len(set(keys)) == len(keys)
    fk_columns = set()
    for fk in table["foreign_keys"]:
        (col,), (ref_col,) = fk["columns"], fk["ref_columns"]
        fk_columns.add(col)
        targets = {row[ref_col] for row in derived.rows[fk["ref_table"]]}
        assert {row[col] for row in rows if row[col] is not None} <= targets, col
    # every column named like a reference is declared as one
    assert {
        c["name"] for c in table["columns"] if c["name"] in FK_NAMES and KEYS.get(name) != c["name"]
    } <= fk_columns
