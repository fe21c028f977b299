"""The generated REST API over tables with identity keys, Postgres enum types and CHECK
constraints, on the embedded Postgres: new rows take generated keys, enum values filter and
store, a row a CHECK refuses is a clear 4xx."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from restapi.app import create_app
from sql.apply import push
from sql.embedded import EmbeddedPostgres
from sql.exports.openapi import openapi_document
from tests.sql.test_push_objects import shop


@pytest.fixture
def client(embedded_pg: EmbeddedPostgres) -> Iterator[TestClient]:
    name = f"api_{uuid.uuid4().hex[:10]}"
    url = embedded_pg.ensure_database(name)
    push(shop(), url)
    with TestClient(create_app(shop(), url), raise_server_exceptions=True) as c:
        yield c
    embedded_pg.drop_database(name)


def test_identity_keys_enum_types_and_checks_through_the_api(client: TestClient) -> None:
    made = client.post("/products", json={"sku": "abc", "status": "live"})
    assert made.status_code == 201, made.text
    assert made.json()["id"] == 1 and made.json()["status"] == "live"
    assert client.post("/products", json={"sku": "abd"}).json()["id"] == 2
    live = client.get("/products", params={"status": "eq.live"}).json()
    assert [p["sku"] for p in live["data"]] == ["abc"]
    both = client.get("/products", params={"status": "in.(live,draft)"}).json()
    assert both["total"] == 2
    assert client.patch("/products/2", json={"status": "live"}).json()["status"] == "live"
    refused = client.post("/products", json={"sku": "x"})  # sku_shape wants 3 to 20 characters
    assert 400 <= refused.status_code < 500 and "sku_shape" in refused.text
    bad_value = client.post("/products", json={"sku": "abe", "status": "gone"})
    assert 400 <= bad_value.status_code < 500
    order = client.post("/orders", json={"product_id": 1, "state": "paid"})
    assert order.status_code == 201 and order.json()["id"] == 1


def test_identity_keys_are_not_required_in_the_openapi_document() -> None:
    create = openapi_document(shop())["components"]["schemas"]
    required = {name: body.get("required", []) for name, body in create.items() if name.endswith("_create")
                or name.endswith("Create")}
    assert required and all("id" not in names for names in required.values()), required
