"""General inference rules of the thirtieth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://shelf.test"


def _types(table: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["type"] for c in table["columns"]}


def test_a_list_empty_everywhere_is_jsonb_unless_its_name_or_its_siblings_say_it_lists_scalars(tmp_path: Path) -> None:
    """``"reviews": []`` in every book says nothing of what it lists: ``jsonb``. Names of plain values (``keywords``,
    ``editor_ids``, ``liked_by``, ``email_watchers``) and a list in a nested object beside lists of scalars
    (``access.readers`` names, ``access.writers`` empty) are arrays of scalars."""
    books = [{"id": n, "title": f"book {n}", "reviews": [], "translations": [], "keywords": [], "editor_ids": [],
              "liked_by": [], "email_watchers": [],
              "access": {"readers": ["ann", "bo"][: n % 2 + 1], "writers": [], "mode": "open"}}
             for n in range(1, 5)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/books", books)])
    types = _types(tables["books"])
    assert types["reviews"] == "jsonb" and types["translations"] == "jsonb", types
    assert {types[c] for c in ("keywords", "editor_ids", "liked_by", "email_watchers")} == {"text[]"}, types
    assert types["access_readers"] == "text[]" and types["access_writers"] == "text[]", types
