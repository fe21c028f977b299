"""General inference rules for child lines keyed by their own field, lines referencing sibling lines, list pages
under a generic list name and answers bundling records of one kind, each on a small generated capture of its own (no
case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _fks, _infer

HOST = "https://depot.test"


def test_child_lines_with_a_uid_are_keyed_by_it_not_by_the_parent(tmp_path: Path) -> None:
    """``"fees": [{"uid": …, "label", "rate"}]``, one fee per invoice: the parent's key (``invoice_id``) is unique
    among the lines seen, but it is the reference to the parent; the lines' own ``uid`` is their key."""
    invoices = [{"id": f"I{i}", "total": 10 * i, "fees": [{"uid": f"f{i}x", "label": "svc", "rate": i}]} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/v2/invoices", {"invoices": invoices, "cursor": None})])
    fees = next(t for n, t in tables.items() if n.endswith("fees"))
    assert fees["primary_key"] == ["uid"], fees["primary_key"]
    assert ("invoice_id", "invoices") in _fks(fees), fees["foreign_keys"]


def test_a_line_references_a_sibling_line_by_its_field_name(tmp_path: Path) -> None:
    """``"cuts": [{"uid", …}]`` beside ``"rows": [{"uid", "cut_uid", …}]``: within its parent a child line is named by
    its field, so ``cut_uid`` references the ``*_cuts`` lines whose keys hold its values. ``mark_uid`` names no
    line of the capture: no reference."""
    def sheet(key: int) -> dict[str, object]:
        return {"id": f"S{key}", "title": f"s{key}",
                "cuts": [{"uid": f"c{key}{n}Q7", "label": f"cut {n}", "depth": n} for n in (1, 2)],
                "rows": [{"uid": f"r{key}{n}Z3", "qty": n, "cut_uid": f"c{key}{n}Q7", "mark_uid": f"m{key}{n}K4"}
                         for n in (1, 2)]}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v4/sheets", {"sheets": [sheet(1), sheet(2)], "cursor": None})])
    cuts = next(n for n in tables if n.endswith("cuts"))
    rows = next(t for n, t in tables.items() if n.endswith("rows"))
    assert ("cut_uid", cuts) in _fks(rows), rows["foreign_keys"]
    assert not any(c == "mark_uid" for c, _t in _fks(rows))


def test_a_chunk_page_holds_the_records_of_the_route(tmp_path: Path) -> None:
    """``{"chunk": [...], "next_batch": …, "prev_batch": …}`` (a page of a list as Matrix serves it): ``chunk`` is a
    generic name of the page's list, so its records are the route's collection (``lanterns``), not ``chunks``."""
    lanterns = [{"lantern_code": f"L{i}", "lumen": 10 * i, "hue": "amber"} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/v3/lanterns",
                                {"chunk": lanterns, "next_batch": "n1x", "prev_batch": "p0x"})])
    assert set(tables) == {"lanterns"}, set(tables)


def test_a_qualified_collection_keyed_by_its_reference_name_is_that_collection(tmp_path: Path) -> None:
    """``/v1/openCrates`` listing records that each hold a distinct ``crate_id``: the route names a selection of
    crates (which crates), so they join the ``crates`` another route serves; ``/v1/lateParcels`` whose records hold
    no ``parcel_id`` stays a table of its own."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v1/openCrates", [{"crate_id": f"!c{i}:yard", "label": f"c{i}", "slots": i} for i in (1, 2)]),
        ("GET", f"{HOST}/v1/depots/d1/crates",
         {"crates": [{"crate_id": "!c9:yard", "label": "c9", "slots": 9, "sealed": True}], "next_batch": "x"}),
        ("GET", f"{HOST}/v1/lateParcels", [{"tracking": f"T{i}", "weight": i} for i in (1, 2)]),
    ])
    assert "crates" in tables and "open_crates" not in tables, set(tables)
    assert tables["crates"]["primary_key"] == ["crate_id"]
    assert "late_parcels" in tables, set(tables)


def _track(key: str, **extra: object) -> dict[str, object]:
    return {"track_id": key, "hall_id": "!h1:dock", "sender": "@ann:dock", "kind": "note", "body": {"text": key},
            **extra}


def _around(key: str) -> dict[str, object]:
    return {"track": _track(key), "tracks_before": [_track("T3"), _track("T4", pinned=True)],
            "tracks_after": [_track("T6")], "state": [_track("T1", state_key="")], "start": "s-91", "end": "e-97"}


def test_an_answer_bundling_records_of_one_kind_is_those_records(tmp_path: Path) -> None:
    """``{"track": {…}, "tracks_before": [...], "tracks_after": [...], "state": [...], "start", "end"}``: one kind of
    record (a distinct ``track_id`` in each, most fields shared) under four names beside page tokens is no record
    of its own: one ``tracks`` table keyed by ``track_id``, no table of the answer and no child tables."""
    tables = _infer(tmp_path, [("GET", f"{HOST}/v3/halls/%21h1%3Adock/around/T5", _around("T5"))])
    assert set(tables) == {"tracks"}, set(tables)
    assert tables["tracks"]["primary_key"] == ["track_id"]


def test_a_path_value_held_as_a_listed_record_key_is_no_parent(tmp_path: Path) -> None:
    """``/halls/{hall}/around/{track}`` answering track ``T5`` with the tracks around it: the last value addresses
    one of the records served, so the parent the path names is the hall (never listed itself), whose key
    ``hall_id`` references."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v3/halls", {"halls": [{"hall_id": "!h2:dock", "title": "Dock", "seats": 40}]}),
        ("GET", f"{HOST}/v3/halls/%21h1%3Adock/around/%24T5", _around("$T5")),
    ])
    assert ("hall_id", "halls") in _fks(tables["tracks"]), tables["tracks"]["foreign_keys"]


def test_an_id_array_named_after_a_table_of_opaque_keys_is_a_join_table(tmp_path: Path) -> None:
    """``"crew_ids": ["7QK2M9XW4R8TZ1"]`` on a ship, ``crews`` served with other opaque token keys: such keys do not
    tell tables apart by their form, and the name says whose keys they are: a join table ``ship_crews``
    referencing ``crews``. ``badge_ids`` names no table and stays an array column."""
    ships = [{"id": f"S{i}H8QZ2", "title": f"s{i}", "crew_ids": [f"7QK2M9XW4R8TZ{i}"], "badge_ids": [f"B{i}X9"]}
             for i in (1, 2)]
    crews = [{"id": f"2TAT3CMH4Q0A9{i}", "name": f"crew {i}", "size": i} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/ships", {"ships": ships, "cursor": None}),
        ("GET", f"{HOST}/v2/ships/crews", {"crews": crews}),
    ])
    join = next((t for t in tables.values() if ("crew_id", "crews") in _fks(t)), None)
    assert join is not None and ("ship_id", "ships") in _fks(join), set(tables)
    columns = {c["name"]: c for c in tables["ships"]["columns"]}
    assert "crew_ids" not in columns and columns["badge_ids"]["type"] == "text[]", columns
