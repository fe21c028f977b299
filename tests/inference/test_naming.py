"""Singular and plural of table words, including the irregular ``-ves`` plurals."""

from __future__ import annotations

import pytest

from inference.naming import is_plural, plural, singular


@pytest.mark.parametrize(
    ("many", "one"),
    [
        ("shelves", "shelf"),
        ("book_shelves", "book_shelf"),
        ("leaves", "leaf"),
        ("knives", "knife"),
        ("archives", "archive"),
        ("moves", "move"),
        ("valves", "valve"),
        ("categories", "category"),
        ("addresses", "address"),
        ("statuses", "status"),
        ("people", "person"),
        ("series", "series"),
    ],
)
def test_singular_and_plural_round_trip(many: str, one: str) -> None:
    assert singular(many) == one
    assert plural(one) == many
    assert is_plural(many) == (many != one)
