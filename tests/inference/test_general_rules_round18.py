"""General inference rules of the eighteenth round (a search's page beside its echoed query, a detail read without
its id keyed by its address, ...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://depot.test"


def test_a_search_page_beside_its_echoed_query_and_a_counter_is_the_list(tmp_path: Path) -> None:
    """``{"rows": [...], "lookup": {"where": [{"column": "colour", "equals": "red"}], "order": {"by": "label"}},
    "matchCount": 2}``: whatever the siblings are named, an object holding no identifier that names fields of the
    records, beside an integer counter, is the search echoed back; the records are one table, no envelope table."""
    crates = [{"crate_no": f"C{i}", "label": f"Crate {i}", "colour": "red", "weight": 3 * i} for i in (1, 2)]
    echo = {"where": [{"column": "colour", "equals": "red"}], "order": {"by": "label", "descending": False}}
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/crates?where=colour:red&order=label", {"rows": crates, "lookup": echo, "matchCount": 2}),
    ])
    assert set(tables) == {"crates"}, tables
    assert set(_columns(tables["crates"])) == {"crate_no", "label", "colour", "weight"}, tables["crates"]


def test_a_detail_read_without_its_id_takes_the_key_its_address_names(tmp_path: Path) -> None:
    """``GET /shelves/7`` answering a shelf without ``shelf_id`` while the list at ``/shelves`` holds ``shelf_id``:
    the detail is the row of that key (not a row without one), so ``shelf_id`` keys the table and is never null."""
    shelves = [{"shelf_id": i, "aisle": f"A{i % 2}", "levels": 4} for i in (5, 7, 9)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/shelves", shelves),
        entry(f"{HOST}/api/shelves/7", {"shelf": {"aisle": "A1", "levels": 4}}),
    ])
    shelf = tables["shelves"]
    assert shelf["primary_key"] == ["shelf_id"], shelf
    column = next(c for c in shelf["columns"] if c["name"] == "shelf_id")
    assert column["nullable"] is False, shelf


def test_a_lazily_loaded_wrapper_is_read_as_its_payload(tmp_path: Path) -> None:
    """``"keeper": {"data": {"id": 3, "name": "Ann"}, "loaded": true}``: an object of exactly a payload and a boolean
    loaded flag is the serialiser's wrapper of a relation; the payload is the related record, referenced as
    ``keeper_id``, and the flag no column."""
    keepers = [{"id": 3, "name": "Ann", "shift": "day"}, {"id": 4, "name": "Bo", "shift": "night"}]
    bins = [{"id": 10 + i, "label": f"B{i}", "keeper": {"data": keepers[i % 2], "loaded": True}} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/bins", bins)])
    columns = set(_columns(tables["bins"]))
    assert "keeper_id" in columns, tables["bins"]
    assert not any("loaded" in c or "data" in c for c in columns), columns


def test_metadata_pairs_under_different_owners_are_each_owners_own_table(tmp_path: Path) -> None:
    """``"attrs": [{"id": 51, "key": "fragile", "value": "yes"}]`` in a parcel and in each of its ``pieces``: lists of
    key/value pairs are their owner's attributes, one child table per owner (``parcel_attrs``, ``piece_attrs``), not
    one table of pairs shared between parcels and pieces."""
    parcels = [{"id": p, "sender": f"S{p}",
                "attrs": [{"id": 50 + p, "key": "fragile", "value": "yes"}],
                "pieces": [{"id": 10 * p + i, "weight": i + 1,
                            "attrs": [{"id": 100 * p + i, "key": "dent", "value": "no"}]} for i in (1, 2)]}
               for p in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/parcels", parcels)])
    owned = {name for name in tables if name.endswith("attrs")}
    assert owned == {"parcel_attrs", "piece_attrs"}, sorted(tables)


def test_items_of_one_field_under_two_owners_with_no_id_in_common_are_each_owners(tmp_path: Path) -> None:
    """``entries`` (ids of their own) in a ledger and in each of its ``reversals``: no entry id listed under both, so
    the reversals' entries are their own table (``reversal_entries``), not rows of the ledger's entries."""
    ledgers = [{"id": g, "title": f"L{g}",
                "entries": [{"id": 10 * g + i, "amount": 5 * i, "memo": f"e{i}"} for i in (1, 2)],
                "reversals": [{"id": 100 + g, "reason": "typo",
                               "entries": [{"id": 200 + g, "amount": -5, "reverses": 10 * g + 1}]}]}
               for g in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/ledgers", ledgers)])
    assert "reversal_entries" in tables, sorted(tables)
    assert "reverses" not in _columns(tables["entries"]), tables["entries"]


def test_a_short_list_of_rows_that_name_their_lister_is_no_association(tmp_path: Path) -> None:
    """A voyage's ``stops: [{"id": 11, "leg": 0}]`` while ``/voyages/{id}/stops`` serves each stop with its
    ``voyage_id``: the short list is the inverse side of the stops' own reference, no ``voyage_stops`` association
    table (its summary repeats what the stops serve)."""
    stops = {v: [{"id": 10 * v + i, "voyage_id": v, "port": f"P{v}{i}", "arrives": f"2025-0{i}-0{v}"} for i in (1, 2)]
             for v in (1, 2)}
    voyages = [{"id": v, "ship": f"S{v}", "stops": [{"id": s["id"], "leg": n} for n, s in enumerate(stops[v])]}
               for v in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/voyages", voyages)]
                            + [entry(f"{HOST}/api/voyages/{v}/stops", stops[v]) for v in (1, 2)])
    assert "stops" in tables, sorted(tables)
    assert "voyage_stops" not in tables, sorted(tables)
