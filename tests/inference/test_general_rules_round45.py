"""General inference rules of the forty-fifth round (a read naming the fields it wants says nothing of the others,
...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://kiln.test/api"


def _glazes() -> list[dict[str, object]]:
    return [{"id": 40 + i, "label": f"Glaze {i}", "cone": 6 + i % 2, "finish": "matte" if i % 2 else "gloss",
             "notes": f"Mix {i}", "owner": {"id": 7, "nick": "potter"}, "fired_at": f"2024-05-0{i + 1}T09:00:00Z"}
            for i in range(3)]


def test_fields_a_read_did_not_name_are_not_made_nullable_by_it(tmp_path: Path) -> None:
    """``GET /glazes?include=id,label,owner`` and ``GET /glazes?ids=40,41,42&fields=id,notes`` list the same glazes, each
    read holding only the fields its query names; ``GET /glazes/{id}`` serves each whole. A field a read did not name
    is no field the record lacks: the columns stay not null (a field a record lacks at its own address still is)."""
    glazes = _glazes()
    first = [{k: g[k] for k in ("id", "label", "owner")} for g in glazes]
    second = [{k: g[k] for k in ("id", "notes")} for g in glazes]
    details = [dict(g) for g in glazes]
    del details[2]["fired_at"]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/glazes?page=1&include=id%2Clabel%2Cowner", {"count": 3, "next": None, "previous": None,
                                                                    "results": first}),
        entry(f"{HOST}/glazes?ids=40%2C41%2C42&fields=id%2Cnotes", {"count": 3, "next": None, "previous": None,
                                                                     "results": second}),
        *[entry(f"{HOST}/glazes/{g['id']}", g) for g in details],
    ])
    glaze = next(t for t in tables.values() if "cone" in _columns(t))
    columns = _columns(glaze)
    assert not [c for c in ("label", "cone", "finish", "notes", "owner_id") if columns[c]["nullable"]], columns
    assert columns["fired_at"]["nullable"], columns


def test_a_list_of_one_reference_at_most_is_a_reference_column(tmp_path: Path) -> None:
    """``GET /batches`` answering batches whose ``checked_by`` is ``[{"potter_id": 3}]`` or ``[]``, never two items,
    beside ``GET /potters``: the list is a to-one reference served as a list, the column ``checked_by`` referencing
    ``potters`` (null where the list is empty), not a join table ``batch_checked_by``."""
    potters = [{"id": i, "nick": f"potter{i}", "joined": f"2024-01-0{i}T00:00:00Z"} for i in range(1, 5)]
    batches = [{"id": 900 + i, "kiln": f"K{i % 2}", "pieces": 10 + i,
                "checked_by": [] if i % 3 == 0 else [{"potter_id": 1 + i % 4}]} for i in range(9)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/potters", potters),
        entry(f"{HOST}/batches?page=1", {"count": 9, "next": None, "previous": None, "results": batches}),
    ])
    assert not [n for n in tables if "checked" in n], tables
    batch = next(t for t in tables.values() if "kiln" in _columns(t))
    assert _columns(batch)["checked_by"]["nullable"], batch
    assert any(fk["columns"] == ["checked_by"] and fk["ref_table"] == "potters" for fk in batch["foreign_keys"]), batch


def test_records_keyed_by_another_tables_field_names_are_no_table(tmp_path: Path) -> None:
    """``GET /shelf/columns?kiln=2`` answering ``{"columns": [{"id": "fired_at", "title": "Fired", "type": "Datetime",
    "visible": true, "parent": null}, …]}`` beside the pieces it describes (``GET /pieces?kiln=2``): each record is
    keyed by the name of a field the pieces hold, a grid's column settings, no table of its own."""
    pieces = [{"id": 300 + i, "title": f"Bowl {i}", "fired_at": f"2024-06-0{i + 1}T10:00:00Z", "weight": 400 + i,
               "glaze": "celadon", "cracked": i == 2, "kiln": 2} for i in range(4)]
    columns = [{"id": name, "title": name.title(), "type": kind, "visible": i % 2 == 0, "parent": None}
               for i, (name, kind) in enumerate([("id", "Number"), ("title", "String"), ("fired_at", "Datetime"),
                                                 ("weight", "Number"), ("glaze", "String"), ("cracked", "Boolean"),
                                                 ("lead_time", "Number")])]
    kilns = [{"id": 2, "name": "Big kiln", "visible_columns": ["id", "title", "fired_at", "weight", "glaze"]},
             {"id": 3, "name": "Test kiln", "visible_columns": ["id", "title", "weight"]}]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/kilns", kilns),
        entry(f"{HOST}/pieces?kiln=2", pieces),
        entry(f"{HOST}/shelf/columns?kiln=2", {"columns": columns}),
    ])
    assert not [t for t in tables.values() if "visible" in _columns(t)], tables
    assert not [n for n in tables if "visible_columns" in n] and "visible_columns" in _columns(tables["kilns"]), tables
    assert [t for t in tables.values() if "weight" in _columns(t)], tables


def test_a_key_named_bare_after_another_table_references_it(tmp_path: Path) -> None:
    """``GET /studios/1/benches/{potter}`` answering ``{"potter": 3, "studio": 1, "since": …}``, beside ``GET /potters``:
    the benches are keyed by ``potter``, the bare name of the potters' table (keyed by ``id``), as a Django
    serializer names a one-to-one field; that key is also the reference to the potter."""
    potters = [{"id": i, "nick": f"potter{i}", "joined": f"2024-01-0{i}T00:00:00Z"} for i in range(1, 5)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/potters", potters),
        *[entry(f"{HOST}/studios/1/benches/{i}", {"potter": i, "studio": 1, "since": f"2024-02-0{i}T00:00:00Z",
                                                   "pieces_fired": 3 * i}) for i in (2, 3)],
    ])
    bench = next(t for t in tables.values() if "since" in _columns(t))
    assert bench["primary_key"] == ["potter"], bench
    assert any(fk["columns"] == ["potter"] and fk["ref_table"] == "potters" for fk in bench["foreign_keys"]), bench


def test_one_record_stamped_with_its_creation_below_its_parent_is_its_one_to_one(tmp_path: Path) -> None:
    """``GET /kilns/{id}/summary`` answering ``{"kiln": 2, "created_at": …, "glaze_names": [...], "fired_by_glaze":
    {...}}`` beside ``GET /kilns``: a word that usually names figures computed on the fly (``summary``), but the answer
    is one object stamped with its own creation, a stored record; it holds its parent's id under the parent's name,
    so it is the parent's one-to-one, keyed by ``kiln`` and referencing the kilns (no ``kiln_id`` beside it)."""
    kilns = [{"id": i, "name": f"Kiln {i}", "max_cone": 10} for i in range(1, 4)]
    summaries = [{"kiln": i, "created_at": f"2024-07-0{i}T08:00:00Z", "glaze_names": ["celadon", "tenmoku"][: i],
                  "fired_by_glaze": {"celadon": 40 + i, "tenmoku": 50 + i}} for i in range(1, 4)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/kilns", kilns),
        *[entry(f"{HOST}/kilns/{k['id']}", k) for k in kilns],
        *[entry(f"{HOST}/kilns/{s['kiln']}/summary", s) for s in summaries],
    ])
    summary = next(t for t in tables.values() if "fired_by_glaze_celadon" in _columns(t) or "fired_by_glaze" in _columns(t))
    assert summary["primary_key"] == ["kiln"] and "kiln_id" not in _columns(summary), summary
    assert [fk for fk in summary["foreign_keys"] if fk["columns"] == ["kiln"] and fk["ref_table"] == "kilns"], summary
