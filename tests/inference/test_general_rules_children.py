"""General inference rules for nested arrays and their parents (items that already name their parent,
arrays of keys spelt with the ``id`` before the entity, a nested object whose key does not determine it,
a delete's acknowledgement), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.test_general_rules import _columns, _fks, _infer

API = "https://h.test/1"


def test_items_naming_their_parent_need_no_second_parent_column(tmp_path: Path) -> None:
    """A dial's ``settings`` each hold ``idDial`` (the dial's id): that field is their reference to the dial,
    no ``dial_id`` beside it."""
    def dial(key: str) -> dict[str, Any]:
        return {"id": key, "name": f"dial {key}",
                "settings": [{"id": f"{key}-s{i}", "idDial": key, "level": i} for i in (1, 2)]}
    tables = _infer(tmp_path, [("GET", f"{API}/dials", [dial("d1"), dial("d2")])])
    child = next(t for name, t in tables.items() if name != "dials")
    assert set(_columns(child)) == {"id", "id_dial", "level"}
    assert _fks(child) == {("id_dial", "dials")}


def test_array_of_keys_named_id_then_entity_is_a_join(tmp_path: Path) -> None:
    """``"idWorkers": ["w1", "w2"]`` on a shift, with workers served at ``/workers``, is a join of shifts and
    workers, as ``worker_ids`` is."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/workers", [{"id": "w1", "fullName": "Ann"}, {"id": "w2", "fullName": "Bo"}]),
        ("GET", f"{API}/shifts", [{"id": "s1", "hours": 8, "idWorkers": ["w1", "w2"]},
                                  {"id": "s2", "hours": 4, "idWorkers": ["w2"]}]),
    ])
    assert "id_workers" not in _columns(tables["shifts"])
    join = next(t for t in tables.values() if _fks(t) >= {("shift_id", "shifts")})
    assert _fks(join) == {("shift_id", "shifts"), ("worker_id", "workers")}


def test_nested_object_whose_key_does_not_determine_it_is_flattened(tmp_path: Path) -> None:
    """Rows whose ``cells`` each carry the same ``UUID`` beside a different ``Text`` hold groups of fields, not
    references to one ``cells`` record: the fields flatten into the rows."""
    tag = "4e8f9cfa-543b-492f-962b-e16930b49cae"
    rows = [{"id": f"rec{i}", "createdTime": "2017-10-08T23:56:27.393Z", "cells": {"UUID": tag, "Text": f"t{i}"}}
            for i in range(4)]
    tables = _infer(tmp_path, [("GET", f"{API}/sheet", {"records": rows})])
    assert set(tables) == {"sheets"}
    assert {"cells_uuid", "cells_text"} <= set(_columns(tables["sheets"]))
    assert not _fks(tables["sheets"])


def test_fields_left_out_when_empty_are_flattened_not_free_form(tmp_path: Path) -> None:
    """A record's ``cells`` list only the filled fields (``{"A": 1}``, ``{"B": "x"}``, ``{"A": 2, "B": "y", "C": true}``):
    one occurrence holds them all, so they are optional columns, not one free-form ``jsonb`` value."""
    cells = [{"A": 1}, {"B": "x"}, {"C": False}, {"A": 2, "B": "y", "C": True}, {"B": "z"}]
    rows = [{"id": f"rec{i}", "cells": c} for i, c in enumerate(cells)]
    tables = _infer(tmp_path, [("GET", f"{API}/grid", {"records": rows})])
    assert {"cells_a", "cells_b", "cells_c"} <= set(_columns(tables["grids"]))
    assert "cells" not in _columns(tables["grids"])


def test_a_deletes_acknowledgement_holds_no_columns(tmp_path: Path) -> None:
    """``DELETE /1/notes/n2`` answering ``{"id": "n2", "deleted": true}`` confirms the delete: no ``deleted`` column."""
    notes = [{"id": "n1", "body": "a"}, {"id": "n2", "body": "b"}]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/notes", notes),
        ("DELETE", f"{API}/notes/n2", {"id": "n2", "deleted": True}),
    ])
    assert set(_columns(tables["notes"])) == {"id", "body"}


def test_items_reusing_an_id_with_other_fields_under_each_parent_are_its_children(tmp_path: Path) -> None:
    """Each form lists its ``fields`` by name (``{"id": "title", ...}``); ``title`` under two forms is required in
    one and not in the other: the id names an item within its form only, a child table of forms."""
    def form(key: str, required: bool) -> dict[str, Any]:
        return {"id": key, "label": f"form {key}",
                "fields": [{"id": "title", "kind": "Text", "required": required},
                           {"id": f"extra_{key}", "kind": "Number", "required": False}]}
    tables = _infer(tmp_path, [("GET", f"{API}/forms", [form("f1", True), form("f2", False), form("f3", True)])])
    assert "fields" not in tables
    child = next(t for t in tables.values() if "required" in _columns(t))
    assert _fks(child) == {("form_id", "forms")}


def test_items_whose_fields_follow_from_their_id_are_the_entitys_records(tmp_path: Path) -> None:
    """Tags read through a projection (``?fields=name``) and listed in full in each card (``{"id", "name", "color",
    "idBoard"}``, tag t1 alike in two cards): the card's list is a plain join, the colour the tag's own column."""
    tags = {"t1": ("urgent", "red"), "t2": ("later", "blue"), "t3": ("idea", "green")}

    def tag(key: str) -> dict[str, Any]:
        return {"id": key, "name": tags[key][0], "color": tags[key][1], "idBoard": "b1"}
    cards = [{"id": "c1", "title": "one", "tags": [tag("t1")]}, {"id": "c2", "title": "two", "tags": [tag("t1"), tag("t2")]},
             {"id": "c3", "title": "three", "tags": [tag("t3")]}]
    tables = _infer(tmp_path, [("GET", f"{API}/tags?fields=name", [{"id": k, "name": v[0]} for k, v in tags.items()]),
                               ("GET", f"{API}/cards", cards)])
    assert set(_columns(tables["tags"])) == {"id", "name", "color", "id_board"}
    join = next(t for name, t in tables.items() if name not in ("tags", "cards"))
    assert set(_columns(join)) == {"card_id", "tag_id"}


def test_an_address_of_a_record_never_served_is_flattened(tmp_path: Path) -> None:
    """A board's ``site`` holds the site's id, its own link (ending in that id) and a type tag; sites are never
    served: the object says where the board lives, flattened into it, no ``sites`` table."""
    def board(key: str, site: str) -> dict[str, Any]:
        return {"id": key, "title": f"board {key}",
                "site": {"siteId": site, "url": f"https://h.test/1/sites/{site}", "type": "team"}}
    tables = _infer(tmp_path, [("GET", f"{API}/boards", [board("b1", "s1"), board("b2", "s2")])])
    assert set(tables) == {"boards"}
    assert {"site_site_id", "site_url", "site_type"} <= set(_columns(tables["boards"]))
