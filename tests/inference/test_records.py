"""Envelope unwrapping: pagination metadata is not data."""

from __future__ import annotations

import pytest

from inference.records import unwrap

ROWS = [{"id": 1}, {"id": 2}]


@pytest.mark.parametrize(
    ("body", "key", "path", "many"),
    [
        (ROWS, None, "$[]", True),
        ({"data": ROWS}, None, "$.data[]", True),
        ({"products": ROWS, "total": 194, "skip": 0, "limit": 30}, "products", "$.products[]", True),
        ({"count": 2, "next": None, "previous": None, "results": ROWS}, None, "$.results[]", True),
        ({"data": {"users": ROWS}}, "users", "$.data.users[]", True),
        ({"data": {"id": 1, "name": "a"}, "meta": {}}, None, "$.data", False),
        ({"id": 1, "name": "a"}, None, "$", False),
        ({"id": 51, "products": ROWS, "total": 3}, None, "$", False),
        ({"items": ROWS, "page": 1, "per_page": 2, "total_pages": 9}, None, "$.items[]", True),
    ],
)
def test_unwrap(body: object, key: str | None, path: str, many: bool) -> None:
    found = unwrap(body)
    assert found is not None
    assert (found.key, found.path, found.many) == (key, path, many)


@pytest.mark.parametrize("body", [[], [1, 2], "x", {"sold": 11, "pending": 6, "available": 432}])
def test_nothing_to_unwrap(body: object) -> None:
    found = unwrap(body)
    assert found is None or not found.records
