"""Entity resolution and relations on small hand-made traffic."""

from __future__ import annotations

import pytest

from inference import infer_schema
from kernel.errors import InferenceError
from kernel.schema import Schema
from tests.factories import make_exchange

API = "http://127.0.0.1:8081/api"
USERS = [{"id": 1, "name": "Ann", "username": "ann", "address": {"city": "Oslo", "geo": {"lat": "1.5"}}},
         {"id": 2, "name": "Bob", "username": "bob", "address": {"city": "Rome", "geo": {"lat": "2.5"}}}]


def _fks(schema: Schema, table: str) -> set[tuple[str, str, str]]:
    t = schema.table(table)
    assert t is not None, [x.name for x in schema.tables]
    return {(fk.columns[0], fk.ref_table, fk.ref_columns[0]) for fk in t.foreign_keys}


def test_one_users_table_from_list_detail_and_embedded_objects() -> None:
    schema = infer_schema([
        make_exchange(f"{API}/users", USERS),
        make_exchange(f"{API}/users/1", USERS[0]),
        make_exchange(f"{API}/posts", {"data": [
            {"id": 10, "title": "t", "author": {"id": 1, "name": "Ann", "username": "ann"}},
            {"id": 11, "title": "u", "author": {"id": 2, "name": "Bob", "username": "bob"}}]}),
        make_exchange(f"{API}/posts/10/comments", [
            {"id": 100, "body": "hi", "user": {"id": 2, "username": "bob"}},
            {"id": 101, "body": "yo", "user": {"id": 1, "username": "ann"}}]),
    ])
    assert sorted(t.name for t in schema.tables) == ["comments", "posts", "users"]
    users = schema.table("users")
    assert users is not None and users.primary_key == ["id"]
    assert [c.name for c in users.columns] == ["id", "name", "username", "address_city", "address_geo_lat"]
    assert ("author_id", "users", "id") in _fks(schema, "posts")
    assert _fks(schema, "comments") >= {("user_id", "users", "id"), ("post_id", "posts", "id")}
    comments = schema.table("comments")
    assert comments is not None and comments.column("post_id") is not None
    assert users.evidence is not None and "GET /api/users/{id}" in users.evidence.endpoints


def test_fk_by_name_requires_matching_values() -> None:
    schema = infer_schema([
        make_exchange(f"{API}/users", USERS),
        make_exchange(f"{API}/todos", [{"id": 1, "userId": 1, "done": True}, {"id": 2, "userId": 2, "done": False}]),
        make_exchange(f"{API}/orders", [{"id": 5, "userId": 77, "petId": 0}]),
    ])
    assert _fks(schema, "todos") == {("user_id", "users", "id")}
    assert _fks(schema, "orders") == set()
    todos = schema.table("todos")
    assert todos is not None
    assert {c.name: c.type for c in todos.columns} == {"id": "integer", "user_id": "integer", "done": "boolean"}
    fk = todos.foreign_keys[0]
    assert fk.evidence is not None and fk.evidence.rule and fk.evidence.confidence


def test_child_association_and_join_tables() -> None:
    products = [{"id": i, "title": f"p{i}"} for i in range(1, 5)]
    carts = [{"id": 1, "products": [{"id": 1, "qty": 2}, {"id": 3, "qty": 1}]},
             {"id": 2, "products": [{"id": 1, "qty": 5}]}]
    pets = [{"id": 7, "tags": [{"id": 1, "name": "cute"}], "reviews": [{"stars": 5, "text": "ok"}]},
            {"id": 8, "tags": [{"id": 1, "name": "cute"}, {"id": 2, "name": "old"}], "reviews": []}]
    regions = [{"regionId": 1, "territories": [{"territoryId": 10, "name": "a"}], "name": "East"},
               {"regionId": 2, "territories": [{"territoryId": 20, "name": "b"}], "name": "West"}]
    schema = infer_schema([
        make_exchange(f"{API}/products", {"products": products, "total": 4, "skip": 0, "limit": 30}),
        make_exchange(f"{API}/carts", carts),
        make_exchange(f"{API}/pets", pets),
        make_exchange(f"{API}/regions", regions),
    ])
    assert _fks(schema, "cart_products") == {("cart_id", "carts", "id"), ("product_id", "products", "id")}
    assert _fks(schema, "pet_tags") == {("pet_id", "pets", "id"), ("tag_id", "tags", "id")}
    assert schema.table("tags") is not None
    assert _fks(schema, "pet_reviews") == {("pet_id", "pets", "id")}
    assert _fks(schema, "territories") == {("region_id", "regions", "region_id")}
    pets_table = schema.table("pets")
    assert pets_table is not None and pets_table.column("tags") is None


def test_array_of_keys_becomes_join_table() -> None:
    schema = infer_schema([
        make_exchange(f"{API}/territories", [{"territoryId": t, "name": str(t)} for t in (1, 2, 3)]),
        make_exchange(f"{API}/employees", [{"employeeId": 1, "territoryIds": [1, 2]},
                                           {"employeeId": 2, "territoryIds": [3]}]),
    ])
    assert _fks(schema, "employee_territories") == {
        ("employee_id", "employees", "employee_id"), ("territory_id", "territories", "territory_id")}
    employees = schema.table("employees")
    assert employees is not None and employees.column("territory_ids") is None


def test_nullability_enums_and_null_sentinels() -> None:
    rows = [{"id": i, "status": ["open", "closed"][i % 2], "region": "NULL" if i % 3 else "WA",
             **({"note": "x"} if i % 2 else {})} for i in range(12)]
    schema = infer_schema([make_exchange(f"{API}/tickets", rows)])
    t = schema.table("tickets")
    assert t is not None
    cols = {c.name: c for c in t.columns}
    assert cols["region"].nullable and cols["note"].nullable and not cols["status"].nullable
    assert cols["status"].enum == ["closed", "open"]
    ev = cols["status"].evidence
    assert ev is not None and ev.samples == 12 and len(ev.examples) <= 3 and ev.distinct == 2


def test_noise_only_capture_is_an_inference_error() -> None:
    with pytest.raises(InferenceError, match="no JSON API responses"):
        infer_schema([
            make_exchange("http://x/app.js", None, content_type="application/javascript"),
            make_exchange(f"{API}/users", {"error": "nope"}, status=500),
            make_exchange(f"{API}/users", USERS, method="OPTIONS"),
        ])
    with pytest.raises(InferenceError):
        infer_schema([])


def test_plain_word_key_in_path_is_recognised_from_the_record() -> None:
    genres = [{"slug": "crime", "name": "Crime"}, {"slug": "science-fiction", "name": "SF"}]
    schema = infer_schema([
        make_exchange(f"{API}/genres", {"data": genres}),
        make_exchange(f"{API}/genres/crime", genres[0]),
        make_exchange(f"{API}/genres/science-fiction", genres[1]),
    ])
    assert [t.name for t in schema.tables] == ["genres"]
    genres_table = schema.tables[0]
    assert genres_table.primary_key == ["slug"]
    assert genres_table.evidence is not None and "GET /api/genres/{key}" in genres_table.evidence.endpoints
