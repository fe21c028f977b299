"""General inference rules of the fortieth round (epoch zero in a point-in-time name, numbers of objects of one shape, ...), each on a small generated
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


def test_whole_members_of_an_object_shaped_as_one_holding_decimals_are_decimals(tmp_path: Path) -> None:
    """``{"price": {"hourly": 0.01, "monthly": 7.5}, "discounts": [{"label", "hourly": 1, "monthly": 20}]}``: the
    listed discounts are objects of the price's members, so their whole ``monthly`` amounts are decimals as the
    price's are; a second object of those members in the record (``backup_price``) likewise. Members named by a
    letter (``count_a``, ``count_b``) are no such object."""
    plans = [{"id": 1 + i, "name": f"Plan {i}",
              "price": {"hourly": 0.01 * (i + 1), "monthly": 7.5 * (i + 1)},
              "backup_price": {"hourly": 0.002, "monthly": 2 + i},
              "count_a": 3 + i, "count_b": 4 + i, "pm_a": 1.5 + i, "pm_b": 2.5,
              "discounts": [{"label": f"d{j}", "hourly": 1, "monthly": 20 + j} for j in range(2)]}
             for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/plans", plans)])
    plan = _columns(next(t for t in tables.values() if "name" in _columns(t)))
    discount = _columns(next(t for t in tables.values() if "label" in _columns(t)))
    assert discount["monthly"]["type"] == discount["hourly"]["type"] == "numeric", discount
    assert plan["backup_price_monthly"]["type"] == "numeric", plan
    assert plan["count_a"]["type"] == plan["count_b"]["type"] == "integer", plan
