"""The OpenAPI export is accepted by openapi-spec-validator and describes every table's CRUD."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from jobs.verbs.export import render_export
from kernel.schema import Schema
from sql.exports.openapi import openapi_document
from tests.factories import make_schema
from tests.sql.exports.conftest import demo_schema, varied_schema


@pytest.mark.parametrize("schema", [demo_schema(), varied_schema(), make_schema()], ids=lambda s: s.name)
def test_openapi_spec_validator_accepts_the_export(schema: Schema) -> None:
    doc = json.loads(render_export("openapi", schema)["openapi.json"])
    validate(doc)
    assert doc["openapi"] == "3.1.0"


def test_paths_keys_and_types() -> None:
    doc = openapi_document(demo_schema())
    paths = doc["paths"]
    assert set(paths["/books"]) == {"get", "post"}
    assert set(paths["/books/{slug}"]) == {"parameters", "get", "patch", "delete"}
    assert "/book_genres/{book_slug}/{genre_slug}" in paths  # a composite key: one segment per column
    keyless = demo_schema()
    awards = keyless.table("book_awards")
    assert awards is not None
    awards.primary_key = None
    keyless_paths = openapi_document(keyless)["paths"]
    assert "/book_awards" in keyless_paths and not any(p.startswith("/book_awards/") for p in keyless_paths)
    schemas = doc["components"]["schemas"]
    books = schemas["Books"]
    assert books["properties"]["format"]["enum"] == ["audiobook", "ebook", "hardcover", "paperback"]
    assert books["properties"]["subtitle"]["type"] == ["string", "null"]
    assert books["properties"]["published_on"]["format"] == "date"
    assert books["properties"]["created_at"]["format"] == "date-time"
    assert books["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}
    assert "subtitle" not in books["required"] and "title" in books["required"]
    assert books["properties"]["author"]["anyOf"][0] == {"$ref": "#/components/schemas/Authors"}
    assert schemas["Authors"]["properties"]["id"]["format"] == "uuid"
    assert schemas["Authors"]["properties"]["books"]["items"] == {"$ref": "#/components/schemas/Books"}
    assert schemas["BooksCreate"]["additionalProperties"] is False
    assert "slug" not in schemas["BooksUpdate"]["properties"]  # keys are not updated
    varied = openapi_document(varied_schema())["components"]["schemas"]["Accounts"]["properties"]
    assert varied["handle"]["maxLength"] == 20
    assert varied["id"]["format"] == "int64"
    assert varied["status"]["enum"] == ["active", "it's"]


def test_examples_come_from_the_evidence_and_skip_redacted_values() -> None:
    schema = make_schema()
    email = schema.tables[0].columns[1]
    from kernel.schema import Evidence

    email.evidence = Evidence(examples=["ada@example.org", "[REDACTED]", 7])
    prop = openapi_document(schema)["components"]["schemas"]["Users"]["properties"]["email"]
    assert prop["examples"] == ["ada@example.org"]
