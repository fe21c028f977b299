"""API conventions: compound documents, type tags, expandable references, hypermedia links,
decimal strings and empty-string placeholders."""

from __future__ import annotations

from typing import Any

from inference import infer_schema
from inference.compound import compound_document
from inference.types import column_type
from kernel.schema import Schema, Table
from tests.factories import make_exchange


def _infer(pages: list[tuple[str, Any]]) -> Schema:
    return infer_schema([make_exchange(url=f"https://api.test{path}", body=body) for path, body in pages])


def _table(schema: Schema, column: str) -> Table:
    return next(t for t in schema.tables if any(c.name == column for c in t.columns))


def test_compound_document_groups_records_by_type() -> None:
    body = {"data": [{"type": "posts", "id": "1", "attributes": {"title": "a"},
                      "relationships": {"writer": {"data": {"type": "people", "id": "7"}},
                                        "tags": {"data": [{"type": "tags", "id": "3"}]}}}],
            "included": [{"type": "people", "id": "7", "attributes": {"name": "n"}}], "links": {"self": "/x"}}
    groups = compound_document(body)
    assert groups is not None
    assert [(g.key, g.side) for g in groups] == [("posts", False), ("people", True)]
    assert groups[0].records[0] == {"id": "1", "title": "a", "writer": {"id": "7", "type": "people"}, "tags": ["3"]}
    assert compound_document({"data": [{"id": 1, "title": "a"}]}) is None


def test_type_tagged_reference_finds_its_entity_and_included_records_get_no_path_key() -> None:
    people = [{"type": "people", "id": str(i), "attributes": {"handle": f"p{i}"}} for i in range(1, 4)]
    posts = [{"type": "posts", "id": str(i), "attributes": {"title": f"t{i}"},
              "relationships": {"writer": {"data": {"type": "people", "id": str(i % 3 + 1)}}}} for i in range(1, 5)]
    schema = _infer([("/blogs", [{"id": 5, "title": "b"}]), ("/blogs/5/posts", {"data": posts, "included": people}),
                     ("/people", {"data": people})])
    posts_table = _table(schema, "writer_id")
    assert [(fk.columns, fk.ref_table) for fk in posts_table.foreign_keys if fk.columns == ["writer_id"]] == [
        (["writer_id"], "people")]
    assert "blog_id" in {c.name for c in posts_table.columns}
    assert "blog_id" not in {c.name for c in _table(schema, "handle").columns}


def test_expandable_reference_is_one_column_and_the_records_own_type_tag_stays() -> None:
    customers = [{"id": f"cu_{i}", "object": "customer", "name": f"c{i}"} for i in range(3)]
    charges = [{"id": f"ch_{i}", "object": "charge", "amount": i, "customer": f"cu_{i % 3}"} for i in range(4)]
    expanded = dict(charges[0], customer=customers[0])
    schema = _infer([("/customers", {"object": "list", "data": customers, "has_more": False, "url": "/customers"}),
                     ("/charges", {"object": "list", "data": charges, "has_more": False, "url": "/charges"}),
                     ("/charges/ch_0", expanded)])
    charges_table = _table(schema, "amount")
    names = {c.name for c in charges_table.columns}
    assert "customer_id" in names and "customer" not in names and "object" in names
    assert any(fk.columns == ["customer_id"] and fk.ref_table == "customers" for fk in charges_table.foreign_keys)


def test_hypermedia_links_are_not_columns_and_page_counters_are_metadata() -> None:
    orders = [{"id": i, "total": f"{i}.50", "shippedOn": "" if i % 2 else "2024-5-1",
               "_links": {"self": {"href": f"/orders/{i}"}}} for i in range(1, 5)]
    schema = _infer([("/orders", {"_embedded": {"orders": orders}, "_links": {"self": {"href": "/orders"}},
                                  "page": {"size": 4, "number": 0}})])
    (table,) = schema.tables
    columns = {c.name: c for c in table.columns}
    assert set(columns) == {"id", "total", "shipped_on"}
    assert columns["total"].type == "numeric"
    assert (columns["shipped_on"].type, columns["shipped_on"].nullable) == ("date", True)


def test_decimal_strings_are_numeric_but_digit_strings_stay_text() -> None:
    assert column_type(["12.50", "-3.25"]) == "numeric"
    assert column_type(["02134", "10115"]) == "text"
    assert column_type(["12.50", "n/a dollars"]) == "text"
