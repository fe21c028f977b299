"""General inference rules of the thirty-eighth round (a record's own fields under ``data``, ...), each on a small
generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://herbarium.test"


def test_a_data_member_repeating_the_records_key_is_its_own_fields(tmp_path: Path) -> None:
    """``{"code": "S1", "rev": 4, "meta": {...}, "data": {"code": "S1", "rev": 4, "genus": ..., "collectors": [...]}}``:
    a ``data`` member repeating its record's key holds the record's editable fields (which differ from kind to kind
    of specimen): flattened as ``data_*`` columns, its lists of objects a child table; not one jsonb value."""
    def sheet(i: int) -> dict[str, object]:
        code = f"S{i}X"
        extra = {"mountedOn": "card"} if i % 2 else {"jarVolume": f"{i}00 ml", "fluid": "ethanol"}
        return {"code": code, "rev": i, "meta": {"numImages": i}, "data": {
            "code": code, "rev": i, "sheetKind": "dry" if i % 2 else "wet", "genus": f"Genus{i}", **extra,
            "collectors": [{"role": "lead", "surname": f"Name{i}"}]}}
    sheets = [sheet(i) for i in range(1, 6)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/sheets?page={i}", sheets[i:]) for i in range(3)])
    main = next(t for t in tables.values() if "code" in _columns(t))
    cols = _columns(main)
    assert {"data_genus", "data_sheet_kind", "data_mounted_on", "data_jar_volume"} <= set(cols), main
    assert "data" not in cols, main
    assert [t for t in tables.values() if "surname" in _columns(t)], tables


def test_a_data_member_of_its_own_stays_one_value(tmp_path: Path) -> None:
    """``{"id": 3, "kind": "reading", "data": {"probe": "t1", "celsius": 4.5}}``: a ``data`` member not repeating its
    holder's key is the payload its kind defines: one jsonb value."""
    rows = [{"id": i, "kind": "reading", "data": {"probe": f"t{i}", "celsius": 4.5 + i}} for i in range(1, 5)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/events?page={i}", rows[i:]) for i in range(3)])
    main = next(t for t in tables.values() if "kind" in _columns(t))
    assert "data" in _columns(main), main


def test_a_payload_named_with_its_type_and_version_beside_it_is_unwrapped(tmp_path: Path) -> None:
    """``{"status": "ok", "reply-type": "gauge", "reply-version": "2.1", "reply": {...}}``: the one object of an answer
    whose scalar siblings name its type and version after it is the payload, as ``data`` is; a page of records in it
    (``{"reply": {"total": 9, "items": [...]}}``) is the route's collection, not a table named after the envelope."""
    gauges = [{"gaugeNo": f"G-{i}", "river": f"River {i}", "depthCm": 40 + i} for i in range(4)]

    def wrap(kind: str, payload: object) -> dict[str, object]:
        return {"status": "ok", "reply-type": kind, "reply-version": "2.1", "reply": payload}
    entries = [entry(f"{HOST}/gauges?page={i}", wrap("gauge-list", {"total": 4, "items": gauges[i:]})) for i in range(2)]
    entries += [entry(f"{HOST}/gauges/{g['gaugeNo']}", wrap("gauge", g)) for g in gauges]
    tables = _infer_entries(tmp_path, entries)
    assert not [t for t in tables.values() if {"status", "reply_type"} & set(_columns(t))], tables
    assert not [t for t in tables.values() if any(c.startswith("reply_") for c in _columns(t))], tables
    held = [name for name, t in tables.items() if "river" in _columns(t)]
    assert held == ["gauges"], tables


def test_an_id_spanning_two_segments_is_no_collection(tmp_path: Path) -> None:
    """``/papers/77.5012/arch.2019.00417``: an id holding a slash (a DOI's prefix and suffix) spans two segments of
    its address; the suffix, a serial number after a value, is the id's second part, not a collection of its own."""
    papers = [{"ref": f"77.{5010 + i}/arch.2019.00{410 + i}", "heading": f"Paper {i}", "pages": 10 + i} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/papers/{p['ref']}", p) for p in papers])
    held = [name for name, t in tables.items() if "heading" in _columns(t)]
    assert held == ["papers"], tables


def test_the_field_an_address_names_a_record_by_keys_it_before_its_link(tmp_path: Path) -> None:
    """``GET /maps/{sheet}`` answering ``{"sheet": "NT-44", "url": "https://.../NT-44", ...}`` (no id): the field the
    record's own address names it by keys the table, before the link to that address."""
    maps = [{"sheet": f"NT-{40 + i}", "url": f"https://maps.test/sheet/NT-{40 + i}", "scale": 50000 + i}
            for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/maps/{m['sheet']}", m) for m in maps])
    held = next(t for t in tables.values() if "scale" in _columns(t))
    assert held["primary_key"] == ["sheet"], held


def test_an_empty_list_named_as_a_kind_of_a_filled_list_has_its_type(tmp_path: Path) -> None:
    """``{"caption": ["Dusk"], "subcaption": [], "alt_caption": []}``: lists empty in every record whose names end
    with the name of a filled list of names of the record are kinds of it: ``text[]``, not ``jsonb``."""
    shots = [{"id": i, "caption": [f"Dusk {i}"], "subcaption": [], "alt_caption": []} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/shots?page={i}", shots[i:]) for i in range(3)])
    held = next(t for t in tables.values() if "caption" in _columns(t))
    types = {c["name"]: c["type"] for c in held["columns"]}
    assert types["subcaption"] == types["alt_caption"] == "text[]", held


def test_a_list_of_keys_named_after_a_table_behind_a_prefix_is_a_join(tmp_path: Path) -> None:
    """``{"code": "B1", "data_shelves": ["SH-1", "SH-2"]}`` beside a served ``shelves`` table keyed by ``code``: the list's
    last word names the table whose keys it holds (the words before it a flattening prefix): a join table."""
    shelves = [{"code": f"SH-{i}", "aisle": i} for i in range(4)]
    boxes = [{"code": f"B{i}", "weight": i, "data": {"code": f"B{i}", "label": f"Box {i}",
                                                      "shelves": [f"SH-{i}", f"SH-{(i + 1) % 4}"]}} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/shelves", shelves)]
                            + [entry(f"{HOST}/boxes?page={i}", boxes[i:]) for i in range(3)])
    joins = [t for t in tables.values() if any(fk["ref_table"] == "shelves" for fk in t["foreign_keys"])]
    assert joins and any(fk["ref_table"] == "boxes" for fk in joins[0]["foreign_keys"]), tables
