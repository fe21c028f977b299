"""General inference rules of the nineteenth round (``0`` or the zero GUID written for "no reference"), each on a
small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://yard.test"
ZERO_GUID = "00000000-0000-0000-0000-000000000000"


def _refs(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in table.get("foreign_keys", [])}


def _column(table: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in table["columns"] if c["name"] == name)


def test_a_zero_beside_keys_is_no_reference(tmp_path: Path) -> None:
    """``"answers_to": 0`` for the head of a crew and keys of crew members elsewhere: the zero is "none" (no key
    holds it), so the relation word still finds the members' own table, and the column stays an integer."""
    crew = [{"id": i, "name": f"Hand {i}", "answers_to": boss} for i, boss in ((1, 0), (2, 1), (3, 1), (4, 2))]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/crew_members", crew)])
    members = tables["crew_members"]
    assert ("answers_to", "crew_members", "id") in _refs(members), members
    assert _column(members, "answers_to")["type"] == "integer", members


def test_a_column_of_zeros_named_after_a_table_references_it(tmp_path: Path) -> None:
    """``"cover_photo": 0`` and ``"author": 0`` in every record (nothing set yet), beside served ``photos`` and
    ``users`` keyed by integers: a column holding only the zero sentinel references the table its name names (after
    a role), or the one table of people by an agent's role."""
    photos = [{"id": 7, "caption": "Dock", "width": 640}, {"id": 8, "caption": "Crane", "width": 800}]
    users = [{"id": 3, "login": "ann"}, {"id": 4, "login": "bo"}]
    notes = [{"id": 20 + i, "title": f"Note {i}", "cover_photo": 0, "author": 0} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/photos", photos),
        entry(f"{HOST}/api/users", users),
        entry(f"{HOST}/api/notes", notes),
    ])
    refs = _refs(tables["notes"])
    assert {("cover_photo", "photos", "id"), ("author", "users", "id")} <= refs, tables["notes"]
    assert _column(tables["notes"], "author")["type"] == "integer", tables["notes"]


def test_the_zero_guid_is_no_reference(tmp_path: Path) -> None:
    """``"ReportsTo": "00000000-0000-0000-0000-000000000000"`` for the head of a team keyed by GUIDs, as .NET back ends
    write "none": the zero GUID is no key, so the relation word still finds the team's own table."""
    ids = [f"5b1c{i}a2e-8f3d-4c7a-9e21-0d6b3f8a1c{i}{i}" for i in range(1, 5)]
    bosses = [ZERO_GUID, ids[0], ids[0], ids[1]]
    staff = [{"Id": key, "FullName": f"Person {n}", "ReportsTo": boss} for n, (key, boss) in enumerate(zip(ids, bosses, strict=True))]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/Staff", staff)])
    table = next(t for name, t in tables.items() if "staff" in name)
    assert ("reports_to", table["name"], "id") in _refs(table), table


def test_a_table_named_before_a_preposition_is_referenced(tmp_path: Path) -> None:
    """``"dock_for_repairs": 2`` and ``"slip_on_arrival": 0`` in a yard's settings: a name whose first word is a served
    table's singular followed by a preposition is a record of that table in a role (the zero: none set yet)."""
    docks = [{"id": 1, "code": "D1", "depth": 9}, {"id": 2, "code": "D2", "depth": 12}]
    slips = [{"id": 5, "code": "S5"}, {"id": 6, "code": "S6"}]
    settings = {"yard_name": "North", "dock_for_repairs": 2, "slip_on_arrival": 0, "open_hours": 12}
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/docks", docks),
        entry(f"{HOST}/api/slips", slips),
        entry(f"{HOST}/api/settings", settings),
    ])
    refs = _refs(tables["settings"])
    assert {("dock_for_repairs", "docks", "id"), ("slip_on_arrival", "slips", "id")} <= refs, tables["settings"]
