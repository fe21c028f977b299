"""General inference rules of the twenty-seventh round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

API = "https://desk.test/api/v2"


def _status(data: Any, ok: bool = True) -> dict[str, Any]:
    meta = {"status": "ok" if ok else "failure", "statuscode": 100 if ok else 404, "message": "OK" if ok else "gone"}
    return {"envelope": {"meta": meta, "data": data}}


def _members() -> list[dict[str, Any]]:
    return [{"id": n, "mail": f"{n}@desk.test", "active": i % 2 == 0, "seats": i + 1}
            for i, n in enumerate(("ada", "bo", "cy"))]


def test_a_named_envelope_of_a_status_object_and_the_data_is_unwrapped(tmp_path: Path) -> None:
    """``{"envelope": {"meta": {"status", "statuscode", "message"}, "data": ...}}`` around every answer: the data is
    the record or the list, the status object no column; a payload that holds no object (``[]``, bare names) is no
    row."""
    members = _members()
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/members", _status(members)),
        *[entry(f"{API}/members/{m['id']}", _status(m)) for m in members],
        entry(f"{API}/members/zed", _status([], ok=False)),
        entry(f"{API}/members/ada", _status([]), method="PUT"),
        entry(f"{API}/members/ada/tags", _status(["red", "blue"])),
    ])
    assert set(tables) == {"members"}, list(tables)
    columns = {c["name"]: c for c in tables["members"]["columns"]}
    assert set(columns) == {"id", "mail", "active", "seats"}, columns
    assert tables["members"]["primary_key"] == ["id"]
    assert not any(c["nullable"] for c in columns.values()), columns


def test_a_creation_answered_by_the_new_records_key_alone_is_no_row(tmp_path: Path) -> None:
    """``POST /members`` answered ``{"id": "dee"}``: an acknowledgement naming the new record, which adds no row that
    would leave every other column nullable."""
    members = _members()
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/members", members),
        entry(f"{API}/members", {"id": "dee"}, method="POST"),
    ])
    columns = {c["name"]: c for c in tables["members"]["columns"]}
    assert not any(c["nullable"] for c in columns.values()), columns


def test_dates_and_times_with_slashes_are_dates_and_times(tmp_path: Path) -> None:
    """``2010/07/29`` and ``2011/01/10 20:44:56 -0800`` (as Ruby, Perl and PHP print them by default) are a date and a
    point in time, as their ISO spellings are."""
    tickets = [{"id": i, "due": f"2010/0{i}/2{i}", "touched": f"2011/01/1{i} 20:44:5{i} -0800"} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{API}/tickets", tickets)])
    types = {c["name"]: c["type"] for c in tables["tickets"]["columns"]}
    assert types == {"id": "integer", "due": "date", "touched": "timestamptz"}, types


def test_stubs_whose_names_contradict_a_tables_records_name_a_resource_of_their_own(tmp_path: Path) -> None:
    """Tickets name their ``kind`` by ``{id, name}`` stubs, kinds never served; the served states have the same small
    integer ids and a ``name`` too, but state 1 is ``open`` where kind 1 is ``bug``: the stubs are no copies of the
    states, so they reference a table of kinds of their own, not the states."""
    states = [{"id": i, "name": n, "closed": i == 3} for i, n in ((1, "open"), (2, "doing"), (3, "done"))]
    kinds = {1: "bug", 2: "feature", 3: "chore"}
    tickets = [{"id": 10 + i, "subject": f"t{i}", "state": {"id": s, "name": states[s - 1]["name"]},
                "kind": {"id": k, "name": kinds[k]}}
               for i, (s, k) in enumerate(((1, 2), (2, 1), (3, 3), (1, 1)))]
    tables = _infer_entries(tmp_path, [entry(f"{API}/states", states), entry(f"{API}/tickets", tickets)])
    refs = {fk["columns"][0]: fk["ref_table"] for fk in tables["tickets"]["foreign_keys"]}
    assert refs["state_id"] == "states", refs
    assert refs["kind_id"] not in ("states", None), refs
    assert refs["kind_id"] in tables, list(tables)


def test_warnings_beside_a_named_list_are_the_answers(tmp_path: Path) -> None:
    """``{"Disks": [...], "Warnings": ["..."]}``: the list of warnings is about the answer, as ``errors`` is; the
    named list is the collection's records, not one record holding them."""
    disks = [{"Name": f"d{i}", "Driver": "local", "Size": i * 10} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{API}/disks", {"Disks": disks, "Warnings": ["slow pool"]})])
    assert set(tables) == {"disks"}, list(tables)
    assert {c["name"] for c in tables["disks"]["columns"]} == {"name", "driver", "size"}, tables["disks"]


def test_maps_of_example_placeholder_keys_are_maps_keyed_by_data(tmp_path: Path) -> None:
    """``{"additionalProp1": "...", "additionalProp2": "...", "additionalProp3": "..."}`` and ``property1``,
    ``property2``: the keys OpenAPI example generators give a map's entries are data, not field names; the map is
    no set of columns named by them."""
    hosts = [{"id": i, "name": f"h{i}",
              "labels": {"additionalProp1": "a", "additionalProp2": "b", "additionalProp3": "c"},
              "env": {"property1": "x", "property2": "y"}} for i in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{API}/hosts", hosts)])
    names = {c["name"] for t in tables.values() for c in t["columns"]}
    assert not any("prop" in n for n in names), names


def test_stubs_spelt_as_another_roles_stubs_of_a_served_table_reference_it(tmp_path: Path) -> None:
    """Users are served without a ``name``; entries name theirs by ``user: {id, name}`` stubs (the field names the
    table), notes name their writer by stubs spelt exactly alike, key and name: the writers are users."""
    users = [{"id": i, "login": n, "mail": f"{n}@desk.test"} for i, n in ((1, "ada"), (2, "bo"))]
    names = {1: "Ada Admin", 2: "Bo Smith"}
    entries = [{"id": 20 + i, "hours": i + 1, "user": {"id": u, "name": names[u]}} for i, u in enumerate((1, 2, 1))]
    notes = [{"id": 30 + i, "text": f"n{i}", "writer": {"id": u, "name": names[u]}} for i, u in enumerate((2, 1, 2))]
    tables = _infer_entries(tmp_path, [entry(f"{API}/users", users), entry(f"{API}/entries", entries),
                                       entry(f"{API}/notes", notes)])
    refs = {fk["columns"][0]: fk["ref_table"] for fk in tables["notes"]["foreign_keys"]}
    assert refs == {"writer_id": "users"}, refs


def test_an_outcome_flag_beside_named_data_is_the_answers(tmp_path: Path) -> None:
    """``{"changed": [...], "gone": [...], "success": true}``, ``{"ts": …, "note": {...}, "success": true}``: the flag
    reports the call's outcome beside named data, whatever its names (no generic ``data`` wrapper); it is no
    column."""
    rooms = [{"_id": f"r{i}", "name": f"room {i}", "topic": "x"} for i in (1, 2, 3)]
    note = {"_id": "n1", "text": "hi", "room": "r1"}
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/rooms", {"rooms": rooms, "success": True}),
        entry(f"{API}/rooms.sync", {"changed": rooms[:2], "gone": ["r7"], "success": True}),
        entry(f"{API}/notes.post", {"ts": 1511443964815, "room": "r1", "note": note, "success": True}, method="POST"),
    ])
    names = {n: [c["name"] for c in t["columns"]] for n, t in tables.items()}
    assert not any("success" in columns for columns in names.values()), names


