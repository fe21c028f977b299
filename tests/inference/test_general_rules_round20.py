"""General inference rules of the twentieth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://depot.test"


def _refs(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in table.get("foreign_keys", [])}


def _sent(url: str, payload: Any, answer: Any, method: str = "POST") -> dict[str, Any]:
    """An entry whose request carries ``payload`` as its JSON body."""
    item = entry(url, answer, method=method)
    text = json.dumps(payload)
    item["request"]["postData"] = {"mimeType": "application/json", "text": text}
    item["request"]["bodySize"] = len(text)
    return item


def test_a_bulk_deletion_names_the_key_of_its_records(tmp_path: Path) -> None:
    """``POST /shelf-slots-delete`` sent ``{"slots": [{"part_no", "bin"}, ...]}`` and answered ``[]``: the records are
    named for deletion by both fields, so both key the slots, though the one search read (of one part) holds each bin
    once."""
    slots = [{"part_no": "p-2", "bin": b, "quantity": q, "status": 1} for b, q in (("north", 5), ("south", 7))]
    tables = _infer_entries(tmp_path, [
        _sent(f"{HOST}/api/shelf-slots-delete", {"slots": [{"part_no": "p-1", "bin": "north"},
                                                           {"part_no": "p-1", "bin": "south"}]}, []),
        entry(f"{HOST}/api/shelf-slots?part_no=p-2", {"items": slots, "total_count": 2}),
    ])
    assert sorted(tables["shelf_slots"]["primary_key"]) == ["bin", "part_no"], tables["shelf_slots"]
