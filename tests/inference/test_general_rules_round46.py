"""General inference rules of the forty-sixth round (verbose entity answers, ...), each on a small generated capture
of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns, _fks

SVC = "https://depot.test/Store.svc"


def _meta(entity_set: str, key: str, kind: str) -> dict[str, Any]:
    uri = f"{SVC}/{entity_set}('{key}')"
    return {"id": uri, "uri": uri, "type": f"Depot.{kind}"}


def _shelf(i: int, crates: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    link = {"__deferred": {"uri": f"{SVC}/Shelves('{i}')/Crates"}}
    return {"__metadata": _meta("Shelves", str(i), "Shelf"), "Code": str(i), "Label": f"Shelf {i}",
            "Tiers": 3 + i, "Crates": {"results": crates} if crates is not None else link}


def _crate(i: int) -> dict[str, Any]:
    return {"__metadata": {**_meta("Crates", f"c{i}", "Crate"), "etag": f'W/"{i}"'}, "CrateNo": f"c{i}",
            "Contents": f"Bolts {i}", "Weight": 10 + i, "ShelfCode": str(1 + i % 2),
            "Origin": {"__metadata": {"type": "Depot.c_Origin"}, "Port": f"Port {i}", "Country": "NL"},
            "Shelf": {"__deferred": {"uri": f"{SVC}/Crates('c{i}')/Shelf"}}}


def test_verbose_entity_answers_are_read_as_their_entity_sets(tmp_path: Path) -> None:
    """Every answer wrapped in one member (``{"d": ...}``), a list as ``{"results": [...], "__count"}``, each entity
    with ``__metadata {uri, type}``, links not expanded as ``{"__deferred": ...}``, an expanded list as
    ``{"results": [...]}``: the wrapper is no record, the set each entity's own address names is its table (the
    crates read under a shelf's address too), metadata and deferred links are no columns."""
    crates = [_crate(i) for i in range(4)]
    tables = _infer_entries(tmp_path, [
        entry(f"{SVC}/Shelves", {"d": {"results": [_shelf(1), _shelf(2)], "__count": "2"}}),
        entry(f"{SVC}/Shelves('1')", {"d": _shelf(1)}),
        entry(f"{SVC}/Shelves('2')?$expand=Crates", {"d": _shelf(2, [crates[0], crates[2]])}),
        entry(f"{SVC}/Crates('c1')", {"d": crates[1]}),
        entry(f"{SVC}/Shelves('2')/Crates", {"d": {"results": [crates[1], crates[3]]}}),
    ])
    shelves = next(t for t in tables.values() if "tiers" in _columns(t))
    crate = next(t for t in tables.values() if "contents" in _columns(t))
    assert set(_columns(shelves)) == {"code", "label", "tiers"}, _columns(shelves)
    assert shelves["primary_key"] == ["code"]
    assert set(_columns(crate)) >= {"crate_no", "weight", "shelf_code", "origin_port", "origin_country"}
    assert not [c for c in _columns(crate) if "metadata" in c or "deferred" in c], _columns(crate)
    assert crate["primary_key"] == ["crate_no"]
    assert ("shelf_code", shelves["name"]) in _fks(crate)
    assert not [n for n in tables if n.startswith("d")], list(tables)


def test_a_never_filled_predicate_of_a_subject_is_boolean(tmp_path: Path) -> None:
    """``viewer_is_blocked``, ``viewer_has_starred``, ``viewer_can_edit`` null in every record: a predicate about the
    reader (a subject, then ``is``/``has``/``can``) is a boolean not yet known, as ``is_blocked`` alone is."""
    decks = [{"id": i, "title": f"Deck {i}", "viewer_is_blocked": None, "viewer_has_starred": None,
              "viewer_can_edit": None, "island_count": 3} for i in range(1, 4)]
    tables = _infer_entries(tmp_path, [entry("https://harbour.test/api/decks", decks)])
    columns = _columns(tables["decks"])
    assert [columns[c]["type"] for c in ("viewer_is_blocked", "viewer_has_starred", "viewer_can_edit")] == \
        ["boolean"] * 3, columns


def _wrap(kind: str, data: Any) -> dict[str, Any]:
    return {"kind": kind, "data": data}


def _note(i: int, replies: Any = "") -> dict[str, Any]:
    return _wrap("q7", {"id": f"n{i}", "name": f"q7_n{i}", "text": f"Note {i}", "parent": "q4_p1", "stars": i,
                        "replies": replies})


def _listing(children: list[dict[str, Any]]) -> dict[str, Any]:
    return _wrap("Roll", {"marker": None, "children": children, "after": None, "before": None})


