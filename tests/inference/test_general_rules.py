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


def test_action_endpoint_answers_a_row_of_its_collection(tmp_path: Path) -> None:
    """``POST /tickets/7/close`` answering ticket 7 is a ticket, not a table of closes."""
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/tickets", [{"id": 7, "state": "open"}, {"id": 8, "state": "open"}]),
        ("POST", "https://h.test/tickets/7/close", {"id": 7, "state": "closed"}),
        ("POST", "https://h.test/tickets/8/reopen", {"id": 8, "state": "open"}),
    ])
    assert set(tables) == {"tickets"}
    assert tables["tickets"]["primary_key"] == ["id"]


def test_list_envelope_siblings_of_any_name_are_metadata(tmp_path: Path) -> None:
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/search/parcels?q=x",
         {"total_count": 2, "incomplete_results": False, "items": [{"id": 1, "w": 3}, {"id": 2, "w": 5}]}),
        ("GET", "https://h.test/parcels", {"parcels": [{"id": 3, "w": 1}], "parcelsCount": 40, "nextPageToken": "abc"}),
    ])
    columns = {c for t in tables.values() for c in _columns(t)}
    assert not columns & {"total_count", "incomplete_results", "parcels_count", "next_page_token"}


def test_parent_key_only_in_the_url_becomes_a_column(tmp_path: Path) -> None:
    """``/farms/3/sheds`` when no farm was captured: each shed still carries ``farm_id``."""
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/farms/3/sheds", [{"id": 1, "size": 4}, {"id": 2, "size": 9}]),
        ("GET", "https://h.test/farms/4/sheds", [{"id": 5, "size": 2}]),
        ("GET", "https://h.test/owners/octo-cat-org/pens", [{"id": 9, "size": 1}]),
    ])
    farm_ids = _columns(tables["sheds"])["farm_id"]
    assert farm_ids["type"] == "integer" and not farm_ids["nullable"]
    assert "owner_key" not in _columns(tables["pens"])  # a slug may be anyone's: only ids and codes


def test_entity_named_by_two_references_has_a_composite_key(tmp_path: Path) -> None:
    """Stock levels of (item, depot) pairs, one of them updated by a write: keyed by the pair."""
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/items", [{"id": 1, "sku": "A"}, {"id": 2, "sku": "B"}]),
        ("GET", "https://h.test/depots", [{"id": 10, "city": "X"}, {"id": 11, "city": "Y"}]),
        ("GET", "https://h.test/stock_levels", [
            {"item_id": 1, "depot_id": 10, "available": 3}, {"item_id": 2, "depot_id": 10, "available": 0},
            {"item_id": 1, "depot_id": 11, "available": 7}]),
        ("POST", "https://h.test/stock_levels/set", {"stock_level": {"item_id": 1, "depot_id": 11, "available": 6}}),
    ])
    assert set(tables["stock_levels"]["primary_key"]) == {"item_id", "depot_id"}
    assert _fks(tables["stock_levels"]) == {("item_id", "items"), ("depot_id", "depots")}


def test_update_addresses_an_item_by_its_natural_key(tmp_path: Path) -> None:
    """``PATCH /tags/urgent`` answering the renamed tag belongs to ``tags``."""
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/tags", [{"id": 1, "name": "urgent"}, {"id": 2, "name": "later"}]),
        ("PATCH", "https://h.test/tags/urgent", {"id": 1, "name": "very-urgent"}),
    ])
    assert set(tables) == {"tags"}


def test_hyperlinked_records_are_keyed_and_referenced_by_url(tmp_path: Path) -> None:
    """Records with no id but their own ``url`` are keyed by it; a field holding links to another
    table's detail route references it, even when not every linked row was captured."""
    api = "https://h.test/api"

    def page(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"count": len(rows), "next": None, "previous": None, "results": rows}
    harbors = [{"name": f"h{i}", "depth": i, "url": f"{api}/harbors/{i}/"} for i in (1, 2)]
    boats = [{"name": "b1", "home": f"{api}/harbors/1/", "url": f"{api}/boats/1/"},
             {"name": "b2", "home": f"{api}/harbors/2/", "url": f"{api}/boats/2/"},
             {"name": "b3", "home": f"{api}/harbors/9/", "url": f"{api}/boats/3/"}]
    tables = _infer(tmp_path, [
        ("GET", f"{api}/harbors/", page(harbors)), ("GET", f"{api}/harbors/1/", harbors[0]),
        ("GET", f"{api}/boats/", page(boats)),
    ])
    assert tables["harbors"]["primary_key"] == ["url"] and tables["boats"]["primary_key"] == ["url"]
    assert _fks(tables["boats"]) == {("home", "harbors")}


