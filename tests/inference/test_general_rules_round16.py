"""General inference rules of the sixteenth round (pages that came back empty, ...), each on a small generated capture
of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://warehouse.test"


def test_an_empty_page_with_its_start_is_no_record(tmp_path: Path) -> None:
    """``{"bins": [], "start": 0, "limit": 25, "total": 0}`` beside pages of bins: the page that came back empty holds
    no record; its list and its counters (the first position ``start`` among them) are no columns, and the bins keep
    their key."""
    page = [{"id": f"bin_{i}", "label": f"Bin {i}"} for i in range(3)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/bins?start=0", {"bins": page, "start": 0, "limit": 25, "total": 3}),
        ("GET", f"{HOST}/api/bins?start=25", {"bins": [], "start": 25, "limit": 25, "total": 3}),
        ("GET", f"{HOST}/api/bins?q=none", {"bins": [], "start": 0, "limit": 25, "total": 0}),
    ])
    bins = tables["bins"]
    assert set(_columns(bins)) == {"id", "label"}, bins
    assert bins["primary_key"] == ["id"], bins
