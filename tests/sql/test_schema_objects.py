"""The edits behind the editor's index, check, identity and enum forms, without a browser."""

from __future__ import annotations

import pytest

from kernel.errors import SchemaError
from sql.schema_objects import (
    add_check,
    add_index,
    delete_column_everywhere,
    remove_check,
    remove_index,
    rename_column_everywhere,
    set_identity,
)
from sql.validate import validate_schema
from tests.sql.test_push_objects import shop


def test_indexes_and_checks_are_added_and_removed() -> None:
    schema = shop()
    index = add_index(schema, "orders", ["product_id", "state"], unique=True, where=" state <> 'new' ")
    assert index.where == "state <> 'new'" and schema.tables[1].indexes == [index]
    with pytest.raises(SchemaError, match="already has this index"):
        add_index(schema, "orders", ["product_id", "state"], unique=True, where="state <> 'new'")
    with pytest.raises(SchemaError, match="names an unknown column 'sate'"):
        add_index(schema, "orders", ["state"], where="sate IS NULL")
    with pytest.raises(ValueError, match="no column 'nope'"):
        add_index(schema, "orders", ["nope"])
    assert remove_index(schema, "orders", 0) == index and schema.tables[1].indexes == []

    check = add_check(schema, "orders", None, "product_id > 0")
    assert check.name == "orders_check"
    assert add_check(schema, "orders", "", "id > 0").name == "orders_check1"
    with pytest.raises(SchemaError, match="already has a check named 'orders_check'"):
        add_check(schema, "orders", "orders_check", "id > 1")
    with pytest.raises(SchemaError, match="check constraint name is 64 bytes long"):
        add_check(schema, "orders", "x" * 64, "id > 1")
    remove_check(schema, "orders", "orders_check")
    assert [c.name for c in schema.tables[1].checks] == ["orders_check1"]
    assert validate_schema(schema) == []


def test_identity_makes_the_column_required_without_a_default() -> None:
    schema = shop()
    column = schema.tables[1].columns[1]
    column.nullable, column.default = True, "1"
    set_identity(schema, "orders", "product_id", "always")
    assert (column.identity, column.nullable, column.default) == ("always", False, None)
    set_identity(schema, "orders", "product_id", None)
    assert column.identity is None
    with pytest.raises(SchemaError, match="only smallint, integer, bigint columns"):
        set_identity(schema, "orders", "state", "always")


def test_renames_and_deletes_follow_into_expressions() -> None:
    schema = shop()
    rename_column_everywhere(schema, "products", "deleted_at", "removed_at")
    rename_column_everywhere(schema, "products", "sku", "code")
    products = schema.tables[0]
    assert products.indexes[0].where == "removed_at IS NULL"
    assert products.checks[1].expression == "LENGTH(code) BETWEEN 3 AND 20 AND NOT code IN ('xxx')"
    assert validate_schema(schema) == []
    delete_column_everywhere(schema, "products", "removed_at")
    delete_column_everywhere(schema, "products", "Price")
    assert [i.columns for i in products.indexes] == []  # the partial one named removed_at, the other Price
    assert [c.name for c in products.checks] == ["sku_shape"]
    assert validate_schema(schema) == []


def test_two_documents_compare_with_their_enum_types_spelled_out() -> None:
    from sql.plan import plan

    assert plan(shop(), shop()).is_empty
    after = shop()
    after.enum_mode = "check"
    after.tables[0].column("status").enum.append("gone")  # type: ignore[union-attr]
    after.tables[0].checks.pop()
    assert plan(shop(), after).describe() == [
        "make products.status text again (not an enum type)",
        "drop check sku_shape of products",
        "drop enum type products_status (no column uses it)",
    ]
    grown = shop()
    grown.tables[1].column("state").enum.append("refunded")  # type: ignore[union-attr]
    assert plan(shop(), grown).statements() == ["ALTER TYPE \"order_state\" ADD VALUE 'refunded'"]
