"""General inference rules, each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from capture.har import iter_traffic
from inference import infer_schema
from tests.inference.cases._har import entry, har


def _infer(tmp_path: Path, calls: list[tuple[str, str, Any]]) -> dict[str, dict[str, Any]]:
    path = tmp_path / "traffic.har"
    path.write_text(json.dumps(har([entry(url, body, method=method) for method, url, body in calls])))
    schema = infer_schema(iter_traffic(path)).model_dump(mode="json")
    return {t["name"]: t for t in schema["tables"]}


def _columns(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in table["columns"]}


def _fks(table: dict[str, Any]) -> set[tuple[str, str]]:
    return {(fk["columns"][0], fk["ref_table"]) for fk in table["foreign_keys"]}


def test_format_suffix_and_one_key_wrappers(tmp_path: Path) -> None:
    """``/crates/4.json`` is the detail route of ``/crates.json``, and ``{"crate": {...}}`` holds one
    crate record: one table whose id stays the primary key."""
    crate = {"id": 4, "label": "north", "capacity": 12}
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/api/crates.json", {"crates": [crate, {"id": 5, "label": "south", "capacity": 9}]}),
        ("GET", "https://h.test/api/crates/4.json", {"crate": crate}),
        ("GET", "https://h.test/api/crates/4/books.json",
         {"books": [{"id": 1, "crate_id": 4, "title": "A"}, {"id": 2, "crate_id": 4, "title": "B"}]}),
    ])
    assert set(tables) == {"crates", "books"}
    crates = tables["crates"]
    assert crates["primary_key"] == ["id"] and set(_columns(crates)) == {"id", "label", "capacity"}
    assert not _columns(crates)["label"]["nullable"]
    assert ("crate_id", "crates") in _fks(tables["books"])


def test_one_record_seen_twice_keeps_its_id_as_primary_key(tmp_path: Path) -> None:
    """A list with one item and its detail view: the same id twice is one record, not a non-key."""
    kiln = {"id": 31, "model": "K9", "firing": "gas"}
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/kilns", [kiln]),
        ("GET", "https://h.test/kilns/31", kiln),
    ])
    assert tables["kilns"]["primary_key"] == ["id"]
