"""General inference rules of the fortieth round (epoch zero in a point-in-time name, numbers of objects of one shape,
lists of a holder's terms per record of another table, ...), each on a small generated capture of its own (no case of
the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns, _fks

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


def test_a_list_named_for_terms_per_record_of_a_table_whose_ids_are_its_keys_is_an_association(tmp_path: Path) -> None:
    """``{"id": "kit-1", "zone_rates": [{"id": "eu-north", "daily": 2, "weekly": 10}]}`` beside ``/zones`` keyed by
    ``eu-north``: a list named ``<table's singular>_<noun>s`` whose every item's id is a text key of that table lists
    the holder's terms per record of it, an association ``(kit_id, zone_id, daily, weekly)``, though the terms agree
    wherever a zone recurs; the zones gain no ``daily`` or ``weekly``."""
    zones = [{"id": z, "country": c, "status": "ok"} for z, c in (("eu-north", "se"), ("eu-west", "ie"), ("us-east", "us"))]
    kits = [{"id": f"kit-{i}", "label": f"Kit {i}", "cores": 2 + i,
             "zone_rates": [{"id": "eu-north", "daily": 2, "weekly": 10}, {"id": "us-east", "daily": 3, "weekly": 15}]}
            for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/kits", {"data": kits}), entry(f"{HOST}/zones", {"data": zones})])
    zone = next(name for name, t in tables.items() if "country" in _columns(t))
    assert not {"daily", "weekly"} & set(_columns(tables[zone])), tables[zone]
    rates = next(t for t in tables.values() if "weekly" in _columns(t))
    assert (next(c for c in _columns(rates) if c.endswith("_id") and c != "kit_id"), zone) in _fks(rates), rates
    assert {"kit_id", "zone_id", "daily", "weekly"} <= set(_columns(rates)), rates


def test_false_among_texts_is_none(tmp_path: Path) -> None:
    """``{"key": "K2", "parent": "K1"}`` beside ``{"key": "K1", "parent": false}``: ``false`` where the field's other
    values are texts (a top folder's parent, as PHP-style APIs spell "none") is no value: the column is nullable text
    referencing the folders, not a text column that always holds something."""
    folders = [{"key": "AB12CD34", "name": "Top", "parent": False},
               {"key": "EF56GH78", "name": "Middle", "parent": "AB12CD34"},
               {"key": "IJ90KL12", "name": "Bottom", "parent": "EF56GH78"}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/folders", folders),
                                       entry(f"{HOST}/folders/EF56GH78", folders[1])])
    folder = next(t for t in tables.values() if "name" in _columns(t))
    parent = _columns(folder)["parent"]
    assert parent["nullable"] is True and parent["type"] == "text", parent


def test_a_record_read_at_the_singular_of_the_lists_name_after_the_lists_address_is_one_of_them(
        tmp_path: Path) -> None:
    """``GET /depot/api/json`` answering ``{"stale": [], "entries": [{"id", ...}]}`` and ``GET /depot/entry/51/api/json``
    answering one record: a record read at the singular of the list's generic name after the list's own address (the
    same words after both) is a row of the listed table (named after the address) though the list did not hold it
    then, not a table of its own named after the generic word."""
    crates = [{"id": 7 + i, "blocked": False, "label": f"crate {i}", "since": 1_700_000_000_000 + i,
               "why": "waiting"} for i in range(3)]
    read = {"id": 51, "blocked": True, "label": "crate 51", "since": 1_700_000_100_000, "why": None,
            "cancelled": False, "result": {"number": 3}}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/depot/api/json", {"stale": [], "entries": crates}),
                                       entry(f"{HOST}/depot/entry/51/api/json", read)])
    holding = [name for name, t in tables.items() if "label" in _columns(t)]
    assert len(holding) == 1, tables
    assert "cancelled" in _columns(tables[holding[0]]), tables[holding[0]]


def test_a_querys_count_only_and_ids_only_answers_are_no_records(tmp_path: Path) -> None:
    """``GET /layers/3/search?countOnly=true`` answering ``{"count": 412}``, and the ids-only forms ``{"rowIdFieldName":
    "ROWID", "rowIds": [...]}`` and ``{"objectIds": [...]}`` (a generic word before ``ids``): they say how many records
    the query matched or which, records read in full elsewhere; no table of counts and ids. Ids named after a table
    (``{"follower_ids": [...]}``) may list a relation and are not judged here."""
    rows = [{"ROWID": 100 + i, "STREET": f"Main {i}", "ZIP": "89701"} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/layers/3/search?where=1&countOnly=true", {"count": 412}),
        entry(f"{HOST}/layers/3/search?where=1&idsOnly=true", {"rowIdFieldName": "ROWID", "rowIds": [100, 101, 102]}),
        entry(f"{HOST}/layers/4/search?where=1&idsOnly=true", {"objectIds": [7, 8, 9]}),
        entry(f"{HOST}/layers/3/search?where=1&out=*", {"features": rows}),
    ])
    summaries = {"count", "row_ids", "object_ids", "row_id_field_name"}
    assert not [t for t in tables.values() if summaries & set(_columns(t))], tables
    assert any("street" in _columns(t) or "STREET" in _columns(t) for t in tables.values()), tables
