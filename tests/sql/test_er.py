"""The mermaid ER text: entities, keys, relationships, and names made safe for mermaid."""

from __future__ import annotations

from kernel.schema import Column, ForeignKey, Schema, Table
from sql.er import er_diagram, neighbourhood
from tests.factories import make_schema


def test_entities_attributes_keys_and_relations() -> None:
    text = er_diagram(make_schema())
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "erDiagram"
    assert "users {" in lines and "posts {" in lines
    assert "uuid id PK" in lines and "text email UK" in lines and "uuid user_id FK" in lines
    assert "text_array tags" in lines
    assert 'users ||--o{ posts : "user_id"' in lines  # user_id is NOT NULL: exactly one user


def test_nullable_foreign_key_is_zero_or_one() -> None:
    schema = make_schema()
    schema.tables[1].columns[1].nullable = True
    assert 'users |o--o{ posts : "user_id"' in er_diagram(schema)


def test_unsafe_names_get_safe_ids_and_keep_their_label() -> None:
    schema = Schema(tables=[
        Table(name='order items"', columns=[Column(name="unit price", type="numeric(10,2)"),
                                          Column(name="1st", type="text")]),
        Table(name="order_items_", columns=[Column(name="id", type="integer")]),
    ])
    text = er_diagram(schema)
    assert 'order_items_["order items_"] {' in text
    assert "numeric_10_2 unit_price" in text and '"unit price"' in text
    assert "order_items__2 {" in text or 'order_items__2["order_items_"]' in text  # no clash


def test_neighbourhood_limits_the_diagram() -> None:
    schema = make_schema()
    schema.tables.append(Table(name="tags", columns=[Column(name="id", type="integer")]))
    schema.tables[1].foreign_keys.append(ForeignKey(columns=["id"], ref_table="users", ref_columns=["id"]))
    assert neighbourhood(schema, "users") == ["users", "posts"]
    text = er_diagram(schema, neighbourhood(schema, "tags"))
    assert "tags {" in text and "users {" not in text
