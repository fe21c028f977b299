"""General inference rules of the forty-third round (a record's own id spelt with its kind's words apart where the
path runs them together, ...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://greenhouse.test/api"


def test_an_id_spelt_with_the_words_the_path_runs_together_keys_its_table(tmp_path: Path) -> None:
    """``GET /plantedbeds`` answering ``{"items": [{"plantedBedId": "…", "displayName", "gardenId", "seedId"}]}``: the
    ``planted_bed_id`` is the table's own id (its words run together are the path's singular, ``plantedbed``), so it
    keys the table, not the name it is shown under, and is no reference to a table of ``beds`` or ``seeds``."""
    seeds = [{"seedId": f"5eed{i:04d}-0000-4000-8000-00000000000{i}", "variety": f"Variety {i}"} for i in range(3)]
    beds = [{"plantedBedId": f"bed0{i:04d}-1111-4000-8000-00000000000{i}", "displayName": f"Bed {i}",
             "gardenId": "9a4d0000-2222-4000-8000-000000000001", "seedId": seeds[i % 3]["seedId"],
             "sownDate": f"2024-03-0{i + 1}T08:00:00Z", "state": "GROWING"} for i in range(4)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/seeds", {"items": seeds, "_links": None}),
        entry(f"{HOST}/plantedbeds", {"items": beds, "_links": None}),
    ])
    bed = next(t for t in tables.values() if "sown_date" in _columns(t))
    assert bed["primary_key"] == ["planted_bed_id"], bed
    assert not [fk for fk in bed["foreign_keys"] if fk["columns"] == ["planted_bed_id"]], bed
    assert any(fk["columns"] == ["seed_id"] for fk in bed["foreign_keys"]), bed



def test_listed_objects_keyed_by_another_form_of_key_than_a_served_table_are_not_its_records(tmp_path: Path) -> None:
    """``GET /station?limit=3`` answering stations keyed by a UUID ``key``, each listing ``tags: [{"key": 7101, "type",
    "label", "createdBy", "created"}]``: the tags share the stations' key name and bookkeeping fields, but their keys
    are integers, none a station's: they are tags, not more stations, and the stations gain none of their fields."""
    stations = [{"key": f"5a7e{i:04d}-6666-4000-8000-00000000000{i}", "type": "WEATHER", "title": f"Station {i}",
                 "createdBy": "robot", "created": f"2024-0{i + 1}-02T03:04:05.000+00:00",
                 "tags": [{"key": 7100 + 3 * i + j, "type": "NAMESPACE", "label": f"tag-{i}-{j}", "createdBy": "robot",
                           "created": f"2024-0{i + 1}-02T03:04:06.000+00:00"} for j in range(2)]}
                for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/station?limit=3", {"offset": 0, "limit": 3, "endOfRecords": True, "count": 3,
                                          "results": stations}),
    ])
    station = next(t for t in tables.values() if "title" in _columns(t))
    assert station["primary_key"] == ["key"] and "label" not in _columns(station), station
    tag = next(t for t in tables.values() if "label" in _columns(t))
    assert "title" not in _columns(tag), tag


def test_an_object_named_for_a_role_before_an_embedded_table_is_its_record(tmp_path: Path) -> None:
    """``"pinned_book": {"id", "title", "pages", "isbn"}`` inside the ``aisles`` a shop lists, beside ``"shelf_books":
    [{"shop_id", "book": {"id", "title", "pages", "isbn", "blurb"}}]``: the table the field's last word names (``books``)
    holds records embedded elsewhere, not served at an address of their own; a role before that word makes the object
    one of its records, referenced by ``pinned_book_id``, not a table ``pinned_books``."""
    def book(n: int, blurb: bool = False) -> dict[str, object]:
        out = {"id": 800 + n, "title": f"Book {n}", "pages": 100 + n, "isbn": f"978000000{n:04d}",
               "cover_url": f"https://img.test/{n}.jpg"}
        return {**out, "blurb": f"About {n}"} if blurb else out
    shops = [{"id": 10 + i, "name": f"Shop {i}", "city": "Dunedin",
              "shelf_books": [{"shop_id": 10 + i, "book": book(3 * i + j, True)} for j in range(3)],
              "aisles": [{"id": 50 + 2 * i + j, "label": f"A{j}", "pinned_book": book(20 + 2 * i + j)} for j in range(2)]}
             for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/shops", shops)])
    assert not [n for n in tables if "pinned" in n], tables
    aisle = next(t for t in tables.values() if "label" in _columns(t))
    assert any(fk["columns"] == ["pinned_book_id"] and "book" in fk["ref_table"] for fk in aisle["foreign_keys"]), aisle


def test_lists_of_the_holders_own_kind_named_by_its_id_list_or_as_below_it_are_its_records(tmp_path: Path) -> None:
    """``{"id": 31, "name", "level", "parent_id", "ancestor_ids": [1, 4], "ancestors": [{"id": 1, "name", "level",
    "parent_id", "ancestor_ids"}, …], "children": [{"id": 301, …, "parent_id": 31}]}``: lists of records of the holder's
    own kind, named neither after its table nor with a qualifier before that name, are its records when the holder
    lists their ids in ``<singular>_ids`` (its ancestors: a join of the table with itself) or names them by a word
    putting them below it (its children, naming it as their parent): rows of the holder's table, no table of
    ``ancestors`` or ``children``."""
    def region(rid: int, parent: int | None, chain: list[int]) -> dict[str, object]:
        return {"id": rid, "name": f"Region {rid}", "level": len(chain), "parent_id": parent, "ancestor_ids": chain,
                "population": 1000 * rid, "is_active": True}
    regions = []
    for i in range(3):
        rid = 31 + i
        chain = [1, 4 + i]
        regions.append({**region(rid, chain[-1], chain),
                        "ancestors": [region(1, None, []), region(4 + i, 1, [1])],
                        "children": [region(300 + 10 * i + j, rid, [*chain, rid]) for j in range(2)]})
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/regions?rank=district", {"total": 3, "results": regions})])
    assert not [n for n in tables if "ancestor" in n and "population" in _columns(tables[n])], tables
    assert not [n for n in tables if "child" in n], tables
    region_table = next(t for t in tables.values() if "population" in _columns(t))
    join = next(t for n, t in tables.items() if "ancestor" in n)
    assert {fk["ref_table"] for fk in join["foreign_keys"]} == {next(n for n, t in tables.items() if t is region_table)}


def test_greek_nouns_in_on_have_plurals_in_a(tmp_path: Path) -> None:
    """``GET /phenomena`` answering records with ``readings`` (objects without identity): the table is named for the
    Greek noun's plural, so its singular is ``phenomenon`` (``criterion``, ``automaton`` alike), not ``phenomena``:
    the child table and its reference are ``phenomenon_readings.phenomenon_id``, as a reference named for it is."""
    phenomena = [{"id": 70 + i, "label": f"Phenomenon {i}", "kind": "optical",
                  "readings": [{"value": 1.5 + j, "unit": "mm"} for j in range(2)]} for i in range(3)]
    reports = [{"id": 900 + i, "phenomenon_id": 70 + i % 3, "seen": f"2024-05-0{i + 1}"} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/phenomena", phenomena), entry(f"{HOST}/reports", reports)])
    child = next(t for t in tables.values() if "unit" in _columns(t))
    assert "phenomenon_id" in _columns(child), child
    report = next(t for t in tables.values() if "seen" in _columns(t))
    assert any(fk["columns"] == ["phenomenon_id"] for fk in report["foreign_keys"]), report
