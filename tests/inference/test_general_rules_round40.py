"""General inference rules of the fortieth round (epoch zero in a point-in-time name, ...), each on a small generated
capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://quarry.test"


def test_epoch_zero_beside_epoch_values_in_a_point_in_time_name_is_unset(tmp_path: Path) -> None:
    """``{"revisions": [{"timestamp": 1700000000123}, {"timestamp": 0}]}``: epoch milliseconds under a name of a
    point in time (``timestamp``, ``modified``), with epoch zero for the revisions whose moment is unknown, are
    times; the zero is the sentinel of "unset", not a counter."""
    slabs = [{"id": 1 + i, "name": f"Slab {i}",
              "revisions": [{"value": f"v{j}", "timestamp": 0 if j == 0 else 1_700_000_000_123 + 1000 * i + j,
                             "modified": 0 if j == 1 else 1_600_000_000 + i + j} for j in range(3)]}
             for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/slabs", slabs)])
    revisions = next(t for t in tables.values() if "value" in _columns(t))
    columns = _columns(revisions)
    assert columns["timestamp"]["type"] == "timestamptz", columns
    assert columns["modified"]["type"] == "timestamptz", columns
