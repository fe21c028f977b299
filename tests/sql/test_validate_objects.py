"""validate on partial indexes, CHECK constraints, identity columns and enum types: one clear message
for each thing Postgres would refuse, naming the table and column."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kernel.schema import Check, Index, Schema
from sql.validate import validate_schema
from tests.sql.test_push_objects import shop


def _check(expression: str, name: str = "c") -> Callable[[Schema], None]:
    return lambda s: s.tables[0].checks.append(Check(name=name, expression=expression))


def _set(table: int, column: str, **values: object) -> Callable[[Schema], None]:
    def edit(s: Schema) -> None:
        target = s.tables[table].column(column)
        assert target is not None
        for key, value in values.items():
            setattr(target, key, value)
    return edit


CASES: list[tuple[str, Callable[[Schema], None], str]] = [
    ("check that does not parse", _check("price >"), "products: check 'c' 'price >' does not parse"),
    ("check on an unknown column", _check("cost > 0"), "products: check 'c' 'cost > 0' names an unknown column"),
    ("check with two statements", _check("price > 0; drop table products"), "must be one expression"),
    ("check with a subquery", _check("price > (select 1)"), "may not hold a subquery"),
    ("check without a name", _check("price > 0", name=" "), "a check constraint needs a name"),
    ("two checks of one name", lambda s: s.tables[0].checks.append(Check(name="sku_shape", expression="true")),
     "two check constraints are named 'sku_shape'"),
    ("check named like an enum's", lambda s: (_set(0, "status", enum_type=None)(s), setattr(s, "enum_mode", "check"),
                                              _check("price > 0", name="products_status_check")(s)),
     "takes the name of the enum check of column 'status'"),
    ("predicate on an unknown column",
     lambda s: s.tables[0].indexes.append(Index(columns=["sku"], where="gone IS NULL")),
     "products: index (sku) WHERE 'gone IS NULL' names an unknown column"),
    ("identity on text", _set(0, "sku", identity="always"),
     "products.sku: an identity column must be smallint, integer or bigint, not text"),
    ("identity with a default", _set(0, "id", default="1"), "products.id: an identity column generates its values"),
    ("nullable identity", _set(0, "id", nullable=True), "an identity column must be required"),
    ("enum type named after a table", _set(1, "state", enum_type="products"),
     "orders.state: enum type name 'products' is a table's name"),
    ("enum type named like a built-in", _set(1, "state", enum_type="text"), "is a built-in type's name"),
    ("one type, two value lists", _set(1, "state", enum_type="products_status"),
     "enum type 'products_status' has values (draft, live) in products.status but (new, paid) here"),
    ("enum type on a number", _set(0, "Price", enum=["1", "2"], enum_type="prices", default=None),
     "a Postgres enum type holds text values; the column type is numeric(10,2)"),
    ("default outside the values", _set(0, "status", default="'gone'"),
     "products.status: default \"'gone'\" is not one of the enum values"),
    ("long enum value", _set(1, "state", enum=["x" * 64]), "longer than the 63 bytes"),
]


def test_the_features_schema_is_valid() -> None:
    assert validate_schema(shop()) == []


@pytest.mark.parametrize(("label", "edit", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported(label: str, edit: Callable[[Schema], None], message: str) -> None:
    schema = shop()
    edit(schema)
    errors = [p.message for p in validate_schema(schema) if p.level == "error"]
    assert any(message in e for e in errors), errors


def test_a_partial_unique_index_is_no_foreign_key_target() -> None:
    schema = shop()
    schema.tables[1].columns.append(schema.tables[0].columns[1].model_copy(update={"name": "sku"}))
    schema.tables[1].foreign_keys.append(
        schema.tables[1].foreign_keys[0].model_copy(update={"columns": ["sku"], "ref_columns": ["sku"]}))
    errors = [p.message for p in validate_schema(schema)]
    assert any("referenced columns (sku) are not a primary key or unique" in e for e in errors), errors
