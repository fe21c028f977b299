"""General inference rules of the twenty-third round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://boards.test"


def _membership(mid: int, user: int, role: str) -> dict[str, object]:
    return {"id": mid, "user": user, "role": role, "joined": "2024-03-01T10:00:00Z"}


def test_a_record_read_at_a_word_beside_a_listed_collection_is_one_of_its_rows(tmp_path: Path) -> None:
    """``/api/teams/{id}/members`` lists team 1's memberships; ``/api/teams/{id}/my-membership`` reads the signed-in
    user's own under teams 1, 2 and 3: under team 1 it is the listed row with id 1 (same fields, same values), and
    under the teams whose members were never listed nothing contradicts it. One table of memberships, not two."""
    teams = [{"id": t, "name": f"team {t}"} for t in (1, 2, 3)]
    entries = [entry(f"{HOST}/api/teams", teams),
               entry(f"{HOST}/api/teams/1/members", [_membership(1, 7, "owner"), _membership(4, 8, "editor"),
                                                     _membership(5, 9, "viewer")])]
    entries += [entry(f"{HOST}/api/teams/{t}/my-membership", _membership(mid, 7, "owner"))
                for t, mid in ((1, 1), (2, 2), (3, 3))]
    tables = _infer_entries(tmp_path, entries)
    holding = [name for name, t in tables.items() if "joined" in {c["name"] for c in t["columns"]}]
    assert len(holding) == 1, list(tables)


def test_a_record_read_at_a_word_that_disagrees_with_the_listed_row_stays_apart(tmp_path: Path) -> None:
    """The same routes, but the record read under team 1 has id 1 with another user and role than the listed row 1:
    not the same record, so the word's answers stay a table of their own."""
    entries = [entry(f"{HOST}/api/teams/1/members", [_membership(1, 7, "owner"), _membership(4, 8, "editor"),
                                                     _membership(5, 9, "viewer")])]
    entries += [entry(f"{HOST}/api/teams/{t}/my-membership", _membership(1, 3, "viewer")) for t in (1, 2)]
    tables = _infer_entries(tmp_path, entries)
    holding = [name for name, t in tables.items() if "joined" in {c["name"] for c in t["columns"]}]
    assert len(holding) == 2, list(tables)
