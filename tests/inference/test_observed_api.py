"""The OpenAPI document of a captured app's own API, as observed: valid for openapi-spec-validator,
every captured call conforms to it, and the bodies' objects are ``$ref``s to the entities named
after the schema's tables, inside their envelopes.

On the bundled demo app's real traffic (its recorded reads plus writes, filters and errors sent to
the running demo server), on the golden HARs in the repository, and on the dev HARs of
``../shared/eval`` (skipped where that folder is absent)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from demo.server import make_server
from jobs.verbs.export import observed_openapi_file, render_observed_openapi
from jobs.verbs.infer import infer_exchanges, infer_file, read_traffic
from kernel.errors import InferenceError
from kernel.exchange import Exchange, Request, Response, read_exchanges
from kernel.schema import Schema
from tests.factories import make_exchange, make_schema
from tests.inference.observed_check import check_conformance

GOLDEN = Path(__file__).resolve().parent / "golden"
DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "dev"


def _document(schema: Schema, exchanges: list[Exchange]) -> dict[str, Any]:
    (text,) = render_observed_openapi(schema, exchanges).values()
    doc: dict[str, Any] = json.loads(text)
    validate(doc)
    return doc


def _live_calls(base: str) -> Iterator[tuple[str, str, Any]]:
    """Writes, filters and errors the golden reads lack: (method, path, JSON body)."""
    with httpx.Client(base_url=base, timeout=10) as client:
        books = client.get("/api/books").json()["data"]
        customers = client.get("/api/customers").json()
    yield "GET", f"/api/books?genre=crime&author={books[0]['author']['id']}&page=1", None
    yield "GET", "/api/orders?status=shipped&customer_id=1", None
    for book in books[:3]:
        yield "POST", f"/api/books/{book['slug']}/reviews", {"rating": 4, "title": "Good", "body": "Liked it",
                                                            "customer_id": customers[0]["id"]}
    yield "POST", f"/api/books/{books[0]['slug']}/reviews", {"rating": 5, "title": "Short", "body": None}
    yield "POST", f"/api/books/{books[0]['slug']}/reviews", {"rating": 9, "title": ""}  # refused: 400
    yield "GET", "/api/books/no-such-book", None  # 404
    yield "GET", "/api/customers/999999", None  # 404


@pytest.fixture(scope="module")
def demo_traffic() -> list[Exchange]:
    """The demo's golden reads plus calls sent to the running demo server, as exchanges."""
    exchanges = list(read_exchanges(GOLDEN / "demo.jsonl"))
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            for index, (method, path, body) in enumerate(_live_calls(base)):
                answer = client.request(method, path, json=body)
                exchanges.append(Exchange(
                    id=f"live-{index}", started_at=datetime(2026, 1, 2, tzinfo=UTC), source="proxy",
                    request=Request(method=method, url="http://demo.local" + path, body=body,
                                    content_type="application/json" if body is not None else None),
                    response=Response(status=answer.status_code, content_type=answer.headers.get("content-type"),
                                      body=answer.json())))
    finally:
        server.shutdown()
        server.server_close()
    return exchanges


@pytest.fixture(scope="module")
def demo_doc(demo_traffic: list[Exchange]) -> tuple[dict[str, Any], Schema]:
    schema = infer_exchanges(demo_traffic, name="demo")
    return _document(schema, demo_traffic), schema


def _schema_at(doc: dict[str, Any], path: str, method: str, status: str) -> dict[str, Any]:
    schema: dict[str, Any] = doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return schema


def test_demo_traffic_conforms_to_its_document(demo_doc: tuple[dict[str, Any], Schema],
                                               demo_traffic: list[Exchange]) -> None:
    doc, _ = demo_doc
    report = check_conformance(doc, demo_traffic)
    assert report.failures == []
    assert report.calls == len(demo_traffic) and report.bodies == len(demo_traffic)


def test_demo_bodies_refer_to_the_entities_in_their_envelopes(demo_doc: tuple[dict[str, Any], Schema]) -> None:
    doc, schema = demo_doc
    components = doc["components"]["schemas"]
    assert {c["title"] for c in components.values()} == {t.name for t in schema.tables}
    page = _schema_at(doc, "/api/books", "get", "200")
    assert page["properties"]["data"] == {"type": "array", "items": {"$ref": "#/components/schemas/Books"}}
    assert page["properties"]["total"] == {"type": "integer"}  # the envelope's metadata stays inline
    orders = _schema_at(doc, "/api/orders", "get", "200")
    assert orders["properties"]["results"]["items"] == {"$ref": "#/components/schemas/Orders"}
    assert _schema_at(doc, "/api/books/{slug}", "get", "200") == {"$ref": "#/components/schemas/Books"}
    assert _schema_at(doc, "/api/books/{slug}/reviews", "post", "201") == {"$ref": "#/components/schemas/Reviews"}
    assert _schema_at(doc, "/api/books/{slug}/reviews", "get", "200")["items"] == {
        "$ref": "#/components/schemas/Reviews"}
    refused = _schema_at(doc, "/api/books/{slug}/reviews", "post", "400")
    assert "$ref" not in json.dumps(refused) and {"error", "message"} <= set(refused["properties"])
    books = components["Books"]["properties"]
    assert books["author"] == {"$ref": "#/components/schemas/Authors"}  # an embedded reference
    assert books["awards"]["items"] == {"$ref": "#/components/schemas/BookAwards"}  # a child table
    assert books["format"]["enum"] == ["audiobook", "ebook", "hardcover", "paperback"]  # the column's type
    customer = components["Customers"]["properties"]
    assert customer["address"]["properties"]["city"] == {"type": "string"}  # flattened into address_city


