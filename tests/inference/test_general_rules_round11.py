"""General inference rules of the ninth round of cases, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference.endpoints import is_noise_url
from kernel.errors import InferenceError
from tests.inference.test_general_rules import _infer

#: A monitoring service on inference's third-party list: its browser agent posts beacons, its REST API answers reads.
SERVICE = "datadoghq.com"


def test_reads_from_a_third_party_services_api_host_are_its_rest_api(tmp_path: Path) -> None:
    """A capture of a third-party service's own REST API (``GET https://api.<service>/api/v1/monitors``) is read:
    the service's widgets and trackers load from other hosts and post their beacons, so a read from its ``api.``
    host is the API the capture was made of, not noise. Beacons to the same host (``POST``) and reads from its other
    hosts stay noise."""
    monitors = [{"id": 11, "name": "disk", "priority": 2}, {"id": 12, "name": "cpu", "priority": 1}]
    tables = _infer(tmp_path, [
        ("GET", f"https://api.{SERVICE}/api/v1/monitors", monitors),
        ("GET", f"https://api.{SERVICE}/api/v1/monitors/11", monitors[0]),
    ])
    assert set(tables) == {"monitors"}, set(tables)
    assert tables["monitors"]["primary_key"] == ["id"]
    assert is_noise_url("POST", f"https://api.{SERVICE}/api/v2/series")
    assert is_noise_url("GET", f"https://browser-intake-{SERVICE}/api/v2/rum")
    assert is_noise_url("GET", f"https://app.{SERVICE}/api/v1/monitors")


def test_beacons_of_a_third_party_service_alone_are_no_api(tmp_path: Path) -> None:
    """Only beacons posted to a third-party service's hosts: nothing is read, as before."""
    with pytest.raises(InferenceError):
        _infer(tmp_path, [("POST", f"https://api.{SERVICE}/api/v2/series", {"status": "ok", "errors": []})])


def test_a_writes_receipt_holds_no_columns(tmp_path: Path) -> None:
    """``PUT /shelves/s1/b7`` answered ``{"ok": true, "id": "b7", "rev": "1-a9"}`` and ``POST /shelves/s1`` answered
    ``{"id": "b8", "success": true, "errors": []}`` only report that the write took: receipts, no data, so neither
    makes a table nor adds ``ok``/``rev``/``success`` columns; the books are the rows the reads serve. A write
    answered with the record itself stays data."""
    book = {"code": "b7", "title": "Dune", "pages": 412}
    tables = _infer(tmp_path, [
        ("PUT", "https://stacks.test/shelves/s1/b7", {"ok": True, "id": "b7", "rev": "1-a9"}),
        ("POST", "https://stacks.test/shelves/s1", {"id": "b8", "success": True, "errors": []}),
        ("PUT", "https://stacks.test/shelves", {"ok": True}),
        ("GET", "https://stacks.test/v1/books", [book, {"code": "b8", "title": "Emma", "pages": 300}]),
        ("POST", "https://stacks.test/v1/books", {"code": "b9", "title": "Ulysses", "pages": 730}),
    ])
    assert set(tables) == {"books"}, set(tables)
    assert {c["name"] for c in tables["books"]["columns"]} == {"code", "title", "pages"}


def test_a_typed_list_object_under_its_own_name_stands_for_its_items(tmp_path: Path) -> None:
    """``"badges": {"type": "badge.list", "badges": [...], "total_count": 2}`` in each record: the object is a page
    of the list it names as its own field, a type tag and counters beside it, so it stands for its items (the
    record's badges): no ``badges_type`` column and no table named twice (``badges_badges``)."""
    def rider(key: int) -> dict[str, object]:
        return {"type": "rider", "id": f"r{key}", "name": f"rider {key}",
                "badges": {"type": "badge.list", "total_count": 2,
                           "badges": [{"type": "badge", "id": f"b{key}{n}", "name": f"badge {n}"} for n in (1, 2)]}}
    tables = _infer(tmp_path, [("GET", "https://velo.test/v2/riders", {"type": "rider.list", "riders": [rider(1), rider(2)]})])
    riders = tables["riders"]
    assert not any(c["name"].startswith("badges") for c in riders["columns"]), riders["columns"]
    assert not any(n.endswith("badges_badges") for n in tables), set(tables)
    assert any(n.endswith("badges") for n in tables), set(tables)


def test_a_views_rows_stand_for_their_documents(tmp_path: Path) -> None:
    """``{"total_rows", "offset", "rows": [{"id", "key", "value", "doc"}]}`` (a document store's index read with its
    documents): each row stands for its ``doc`` (or for its ``value`` when that is a document with an ``_id``), so
    the table holds the documents' fields, not ``key``/``value``/``doc`` columns; rows naming documents only (a
    revision as their value) add no row."""
    def doc(key: str, n: int) -> dict[str, object]:
        return {"_id": key, "_rev": f"1-{n}a", "title": f"t{n}", "pages": 10 * n}
    rows = [{"id": k, "key": k, "value": {"rev": f"1-{n}a"}, "doc": doc(k, n)} for n, k in enumerate(("m1", "m2"), 1)]
    tables = _infer(tmp_path, [
        ("GET", "https://docs.test/manuals/_all_docs?include_docs=true", {"total_rows": 3, "offset": 0, "rows": rows}),
        ("GET", "https://docs.test/manuals/_all_docs?startkey=%22m3%22",
         {"total_rows": 3, "offset": 2, "rows": [{"id": "m3", "key": "m3", "value": doc("m3", 3)}]}),
        ("GET", "https://docs.test/manuals/_all_docs?limit=1",
         {"total_rows": 3, "offset": 0, "rows": [{"id": "m1", "key": "m1", "value": {"rev": "1-1a"}}]}),
    ])
    assert len(tables) == 1, set(tables)
    (table,) = tables.values()
    assert {c["name"] for c in table["columns"]} == {"id", "rev", "title", "pages"}, table["columns"]
