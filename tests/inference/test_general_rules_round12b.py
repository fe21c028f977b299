"""General inference rules for never-filled references, each on a small generated capture of its own (no case of
the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://desk.test"


def test_a_never_filled_reference_takes_the_type_of_the_key_it_names(tmp_path: Path) -> None:
    """``"crew_id": null`` in every job beside ``owner_id`` and ``client_id`` holding large (bigint) ids: the siblings
    only guess the type of a column that never held a value; its name says it references ``crews``, keyed by
    integers, so it is an integer reference to them (Postgres refuses a key of another type)."""
    jobs = [{"id": i, "title": f"j{i}", "owner_id": 6010396330 + i, "client_id": 6012691530 + i, "crew_id": None}
            for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v2/jobs", jobs),
        ("GET", f"{HOST}/api/v2/crews", [{"id": i, "name": f"crew {i}"} for i in (1, 2)]),
    ])
    assert ("crew_id", "crews") in _fks(tables["jobs"]), tables["jobs"]["foreign_keys"]
    assert _columns(tables["jobs"])["crew_id"]["type"] == "integer"


def test_an_id_array_named_after_a_table_of_integer_keys_is_a_join_table(tmp_path: Path) -> None:
    """``"mechanic_ids": [2, 15]`` on a garage, ``mechanics`` listed with other integer keys (a page of them):
    integer keys do not tell tables apart by their form, and the name says whose keys they are: a join table
    ``garage_mechanics`` referencing ``mechanics``. ``bay_ids`` names no table and stays an array column."""
    garages = [{"id": i, "title": f"g{i}", "mechanic_ids": [2 + i, 15 + i], "bay_ids": [7 * i]} for i in (1, 2)]
    mechanics = [{"id": i, "name": f"mechanic {i}", "shift": "day"} for i in (1, 432)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v2/garages?page=1", garages),
        ("GET", f"{HOST}/api/v2/mechanics?page=1", mechanics),
    ])
    join = next((t for t in tables.values() if ("mechanic_id", "mechanics") in _fks(t)), None)
    assert join is not None and ("garage_id", "garages") in _fks(join), set(tables)
    columns = _columns(tables["garages"])
    assert "mechanic_ids" not in columns and columns["bay_ids"]["type"] == "integer[]", columns


def test_types_of_a_kind_are_a_table_of_their_own(tmp_path: Path) -> None:
    """``/meta/types/crew`` listing the types crews may have (``label``, ``default``): the collection is the types
    and the last word the kind they describe, so they make ``crew_types``, not rows of ``crews``."""
    crews = [{"id": f"00c{i}x9Kq", "status": "ACTIVE", "type": {"id": f"oty{i}Zq8"}} for i in (1, 2)]
    kinds = [{"id": f"oty{i}Zq8", "label": f"kind {i}", "default": i == 1} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v1/crews", crews),
        ("GET", f"{HOST}/api/v1/meta/types/crew", kinds),
    ])
    assert "crew_types" in tables, set(tables)
    assert "label" not in _columns(tables["crews"]), _columns(tables["crews"])


def test_who_did_it_references_the_people_table(tmp_path: Path) -> None:
    """``"by": "ann"`` on posts and ``"edited_by": "u8Qx2k9LmZ"`` on notes: who did something is a person, so
    both reference the served ``users`` keyed by tokens of that form, though the capture read other users than
    those named. ``stand_by`` numbers stay plain."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v0/user/zed.json", {"id": "zed", "karma": 5}),
        ("GET", f"{HOST}/v0/item/1.json", {"id": 1, "by": "ann", "title": "a"}),
        ("GET", f"{HOST}/v0/item/2.json", {"id": 2, "by": "bo", "title": "b"}),
    ])
    assert ("by", "users") in _fks(tables["items"]), tables["items"]["foreign_keys"]
    users = [{"id": f"u{i}Qx2k9LmZ", "name": f"n{i}"} for i in (1, 2)]
    notes = [{"id": f"n{i}", "edited_by": f"u{i + 5}Qx2k9LmZ", "stand_by": i} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/users", users), ("GET", f"{HOST}/api/notes", notes)])
    assert _fks(tables["notes"]) == {("edited_by", "users")}, tables["notes"]["foreign_keys"]


def test_members_listed_under_a_parent_are_a_many_to_many_relation(tmp_path: Path) -> None:
    """``/teams/{id}/players`` answering players that hold nothing of the team, players being a collection of
    their own (``/players``): the route lists the team's members, ``team_players(team_id, player_id)``, not a
    ``team_id`` of the players. ``/players/{id}/medals`` answering medals served nowhere else stays a child."""
    players = [{"id": f"p{i}Xk", "handle": f"h{i}", "rank": i} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v1/teams", [{"id": f"t{i}Qz", "title": f"team {i}"} for i in (1, 2)]),
        ("GET", f"{HOST}/api/v1/players", players),
        ("GET", f"{HOST}/api/v1/teams/t1Qz/players", players[:2]),
        ("GET", f"{HOST}/api/v1/players/p1Xk/medals", [{"id": f"m{i}", "metal": "gold"} for i in (1, 2)]),
    ])
    join = next((t for t in tables.values() if ("team_id", "teams") in _fks(t)), None)
    assert join is not None and ("player_id", "players") in _fks(join), set(tables)
    assert "team_id" not in _columns(tables["players"]), _columns(tables["players"])
    assert ("player_id", "players") in _fks(tables["medals"]), tables["medals"]["foreign_keys"]


