"""The demo bookshop's JSON API: envelopes, detail and nested routes, errors and the write path."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx
import pytest

from demo.data import BOOK_FORMATS, ORDER_STATUSES, build_dataset

BARE_COLLECTIONS = {"authors": "id", "publishers": "id", "genres": "slug", "customers": "id"}


def get_json(client: httpx.Client, path: str, status: int = 200):
    res = client.get(path)
    assert res.status_code == status, (path, res.status_code, res.text[:200])
    assert res.headers["content-type"].startswith("application/json")
    return res.json()


def all_books(client: httpx.Client) -> list[dict]:
    return get_json(client, "/api/books?per_page=100")["data"]


def all_orders(client: httpx.Client) -> list[dict]:
    return get_json(client, "/api/orders?page_size=100")["results"]


def test_books_use_a_paginated_envelope(client: httpx.Client) -> None:
    body = get_json(client, "/api/books")
    assert set(body) == {"data", "total", "page", "per_page"}
    assert body["page"] == 1
    assert body["total"] == len(body["data"]) == 24  # the default page holds every book
    third = get_json(client, "/api/books?page=3&per_page=10")
    assert third["page"] == 3 and third["per_page"] == 10 and len(third["data"]) == 4
    assert get_json(client, "/api/books?page=0", status=400)["error"] == "bad_request"


def test_book_filters(client: httpx.Client) -> None:
    books = all_books(client)
    author_id = books[0]["author"]["id"]
    by_author = get_json(client, f"/api/books?author={author_id}")["data"]
    assert by_author and all(b["author"]["id"] == author_id for b in by_author)
    by_genre = get_json(client, "/api/books?genre=crime")["data"]
    assert by_genre and all("crime" in b["genres"] for b in by_genre)
    by_publisher = get_json(client, "/api/books?publisher=1")["data"]
    assert by_publisher and all(b["publisher"]["id"] == 1 for b in by_publisher)
    newest = get_json(client, "/api/books?per_page=6&sort=-published_on")["data"]
    assert [b["published_on"] for b in newest] == sorted((b["published_on"] for b in books), reverse=True)[:6]


def test_orders_use_a_cursor_style_envelope(client: httpx.Client) -> None:
    body = get_json(client, "/api/orders")
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"]) == 30
    assert body["next"] is None and body["previous"] is None
    page = get_json(client, "/api/orders?page=2&page_size=10")
    assert len(page["results"]) == 10
    assert page["next"] == "/api/orders?page=3&page_size=10"
    assert page["previous"] == "/api/orders?page=1&page_size=10"
    shipped = get_json(client, "/api/orders?status=shipped")["results"]
    assert shipped and all(o["status"] == "shipped" for o in shipped)


@pytest.mark.parametrize(("collection", "key"), sorted(BARE_COLLECTIONS.items()))
def test_bare_collections_and_detail_routes(client: httpx.Client, collection: str, key: str) -> None:
    rows = get_json(client, f"/api/{collection}")
    assert isinstance(rows, list)
    assert 10 <= len(rows) <= 40
    assert len({r[key] for r in rows}) == len(rows)
    for row in rows:
        assert get_json(client, f"/api/{collection}/{row[key]}") == row


def test_book_and_order_detail_routes_match_the_lists(client: httpx.Client) -> None:
    for book in all_books(client):
        assert get_json(client, f"/api/books/{book['slug']}") == book
    for order in all_orders(client):
        assert get_json(client, f"/api/orders/{order['id']}") == order


def test_nested_routes(client: httpx.Client) -> None:
    total = 0
    for book in all_books(client):
        reviews = get_json(client, f"/api/books/{book['slug']}/reviews")
        assert isinstance(reviews, list)
        assert all("book_slug" not in r and not any(k.startswith("_") for k in r) for r in reviews)
        total += len(reviews)
    assert 10 <= total <= 40
    orders = all_orders(client)
    for customer in get_json(client, "/api/customers"):
        mine = get_json(client, f"/api/customers/{customer['id']}/orders")
        assert mine == [o for o in orders if o["customer_id"] == customer["id"]]


@pytest.mark.parametrize(
    "path",
    [
        "/api/books/no-such-book",
        "/api/books/no-such-book/reviews",
        f"/api/authors/{uuid.UUID(int=0)}",
        "/api/authors/not-a-uuid",
        "/api/publishers/999",
        "/api/publishers/abc",
        "/api/genres/opera",
        "/api/customers/0",
        "/api/customers/999/orders",
        "/api/orders/1",
        "/api/orders/99999999999999999999",
        "/api/nothing",
        "/api",
    ],
)
def test_unknown_ids_are_json_404s(client: httpx.Client, path: str) -> None:
    body = get_json(client, path, status=404)
    assert body["error"] == "not_found"
    assert isinstance(body["message"], str) and body["message"]


def test_every_reference_points_at_an_existing_record(client: httpx.Client) -> None:
    authors = {a["id"]: a for a in get_json(client, "/api/authors")}
    publishers = {p["id"]: p for p in get_json(client, "/api/publishers")}
    genres = {g["slug"] for g in get_json(client, "/api/genres")}
    customers = {c["id"] for c in get_json(client, "/api/customers")}
    books = {b["slug"]: b for b in all_books(client)}
    for book in books.values():
        assert book["author"]["id"] in authors
        assert book["author"]["name"] == authors[book["author"]["id"]]["name"]
        if book["publisher"] is not None:
            assert book["publisher"]["name"] == publishers[book["publisher"]["id"]]["name"]
        assert book["genres"] and set(book["genres"]) <= genres
        assert not set(book["tags"]) & genres  # tags are free text, never genre keys
        for review in get_json(client, f"/api/books/{book['slug']}/reviews"):
            assert review["customer_id"] is None or review["customer_id"] in customers
    for order in all_orders(client):
        assert order["customer_id"] in customers
        slugs = [i["book_slug"] for i in order["items"]]
        assert slugs and set(slugs) <= set(books) and len(set(slugs)) == len(slugs)


def test_values_are_well_formed(client: httpx.Client) -> None:
    for author in get_json(client, "/api/authors"):
        uuid.UUID(author["id"])
        assert datetime.fromisoformat(author["created_at"]) <= datetime.fromisoformat(author["updated_at"])
    for book in all_books(client):
        assert book["format"] in BOOK_FORMATS
        assert isinstance(book["price"], float) and book["price"] > 0
        datetime.strptime(book["published_on"], "%Y-%m-%d")
    for order in all_orders(client):
        assert order["status"] in ORDER_STATUSES
        assert (order["shipped_at"] is not None) == (order["status"] in ("shipped", "delivered"))
        lines = sum(i["quantity"] * i["unit_price"] for i in order["items"])
        assert order["subtotal"] == pytest.approx(lines)
        assert order["total"] == pytest.approx(order["subtotal"] + order["shipping_fee"])


def test_data_is_deterministic() -> None:
    assert build_dataset() == build_dataset()


def test_post_review_creates_a_record(fresh_client: httpx.Client) -> None:
    slug = "the-salt-orchard"
    before = get_json(fresh_client, f"/api/books/{slug}/reviews")
    res = fresh_client.post(
        f"/api/books/{slug}/reviews",
        json={"rating": 5, "title": " Lovely ", "body": "Read it in a day.", "customer_id": 2},
    )
    assert res.status_code == 201
    created = res.json()
    assert set(created) == {"id", "rating", "title", "body", "customer_id", "verified_purchase", "created_at"}
    assert created["rating"] == 5 and created["title"] == "Lovely" and created["customer_id"] == 2
    assert isinstance(created["verified_purchase"], bool)
    assert datetime.fromisoformat(created["created_at"]).tzinfo is not None
    assert created["id"] > max((r["id"] for r in before), default=0)
    after = get_json(fresh_client, f"/api/books/{slug}/reviews")
    assert after[0] == created and len(after) == len(before) + 1
    anonymous = fresh_client.post(f"/api/books/{slug}/reviews", json={"rating": 3, "title": "Fine"}).json()
    assert (
        anonymous["customer_id"] is None
        and anonymous["body"] is None
        and anonymous["id"] == created["id"] + 1
    )
    assert anonymous["verified_purchase"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rating": 6, "title": "x"}, "rating"),
        ({"rating": True, "title": "x"}, "rating"),
        ({"rating": 4, "title": "  "}, "title"),
        ({"rating": 4}, "title"),
        ({"rating": 4, "title": "x", "body": 7}, "body"),
        ({"rating": 4, "title": "x", "customer_id": 999}, "customer_id"),
        ({"rating": 4, "title": "x", "customer_id": "2"}, "customer_id"),
        ({"rating": 4, "title": "x", "id": 1}, "id"),
    ],
)
def test_post_review_validates(fresh_client: httpx.Client, payload: dict, field: str) -> None:
    res = fresh_client.post("/api/books/the-salt-orchard/reviews", json=payload)
    assert res.status_code == 400
    body = res.json()
    assert body["error"] == "bad_request" and field in body["details"]


def test_post_review_rejects_bad_bodies(fresh_client: httpx.Client) -> None:
    url = "/api/books/the-salt-orchard/reviews"
    assert (
        fresh_client.post(url, content=b"{not json", headers={"Content-Type": "application/json"}).status_code
        == 400
    )
    assert (
        fresh_client.post(url, content=b"[1, 2]", headers={"Content-Type": "application/json"}).status_code
        == 400
    )
    assert (
        fresh_client.post(
            url, content=b'{"rating": 4, "title": "x"}', headers={"Content-Type": "text/plain"}
        ).status_code
        == 400
    )
    assert (
        fresh_client.post(
            url, content=b"x" * (64 * 1024 + 1), headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    assert fresh_client.post("/api/books/nope/reviews", json={"rating": 4, "title": "x"}).status_code == 404
    assert fresh_client.put(url, json={}).status_code == 405
    assert fresh_client.post("/api/books", json={}).status_code == 405
    assert fresh_client.post("/books", json={}).status_code == 405
    assert len(get_json(fresh_client, url)) == len(get_json(fresh_client, url))  # nothing was written
    assert all(r["title"] != "x" for r in get_json(fresh_client, url))