def test_demo_parameters_and_request_bodies(demo_doc: tuple[dict[str, Any], Schema]) -> None:
    doc, _ = demo_doc
    by_name = {p["name"]: p for p in doc["paths"]["/api/customers/{id}"]["get"]["parameters"]}
    assert by_name["id"] == {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    author = {p["name"]: p for p in doc["paths"]["/api/authors/{uuid}"]["get"]["parameters"]}["uuid"]
    assert author["schema"] == {"type": "string", "format": "uuid"}
    query = {p["name"]: p for p in doc["paths"]["/api/books"]["get"]["parameters"]}
    assert query["page"]["schema"] == {"type": "integer"} and query["page"]["required"]  # in every call
    assert query["genre"]["schema"] == {"type": "string"} and not query["genre"]["required"]
    assert query["author"]["schema"] == {"type": "string", "format": "uuid"}
    post = doc["paths"]["/api/books/{slug}/reviews"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert post["requestBody"]["required"] is True
    assert body["properties"]["rating"] == {"type": "integer"} and "title" in body["required"]
    assert set(post["responses"]) == {"201", "400"}
    assert set(doc["paths"]["/api/books/{slug}"]["get"]["responses"]) == {"200", "404"}
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values() if "operationId" in op]
    assert len(ids) == len(set(ids))


def test_a_schema_without_the_entity_falls_back_to_inline_schemas(demo_traffic: list[Exchange]) -> None:
    schema = infer_exchanges(demo_traffic, name="demo")
    schema.tables = [t for t in schema.tables if t.name != "books"]
    for table in schema.tables:
        table.foreign_keys = [fk for fk in table.foreign_keys if fk.ref_table != "books"]
    doc = _document(schema, demo_traffic)
    item = _schema_at(doc, "/api/books/{slug}", "get", "200")
    assert "$ref" not in item and item["properties"]["author"] == {"$ref": "#/components/schemas/Authors"}
    assert "Books" not in doc["components"]["schemas"]
    assert check_conformance(doc, demo_traffic).failures == []


def test_hosts_become_servers_and_noise_is_left_out() -> None:
    exchanges = [
        make_exchange("http://app.test/api/users", [{"id": "0b5c1c1e-8a54-4c5e-9d0e-6cfb8f1ad001",
                                                     "email": "a@b.c", "created_at": "2026-01-01T00:00:00Z"}]),
        make_exchange("http://app.test/api/users/0b5c1c1e-8a54-4c5e-9d0e-6cfb8f1ad001", None, method="DELETE",
                      status=204, content_type=None),
        make_exchange("http://files.test/api/uploads", {"ok": True}, method="POST", request_body={"name": "x"}),
        make_exchange("http://app.test/", None, content_type="text/html"),
        make_exchange("http://app.test/static/app.js", None, content_type="text/javascript"),
        make_exchange("https://www.google-analytics.com/g/collect?v=2", None, method="POST", content_type=None),
    ]
    doc = _document(make_schema(), exchanges)
    assert doc["servers"] == [{"url": "http://app.test"}]
    assert set(doc["paths"]) == {"/api/users", "/api/users/{uuid}", "/api/uploads"}
    assert doc["paths"]["/api/uploads"]["servers"] == [{"url": "http://files.test"}]
    assert doc["paths"]["/api/users/{uuid}"]["delete"]["responses"] == {
        "204": {"description": "204 No Content (observed 1×)"}}
    assert _schema_at(doc, "/api/users", "get", "200") == {"type": "array", "items": {"$ref": "#/components/schemas/Users"}}


def test_no_api_call_is_a_clear_error() -> None:
    with pytest.raises(InferenceError, match="no API calls found in the traffic"):
        render_observed_openapi(make_schema(), [make_exchange("http://app.test/", None, content_type="text/html")])


def _hars() -> list[Path]:
    local = sorted(GOLDEN.glob("*.har"))
    shared = sorted(DEV.glob("*.har")) if DEV.is_dir() else []
    return local + shared


@pytest.mark.parametrize("har", _hars(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_captured_hars_give_valid_documents_that_name_their_entities(har: Path) -> None:
    schema = infer_file(har)
    (text,) = observed_openapi_file(schema, har).values()
    doc = json.loads(text)
    validate(doc)
    report = check_conformance(doc, read_traffic(har))
    assert report.failures == []
    assert report.success_bodies > 0 and report.entity_bodies >= 0.8 * report.success_bodies, report


def test_dev_hars_are_there_when_shared_is() -> None:
    if not DEV.is_dir():
        pytest.skip("../shared/eval/dev is absent")
    assert len(list(DEV.glob("*.har"))) >= 3
