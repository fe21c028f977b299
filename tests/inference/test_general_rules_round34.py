"""General inference rules of the thirty-fourth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://guild.test"


def test_lists_of_names_the_api_addresses_a_table_by_are_joins(tmp_path: Path) -> None:
    """``teams: ["Falcons", "Owls"]`` and ``mentor_of: ["Owls", "Bears"]`` in a player, where the teams listed at
    ``/teams`` are others and these names were only put in the teams' addresses (``DELETE /teams/Owls``,
    ``/teams/Bears/coaches``): both lists hold keys of the teams, joins of players and teams."""
    def player(key: str, teams: list[str], mentor_of: list[str]) -> dict[str, object]:
        return {"id": key, "nick": key.lower(), "teams": teams, "mentor_of": mentor_of}
    calls: list[tuple[str, str, object]] = [
        ("GET", f"{HOST}/api/teams", {"teams": ["Hawks", "Crows", "Ravens"]}),
        ("POST", f"{HOST}/api/teams/Falcons/players", {"ok": True}),
        ("DELETE", f"{HOST}/api/teams/Owls", {"ok": True}),
        ("GET", f"{HOST}/api/teams/Bears/coaches", {"ok": True}),
        ("GET", f"{HOST}/api/players/P1", player("P1", ["Falcons", "Owls"], [])),
        ("GET", f"{HOST}/api/players/P2", player("P2", [], ["Owls", "Bears"])),
    ]
    tables = _infer(tmp_path, calls)
    assert "teams" not in _columns(tables["players"]) and "mentor_of" not in _columns(tables["players"])
    joins = [t for t in tables.values() if ("team_id", "teams") in _fks(t) and ("player_id", "players") in _fks(t)]
    assert len(joins) == 2, {n: _fks(t) for n, t in tables.items()}


def test_an_address_naming_a_field_before_its_value_reads_by_that_key(tmp_path: Path) -> None:
    """``POST /members`` answering one member, then ``GET /member/badge/9001/card`` reading it again with fields the
    write's answer lacked: the address spells ``badge`` before its value, so the members are keyed by ``badge`` (not
    by ``club_no``, as constant over the one member), the two reads are one record, and what the write's answer
    lacked stays nullable (the record lacked it then)."""
    created = {"badge": 9001, "club_no": 17, "nick": "wren", "token": "a1"}
    read = {**created, "token": "b2", "rank": "gold", "joined": "2024-01-02T03:04:05Z"}
    tables = _infer(tmp_path, [
        ("POST", f"{HOST}/api/v2/member", created),
        ("GET", f"{HOST}/api/v2/member/badge/9001/card", read),
    ])
    members = next(t for t in tables.values() if "badge" in _columns(t))
    assert members["primary_key"] == ["badge"], members["primary_key"]
    assert _columns(members)["rank"]["nullable"] and _columns(members)["joined"]["nullable"]
    assert not _columns(members)["nick"]["nullable"]


def test_empty_lists_of_calendar_positions_and_of_referenced_keys(tmp_path: Path) -> None:
    """``hours_of_day`` and ``months_of_year`` empty in every chore are positions in a calendar span (``integer[]``);
    ``helper_owners`` empty beside ``owner_id`` (UUIDs) lists the owners' keys (``uuid[]``); ``days_of_week`` may list
    names and stays open (``jsonb``)."""
    rows = [{"id": i, "title": f"c{i}", "owner_id": f"6f1c2b4e-1d2a-4c3b-9e8f-00000000000{i}", "hours_of_day": [],
             "months_of_year": [], "helper_owners": [], "days_of_week": []} for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/api/chores", rows)])["chores"])
    assert columns["hours_of_day"]["type"] == "integer[]" and columns["months_of_year"]["type"] == "integer[]"
    assert columns["helper_owners"]["type"] == "uuid[]", columns["helper_owners"]
    assert columns["days_of_week"]["type"] == "jsonb"


def test_a_written_record_beside_the_calls_echoes(tmp_path: Path) -> None:
    """``POST /notes/pin`` answering ``{"ts": 1700000000000, "board": "B1", "note": {"_id": "n9", "board_ref": "B1",
    ...}, "ok": true}``: beside the one record (an id of its own, none in the answer), the call's moment and a value
    the record repeats are echoes; the note is a row of the notes, no table of the call."""
    def note(key: str, text: str) -> dict[str, object]:
        return {"_id": key, "board_ref": "B1", "text": text, "pinned": True, "author": "ann"}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/notes", {"notes": [note("n1", "a"), note("n2", "b")], "ok": True}),
        ("POST", f"{HOST}/api/notes/pin", {"ts": 1700000000000, "board": "B1", "note": note("n9", "c"), "ok": True}),
    ])
    notes = next(t for t in tables.values() if "text" in _columns(t))
    assert set(_columns(notes)) == {"id", "board_ref", "text", "pinned", "author"}, set(tables)
    assert not any("note_text" in _columns(t) for t in tables.values()), set(tables)


def test_a_record_in_a_role_named_by_its_last_word(tmp_path: Path) -> None:
    """``latest_post: {"id": "p9", ..., "seen": 2}`` in a thread, beside the posts served at ``/posts`` (not p9, and
    without ``seen``): a post in the role of the latest one, a reference to the posts, no table of latest posts."""
    def post(key: str, body: str) -> dict[str, object]:
        return {"id": key, "thread_ref": "t1", "body": body, "author": "ann", "sent_at": "2024-02-01T10:00:00Z"}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/posts", [post("p1", "x"), post("p2", "y")]),
        ("GET", f"{HOST}/api/threads", [{"id": "t1", "title": "a", "latest_post": {**post("p9", "z"), "seen": 2}},
                                        {"id": "t2", "title": "b", "latest_post": {**post("p8", "w"), "seen": 1}}]),
    ])
    assert ("latest_post_id", "posts") in _fks(tables["threads"]), tables["threads"]["foreign_keys"]
    assert "latest_posts" not in tables, set(tables)


def test_a_list_named_for_a_relation_holds_records_of_another_table(tmp_path: Path) -> None:
    """``/letters/cited`` answering ``{"citations": [{"id": "L7", ..., "citations": [{"id": "u1", "tag": "z"}]}]}``:
    records holding a list of their own list's name (other objects, no tree) are named for how they relate to the
    request; holding only the letters' fields, they are letters."""
    def letter(key: str, cites: list[dict[str, str]]) -> dict[str, object]:
        return {"id": key, "sender": "ann", "body": f"b{key}", "sent_at": "2024-02-01T10:00:00Z", "citations": cites}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/letters", {"letters": [letter("L1", []), letter("L2", [{"id": "u2", "tag": "q"}])]}),
        ("GET", f"{HOST}/api/letters/cited", {"citations": [letter("L7", [{"id": "u1", "tag": "z"}])]}),
    ])
    holders = [n for n, t in tables.items() if "sender" in _columns(t)]
    assert holders == ["letters"], {n: list(_columns(t)) for n, t in tables.items()}


