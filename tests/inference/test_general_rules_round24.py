"""General inference rules of the twenty-fourth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://hub.test"


def _people(seen: str | None) -> list[dict[str, Any]]:
    return [{"name": "ada", "admin": True, "created": "2024-03-01T10:00:00Z", "last_seen": seen},
            {"name": "bo", "admin": False, "created": "2024-03-02T10:00:00Z", "last_seen": "2024-03-05T10:00:00Z"},
            {"name": "cy", "admin": False, "created": "2024-03-03T10:00:00Z", "last_seen": None}]


def test_a_name_the_paths_address_records_by_is_their_key_though_reads_differ(tmp_path: Path) -> None:
    """``/api/people`` lists records with no id, read twice (``ada`` was seen in between); the client asks for
    ``/api/people/ada/status`` and ``/api/people/bo/status``: the API addresses people by name, so ``name`` keys
    them though the two reads of ``ada`` differ, and ``last_seen``, null in one read of her, stays nullable."""
    entries = [entry(f"{HOST}/api/people", _people(None)), entry(f"{HOST}/api/people", _people("2024-03-06T10:00:00Z")),
               entry(f"{HOST}/api/people/ada/status", None), entry(f"{HOST}/api/people/bo/status", None)]
    people = _infer_entries(tmp_path, entries)["people"]
    assert people["primary_key"] == ["name"]
    assert {c["name"]: c["nullable"] for c in people["columns"]}["last_seen"] is True


def test_a_name_no_path_addresses_keys_nothing_when_reads_differ(tmp_path: Path) -> None:
    """The same two reads without the addressed paths: a name shared by two differing reads keys nothing."""
    entries = [entry(f"{HOST}/api/people", _people(None)), entry(f"{HOST}/api/people", _people("2024-03-06T10:00:00Z"))]
    assert _infer_entries(tmp_path, entries)["people"]["primary_key"] is None


def test_a_many_to_many_served_from_both_sides_as_arrays_of_keys_is_one_association(tmp_path: Path) -> None:
    """Members name their clubs by slug (``clubs: ["chess", "rowing"]``) and clubs their members by id
    (``members: [1, 3]``), both sides agreeing: one association table between members and clubs, not one per side."""
    members = [{"id": 1, "nick": "ada", "clubs": ["chess", "rowing"]}, {"id": 2, "nick": "bo", "clubs": ["chess"]},
               {"id": 3, "nick": "cy", "clubs": ["rowing"]}]
    clubs = [{"slug": "chess", "title": "Chess", "members": [1, 2]},
             {"slug": "rowing", "title": "Rowing", "members": [1, 3]}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/members", members), entry(f"{HOST}/api/clubs", clubs)])
    between = [t for t in tables.values() if {fk["ref_table"] for fk in t["foreign_keys"]} == {"members", "clubs"}]
    assert len(between) == 1, list(tables)
    assert sorted(between[0]["primary_key"] or []) == ["club_slug", "member_id"]


def test_two_arrays_of_keys_whose_pairs_disagree_stay_two_relations(tmp_path: Path) -> None:
    """Members name the clubs they own, clubs the members who joined them: no pair on both sides, two relations."""
    members = [{"id": 1, "nick": "ada", "clubs": ["chess"]}, {"id": 2, "nick": "bo", "clubs": ["rowing"]},
               {"id": 3, "nick": "cy", "clubs": []}]
    clubs = [{"slug": "chess", "title": "Chess", "members": [2, 3]},
             {"slug": "rowing", "title": "Rowing", "members": [1, 3]}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/members", members), entry(f"{HOST}/api/clubs", clubs)])
    between = [t for t in tables.values() if {fk["ref_table"] for fk in t["foreign_keys"]} == {"members", "clubs"}]
    assert len(between) == 2, list(tables)


def _owners(started: str | None) -> list[dict[str, Any]]:
    def box(name: str, at: str | None) -> dict[str, Any]:
        return {"name": name, "label": name or "default", "started": at, "ready": at is not None}
    return [{"id": 1, "login": "ada", "admin": True, "created": "2024-02-01T10:00:00Z",
             "boxes": {"": box("", started), "gpu-a": box("gpu-a", "2024-03-01T10:00:00Z")}},
            {"id": 2, "login": "bo", "admin": False, "created": "2024-02-02T10:00:00Z", "boxes": {"": box("", None)}},
            {"id": 3, "login": "cy", "admin": False, "created": "2024-02-03T10:00:00Z", "boxes": {"": box("", None)}}]


def test_entries_of_a_map_read_again_are_one_entry_keyed_by_parent_and_the_key_they_hold(tmp_path: Path) -> None:
    """Each owner's ``boxes`` map holds its entries under their names (the default one under ``""``), each entry
    repeating its key; the owners are listed twice, ada's default box started in between: one row per entry, keyed
    by (owner, name), its ``started`` still nullable."""
    entries = [entry(f"{HOST}/api/owners", _owners(None)), entry(f"{HOST}/api/owners", _owners("2024-03-02T10:00:00Z"))]
    boxes = next(t for name, t in _infer_entries(tmp_path, entries).items() if name.endswith("boxes"))
    assert sorted(boxes["primary_key"] or []) == ["name", "owner_id"]
    assert {c["name"]: c["nullable"] for c in boxes["columns"]}["started"] is True


def test_a_generic_kind_column_references_the_records_own_types_table(tmp_path: Path) -> None:
    """Spans and marks each name their ``label`` by an integer that the keys of both ``span_types`` and
    ``mark_types`` hold (ids 1 to 3 in each): the values alone fit both, the table of the spans' own types is
    ``span_types``, of the marks' ``mark_types``."""
    kinds = [{"id": i, "text": f"kind {i}", "color": "#ffffff"} for i in (1, 2, 3)]
    spans = [{"id": i, "label": 1 + i % 3, "start": i, "end": i + 4} for i in (1, 2, 3, 4)]
    marks = [{"id": 10 + i, "label": 1 + i % 2, "note": f"mark {i}"} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/span-types", kinds), entry(f"{HOST}/api/mark-types", kinds),
                                       entry(f"{HOST}/api/spans", spans), entry(f"{HOST}/api/marks", marks)])
    refs = {name: {fk["ref_table"] for fk in t["foreign_keys"] if fk["columns"] == ["label"]}
            for name, t in tables.items() if name in ("spans", "marks")}
    assert refs == {"spans": {"span_types"}, "marks": {"mark_types"}}, list(tables)


def test_a_route_under_metrics_serves_computed_rows_not_a_table(tmp_path: Path) -> None:
    """``/api/boards/1/metrics/member-progress`` answers one row per member with a count (``{user, done}``):
    figures computed over the records, as ``/stats`` and ``/summary`` routes serve, no table of their own."""
    entries = [entry(f"{HOST}/api/boards", [{"id": 1, "title": "Board"}]),
               entry(f"{HOST}/api/boards/1/metrics/member-progress", [{"user": 1, "done": 4}, {"user": 2, "done": 0}])]
    tables = _infer_entries(tmp_path, entries)
    assert not [name for name, t in tables.items() if "done" in {c["name"] for c in t["columns"]}], list(tables)