def test_typed_record_wrappers_hold_one_table_per_kind(tmp_path: Path) -> None:
    """Every record served as ``{kind, data}``; lists as a wrapper whose data holds wrappers beside page tokens; a
    pin and its notes answered as a list of two such lists; a note's replies a list of notes (or ``""``); a pin and
    a member both read at ``.../info``. One table per kind, no table of wrappers or of page tokens, the replies rows
    of the notes' own table, the pin and the member apart."""
    pin = _wrap("q4", {"id": "p1", "name": "q4_p1", "caption": "Harbour", "clicks": 12, "pinned_by": "ona"})
    member = _wrap("q2", {"id": "m1", "name": "ona", "karma": 40, "joined": 1500000000.0, "verified": True})
    tables = _infer_entries(tmp_path, [
        entry("https://harbour.test/pins/p1/", [_listing([pin]), _listing([_note(1, _listing([_note(2)])),
                                                                          _note(3)])]),
        entry("https://harbour.test/board/harbour/info/", pin),
        entry("https://harbour.test/member/ona/info/", member),
        entry("https://harbour.test/api/lookup/?id=q7_n4", _listing([_note(4)])),
    ])
    note = next(t for t in tables.values() if "stars" in _columns(t))
    assert {"id", "text", "parent", "stars"} <= set(_columns(note)), _columns(note)
    assert not [c for c in _columns(note) if c.startswith("data") or c == "kind"], _columns(note)
    assert next(t for t in tables.values() if "clicks" in _columns(t)) is not next(
        t for t in tables.values() if "karma" in _columns(t)), list(tables)
    assert not [t for t in tables.values() if {"after", "before"} & set(_columns(t))], list(tables)
    assert len(tables) == 3, list(tables)


def test_a_list_of_principals_paired_with_a_grant_is_an_association(tmp_path: Path) -> None:
    """``/vaults/{key}/roles/members`` answering ``{"values": [{"member": {id, login, ...}, "role": "OWNER"}]}`` (and
    ``/admin/roles/members`` the same for the whole site) lists grants: rows of an association of the holder and the
    member (``member_roles``), the member a reference to a table of members, not the members' rows."""
    members = [{"id": 500 + i, "login": f"m{i}", "mail": f"m{i}@vault.test", "shown": f"Member {i}", "on": True}
               for i in range(3)]
    roles = ["OWNER", "READ", "WRITE"]

    def page(offset: int) -> dict[str, Any]:
        return {"size": 3, "limit": 25, "isLastPage": True, "start": 0,
                "values": [{"member": m, "role": roles[(i + offset) % 3]} for i, m in enumerate(members)]}

    tables = _infer_entries(tmp_path, [
        entry("https://vault.test/rest/api/1.0/vaults", {"size": 1, "limit": 25, "isLastPage": True, "start": 0,
                                                         "values": [{"key": "VLT", "id": 1, "title": "Vault"}]}),
        entry("https://vault.test/rest/api/1.0/admin/roles/members", page(0)),
        entry("https://vault.test/rest/api/1.0/vaults/VLT/roles/members", page(1)),
    ])
    grant = next(t for t in tables.values() if "role" in _columns(t))
    assert "member_id" in _columns(grant) and not [c for c in _columns(grant) if c.startswith("member_") and
                                                   c != "member_id"], _columns(grant)
    member = next(t for t in tables.values() if "mail" in _columns(t))
    assert member is not grant and member["primary_key"] == ["id"], list(tables)
    assert ("member_id", member["name"]) in _fks(grant)


def test_an_expanded_entity_the_holder_already_references_is_that_reference(tmp_path: Path) -> None:
    """A crate holding ``ShelfCode`` and, expanded, ``x_Shelf: {"__metadata", "Code": <the same>, ...}``: the expanded
    entity is the reference the crate already holds (one ``shelf_code``), not a second one named after the link."""
    crates = [_crate(i) for i in range(3)]
    for crate in crates:
        code = crate["ShelfCode"]
        crate["x_Shelf"] = {k: v for k, v in _shelf(int(code)).items() if k != "Crates"}
    tables = _infer_entries(tmp_path, [
        entry(f"{SVC}/Shelves", {"d": {"results": [_shelf(1), _shelf(2)]}}),
        entry(f"{SVC}/Crates?$expand=x_Shelf", {"d": {"results": crates}}),
    ])
    crate = next(t for t in tables.values() if "contents" in _columns(t))
    assert "shelf_code" in _columns(crate) and not [c for c in _columns(crate) if c.startswith("x_")], \
        _columns(crate)
