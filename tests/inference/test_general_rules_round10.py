"""General inference rules for brief objects of one entity under several roles and for records read at a route
whose last segment is a key value, each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://yard.test"


def _member(key: str) -> dict[str, object]:
    return {"uuid": f"{{00000000-0000-4000-8000-00000000000{key}}}", "label": f"Member {key}", "handle": f"h{key}", "kind": "member"}


def test_brief_objects_under_several_roles_are_one_table(tmp_path: Path) -> None:
    """``keeper``, ``signer`` and ``courier`` hold objects of one shape ``{uuid, label, handle, kind}`` with the same
    tag value, an entity never served itself: one ``members`` table referenced by all three, not one per role."""
    crates = [{"id": i, "weight": 3 * i, "keeper": _member(str(i)), "signer": _member(str(i + 1))} for i in (1, 2)]
    parcels = [{"id": i, "dest": f"D{i}", "courier": _member(str(i + 5))} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v1/crates", crates),
        ("GET", f"{HOST}/v1/parcels", parcels),
    ])
    assert "members" in tables and not {"keepers", "signers", "couriers"} & set(tables), set(tables)
    assert {("keeper_uuid", "members"), ("signer_uuid", "members")} <= _fks(tables["crates"]), tables["crates"]
    assert ("courier_uuid", "members") in _fks(tables["parcels"])
    assert {"uuid", "label", "handle"} <= set(_columns(tables["members"]))


def test_last_segment_after_an_owner_key_holding_the_record_key_is_no_table(tmp_path: Path) -> None:
    """``GET /boards/Team9/roadmap`` answering the board whose ``slug`` and ``name`` are ``roadmap``: the last segment
    is the record's key after its owner's key, so the table is ``boards`` (not ``roadmaps``) and keeps both fields."""
    board = {"uuid": "{1c0ffee0-0000-4000-8000-000000000001}", "slug": "roadmap", "name": "roadmap",
             "title": "The road", "lanes": 4}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v1/boards/Team9/roadmap", board)])
    assert set(tables) == {"boards"}, set(tables)
    assert {"slug", "name", "title", "lanes"} <= set(_columns(tables["boards"]))


def test_reference_names_link_opaque_token_keys_never_served(tmp_path: Path) -> None:
    """Keys of opaque tokens (``9Qx2LmP4rT7vW1zA``) shared across tables are not told apart by containment: a
    column spelt exactly as a table's reference (``crate_id``) references it although its rows were not listed, and
    ``parent_id`` references the record's own table. ``batch_code`` names no table: no reference."""
    crates = [{"id": f"9Qx2LmP4rT7vW1z{c}", "aisle": c} for c in "AB"]
    boxes = [{"id": f"7Hk3NpQ8sV2yX5b{c}", "crate_id": "4Rm8TqW2zC6nJ1fE", "parent_id": "2Lp9XwK4dF7gH3jM",
              "batch_code": "8Yt5Gb1Nq3Vc7Xz0"} for c in "CD"]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v3/crates", {"results": crates, "next_cursor": None}),
        ("GET", f"{HOST}/v3/boxes", {"results": boxes, "next_cursor": None}),
    ])
    fks = _fks(tables["boxes"])
    assert ("crate_id", "crates") in fks and ("parent_id", "boxes") in fks, fks
    assert not any(c == "batch_code" for c, _t in fks)


def test_list_filtered_by_a_parent_key_references_it_by_the_field_holding_it(tmp_path: Path) -> None:
    """``GET /notes?ticket_id=T2`` answering notes that each hold ``T2`` in ``subject_ref``: the list was filtered by
    a served ticket's key, so ``subject_ref`` references tickets though its name does not say so. ``?owner_id=`` of
    an owner never served references nothing."""
    tickets = [{"id": f"T{i}", "title": f"t{i}", "sev": i} for i in (1, 2, 3)]
    notes = [{"id": f"N{i}", "body": f"b{i}", "subject_ref": "T2", "writer_ref": "W7"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/tickets", tickets),
        ("GET", f"{HOST}/v2/notes?ticket_id=T2&owner_id=W7", notes),
    ])
    fks = _fks(tables["notes"])
    assert ("subject_ref", "tickets") in fks, fks
    assert not any(c == "writer_ref" for c, _t in fks), fks


def test_lines_keyed_by_uid_nesting_lines_are_child_tables(tmp_path: Path) -> None:
    """``"rows": [{"uid": …, "label", "cuts": [{"uid": …, "cut_uid", "depth"}]}]``: items with a ``uid`` are lines
    of their own, not a nested structure of values: a child table keyed by ``uid`` and its child table referencing
    it by that key."""
    def sheet(key: int) -> dict[str, object]:
        return {"id": f"S{key}", "title": f"s{key}", "rows": [
            {"uid": f"r{key}{n}", "label": "same", "cuts": [{"uid": f"c{key}{n}", "cut_uid": "k1", "depth": n}]}
            for n in (1, 2)]}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v4/sheets", [sheet(1), sheet(2)])])
    assert "rows" not in _columns(tables["sheets"]), set(tables)
    rows = next(t for n, t in tables.items() if n.endswith("rows"))
    cuts = next(t for n, t in tables.items() if n.endswith("cuts"))
    assert rows["primary_key"] == ["uid"] and cuts["primary_key"] == ["uid"], (rows["primary_key"], cuts["primary_key"])
    assert any(t == rows["name"] for _c, t in _fks(cuts)), cuts["foreign_keys"]


def test_never_filled_column_takes_the_type_its_name_ending_shares(tmp_path: Path) -> None:
    """``voided_on`` null in every record, beside ``opened_on`` and ``closed_on`` holding timestamps: the table's
    naming convention says it is a timestamp too. ``sign_by``, beside text ``*_by`` columns, stays text."""
    def tab(key: int) -> dict[str, object]:
        return {"id": key, "opened_on": f"2024-03-0{key}T10:00:00+00:00", "closed_on": f"2024-03-0{key}T11:00:00+00:00",
                "voided_on": None, "note_by": f"n{key}", "stamp_by": f"s{key}", "sign_by": None}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v5/tabs", [tab(1), tab(2)])])
    columns = _columns(tables["tabs"])
    assert columns["voided_on"]["type"] == "timestamptz", columns["voided_on"]
    assert columns["sign_by"]["type"] == "text"


def test_escaped_qualified_id_in_a_path_is_a_value(tmp_path: Path) -> None:
    """``/halls/%21h1%3Adock/seat/%24s7%3Adock`` (``!h1:dock``, ``$s7:dock`` escaped): an escaped sigil or
    separator marks an id, never a word of the API, so no table is named after it; the record is a seat."""
    seat = {"seat_id": "$s7:dock", "row": 3, "label": "C3", "hall_id": "!h1:dock"}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v1/halls/%21h1%3Adock/seat/%24s7%3Adock", seat)])
    assert set(tables) == {"seats"}, set(tables)
