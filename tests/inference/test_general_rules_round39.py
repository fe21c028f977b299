"""General inference rules of the thirty-ninth round (records of several kinds answered by a query address, ...),
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://orchard.test"


def _query(text: str) -> str:
    return f"{HOST}/svc/lookup?q={quote(text)}"


def test_a_query_address_answering_records_of_several_kinds_holds_one_table_per_kind(tmp_path: Path) -> None:
    """``GET /svc/lookup?q=tree(3);out;`` answering ``{"build", "server": {…}, "elements": [{"type": "tree", "id"},
    {"type": "branch", "id"}]}``: an address named by a singular word taking a query language's statements in a
    parameter answers records of one table per type tag, whichever kinds one answer holds; the tag names the table
    and is no column, and the id keys each table though two answers read one record at different moments."""
    meta = {"build": "0.9", "server": {"stamp": "2024-01-02T03:04:05Z", "notice": "open data"}}
    trees = [{"type": "tree", "id": 9_000_000_001 + i, "height": 3.5 + i, "species": s}
             for i, s in enumerate(["oak", "ash", "elm"])]
    branches = [{"type": "branch", "id": 40 + i, "leaves": [9_000_000_001, 9_000_000_002 + i % 2],
                 "grown": f"2020-0{i + 1}-01T00:00:00Z"} for i in range(3)]
    stale = dict(branches[0], leaves=[9_000_000_003])
    answers = [
        (_query("tree(1,2);out;"), {**meta, "elements": trees}),
        (_query("branch(40);(._;>;);out;"), {**meta, "elements": [stale, *trees[:2]]}),
        (_query("branch(all);out meta;"), {**meta, "elements": branches}),
    ]
    tables = _infer_entries(tmp_path, [entry(url, body) for url, body in answers])
    by_cols = {name: set(_columns(t)) for name, t in tables.items()}
    tree = next(name for name, cols in by_cols.items() if "species" in cols)
    branch = next(name for name, cols in by_cols.items() if "grown" in cols)
    assert tree != branch and "type" not in by_cols[tree] and "type" not in by_cols[branch], tables
    assert "species" not in by_cols[branch] and "grown" not in by_cols[tree], tables
    assert tables[tree]["primary_key"] == ["id"] and tables[branch]["primary_key"] == ["id"], tables
    assert not [cols for cols in by_cols.values() if {"build", "stamp", "server_stamp"} & cols], tables


def test_an_embedded_record_linked_by_a_root_relative_resource_url_is_a_row_of_the_table_served_there(
        tmp_path: Path) -> None:
    """``{"id": 7, "core_info": {"id": 9001, "title", "parts": [...], "resource_url": "/gadgets/9001"}}``:
    an embedded record under a descriptive name whose own link (``resource_url``, root-relative as a host's own links
    often are) follows the detail route of a served table (``/gadgets/{id}``) is a row of that table: the holder
    references it, no table is named after the field."""
    host = "https://bazaar.test"
    gadgets = [{"id": 10 + i, "title": f"Gadget {i}", "year": 2000 + i, "resource_url": f"/gadgets/{10 + i}",
                "maker": "Acme", "country": "NZ", "notes": "boxed", "status": "Accepted", "quality": "Correct",
                "released": f"200{i}-01-01", "styles": ["retro"], "master_id": 500 + i,
                "parts": [{"name": "Lid", "qty": "1"}]} for i in range(2)]
    wishes = [{"id": 9001 + i, "rating": i, "resource_url": f"/wishes/{9001 + i}",
               "core_info": {"id": 9001 + i, "title": f"Other {i}", "year": 1990 + i, "resource_url": f"/gadgets/{9001 + i}",
                             "parts": [{"name": "Box", "qty": "2"}]}} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        *(entry(f"{host}/gadgets/{g['id']}", g) for g in gadgets),
        entry(f"{host}/people/ann/wishes?page=1", {"pagination": {"page": 1, "pages": 1}, "wishes": wishes}),
    ])
    assert not [name for name in tables if "core" in name], tables
    wish = next(t for t in tables.values() if "rating" in _columns(t))
    assert any(fk["columns"] == ["core_info_id"] and "gadget" in fk["ref_table"] for fk in wish["foreign_keys"]), wish


def test_lists_of_stubs_linked_to_their_own_records_are_joins_to_that_table(tmp_path: Path) -> None:
    """``"pupils": [{"id": 31, "name": "Ann Roe", "resource_url": "/painters/31"}]`` in a painter, ``"lenders": [{"id":
    31, "name", "room": "B", "resource_url": "/painters/31"}]`` in an exhibition: stubs each linked to its own record
    of a served table (the link carries the stub's id) are joins to that table, with the attributes they add; the id
    is ``<record>_id``, or ``<field's singular>_id`` beside the holder's own reference to the same table."""
    host = "https://gallery.test"
    painters = [{"id": 30 + i, "name": f"Painter {i}", "born": 1800 + i, "resource_url": f"/painters/{30 + i}",
                 "pupils": [{"id": 60 + i, "name": f"Pupil {i}", "resource_url": f"/painters/{60 + i}"},
                            {"id": 70 + i, "name": f"Pupil {i}b", "resource_url": f"/painters/{70 + i}"}]}
                for i in range(2)]
    shows = [{"id": 500 + i, "title": f"Show {i}", "resource_url": f"/exhibitions/{500 + i}",
              "lenders": [{"id": 30 + i, "name": f"Painter {i}", "room": "AB"[i], "resource_url": f"/painters/{30 + i}"},
                          {"id": 80 + i, "name": f"Other {i}", "room": "C", "resource_url": f"/painters/{80 + i}"}]}
             for i in range(2)]
    tables = _infer_entries(tmp_path, [
        *(entry(f"{host}/painters/{p['id']}", p) for p in painters),
        *(entry(f"{host}/exhibitions/{s['id']}", s) for s in shows),
    ])
    pupils = next(t for t in tables.values() if "pupil_id" in _columns(t))
    assert set(_columns(pupils)) == {"painter_id", "pupil_id"}, pupils
    assert {(tuple(fk["columns"]), fk["ref_table"]) for fk in pupils["foreign_keys"]} == {
        (("painter_id",), "painters"), (("pupil_id",), "painters")}, pupils
    lenders = next(t for t in tables.values() if "room" in _columns(t))
    assert set(_columns(lenders)) == {"exhibition_id", "painter_id", "room"}, lenders
    assert any(fk["columns"] == ["painter_id"] and fk["ref_table"] == "painters" for fk in lenders["foreign_keys"]), lenders


def test_a_table_of_bare_stubs_linked_to_another_tables_records_is_that_table(tmp_path: Path) -> None:
    """``"pupils": [{"id": 60, "name": "Pupil", "resource_url": "/painters/60"}]`` listed by several painters (the same
    pupil under two): a table of bare stubs (id, copied name, own link), each linked to its own record of a served
    table, is that table; the join of painters and pupils references the painters on both sides."""
    host = "https://gallery.test"
    painters = [{"id": 30 + i, "name": f"Painter {i}", "born": 1800 + i, "resource_url": f"/painters/{30 + i}",
                 "pupils": [{"id": 60, "name": "Pupil", "resource_url": "/painters/60"},
                            {"id": 70 + i, "name": f"Pupil {i}b", "resource_url": f"/painters/{70 + i}"}]}
                for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{host}/painters/{p['id']}", p) for p in painters])
    assert not [name for name, t in tables.items() if set(_columns(t)) == {"id", "name", "resource_url"}], tables
    join = next(t for t in tables.values() if "pupil_id" in _columns(t))
    assert {(tuple(fk["columns"]), fk["ref_table"]) for fk in join["foreign_keys"]} == {
        (("painter_id",), "painters"), (("pupil_id",), "painters")}, join


def test_nouns_in_as_take_es_in_the_plural(tmp_path: Path) -> None:
    """``alias``, ``atlas``, ``canvas``, ``bias``: their plurals end in ``-ases`` and their singulars keep the ``s``
    (``atlases`` -> ``atlas``, not ``atlase``), while other ``-ases`` words only drop the ``s`` (``databases``); a join
    made of a painter's ``canvases`` names its reference ``canvas_id``."""
    from inference.naming import plural, singular
    assert [singular(w) for w in ("atlases", "canvases", "biases", "databases", "purchases")] == [
        "atlas", "canvas", "bias", "database", "purchase"]
    assert plural("canvas") == "canvases" and plural("atlas") == "atlases"
    host = "https://gallery.test"
    painters = [{"id": 30 + i, "name": f"Painter {i}", "born": 1800 + i, "resource_url": f"/painters/{30 + i}",
                 "canvases": [{"id": 60 + i, "name": f"Other {i}", "resource_url": f"/painters/{60 + i}"}]}
                for i in range(2)]
    tables = _infer_entries(tmp_path, [entry(f"{host}/painters/{p['id']}", p) for p in painters])
    assert [t for t in tables.values() if "canvas_id" in _columns(t)], tables
