"""General inference rules of the twenty-ninth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://hub.test"

_PRODUCTS = [{"id": 11, "title": "lamp", "price": 20, "stocked": True},
             {"id": 12, "title": "desk", "price": 90, "stocked": False}]
_ORDERS = [{"id": 501, "placed": "2024-01-02T10:00:00Z", "total": 110},
           {"id": 502, "placed": "2024-01-03T11:00:00Z", "total": 20}]
_COUPONS = [{"id": 3, "code": "SPRING", "percent": 10}, {"id": 4, "code": "AUTUMN", "percent": 15}]
_SHELVES = [{"shelf_no": "A1", "aisle": 2, "capacity": 40}, {"shelf_no": "B7", "aisle": 5, "capacity": 25}]


def _rpc(query: str, answer: Any) -> dict[str, Any]:
    return entry(f"{HOST}/gateway/call.php?{query}&version=2", answer)


def _columns(table: dict[str, Any]) -> set[str]:
    return {c["name"] for c in table["columns"]}


def test_list_calls_of_several_apis_at_one_address_are_told_apart_by_their_api(tmp_path: Path) -> None:
    """One address, the API and the method in the query (``api=Shop.Catalog.Product&method=list``), every list
    under a generic ``items``: the method alone (``list``) names no collection; the API's last word does
    (``products``, ``orders``), and a method naming its own noun beside its verb (``list_coupon``) names its own."""
    entries = [
        _rpc("api=Shop.Catalog.Product&method=list", {"data": {"items": _PRODUCTS, "total": 2}, "success": True}),
        _rpc("api=Shop.Sales.Order&method=list", {"data": {"items": _ORDERS, "total": 2}, "success": True}),
        _rpc("api=Shop.Sales.Promo&method=list_coupon", {"data": {"items": _COUPONS, "total": 2}, "success": True}),
    ]
    tables = _infer_entries(tmp_path, entries)
    assert set(tables) == {"products", "orders", "coupons"}, list(tables)
    assert all(t["primary_key"] == ["id"] for t in tables.values())


def test_a_list_beside_flags_of_the_named_api_is_the_apis_collection(tmp_path: Path) -> None:
    """``api=Store.Layout.Shelf&method=list`` answering ``{"shelves": [...], "canEdit": true, "locked": false}``: the
    list the API names is its collection, keyed by its own field; the flags beside it are the answer's, no row."""
    entries = [_rpc("api=Store.Layout.Shelf&method=list",
                    {"data": {"canEdit": True, "locked": False, "shelves": _SHELVES}, "success": True})]
    tables = _infer_entries(tmp_path, entries)
    assert list(tables) == ["shelves"], list(tables)
    shelves = tables["shelves"]
    assert _columns(shelves) == {"shelf_no", "aisle", "capacity"}
    assert not any(c["nullable"] for c in shelves["columns"])