def test_a_verb_after_a_record_answering_tokens_is_no_table(tmp_path: Path) -> None:
    """``POST /lockers/{id}/ops/unlock`` answering ``{"unlockUrl", "unlockCode"}``: a write to a verb after a
    record's address answering an object with no key or reference of its own reports what the call did, no
    record: no ``unlocks`` table. ``POST /lockers/{id}/close`` answering the locker stays the locker's row."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v1/lockers", [{"id": f"L{i}x7", "size": i, "state": "open"} for i in (1, 2)]),
        ("POST", f"{HOST}/api/v1/lockers/L1x7/ops/unlock", {"unlockUrl": f"{HOST}/u/Qx9", "unlockCode": "Qx9"}),
        ("POST", f"{HOST}/api/v1/lockers/L2x7/close", {"id": "L2x7", "size": 2, "state": "closed"}),
    ])
    assert set(tables) == {"lockers"}, set(tables)


def test_a_parent_of_integer_keys_references_its_own_table(tmp_path: Path) -> None:
    """``"parent": 2921506`` on notes keyed by integers, read one by one: the parent note was not read, but ``parent``
    alone names the record's own table, and integer keys do not tell tables apart by their form: a reference to
    ``notes``. ``rank`` of integers stays plain."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v0/note/{i}.json", {"id": i, "parent": i * 7 + 3, "rank": i, "body": f"b{i}"})
        for i in (8863, 121003)
    ])
    assert _fks(tables["notes"]) == {("parent", "notes")}, tables["notes"]["foreign_keys"]


