"""General inference rules of the forty-seventh round (page summaries, ...), each on a small generated capture of
its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

API = "https://kiln.test/api"


def _batch(i: int) -> dict[str, Any]:
    return {"id": f"b{i}", "glaze": f"Glaze {i}", "pieces": 10 + i, "fired_at": f"2025-03-0{i}T10:00:00Z"}


def test_figures_computed_over_a_page_are_no_record(tmp_path: Path) -> None:
    """``{"data": {"batches": [...], "statistics": {"all": {...}, "current_page": {...}}}}``: an object named as
    figures over the records beside it (statistics, summary, aggregations) that names no record (no id, no list
    of objects) is the page's summary, not a record holding the list: the batches keep their key and columns."""
    figures = {"count": 3, "total_pieces": 36, "average_pieces": 12.0, "longest_firing": "9:30:00"}
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/batches?with_statistics=true", {"status": "success", "data": {
            "batches": [_batch(i) for i in range(1, 4)],
            "statistics": {"all": figures, "current_page": figures}}}),
        entry(f"{API}/batches/b1", {"status": "success", "data": {"batches": [_batch(1)]}}),
    ])
    batches = next(t for t in tables.values() if "glaze" in _columns(t))
    assert batches["primary_key"] == ["id"], batches
    assert not [c for c in _columns(batches) if "statistics" in c or "count" in c], _columns(batches)
    assert not [c for c in batches["columns"] if c["nullable"]], batches["columns"]