def test_a_collections_keys_listed_bare_at_its_address_are_its_rows_until_records_are_read(tmp_path: Path) -> None:
    """``GET /teams`` answers ``{"teams": ["red", "blue"]}``: the teams' keys, a table of them; ``GET /members``
    answers ``{"members": ["ada", "bo", "zed"]}`` beside members read in full, whose table keeps only the records
    read (the bare keys would leave every other column nullable)."""
    members = _members()
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/teams", {"teams": ["red", "blue"]}),
        entry(f"{API}/members", {"members": ["ada", "bo", "cy", "zed"]}),
        *[entry(f"{API}/members/{m['id']}", m) for m in members],
    ])
    assert [c["name"] for c in tables["teams"]["columns"]] == ["id"], tables["teams"]
    assert tables["teams"]["primary_key"] == ["id"]
    columns = {c["name"]: c for c in tables["members"]["columns"]}
    assert set(columns) == {"id", "mail", "active", "seats"}, columns
    assert not any(c["nullable"] for c in columns.values()), columns


def test_a_method_called_on_a_plural_before_its_dot_reads_that_collection(tmp_path: Path) -> None:
    """``GET /boards.info?boardId=b1`` (an RPC over dotted addresses, ``<collection>.<method>``) answers a record
    of ``boards``, as ``GET /boards`` would: one table, not a table per method."""
    boards = [{"_id": f"b{i}", "title": f"board {i}", "open": True} for i in (1, 2)]
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/boards.list", boards),
        entry(f"{API}/boards.info?boardId=b3", {"_id": "b3", "title": "board 3", "open": False}),
    ])
    assert set(tables) == {"boards"}, list(tables)


def test_the_changed_records_of_a_delta_answer_are_the_collections(tmp_path: Path) -> None:
    """``{"update": [...], "remove": ["b9"]}`` (the records changed since a point and those gone): the changed ones
    are rows of the collection read, the lists of changes no table nor column."""
    boards = [{"_id": f"b{i}", "title": f"board {i}", "open": True} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/boards", boards[:1]),
        entry(f"{API}/boards?since=1", {"update": boards[1:], "remove": ["b9"], "success": True}),
    ])
    assert set(tables) == {"boards"}, list(tables)
    assert {c["name"] for c in tables["boards"]["columns"]} == {"id", "title", "open"}, tables["boards"]


def test_a_stub_under_a_one_letter_field_references_the_table_the_letter_abbreviates(tmp_path: Path) -> None:
    """Notes name their writer by ``"w": {"_id", "login"}`` (a one-letter abbreviation, as document stores spell
    them): the stubs' fields are all columns of ``writers``, the one served table named by a word the letter begins,
    so they reference it, though their ids were never listed there."""
    writers = [{"_id": f"w{i}", "login": f"l{i}", "bio": "x"} for i in (1, 2)]
    notes = [{"_id": f"n{i}", "text": f"t{i}", "w": {"_id": f"w{i + 5}", "login": f"l{i + 5}"}} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{API}/writers", writers), entry(f"{API}/notes", notes)])
    refs = {fk["columns"][0]: fk["ref_table"] for fk in tables["notes"]["foreign_keys"]}
    assert refs == {"w_id": "writers"}, (refs, list(tables))


def test_epoch_seconds_under_a_time_named_by_one_letter_are_timestamps(tmp_path: Path) -> None:
    """``mtime``, ``ctime`` (a file's modification and change times, as ``stat`` names them) in epoch seconds are
    points in time, as ``modified_at`` is."""
    files = [{"id": i, "path": f"/f{i}", "mtime": 1598856013 + i, "ctime": 1598856000 + i, "size": 10 * i}
             for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{API}/files", files)])
    types = {c["name"]: c["type"] for c in tables["files"]["columns"]}
    assert types["mtime"] == types["ctime"] == "timestamptz", types
    assert types["size"] == "integer", types
