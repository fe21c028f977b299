"""General inference rules of the thirty-seventh round (counters of how an answer was cut beside its payload, ...),
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://atlas.test"


def test_counters_of_how_an_answer_was_cut_beside_its_payload_are_no_record(tmp_path: Path) -> None:
    """``{"lookup": {"maps": [...]}, "limits": {"maps": 200}}``: an object of whole numbers named by a counter word
    beside the payload, in an envelope of no scalar of its own, tells how the answer was cut; no table holds it."""
    maps = [{"mapno": 10 + i, "caption": f"Sheet {i}", "scale": 25000} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/svc/run?do=lookup&what=maps&n={i}", {"lookup": {"maps": maps[i:]}, "limits": {"maps": 200}})
        for i in range(3)
    ])
    assert not [t for t in tables.values() if "limits" in _columns(t) or "limits_maps" in _columns(t)], tables
    assert [t for t in tables.values() if "caption" in _columns(t)], tables


def test_a_list_of_the_requests_names_respelt_is_no_table(tmp_path: Path) -> None:
    """``{"lookup": {"respelt": [{"asked": "grey heron", "read": "Grey heron"}], "aliases": [...], "birds": [...]}}``:
    a list whose every item holds two spellings of one name (letter case, spaces, underscores) tells how the request
    was read; a list of pairs naming different things (an alias and the bird it leads to) stays a table."""
    birds = [{"ringno": 100 + i, "species": name, "wingMm": 180 + i} for i, name in enumerate(["Grey heron", "Teal"])]
    answers = [
        {"lookup": {"respelt": [{"asked": "grey heron", "read": "Grey heron"}], "birds": birds[:1]}},
        {"lookup": {"aliases": [{"asked": "Heron", "read": "Grey heron"}], "birds": birds[:1]}},
        {"lookup": {"respelt": [{"asked": "teal", "read": "Teal"}], "aliases": [{"asked": "Common teal", "read": "Teal"}],
                    "birds": birds[1:]}},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/svc/run?do=lookup&n={i}", a) for i, a in enumerate(answers)])
    pairs = [name for name, t in tables.items() if set(_columns(t)) >= {"asked", "read"}]
    assert len(pairs) == 1 and "alias" in pairs[0], tables


def test_a_parent_glued_to_id_references_its_own_table(tmp_path: Path) -> None:
    """``{"docid": 7, "versions": [{"verid": 702, "parentid": 650}]}``: beside keys spelt as one word (``verid``),
    ``parentid`` is the hierarchy word glued to ``id`` as they are: a reference to the table's own key, though the
    parents named were never served."""
    docs = [{"docid": 7 + i, "heading": f"Memo {i}", "versions": [{"verid": 700 + 10 * i, "parentid": 650 + 10 * i}]}
            for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/svc/run?do=docs&n={i}", {"docs": docs[i:]}) for i in range(3)])
    versions = next(t for t in tables.values() if "parentid" in _columns(t))
    assert versions["primary_key"] == ["verid"], versions
    assert any(fk["columns"] == ["parentid"] and fk["ref_columns"] == ["verid"] for fk in versions["foreign_keys"]), versions


def test_a_list_of_other_names_leading_to_records_is_keyed_by_the_other_name(tmp_path: Path) -> None:
    """``{"lookup": {"moved": [{"old": "Quay Street", "now": "Harbour Quay"}], "stops": [...]}}``: pairs of names, one
    the unique name of a served record (a stop's ``label``), the other not: other names each leading to one record,
    keyed by the other name and referencing the record by the name it holds."""
    stops = [{"id": 30 + i, "label": label, "zone": i % 2} for i, label in
             enumerate(["Harbour Quay", "Mill Lane", "Old Gate", "Ferry Point"])]
    answers = [
        {"lookup": {"moved": [{"old": "Quay Street", "now": "Harbour Quay"}], "stops": stops[:1]}},
        {"lookup": {"moved": [{"old": "Mill Road", "now": "Mill Lane"}], "stops": stops[1:2]}},
        {"lookup": {"stops": stops[2:]}},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/svc/run?do=lookup&n={i}", a) for i, a in enumerate(answers)])
    moved = next(t for t in tables.values() if set(_columns(t)) == {"old", "now"})
    assert moved["primary_key"] == ["old"], moved
    assert [(fk["columns"], fk["ref_columns"]) for fk in moved["foreign_keys"]] == [(["now"], ["label"])], moved


def test_a_childs_reference_to_a_key_glued_to_its_tables_name_is_that_key(tmp_path: Path) -> None:
    """``{"hives": [{"hiveid": 4, "frames": [{"slot": 1, "brood": true}]}]}``: the hives' key already names them
    (``hiveid``, the table's word glued to ``id``), so their frames name their hive by it, not ``hive_hiveid``."""
    hives = [{"hiveid": 4 + i, "apiary": f"Orchard {i}", "frames": [{"slot": s, "brood": s % 2 == 0} for s in range(3)]}
             for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/svc/run?do=hives&n={i}", {"hives": hives[i:]}) for i in range(3)])
    frames = next(t for t in tables.values() if "slot" in _columns(t))
    assert "hiveid" in _columns(frames) and "hive_hiveid" not in _columns(frames), frames


def _digest(n: int) -> str:
    return "0x" + format(n * 7919 + 0xA5, "064x")


def test_references_by_hash_digests_name_their_table_though_not_served(tmp_path: Path) -> None:
    """Records keyed by ``0x`` hash digests (``hash``): ``ledger_hash`` and a ledger's ``parent_hash`` are references
    to the ledgers by their form and name, though most ledgers they name were never read; a table named after the
    record it references (``entry_stamps`` of entries) is keyed by that reference, not by it and another."""
    ledgers = [{"hash": _digest(i), "parentHash": _digest(i + 100), "height": 10 + i} for i in range(3)]
    entries = [{"hash": _digest(200 + i), "ledgerHash": _digest(300 + i), "amount": 5 + i} for i in range(4)]
    stamps = [{"entryHash": e["hash"], "ledgerHash": _digest(i), "fee": i} for i, e in enumerate(entries)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/ledgers", ledgers), entry(f"{HOST}/entries", entries),
                                       entry(f"{HOST}/entry_stamps", stamps)])
    refs = {(name, tuple(fk["columns"]), fk["ref_table"]) for name, t in tables.items() for fk in t["foreign_keys"]}
    assert ("ledgers", ("parent_hash",), "ledgers") in refs, refs
    assert ("entries", ("ledger_hash",), "ledgers") in refs, refs
    assert tables["entry_stamps"]["primary_key"] == ["entry_hash"], tables["entry_stamps"]
