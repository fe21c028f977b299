"""General inference rules of the forty-eighth round (relations read from both sides under one verb, records held
by one parent, grants per holder, parts flattened into their holder, references spelt with their table's tag), each
on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns, _fks

API = "https://guild.test/v3"


def _person(i: int) -> dict[str, Any]:
    return {"id": str(700 + i), "handle": f"p{i}", "display_name": f"Person {i}"}


def _board(i: int) -> dict[str, Any]:
    return {"id": str(90 + i), "title": f"Board {i}", "topic": f"topic {i % 3}"}


def _people_and_boards() -> list[dict[str, Any]]:
    return [
        entry(f"{API}/people", {"data": [_person(i) for i in range(6)]}),
        entry(f"{API}/people/701", {"data": _person(1)}),
        entry(f"{API}/boards", {"data": [_board(i) for i in range(6)]}),
        entry(f"{API}/boards/92", {"data": _board(2)}),
    ]


def test_a_relation_named_by_one_verb_from_both_sides_is_one_join(tmp_path: Path) -> None:
    """``/boards/{id}/subscribers`` (the verb's agent noun) and ``/people/{id}/subscribed_boards`` (its participle)
    list one relation from its two sides, even when their pairs were read apart and another relation joins the
    same tables (``/boards/{id}/editors``): one join; between records of one table, ``/people/{id}/watching`` is
    ``/people/{id}/watchers`` turned round."""
    tables = _infer_entries(tmp_path, [
        *_people_and_boards(),
        entry(f"{API}/boards/91/subscribers", {"data": [_person(i) for i in (0, 1, 2)]}),
        entry(f"{API}/boards/91/editors", {"data": [_person(i) for i in (3, 4)]}),
        entry(f"{API}/people/705/subscribed_boards", {"data": [_board(i) for i in (3, 4)]}),
        entry(f"{API}/people/701/watchers", {"data": [_person(i) for i in (2, 3)]}),
        entry(f"{API}/people/704/watching", {"data": [_person(i) for i in (0, 5)]}),
    ])
    joins = {n: t for n, t in tables.items() if not any(c in _columns(t) for c in ("handle", "title"))}
    assert len(joins) == 3, sorted(joins)
    subscribed = [t for t in joins.values() if set(_columns(t)) == {"board_id", "person_id"}
                  and len(t["foreign_keys"]) == 2]
    assert len(subscribed) == 2, sorted(joins)  # the subscribers and the editors
    watch = next(t for t in joins.values() if "board_id" not in _columns(t))
    assert set(_columns(watch)) == {"person_id", "watcher_id"}, _columns(watch)
    assert watch["primary_key"] == ["person_id", "watcher_id"]


def test_records_a_parent_holds_each_held_by_one_reference_it(tmp_path: Path) -> None:
    """``/people/{id}/authored_notes``: the participle gives each note one holder (no note listed under two
    people), so each note references its author (``notes.author_id``), null where no read named it, and no join
    table pairs them."""
    def note(i: int) -> dict[str, Any]:
        return {"id": str(500 + i), "heading": f"Note {i}", "body": f"text {i}"}

    tables = _infer_entries(tmp_path, [
        *_people_and_boards(),
        entry(f"{API}/notes", {"data": [note(i) for i in range(5)]}),
        entry(f"{API}/notes/502", {"data": note(2)}),
        entry(f"{API}/people/701/authored_notes", {"data": [note(i) for i in (0, 1)]}),
        entry(f"{API}/people/703/authored_notes", {"data": [note(i) for i in (2, 3)]}),
    ])
    notes = next(t for t in tables.values() if "heading" in _columns(t))
    people = next(t for t in tables.values() if "handle" in _columns(t))
    assert ("author_id", people["name"]) in _fks(notes), _fks(notes)
    assert _columns(notes)["author_id"]["nullable"]
    assert len(tables) == 3, sorted(tables)


def test_grants_of_one_principal_at_several_holders_are_one_table_per_holder(tmp_path: Path) -> None:
    """``{member: {...}, role}`` grant lists read at the site (``/admin/grants/members``), at a team
    (``/teams/{id}/grants/members``) and at a board of a team (``/teams/{id}/boards/{id}/grants/members``) are three
    relations, one per holder, each referencing its own holder only, not one table of nullable holders' keys."""
    def grants(role: str) -> dict[str, Any]:
        return {"values": [{"member": {"id": 700 + i, "handle": f"p{i}", "display_name": f"Person {i}"},
                            "role": f"{role}_{i % 2}"} for i in range(3)], "isLast": True}

    tables = _infer_entries(tmp_path, [
        entry(f"{API}/teams", {"values": [{"key": "T1", "title": "Team 1"}, {"key": "T2", "title": "Team 2"}]}),
        entry(f"{API}/teams/T1", {"key": "T1", "title": "Team 1"}),
        entry(f"{API}/teams/T1/boards", {"values": [{"slug": f"b-{i}", "id": i, "title": f"Board {i}"}
                                                    for i in range(2)]}),
        entry(f"{API}/teams/T1/boards/b-1", {"slug": "b-1", "id": 1, "title": "Board 1"}),
        entry(f"{API}/admin/grants/members", grants("SITE")),
        entry(f"{API}/teams/T1/grants/members", grants("TEAM")),
        entry(f"{API}/teams/T2/grants/members", grants("TEAM")),
        entry(f"{API}/teams/T1/boards/b-1/grants/members", grants("BOARD")),
        entry(f"{API}/teams/T1/boards/b-0/grants/members", grants("BOARD")),
    ])
    granted = [t for t in tables.values() if "role" in _columns(t)]
    assert len(granted) == 3, sorted(tables)
    holders = sorted(tuple(sorted(c for c in _columns(t) if c not in ("role", "member_id"))) for t in granted)
    assert holders == [(), ("board_slug",), ("team_key",)], holders


def test_a_part_whose_id_spells_its_holders_is_flattened_into_it(tmp_path: Path) -> None:
    """``"outline": {"id": "t31", "points": ..., "detail": 2}`` inside track ``31`` (``c8`` inside course ``8``): an
    object never served on its own whose id is its one holder's id with a tag is part of the holder
    (``outline_points``), not a table of outlines the tracks reference."""
    def track(i: int) -> dict[str, Any]:
        return {"id": 30 + i, "label": f"Track {i}", "length": 1000 + i,
                "outline": {"id": f"t{30 + i}", "points": f"xy{i}", "detail": 2}}

    tables = _infer_entries(tmp_path, [
        entry(f"{API}/tracks/31", track(1)),
        entry(f"{API}/tracks/32", track(2)),
        entry(f"{API}/tracks/33", {**track(3), "outline": {"id": "t33", "points": None, "detail": 3}}),
        entry(f"{API}/courses/8", {"id": 8, "label": "Course 8", "stages": 3,
                                  "outline": {"id": "c8", "points": "zz", "detail": 1}}),
    ])
    assert len(tables) == 2, sorted(tables)
    tracks = next(t for t in tables.values() if "length" in _columns(t))
    assert {"outline_id", "outline_points", "outline_detail"} <= set(_columns(tracks)), _columns(tracks)
    assert not tracks["foreign_keys"], tracks["foreign_keys"]


def test_a_reference_spelt_with_its_tables_tag_references_that_table(tmp_path: Path) -> None:
    """Records served wrapped with their kind (``{kind: "k7", data}``) name others by kind, ``_`` and id
    (``deck_ref: "k4_zz9"``): the column references the table of kind ``k4`` by the field spelling each of its records'
    own tagged name (``handle: "k4_zz9"``), whether or not the capture read the record it names."""
    def thing(kind: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"kind": kind, "data": data}

    def card(i: int, deck: str) -> dict[str, Any]:
        return thing("k7", {"id": f"c{i}x", "handle": f"k7_c{i}x", "title": f"Card {i}", "deck_ref": f"k4_{deck}"})

    listing = {"kind": "Listing", "data": {"children": [card(i, "zz9" if i % 2 else "yy8") for i in range(4)],
                                           "after": "k7_c3x", "before": None}}
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/decks/zz9/about", thing("k4", {"id": "zz9", "handle": "k4_zz9", "label": "Deck 9"})),
        entry(f"{API}/decks/ww1/about", thing("k4", {"id": "ww1", "handle": "k4_ww1", "label": "Deck 1"})),
        entry(f"{API}/decks/zz9/cards", listing),
    ])
    cards = next(t for t in tables.values() if "title" in _columns(t))
    decks = next(t for t in tables.values() if "label" in _columns(t))
    assert ("deck_ref", decks["name"]) in _fks(cards), (_fks(cards), sorted(tables))
