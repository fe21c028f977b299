"""The generated REST API on the real embedded Postgres: listing with filters, selection,
ordering, paging and expansion; CRUD by key (composite keys too); errors as JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sql.exports.openapi import MAX_LIMIT, openapi_document
from tests.restapi.conftest import demo


def test_list_pages_with_a_total(client: TestClient) -> None:
    page = client.get("/books", params={"limit": 5, "offset": 2}).json()
    assert len(page["data"]) == 5 and page["limit"] == 5 and page["offset"] == 2
    everything = client.get("/books", params={"limit": MAX_LIMIT}).json()
    assert page["total"] == everything["total"] == len(everything["data"])
    assert [b["slug"] for b in everything["data"]][2:7] == [b["slug"] for b in page["data"]]


def test_filters(client: TestClient) -> None:
    books = client.get("/books", params={"limit": MAX_LIMIT}).json()["data"]
    cheap = client.get("/books", params={"price": "lt.15", "limit": MAX_LIMIT}).json()
    assert cheap["total"] == sum(1 for b in books if b["price"] < 15) > 0
    fmt = client.get("/books", params={"format": "in.(ebook,audiobook)", "limit": MAX_LIMIT}).json()["data"]
    assert fmt and {b["format"] for b in fmt} <= {"ebook", "audiobook"}
    word = books[0]["title"].split()[0]
    like = client.get("/books", params={"title": f"ilike.*{word.lower()}*", "limit": MAX_LIMIT}).json()["data"]
    assert books[0]["slug"] in {b["slug"] for b in like}
    nulls = client.get("/books", params={"subtitle": "is.null", "limit": MAX_LIMIT}).json()
    assert nulls["total"] == sum(1 for b in books if b["subtitle"] is None)
    two = client.get("/books", params=[("price", "gte.10"), ("price", "lte.20"), ("limit", "1000")]).json()
    assert two["total"] == sum(1 for b in books if 10 <= b["price"] <= 20)
    assert client.get("/books", params={"slug": f"eq.{books[0]['slug']}"}).json()["total"] == 1
    assert client.get("/books", params={"slug": f"neq.{books[0]['slug']}"}).json()["total"] == len(books) - 1


def test_select_and_order(client: TestClient) -> None:
    rows = client.get("/books", params={"select": "slug,price", "order": "price.desc,slug", "limit": 50}).json()["data"]
    assert all(set(r) == {"slug", "price"} for r in rows)
    prices = [r["price"] for r in rows]
    assert prices == sorted(prices, reverse=True)


def test_expand_parents_and_children(client: TestClient) -> None:
    rows = client.get("/books", params={"expand": "author", "limit": 10}).json()["data"]
    assert all(r["author"]["id"] == r["author_id"] for r in rows)
    rows = client.get("/books", params={"select": "slug,author(name)", "limit": 10}).json()["data"]
    assert all(set(r) == {"slug", "author"} and set(r["author"]) == {"name"} for r in rows)
    author = rows[0]
    authors = client.get("/authors", params={"expand": "books", "limit": 1000}).json()["data"]
    owner = next(a for a in authors if a["name"] == author["author"]["name"])
    assert author["slug"] in {b["slug"] for b in owner["books"]}
    one = client.get(f"/authors/{owner['id']}", params={"expand": "books"}).json()
    assert {b["slug"] for b in one["books"]} == {b["slug"] for b in owner["books"]}


def test_crud_by_key_and_composite_key(client: TestClient) -> None:
    genre = {"slug": "test-genre", "name": "Test", "description": "made by a test"}
    assert client.post("/genres", json=genre).status_code == 201
    assert client.post("/genres", json=genre).status_code == 409  # duplicate key
    got = client.get("/genres/test-genre").json()
    assert got == genre
    patched = client.patch("/genres/test-genre", json={"name": "Renamed"})
    assert patched.status_code == 200 and patched.json()["name"] == "Renamed"
    book = client.get("/books", params={"limit": 1}).json()["data"][0]["slug"]
    link = client.post("/book_genres", json={"book_slug": book, "genre_slug": "test-genre"})
    assert link.status_code == 201
    assert client.get(f"/book_genres/{book}/test-genre").status_code == 200
    assert client.delete(f"/book_genres/{book}/test-genre").status_code == 204
    assert client.get(f"/book_genres/{book}/test-genre").status_code == 404
    assert client.delete("/genres/test-genre").status_code == 204
    author = client.get("/books", params={"limit": 1}).json()["data"][0]["author_id"]
    refused = client.delete(f"/authors/{author}")  # books refer to it (no action)
    assert refused.status_code == 409 and client.get(f"/authors/{author}").status_code == 200
    assert client.get("/genres/test-genre").status_code == 404
    assert client.patch("/genres/test-genre", json={"name": "x"}).status_code == 404
    orphan = client.post("/book_genres", json={"book_slug": "no-such-book", "genre_slug": "fiction"})
    assert orphan.status_code == 409 and orphan.json()["code"] == "conflict"


def test_validation_errors_name_the_fields(client: TestClient) -> None:
    answer = client.post("/reviews", json={"id": "seven", "rating": 5, "unknown": 1})
    assert answer.status_code == 422
    fields = {f["field"] for f in answer.json()["fields"]}
    assert {"id", "unknown", "title", "verified_purchase", "created_at"} <= fields
    assert client.post("/orders", json={"status": "lost"}).status_code == 422


def test_the_served_document_is_the_export(client: TestClient) -> None:
    assert client.get("/openapi.json").json() == openapi_document(demo())
    assert "swagger" in client.get("/docs").text.lower()
