"""Type detectors, each a table of values, and column-level widening."""

from __future__ import annotations

import pytest

from inference.types import DETECTORS, column_type, enum_values, scalar_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "boolean"),
        (17, "integer"),
        (2**31 - 1, "integer"),
        (2**31, "bigint"),
        (9223372036854016561, "bigint"),
        (-(2**31), "integer"),
        (3.5, "numeric"),
        ("6f1c2a9e-8d1b-4c3a-9f00-1234567890ab", "uuid"),
        ("2025-04-30T09:41:02.053Z", "timestamptz"),
        ("2022-05-11T11:48:43.792+0000", "timestamptz"),
        ("1948-12-08 00:00:00.000", "timestamptz"),
        ("1996-5-30", "date"),
        ("2024-01-31", "date"),
        ("2024-13-31", "text"),
        ("Tue, 04 Aug 2015 18:39:09 +0000", "timestamptz"),
        ("Sun, 06 Nov 1994 08:49:37 GMT", "timestamptz"),
        ("Sun, the 6th", "text"),
        ("12:30:00", "time"),
        ("hello", "text"),
        (["a", "b"], "text[]"),
        ([1, 2], "integer[]"),
        ([], "text[]"),
        ({"a": 1}, "jsonb"),
    ],
)
def test_scalar_type(value: object, expected: str) -> None:
    assert scalar_type(value) == expected


def test_registry_is_ordered_small_functions() -> None:
    assert DETECTORS[0](True) == "boolean"
    assert all(d(object()) is None for d in DETECTORS)


@pytest.mark.parametrize(
    ("values", "column", "expected"),
    [
        ([1, 2, 3], "count", "integer"),
        ([1, 2.5], "price", "numeric"),
        ([1, 2**40], "id", "bigint"),
        ([12209, "EC1 4SD"], "postal_code", "text"),
        (["1996-5-30", "2024-01-01T00:00:00Z"], "when", "timestamptz"),
        ([1700000000, 1700003600], "created_at", "timestamptz"),
        ([1700000000123], "updated", "timestamptz"),
        ([1700000000], "views", "integer"),
        ([2, "NULL", None], "reports_to", "integer"),
        (["", "1996-5-30"], "birth_date", "date"),
        ([None, "NULL"], "region", "text"),
        ([[1], ["a"]], "mixed", "text[]"),
        ([{"a": 1}, "x"], "blob", "jsonb"),
    ],
)
def test_column_type_widens(values: list[object], column: str, expected: str) -> None:
    assert column_type(values, column) == expected


def test_enum_values_for_low_cardinality_text() -> None:
    assert enum_values(["available", "sold", "pending"] * 5) == ["available", "pending", "sold"]
    assert enum_values([f"name {i}" for i in range(30)]) is None
    assert enum_values(["a", "b"]) is None


@pytest.mark.parametrize("value", ["", " 2024-01-01", "abc", "a1b2c3d4-0000-0000-0000-000000000000", "Zed", "é",
                                   "12:30", "1996-5-30", True, 0, 2**40, 1.5, [1, 2], {"a": 1}])
def test_scalar_type_shortcuts_agree_with_the_detectors(value: object) -> None:
    expected = next((found for d in DETECTORS if (found := d(value))), "text")
    assert scalar_type(value) == expected


def test_column_type_depends_on_which_values_occur_not_how_often() -> None:
    values = [1, 1.0, True, "x", None, [1], {"a": 1}]
    assert column_type(values * 3) == column_type(values)
    assert column_type([1, 1, 2]) == "integer" and column_type([True, 1]) == "text"
