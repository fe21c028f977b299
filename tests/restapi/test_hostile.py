"""Hostile input to the generated API: SQL in values and names, unknown columns and operators,
huge limits, malformed bodies and wrong types. Always a JSON 4xx, never a 5xx, and nothing
executed: the tables and their rows are intact afterwards."""

from __future__ import annotations

from urllib.parse import quote

import psycopg
import pytest
from fastapi.testclient import TestClient

from sql.exports.openapi import MAX_LIMIT

INJECTIONS = ["1; DROP TABLE books; --", "' OR '1'='1", "1) OR (1=1", "x\"; DELETE FROM books; --",
              "'; SELECT pg_sleep(5); --", "\x00", "%", "\\", "$1", "::text", "(SELECT 1)", "ö'\"`;"]


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").fetchall()]
        return {t: conn.execute(psycopg.sql.SQL("SELECT count(*) FROM {}").format(
            psycopg.sql.Identifier(t))).fetchone()[0] for t in tables}  # type: ignore[index]


def assert_json_4xx(answer: object, *codes: int) -> None:
    status = answer.status_code  # type: ignore[attr-defined]
    assert 400 <= status < 500 and (not codes or status in codes), (status, answer.text)  # type: ignore[attr-defined]
    body = answer.json()  # type: ignore[attr-defined]
    assert body["code"] and body["message"]


@pytest.fixture(scope="module")
def before(demo_db: str) -> dict[str, int]:
    return counts(demo_db)


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_in_filter_values_is_only_ever_a_value(client: TestClient, value: str, before: dict[str, int]) -> None:
    for op in ("eq", "neq", "like", "ilike", "gt"):
        answer = client.get("/books", params={"title": f"{op}.{value}"})
        assert answer.status_code in (200, 400), answer.text
        if answer.status_code == 200:
            assert answer.json()["total"] == 0 or op in ("neq", "gt", "like", "ilike")
        else:
            assert_json_4xx(answer, 400)
    for column in ("price", "page_count", "published_on", "author_id", "in_stock"):
        assert_json_4xx(client.get("/books", params={column: f"eq.{value}"}), 400)
    assert client.get("/books", params={"format": f"in.({value},ebook)"}).status_code in (200, 400)
    answer = client.get(f"/books/{quote(value, safe='')}")
    assert answer.status_code in (400, 404)


@pytest.mark.parametrize("name", INJECTIONS + ["title;", "books.title", "*", "count(*)"])
def test_sql_in_names_is_an_unknown_column(client: TestClient, name: str) -> None:
    assert_json_4xx(client.get("/books", params={name: "eq.1"}), 400)
    if name != "*":  # select=slug,* is every column
        assert_json_4xx(client.get("/books", params={"select": f"slug,{name}"}), 400)
    assert_json_4xx(client.get("/books", params={"order": f"{name}.desc"}), 400)
    assert_json_4xx(client.get("/books", params={"expand": name}), 400)


@pytest.mark.parametrize("params", [
    {"title": "regex.x"}, {"title": "eq"}, {"title": "is.maybe"}, {"title": "is.true"}, {"format": "in.ebook"},
    {"order": "title.sideways"}, {"limit": "-1"}, {"limit": "ten"}, {"offset": "1e3"},
    {"select": "slug,author(nope)"}, {"select": "slug,author(*"},
])
def test_unknown_operators_and_malformed_parameters(client: TestClient, params: dict[str, str]) -> None:
    assert_json_4xx(client.get("/books", params=params), 400)


def test_huge_limits_are_capped(client: TestClient) -> None:
    page = client.get("/reviews", params={"limit": "99999999999"}).json()
    assert page["limit"] == MAX_LIMIT and len(page["data"]) <= MAX_LIMIT
    assert_json_4xx(client.get("/reviews", params={"limit": "9" * 400}), 400)
    assert client.get("/reviews", params={"offset": "999999999"}).json()["data"] == []


@pytest.mark.parametrize("body", [
    b"", b"{", b"[]", b"null", b"42", b'"text"', b'{"slug": 1}', b'{"slug": "s", "name": null}',
    b'{"slug": "s", "name": "n", "description": "d", "extra": 1}', b"\xff\xfe", b'{"slug": {"$gt": ""}}',
    b'{"slug": "x\\u0000y", "name": "n", "description": "d"}',
])
def test_malformed_bodies_and_wrong_types(client: TestClient, body: bytes) -> None:
    answer = client.post("/genres", content=body, headers={"content-type": "application/json"})
    assert_json_4xx(answer, 400, 422)
    answer = client.patch("/genres/fiction", content=body, headers={"content-type": "application/json"})
    assert_json_4xx(answer, 400, 404, 422)


def test_wrong_types_per_column(client: TestClient) -> None:
    base = {"id": 999001, "rating": 5, "title": "t", "verified_purchase": True, "created_at": "2024-01-01T00:00:00Z"}
    for field, value in [("rating", "5"), ("rating", 5.5), ("rating", 2**40), ("verified_purchase", "yes"),
                         ("created_at", 12), ("created_at", "yesterday"), ("customer_id", [1]),
                         ("book_slug", {"a": 1})]:
        answer = client.post("/reviews", json={**base, field: value})
        assert_json_4xx(answer, 422)
        assert field in {f["field"] for f in answer.json()["fields"]}


def test_nothing_was_executed(client: TestClient, demo_db: str, before: dict[str, int]) -> None:
    client.get("/books", params={"title": "eq.1; DROP TABLE books; --"})
    assert counts(demo_db) == before