def test_stub_index_pages_and_stub_references_use_the_linked_id(tmp_path: Path) -> None:
    """An index of ``{name, url}`` stubs lists rows of the entity at that route (their id is in the
    link); a nested stub is one ``<field>_id`` reference, not a copied name and a link."""
    api = "https://h.test/api/v1"
    soils = [{"id": i, "name": f"s{i}"} for i in (1, 2)]
    seeds = [{"id": i, "name": f"seed{i}", "days": 3 * i,
              "soil": {"name": f"s{1 + i % 2}", "url": f"{api}/soil/{1 + i % 2}/"}} for i in (1, 2)]
    index = {"count": 3, "next": None, "previous": None,
             "results": [{"name": f"seed{i}", "url": f"{api}/seed/{i}/"} for i in (1, 2, 3)]}
    tables = _infer(tmp_path, [
        ("GET", f"{api}/seed/", index), *[("GET", f"{api}/seed/{s['id']}/", s) for s in seeds],
        *[("GET", f"{api}/soil/{s['id']}/", s) for s in soils],
    ])
    seed = tables["seeds"]
    assert seed["primary_key"] == ["id"] and not _columns(seed)["id"]["nullable"]
    assert "soil_id" in _columns(seed) and not {"soil_name", "soil_url", "url"} & set(_columns(seed))
    assert _fks(seed) == {("soil_id", "soils")}


def test_key_value_pairs_are_a_child_table_keyed_by_parent_and_key(tmp_path: Path) -> None:
    """``attrs: [{key, value}]`` and a series of ``{step, value}``: child tables keyed within the parent."""
    runs = [{"id": i, "label": f"r{i}", "attrs": [{"key": "lr", "value": "0.1"}, {"key": "seed", "value": str(i)}],
             "series": [{"step": s, "value": s * 0.5} for s in range(3)]} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", "https://h.test/runs", runs)])
    assert tables["run_attrs"]["primary_key"] == ["run_id", "key"]
    assert tables["run_series"]["primary_key"] == ["run_id", "step"]


def test_detail_without_its_id_joins_the_list_keyed_by_the_path_value(tmp_path: Path) -> None:
    """``/api/farms`` lists ``farm_summaries`` keyed by ``farm_id``; ``/api/farms/3`` answers the farm
    without its id (the id is only in the URL): one table, keyed by ``farm_id``, its nested rows
    carrying ``farm_id``."""
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/api/farms", {"farm_summaries": [{"farm_id": 3, "farm_name": "a"},
                                                                {"farm_id": 4, "farm_name": "b"}]}),
        ("GET", "https://h.test/api/farms/3", {"name": "a", "acres": 40,
                                                "fields": [{"field_id": 1, "crop": "rye"}, {"field_id": 2, "crop": "oat"}]}),
        ("GET", "https://h.test/api/farms/4", {"name": "b", "acres": 12, "fields": [{"field_id": 7, "crop": "rye"}]}),
    ])
    farms = next(t for t in tables.values() if "acres" in _columns(t))
    assert farms["primary_key"] == ["farm_id"] and "farm_name" in _columns(farms)
    fields = next(t for t in tables.values() if "crop" in _columns(t))
    assert ("farm_id", farms["name"]) in _fks(fields)


def test_row_page_envelope_with_facets_and_labelled_references(tmp_path: Path) -> None:
    """``{"ok", "rows": [...], "next_url", "truncated", "primary_keys": [...], "facet_results": {...}}``
    holds rows; a ``{"value", "label"}`` object is the referenced key, not two columns."""
    def page(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"ok": True, "database": "shop", "rows": rows, "truncated": False, "next": None, "next_url": None,
                "primary_keys": ["id"], "facet_results": {"results": {}, "timed_out": []}, "query_ms": 3.1}
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/shop/depots.json", page([{"id": 1, "city": "X"}, {"id": 2, "city": "Y"}])),
        ("GET", "https://h.test/shop/crates.json", page([
            {"id": 5, "depot_id": {"value": 1, "label": "X"}, "kg": 3},
            {"id": 6, "depot_id": {"value": 2, "label": "Y"}, "kg": 4}])),
    ])
    assert set(tables) == {"depots", "crates"}
    assert set(_columns(tables["crates"])) == {"id", "depot_id", "kg"}
    assert _fks(tables["crates"]) == {("depot_id", "depots")}


def test_alias_endpoint_answers_a_member_of_an_existing_entity(tmp_path: Path) -> None:
    """``GET /api/me`` answering user 1 (with one more field) is a row of ``users``."""
    users = [{"id": 1, "login": "a", "plan": "free"}, {"id": 2, "login": "b", "plan": "pro"}]
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/api/users", users),
        ("GET", "https://h.test/api/me", {**users[0], "email": "a@h.test"}),
    ])
    assert set(tables) == {"users"}
    assert _columns(tables["users"])["email"]["nullable"]


def test_epoch_milliseconds_and_null_sentinels(tmp_path: Path) -> None:
    """Epoch milliseconds in time-named integers (``opened_ms``, ``last_seen``) are timestamps;
    ``"N/A"`` among numbers is a null, and the column keeps its numeric type."""
    tables = _infer(tmp_path, [("GET", "https://h.test/sensors", [
        {"id": 1, "opened_ms": 1700000000123, "last_seen": 1700000100456, "temp": 3.5, "duration_ms": 120},
        {"id": 2, "opened_ms": 1700000200789, "last_seen": 1700000300000, "temp": "N/A", "duration_ms": 80},
        {"id": 3, "opened_ms": 1700000300789, "last_seen": 1700000400000, "temp": 4.5, "duration_ms": 95}])])
    columns = _columns(tables["sensors"])
    assert columns["opened_ms"]["type"] == columns["last_seen"]["type"] == "timestamptz"
    assert columns["duration_ms"]["type"] == "integer"  # small durations are not epochs
    assert columns["temp"]["type"] == "numeric" and columns["temp"]["nullable"]
