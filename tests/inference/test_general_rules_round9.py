"""General inference rules for hypermedia link arrays, typed resource lists and their references, choice objects
and typed references, each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://shop.test"


def _links(kind: str, key: str) -> list[dict[str, str]]:
    return [{"href": f"{HOST}/v2/{kind}/{key}", "rel": "self", "method": "GET"},
            {"href": f"{HOST}/v2/{kind}/{key}", "rel": "edit", "method": "PATCH"}]


def test_link_arrays_are_navigation_not_child_tables(tmp_path: Path) -> None:
    """``links: [{href, rel, method}]`` in each record and beside a page's list are where to go next: no
    ``invoice_links`` table, and the page's own links do not make it a record."""
    def invoice(key: str) -> dict[str, object]:
        return {"id": key, "memo": f"m{key}", "amount": 3, "links": _links("invoices", key)}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/invoices", {"invoices": [invoice("I1"), invoice("I2")], "total_items": 2,
                                        "links": [{"href": f"{HOST}/v2/invoices?page=2", "rel": "next"}]}),
        ("GET", f"{HOST}/v2/invoices/I1", invoice("I1")),
    ])
    assert set(tables) == {"invoices"}, set(tables)
    assert set(_columns(tables["invoices"])) == {"id", "memo", "amount"}
    assert tables["invoices"]["primary_key"] == ["id"]