def test_the_kids_of_a_record_are_records_of_its_own_table(tmp_path: Path) -> None:
    """``"kids": [8952, 9224]`` on notes keyed by integers (the kids never read): the children of a record in a
    tree are records of its own table, a join table ``note_kids(note_id, kid_id)`` referencing ``notes`` twice.
    ``scores`` of integers names no table and stays an array column."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v0/note/{i}.json", {"id": i, "kids": [i + 89, i + 361], "scores": [3, 4], "body": f"b{i}"})
        for i in (8863, 121003)
    ])
    join = next((t for t in tables.values() if ("kid_id", "notes") in _fks(t)), None)
    assert join is not None and ("note_id", "notes") in _fks(join), set(tables)
    columns = _columns(tables["notes"])
    assert "kids" not in columns and columns["scores"]["type"] == "integer[]", columns


def test_a_type_tag_naming_the_kind_in_full_names_the_table(tmp_path: Path) -> None:
    """``/boxes/{id}/revisions`` listing records each tagged ``"type": "box_revision"``, the box holding a
    ``box_revision`` stub: the tag names the kind in full, the route by its last word, so the records are the
    ``box_revisions`` the stub references, one table and not two."""
    boxes = [{"type": "box", "id": f"B{i}", "name": f"b{i}", "box_revision": {"type": "box_revision", "id": f"R{i}0"}}
             for i in (1, 2)]
    revisions = [{"type": "box_revision", "id": f"R1{n}", "size": n, "sha": f"s{n}"} for n in (0, 1)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/2.0/boxes", {"total_count": 2, "entries": boxes}),
        ("GET", f"{HOST}/2.0/boxes/B1/revisions", {"total_count": 2, "entries": revisions}),
    ])
    assert "revisions" not in tables and "box_revisions" in tables, set(tables)
    assert ("box_revision_id", "box_revisions") in _fks(tables["boxes"]), tables["boxes"]["foreign_keys"]


def test_a_page_of_records_of_several_kinds_fills_one_table_per_kind(tmp_path: Path) -> None:
    """``/shelves/0/items`` answering ``{"total_count", "entries": [{"type": "shelf", …}, {"type": "jar", …}],
    "offset", "limit", "order": [...]}``: a page listing records of several kinds, each tagged beside its own id,
    where the route names one of those kinds: their rows join ``shelves`` and ``jars``, no table of entries. A page
    of boards tagged ``scrum``/``kanban`` (kinds no route names) stays one ``boards`` table."""
    entries = [{"type": "shelf", "id": "11", "name": "top"}, {"type": "shelf", "id": "12", "name": "low"},
               {"type": "jar", "id": "55", "name": "figs", "sha": "6afc"}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/2.0/shelves/0/items",
         {"total_count": 3, "entries": entries, "offset": 0, "limit": 100, "order": [{"by": "type", "direction": "ASC"}]}),
        ("GET", f"{HOST}/2.0/boards",
         {"total_count": 2, "entries": [{"type": "scrum", "id": 1, "name": "a"}, {"type": "kanban", "id": 2, "name": "b"}],
          "offset": 0, "limit": 50}),
    ])
    assert set(tables) == {"shelves", "jars", "boards"}, set(tables)
    assert tables["jars"]["primary_key"] == ["id"]


def test_a_never_filled_reference_follows_the_same_field_elsewhere(tmp_path: Path) -> None:
    """``"parent": null`` on every crate while the jars' ``parent`` objects are stubs of crates: a field of one name
    holding records of one table across the API references that table where it is never filled too
    (``parent_id`` -> ``crates``); ``lid_id`` never filled, no object of that name anywhere, references nothing."""
    crates = [{"type": "crate", "id": f"{i}1", "name": f"c{i}", "parent": None, "lid": None} for i in (1, 2)]
    jars = [{"type": "jar", "id": f"{i}9", "name": f"j{i}", "parent": {"type": "crate", "id": "11", "name": "c1"}}
            for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/2.0/crates", {"total_count": 2, "entries": crates}),
        ("GET", f"{HOST}/2.0/jars", {"total_count": 2, "entries": jars}),
    ])
    assert ("parent_id", "crates") in _fks(tables["jars"]), tables["jars"]["foreign_keys"]
    assert ("parent_id", "crates") in _fks(tables["crates"]), tables["crates"]["foreign_keys"]


def test_a_list_mixing_tagged_records_of_served_kinds_fills_their_tables(tmp_path: Path) -> None:
    """A crate's ``contents`` mixing ``{"type": "crate", "id", …}`` and ``{"type": "jar", "id", …}``, crates and
    jars both served: the items are rows of ``crates`` and ``jars``, no child table of contents."""
    contents = [{"type": "crate", "id": "44", "name": "inner"}, {"type": "jar", "id": "88", "name": "figs"}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/2.0/crates/0", {"type": "crate", "id": "0", "name": "root", "contents": contents}),
        ("GET", f"{HOST}/2.0/jars/9", {"type": "jar", "id": "9", "name": "olives"}),
    ])
    assert set(tables) == {"crates", "jars"}, set(tables)


def test_a_sort_order_beside_a_page_is_no_table(tmp_path: Path) -> None:
    """A crate's ``listing: {total_count, entries, offset, limit, order: [{"by": "name", "direction": "ASC"}]}``: the
    ``order`` says how the page is sorted, metadata of the answer as its offset and limit: no ``*_order`` table."""
    listing = {"total_count": 1, "entries": [{"label": "x", "qty": 1}], "offset": 0, "limit": 100,
               "order": [{"by": "type", "direction": "ASC"}, {"by": "name", "direction": "ASC"}]}
    tables = _infer(tmp_path, [("GET", f"{HOST}/2.0/crates/{i}", {"id": str(i), "name": f"c{i}", "listing": listing})
                               for i in (1, 2)])
    assert not any(name.endswith("order") for name in tables), set(tables)


def test_an_embedded_object_with_a_served_tables_fields_is_its_record(tmp_path: Path) -> None:
    """A job's ``requester: {id, name, email, phone, mobile}`` (an embed beside ``requester_id``), clients served
    with exactly those fields among theirs but not that client: every field a column of ``clients`` alone, keys of
    its form, so the requester is a client, referenced by ``requester_id``, and no ``requesters`` table."""
    def client(i: int) -> dict[str, object]:
        return {"id": i, "name": f"c{i}", "email": f"c{i}@x.test", "phone": None, "mobile": None, "active": True}
    jobs = [{"id": 1, "title": "fix", "requester_id": 6012691534,
             "requester": {"id": 6012691534, "name": "Ann", "email": "ann@x.test", "phone": None, "mobile": "55"}}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v2/clients/1", client(1)),
        ("GET", f"{HOST}/api/v2/clients/2", client(2)),
        ("GET", f"{HOST}/api/v2/jobs/1?include=requester", jobs[0]),
    ])
    assert "requesters" not in tables, set(tables)
    assert ("requester_id", "clients") in _fks(tables["jobs"]), tables["jobs"]["foreign_keys"]


def test_the_counters_of_a_nested_page_are_no_columns(tmp_path: Path) -> None:
    """A crate's ``listing: {total_count, entries, offset, limit, order}``: the counters say how the page of the
    crate's entries was cut, metadata as an envelope's, not columns of the crate; its ``stats: {offset, weight}``
    (no page) stays flattened."""
    def crate(i: int) -> dict[str, object]:
        listing = {"total_count": i, "entries": [{"type": "jar", "id": f"9{i}", "label": f"x{i}"}], "offset": 0,
                   "limit": 100 + i, "order": [{"by": "name", "direction": "ASC"}]}
        return {"id": str(i), "name": f"c{i}", "listing": listing, "stats": {"offset": i, "weight": 3}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/2.0/crates/{i}", crate(i)) for i in (1, 2)])
    columns = _columns(tables["crates"])
    assert not any(c.startswith("listing_") for c in columns), columns
    assert "stats_offset" in columns, columns
