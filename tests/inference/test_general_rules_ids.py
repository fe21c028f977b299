"""General inference rules for ids that are not a record's data or point past the capture (the answer's own
request id beside a single record, a UUID reference named after a table whose row was never read), each on a
small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.test_general_rules import _columns, _fks, _infer

API = "https://h.test/v2"


def test_request_id_beside_a_single_record_is_no_column(tmp_path: Path) -> None:
    """``{"id": "b1", "title": ..., "request_id": "r-…"}`` (one per answer) reads a board; the request id is the answer's."""
    def board(key: str, rid: str) -> dict[str, Any]:
        return {"id": key, "title": f"board {key}", "request_id": rid}
    tables = _infer(tmp_path, [("GET", f"{API}/boards/b1", board("b1", "r-1")),
                               ("GET", f"{API}/boards/b2", board("b2", "r-2"))])
    assert set(_columns(tables["boards"])) == {"id", "title"}


def test_uuid_reference_named_after_a_uuid_keyed_table_links_without_its_row(tmp_path: Path) -> None:
    """A folder's ``parent_folder_id`` (a UUID of a folder never read) references folders, keyed by UUIDs."""
    ids = ["6f1c2a9e-8d1b-4c3a-9f00-12345678900" + str(i) for i in range(4)]
    folders = [{"id": ids[i], "name": f"f{i}", "parent_folder_id": ids[3]} for i in range(3)]
    tables = _infer(tmp_path, [("GET", f"{API}/folders", folders)])
    assert _fks(tables["folders"]) == {("parent_folder_id", "folders")}


def test_id_before_a_role_references_the_one_table_holding_its_values(tmp_path: Path) -> None:
    """A pick's ``idOption`` names no table, but every value is the id of a menu's nested ``choices`` item (a
    child table with ids of its own): the pick references that table."""
    menus = [{"id": f"m{i}", "title": f"menu {i}",
              "choices": [{"id": f"c{i}{j}", "label": f"l{j}", "rank": j} for j in (1, 2)]} for i in (1, 2)]
    picks = [{"id": f"p{k}", "idOption": choice, "weight": k} for k, choice in enumerate(("c11", "c12", "c21"))]
    tables = _infer(tmp_path, [("GET", f"{API}/menus", menus), ("GET", f"{API}/picks", picks)])
    choices = next(name for name, t in tables.items() if "label" in _columns(t))
    assert _fks(tables["picks"]) == {("id_option", choices)}
