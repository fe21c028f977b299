"""General inference rules for record addresses and named pages (a page's start and end positions, a
record's own link naming the path that served it, a parent key spelt as the listed records hold it,
``<x>_list`` and ``<parent>_<collection>`` page keys), each on a small generated capture of its own (no
case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.test_general_rules import _columns, _infer

API = "https://h.test/v3"


def _page(key: str, rows: list[dict[str, Any]], uri: str) -> dict[str, Any]:
    return {"start": 0, "end": len(rows) - 1, "page": 0, "page_size": 20, "uri": uri,
            "first_page_uri": uri, "next_page_uri": None, key: rows}


def test_start_and_end_positions_beside_a_named_list_are_paging(tmp_path: Path) -> None:
    """``{"start": 0, "end": 1, "page": 0, "page_size": 20, "uri": ..., "kettles": [...]}`` is a page of kettles."""
    rows = [{"id": f"k{i}", "volume": i, "colour": "red"} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{API}/kettles", _page("kettles", rows, "/v3/kettles"))])
    assert set(tables) == {"kettles"}
    assert set(_columns(tables["kettles"])) == {"id", "volume", "colour"}


def test_a_records_own_link_makes_the_last_segment_its_key(tmp_path: Path) -> None:
    """``GET /v3/Ladles/LAzzzzzzzzzz.json`` answering ``{"uri": "/v3/Ladles/LAzzzzzzzzzz.json", ...}`` reads one
    ladle, although no other field spells its key: the letters-only segment is its key, not a collection."""
    def ladle(key: str, depth: int) -> dict[str, Any]:
        return {"depth": depth, "finish": "steel", "uri": f"/v3/Ladles/{key}.json"}
    tables = _infer(tmp_path, [
        ("GET", f"{API}/Ladles/LAzzzzzzzzzz.json", ladle("LAzzzzzzzzzz", 3)),
        ("GET", f"{API}/Ladles/LAyyyyyyyyyy.json", ladle("LAyyyyyyyyyy", 4)),
    ])
    assert set(tables) == {"ladles"}


def test_parent_key_held_by_every_listed_record_is_a_path_parameter(tmp_path: Path) -> None:
    """``/v3/beds/BDqqqqqq/plants`` listing plants whose ``bed_ref`` is ``BDqqqqqq`` lists plants under a bed:
    its ``bed_plants`` page and a plant's own read are one table."""
    plants = [{"id": 70 + i, "bed_ref": "BDqqqqqq", "height": i} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/beds/BDqqqqqq/plants", {"bed_plants": plants, "total": 2}),
        ("GET", f"{API}/beds/BDqqqqqq/plants/71", plants[0]),
    ])
    assert set(tables) == {"plants"}
    assert {"id", "bed_ref", "height"} <= set(_columns(tables["plants"]))


def test_list_and_parent_prefixed_page_keys_name_the_routes_collection(tmp_path: Path) -> None:
    """``{"fern_list": [...]}`` at ``/ferns`` and ``{"bed_plants": [...]}`` at ``/beds/{id}/plants`` hold the
    records the routes' detail reads serve: one table each."""
    fern = {"id": 31, "frond_count": 4}
    plant = {"id": 71, "bed_id": 5, "height": 2}
    tables = _infer(tmp_path, [
        ("GET", f"{API}/ferns", {"fern_list": [fern, {"id": 32, "frond_count": 6}], "total": 2}),
        ("GET", f"{API}/ferns/31", fern),
        ("GET", f"{API}/beds/5/plants", {"bed_plants": [plant, {"id": 72, "bed_id": 5, "height": 3}], "total": 2}),
        ("GET", f"{API}/beds/5/plants/71", plant),
    ])
    assert set(tables) == {"ferns", "plants"}


def test_one_record_seen_twice_is_keyed_by_its_own_link(tmp_path: Path) -> None:
    """A pan listed once and read once, with no id but its ``url``, is keyed by that link, so the pan's lids
    listed under it reference it."""
    pan = {"url": "https://h.test/v3/pans/PNqqqqqq", "size": 3, "finish": "iron"}
    lids = [{"pan_url": pan["url"], "label": f"l{i}", "weight": i} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/pans", {"pans": [pan], "total": 1}),
        ("GET", f"{API}/pans/PNqqqqqq", pan),
        ("GET", f"{API}/pans/PNqqqqqq/lids", {"pan_lids": lids, "total": 2}),
    ])
    assert tables["pans"]["primary_key"] == ["url"]


def test_internet_message_dates_are_timestamps(tmp_path: Path) -> None:
    """``"Fri, 24 May 2019 17:18:27 +0000"`` (RFC 2822, as mail and HTTP spell dates) is a timestamp; a weekday
    followed by anything else stays text."""
    rows = [{"id": i, "sent": f"Fri, 2{i} May 2019 17:18:27 +0000", "label": f"Mon, the {i}th"} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{API}/letters", rows)])
    columns = _columns(tables["letters"])
    assert columns["sent"]["type"] == "timestamptz"
    assert columns["label"]["type"] == "text"
