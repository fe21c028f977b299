"""General inference rules of the thirty-second round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://desk.test"
SEEDED = "2023-09-14 06:12:40"


def _fks(table: dict[str, Any]) -> dict[str, str]:
    return {fk["columns"][0]: fk["ref_table"] for fk in table["foreign_keys"]}


def _columns(table: dict[str, Any]) -> set[str]:
    return {c["name"] for c in table["columns"]}


def test_a_copy_agreeing_with_a_record_only_in_its_creation_time_is_no_copy_of_it(tmp_path: Path) -> None:
    """Tickets embed their ``queue`` beside ``queue_id``, a queue's fields a subset of a ticket's (``id``, ``title``,
    ``notes``, ``created_stamp``), queue 1 and ticket 1 made in the same second by one seeding run. The queue's
    ``title`` differs from ticket 1's, so the embedded queues are no copies of tickets: a table of their own, and
    ``queue_id`` references it, not the tickets."""
    queue = {"id": "1", "title": "Front desk", "notes": None, "created_stamp": SEEDED}
    tickets = [
        {"id": "1", "title": "Printer jam", "notes": None, "queue_id": None, "priority": "2",
         "created_stamp": SEEDED, "queue": None},
        {"id": "2", "title": "Lost badge", "notes": "floor 3", "queue_id": "1", "priority": "1",
         "created_stamp": SEEDED, "queue": queue},
        {"id": "3", "title": "Broken chair", "notes": None, "queue_id": "1", "priority": "3",
         "created_stamp": SEEDED, "queue": queue},
    ]
    entries = [entry(f"{HOST}/api/tickets", tickets), entry(f"{HOST}/api/tickets/2", tickets[1])]
    tables = _infer_entries(tmp_path, entries)
    assert _fks(tables["tickets"]).get("queue_id") not in (None, "tickets"), tables["tickets"]["foreign_keys"]
    queues = tables[_fks(tables["tickets"])["queue_id"]]
    assert _columns(queues) == {"id", "title", "notes", "created_stamp"}


def test_the_key_spelt_after_its_own_table_is_no_reference_to_that_table(tmp_path: Path) -> None:
    """A table served under the name of what its rows belong to (``/api/records/basket``: the lines of baskets),
    each row holding ``basket_id``: that column is spelt as the table's own key after its own name, which no record
    uses to name another record of its table (a parent is a role: ``parent_basket_id``). The baskets themselves are
    never served; ``basket_id`` references nothing, though its values are keys of the lines too."""
    lines = [{"id": str(i), "sku": f"SKU-{i}", "quantity": str(i + 1), "basket_id": "1" if i < 4 else "2",
              "added_stamp": "2023-09-14 06:12:40"} for i in range(1, 7)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/records/basket", lines)])
    (lines_table,) = tables.values()
    assert "basket_id" in _columns(lines_table)
    assert "basket_id" not in _fks(lines_table), lines_table["foreign_keys"]


def test_items_with_ids_named_for_them_under_two_owners_are_each_owners_own(tmp_path: Path) -> None:
    """A project and a client each list ``Notes`` whose ids are named for them (``NoteID``), no id under both: the
    notes of each owner are a child table of that owner (``<owner>_notes``, keyed by ``note_id``), not one table of
    notes with a nullable reference to each owner."""
    def notes(prefix: str) -> list[dict[str, Any]]:
        return [{"NoteID": f"{prefix}{n}-0000-4000-8000-00000000000{n}", "Body": f"note {n}", "Pinned": n == 1}
                for n in (1, 2)]
    projects = [{"ProjectID": "p-1", "Title": "Bridge", "Notes": notes("aaaaaaa")},
                {"ProjectID": "p-2", "Title": "Tunnel", "Notes": notes("bbbbbbb")}]
    clients = [{"ClientID": "c-1", "Company": "Acme", "Notes": notes("ccccccc")},
               {"ClientID": "c-2", "Company": "Initech", "Notes": notes("ddddddd")}]
    entries = [entry(f"{HOST}/api/Projects", {"Projects": projects}),
               entry(f"{HOST}/api/Clients", {"Clients": clients})]
    tables = _infer_entries(tmp_path, entries)
    noted = {name: t for name, t in tables.items() if "note_id" in _columns(t)}
    assert len(noted) == 2, list(tables)
    owners = sorted(ref for t in noted.values() for ref in _fks(t).values())
    assert owners == ["clients", "projects"], [t["foreign_keys"] for t in noted.values()]
    assert all(t["primary_key"] == ["note_id"] for t in noted.values()), [t["primary_key"] for t in noted.values()]


def test_the_parts_of_a_composite_record_are_records_of_its_own_table(tmp_path: Path) -> None:
    """Assemblies and their pieces are one kind of record (``/api/node/{id}``, told apart by ``type``), a composite
    listing its ``parts`` by id as a tree's node lists its ``children``: no table is named after the parts, so they
    are records of the composite's own table, a join ``node_parts(node_id, part_id)``, though none was read."""
    nodes = [{"id": 40100, "type": "assembly", "label": "gearbox", "parts": [40101, 40102, 40103]},
             {"id": 40210, "type": "assembly", "label": "axle", "parts": [40211, 40212]},
             {"id": 40307, "type": "piece", "label": "bolt", "weight": 12}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/node/{n['id']}", n) for n in nodes])
    assert "parts" not in _columns(tables["nodes"]), _columns(tables["nodes"])
    join = tables["node_parts"]
    assert _columns(join) == {"node_id", "part_id"}
    assert sorted(_fks(join).values()) == ["nodes", "nodes"]


def test_a_copy_of_the_referenced_records_natural_key_beside_its_reference_is_no_column(tmp_path: Path) -> None:
    """Seats name their account by ``account_id`` and repeat its ``username`` beside it, equal to the account's own
    wherever the capture read that account (the third account was never read): the copy is the account's attribute
    (a reference's copied attributes are not repeated), no column of the seats."""
    accounts = [{"id": 1, "username": "zoe", "active": True}, {"id": 2, "username": "ravi", "active": False}]
    seats = [{"id": 10, "account_id": 1, "username": "zoe", "level": 2},
             {"id": 11, "account_id": 2, "username": "ravi", "level": 1},
             {"id": 12, "account_id": 3, "username": "lou", "level": 1}]
    entries = [entry(f"{HOST}/api/accounts", accounts), entry(f"{HOST}/api/boards/5/seats", seats)]
    tables = _infer_entries(tmp_path, entries)
    assert _fks(tables["seats"]).get("account_id") == "accounts", tables["seats"]["foreign_keys"]
    assert _columns(tables["seats"]) == {"id", "account_id", "level", "board_id"}, _columns(tables["seats"])
    assert "username" in _columns(tables["accounts"])
