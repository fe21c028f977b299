"""General inference rules of the thirty-eighth round (a record's own fields under ``data``, ...), each on a small
generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://herbarium.test"


def test_a_data_member_repeating_the_records_key_is_its_own_fields(tmp_path: Path) -> None:
    """``{"code": "S1", "rev": 4, "meta": {...}, "data": {"code": "S1", "rev": 4, "genus": ..., "collectors": [...]}}``:
    a ``data`` member repeating its record's key holds the record's editable fields (which differ from kind to kind
    of specimen): flattened as ``data_*`` columns, its lists of objects a child table; not one jsonb value."""
    def sheet(i: int) -> dict[str, object]:
        code = f"S{i}X"
        extra = {"mountedOn": "card"} if i % 2 else {"jarVolume": f"{i}00 ml", "fluid": "ethanol"}
        return {"code": code, "rev": i, "meta": {"numImages": i}, "data": {
            "code": code, "rev": i, "sheetKind": "dry" if i % 2 else "wet", "genus": f"Genus{i}", **extra,
            "collectors": [{"role": "lead", "surname": f"Name{i}"}]}}
    sheets = [sheet(i) for i in range(1, 6)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/sheets?page={i}", sheets[i:]) for i in range(3)])
    main = next(t for t in tables.values() if "code" in _columns(t))
    cols = _columns(main)
    assert {"data_genus", "data_sheet_kind", "data_mounted_on", "data_jar_volume"} <= set(cols), main
    assert "data" not in cols, main
    assert [t for t in tables.values() if "surname" in _columns(t)], tables


def test_a_data_member_of_its_own_stays_one_value(tmp_path: Path) -> None:
    """``{"id": 3, "kind": "reading", "data": {"probe": "t1", "celsius": 4.5}}``: a ``data`` member not repeating its
    holder's key is the payload its kind defines: one jsonb value."""
    rows = [{"id": i, "kind": "reading", "data": {"probe": f"t{i}", "celsius": 4.5 + i}} for i in range(1, 5)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/events?page={i}", rows[i:]) for i in range(3)])
    main = next(t for t in tables.values() if "kind" in _columns(t))
    assert "data" in _columns(main), main

