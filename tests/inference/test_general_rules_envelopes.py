"""General inference rules for list envelopes and API roots (paging metadata objects, typed empty
placeholders and the answer's own ids beside a list, version numbers after an ``api`` root), each on a
small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

API = "https://h.test/api"


def test_paging_metadata_object_beside_a_named_list_is_no_data(tmp_path: Path) -> None:
    """``{"ok": true, "widgets": [...], "paging_metadata": {"next_cursor": "x"}}`` is a page of widgets."""
    rows = [{"id": f"W{i}", "label": f"w{i}", "weight": i} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/widgets.list?limit=2", {"ok": True, "widgets": rows[:2],
                                                "paging_metadata": {"next_cursor": "abc"}}),
        ("GET", f"{API}/widgets.list?cursor=abc", {"ok": True, "widgets": rows[2:],
                                                   "paging_metadata": {"next_cursor": ""}}),
    ])
    assert set(tables) == {"widgets"}
    assert set(_columns(tables["widgets"])) == {"id", "label", "weight"}


def test_typed_empty_placeholder_and_answer_id_beside_a_list_are_no_data(tmp_path: Path) -> None:
    """``{"object": "list", "results": [...], "type": "gadget", "gadget": {}, "request_id": "..."}``:
    the empty object and the answer's own id are not a page's data, so two such lists at two routes stay
    two tables named by their routes."""
    def page(kind: str, rows: list[dict[str, object]], rid: str) -> dict[str, object]:
        return {"object": "list", "results": rows, "next_cursor": None, "has_more": False,
                "type": kind, kind: {}, "request_id": rid}
    gadgets = [{"id": f"g{i}", "title": f"t{i}", "mass": i} for i in (1, 2)]
    owners = [{"id": f"o{i}", "name": f"n{i}", "gadget_id": "g1"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/gadgets", page("gadget", gadgets, "r-1")),
        ("GET", f"{API}/owners", page("owner", owners, "r-2")),
    ])
    assert set(tables) == {"gadgets", "owners"}
    assert set(_columns(tables["gadgets"])) == {"id", "title", "mass"}
    assert "request_id" not in _columns(tables["owners"])
    assert _fks(tables["owners"]) == {("gadget_id", "gadgets")}


def test_number_after_an_api_root_is_its_version(tmp_path: Path) -> None:
    """``/rest/api/3/levels`` is version 3 of the API, not a row 3 of an ``api`` collection."""
    levels = [{"id": i, "name": f"l{i}"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/rest/api/3/levels", levels),
        ("GET", "https://h.test/rest/api/3/grades", [{"id": "7", "label": "x"}, {"id": "8", "label": "y"}]),
    ])
    assert set(tables) == {"levels", "grades"}
    assert set(_columns(tables["levels"])) == {"id", "name"}
    assert not _fks(tables["levels"]) and not _fks(tables["grades"])


def test_type_tag_object_beside_generic_items_is_no_data(tmp_path: Path) -> None:
    """``{"meta_info": {"type": "Array"}, "total": 2, "items": [...]}``: the list's own type tag is no record."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/lamps", {"header": {"type": "Array"}, "total": 2, "skip": 0,
                                 "items": [{"id": "l1", "watts": 5}, {"id": "l2", "watts": 9}]}),
    ])
    assert set(tables) == {"lamps"}
    assert set(_columns(tables["lamps"])) == {"id", "watts"}


def test_side_loaded_records_grouped_by_type_are_rows_of_their_tables(tmp_path: Path) -> None:
    """``{"items": [...], "includes": {"Photo": [...]}}``: the photos served beside the albums are photos."""
    photos = [{"id": "p1", "caption": "a", "width": 10}, {"id": "p2", "caption": "b", "width": 20}]
    albums = [{"id": "a1", "title": "x", "photo_id": "p1"}, {"id": "a2", "title": "y", "photo_id": "p2"}]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/albums", {"items": albums, "total": 2, "includes": {"Photo": photos}}),
        ("GET", f"{API}/photos", {"items": photos[:1], "total": 1}),
    ])
    assert set(tables) == {"albums", "photos"}
    assert set(_columns(tables["photos"])) == {"id", "caption", "width"}
    assert _fks(tables["albums"]) == {("photo_id", "photos")}


def test_header_object_holding_the_record_id_is_part_of_the_record(tmp_path: Path) -> None:
    """``{"meta": {"id", "created_at", "revision", "locale"}, "body": {...}}``: a record without an id of its
    own carries it in a metadata header, which is flattened into the record, not a reference."""
    docs = [{"meta": {"id": f"d{i}", "created_at": f"2024-01-0{i}T00:00:00Z", "revision": i, "locale": "en"},
             "body": {"title": f"t{i}", "words": 10 * i}} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{API}/docs", {"items": docs, "total": 3})])
    assert set(tables) == {"docs"}
    assert {"meta_id", "meta_created_at", "meta_revision", "meta_locale", "body_title"} <= set(_columns(tables["docs"]))


def test_reference_carrying_only_type_tags_names_no_table(tmp_path: Path) -> None:
    """``"realm": {"type": "Link", "linkType": "Realm", "id": "r1"}`` on every row, the realm never served:
    tags are no data, so no realm table; the reference column stays."""
    rows = [{"id": f"k{i}", "label": f"l{i}", "realm": {"type": "Link", "linkType": "Realm", "id": "r1"}}
            for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{API}/keys", rows)])
    assert set(tables) == {"keys"}
    assert "realm_id" in _columns(tables["keys"])


def test_header_id_keys_the_table_and_its_detail_address(tmp_path: Path) -> None:
    """The id held in a record's metadata header is its primary key, and ``/docs/guides`` naming it is that
    record's detail, not another collection."""
    def doc(name: str, rev: int) -> dict[str, object]:
        return {"meta": {"id": name, "created_at": "2024-01-01T00:00:00Z", "revision": rev, "locale": "en"},
                "body": {"title": name.upper(), "words": rev * 10}}
    tables = _infer(tmp_path, [
        ("GET", f"{API}/docs", {"items": [doc("guides", 1), doc("setup", 2), doc("usage", 3)], "total": 3}),
        ("GET", f"{API}/docs/guides", doc("guides", 1)),
    ])
    assert set(tables) == {"docs"}
    assert tables["docs"]["primary_key"] == ["meta_id"]


def test_a_path_segment_equal_to_the_header_id_is_the_record_key() -> None:
    """``/spaces/s1/docs/guide`` answering ``{"meta": {"id": "guide", ...}}``: ``guide`` is the record's key."""
    from inference.endpoints import parse_route
    from inference.identity import key_segments

    record = {"meta": {"id": "guide", "created_at": "2024-01-01T00:00:00Z", "revision": 1, "locale": "en"},
              "body": {"title": "Guide"}}
    route = key_segments(parse_route("GET", f"{API}/spaces/s1/docs/guide"), record)
    assert route.segments[-1] == "{key}" and route.values[-1] == "guide"