def test_two_collections_agreeing_on_the_name_of_a_text_key_are_one(tmp_path: Path) -> None:
    """The halls a member joined (``/halls/joined``) beside the rooms (``/rooms``): keyed by texts, the record under
    the key both hold (``LOBBY``) named alike in both (``lobby``): one collection at two addresses, the halls' records
    rows of the rooms (which hold more)."""
    def room(key: str, name: str, **more: object) -> dict[str, object]:
        return {"_id": key, "name": name, "kind": "c", "updated_at": "2024-02-01T10:00:00Z", **more}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/rooms", {"rooms": [room("LOBBY", "lobby", topic="hi"), room("Xq7pL2", "dev"),
                                                room("Mz81Qa", "ops")]}),
        ("GET", f"{HOST}/api/halls/joined", {"halls": [room("LOBBY", "lobby", seats=40),
                                                       room("Kp0wE3", "arts", seats=12)]}),
    ])
    holders = [n for n, t in tables.items() if "kind" in _columns(t)]
    assert holders == ["rooms"] and "seats" in _columns(tables["rooms"]), holders


def test_records_known_by_their_display_name(tmp_path: Path) -> None:
    """Agents with no id, each shown under a name of its own (``displayName``): that name keys them."""
    rows = [{"displayName": name, "cpus": n, "idle": n > 2} for n, name in ((2, "alpha"), (4, "beta"), (8, "gamma"))]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/agents", {"agents": rows})])
    assert tables["agents"]["primary_key"] == ["display_name"], tables["agents"]["primary_key"]


def test_a_list_named_as_the_resource_before_format_words(tmp_path: Path) -> None:
    """``GET /pool/api/json`` answering ``{"displayName": "Pools", "busyWorkers": 1, "pool": [...]}``: the address
    names its resource before the format words (``api/json``), so the list named ``pool`` is the route's records and
    the scalars beside it facts of the answer."""
    pool = [{"title": f"p{i}", "size": i, "zone": "eu"} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/pool/api/json", {"displayName": "Pools", "busyWorkers": 1,
                                                                  "totalWorkers": 6, "pool": pool})])
    assert not any("busy_workers" in _columns(t) for t in tables.values()), {n: list(_columns(t)) for n, t in tables.items()}
    holder = next(t for t in tables.values() if "size" in _columns(t))
    assert set(_columns(holder)) == {"title", "size", "zone"}, _columns(holder)
