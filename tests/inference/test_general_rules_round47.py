"""General inference rules of the forty-seventh round (page summaries, ...), each on a small generated capture of
its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns, _fks

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


def _potter(name: str, full: bool = False) -> dict[str, Any]:
    brief = {"handle": name, "joined_at": "2024-01-05T08:00:00Z", "pieces_made": 12, "avatar": False, "rank": "member"}
    return {**brief, "email": f"{name}@kiln.test", "bio": f"{name} throws pots", "studio": "North"} if full else brief


def test_an_owner_flattened_before_its_table_was_read_keeps_only_its_key(tmp_path: Path) -> None:
    """Pieces embedding their maker (``"potter": {"handle", "rank", "joined_at", ...}``) answered before any answer
    served their table: once ``potter_handle`` references it by its key, the potter's other fields, each named
    as one of the table's columns, are copies of the potter's (rule 4), not columns of the pieces."""
    pieces = [{"id": f"p{i}", "title": f"Bowl {i}", "weight": 300 + i, "potter": _potter(n)}
              for i, n in enumerate(["ines", "olaf", "ines"])]
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/pieces", {"data": {"pieces": pieces}}),
        *[entry(f"{API}/potters/{n}", {"data": {"potters": [_potter(n, True)]}}) for n in ("ines", "olaf")],
        entry(f"{API}/potters", {"data": {"potters": [_potter(n, True) for n in ("ines", "olaf")]}}),
    ])
    piece = next(t for t in tables.values() if "weight" in _columns(t))
    assert set(_columns(piece)) == {"id", "title", "weight", "potter_handle"}, _columns(piece)
    assert ("potter_handle", "potters") in _fks(piece), _fks(piece)


def test_a_clock_with_unpadded_hours_is_an_amount_of_time(tmp_path: Path) -> None:
    """``"cooling": "0:06:27"``, ``"soak": "1:55:00"``: a clock with seconds whose hours are unpadded (or past a
    day's) is an amount of time as ``str(timedelta)`` spells it, not a time of day (``HH:MM:SS``), whatever the
    field's name; a padded clock stays a time of day."""
    firings = [{"id": i, "cooling": f"{i}:0{i}:27", "soak": "1:55:00", "opens": f"0{i}:30:00"} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{API}/firings", firings)])
    columns = {c["name"]: c for c in next(iter(tables.values()))["columns"]}
    assert columns["cooling"]["type"] == "text", columns["cooling"]
    assert columns["soak"]["type"] == "text", columns["soak"]
    assert columns["opens"]["type"] == "time", columns["opens"]


def test_a_geometry_served_at_its_own_address_is_no_record(tmp_path: Path) -> None:
    """``/kilns/{id}/outline`` answering ``{"data": {"outline": {"type": "Polygon", "coordinates": [...]}}}``: a
    GeoJSON geometry alone in its wrappers is a shape of the record, a value, not a row of a table of its own."""
    ring = [[[5.8 + i / 100, 45.2 + i / 100] for i in range(5)]]
    kilns = [{"id": f"k{i}", "label": f"Kiln {i}", "capacity": 40 + i} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/kilns", {"data": {"kilns": kilns}}),
        *[entry(f"{API}/kilns/k{i}/outline", {"status": "success", "data": {"outline": {
            "type": "Polygon", "coordinates": ring}}}) for i in range(3)],
    ])
    assert list(tables) == ["kilns"], list(tables)
