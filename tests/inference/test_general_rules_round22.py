"""General inference rules of the twenty-second round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://gauges.test"


def _columns(table: dict[str, object]) -> set[str]:
    return {c["name"] for c in table["columns"]}  # type: ignore[attr-defined,index]


def test_a_table_served_column_wise_is_read_as_rows(tmp_path: Path) -> None:
    """``{"columns": ["station_id", "label", "depth"], "rows": [[7, "North", 2.5], ...], "took": 3}``: the column
    names once, each row a bare list of values in their order; the rows are the records, the header no column."""
    body = {"took": 3, "columns": ["station_id", "label", "depth"],
            "rows": [[7, "North", 2.5], [8, "South", 3.25], [9, "East", None]]}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v2/stations?select=station_id,label,depth", body)])
    assert "stations" in tables, list(tables)
    stations = tables["stations"]
    assert _columns(stations) == {"station_id", "label", "depth"}, stations
    assert stations["primary_key"] == ["station_id"], stations


def test_a_header_of_named_column_objects_also_reads_the_rows(tmp_path: Path) -> None:
    """``{"meta": [{"name": "code", "type": "String"}, ...], "data": [["a1", 3], ...], "rows": 2}``: the header lists
    each column as an object naming it; the rows are records."""
    body = {"meta": [{"name": "code", "type": "String"}, {"name": "level", "type": "UInt8"}],
            "data": [["a1", 3], ["b2", 4]], "rows": 2}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v2/readings", body)])
    assert "readings" in tables, list(tables)
    assert _columns(tables["readings"]) == {"code", "level"}, tables["readings"]


def test_a_record_wrapped_in_its_collections_singular_beside_answer_stamps(tmp_path: Path) -> None:
    """``/v2/stations/7`` answers ``{"service_version": "1.4", "served_at": 1667503589, "station": {...}}``: the
    one object member is named as one of the route's collection, so it is the record and the scalars beside it are
    the answer's stamps, whatever their names; the list and the read are one table."""
    listed = {"columns": ["station_id", "label"], "rows": [[7, "North"], [8, "South"]]}
    read = {"service_version": "1.4", "served_at": 1667503589,
            "station": {"station_id": 7, "label": "North", "depth": 2.5, "installed": 1632955574}}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v2/stations", listed), entry(f"{HOST}/v2/stations/7", read)])
    assert list(tables) == ["stations"], list(tables)
    stations = tables["stations"]
    assert _columns(stations) == {"station_id", "label", "depth", "installed"}, stations
    assert stations["primary_key"] == ["station_id"], stations


def test_typed_pointers_naming_one_served_type_reference_its_table(tmp_path: Path) -> None:
    """Rooms list their ``members`` and name their ``owner`` by typed pointers ``{"rid": …, "rtype": …}``: every
    member pointer names a ``sensor``, a served table, so ``rid`` references ``sensors`` and the constant ``rtype``
    is no column; the owners name several types (a polymorphic pointer), so theirs keep the tag."""
    sensors = [{"id": f"s{n}", "label": f"S{n}", "kind": "thermo"} for n in range(1, 5)]
    rooms = [
        {"id": "r1", "label": "Hall", "owner": {"rid": "h1", "rtype": "home"},
         "members": [{"rid": "s1", "rtype": "sensor"}, {"rid": "s2", "rtype": "sensor"}]},
        {"id": "r2", "label": "Attic", "owner": {"rid": "z1", "rtype": "zone"},
         "members": [{"rid": "s3", "rtype": "sensor"}]},
        {"id": "r3", "label": "Cellar", "owner": {"rid": "h1", "rtype": "home"},
         "members": [{"rid": "s4", "rtype": "sensor"}, {"rid": "s1", "rtype": "sensor"}]},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/sensors", {"data": sensors}),
                                       entry(f"{HOST}/api/rooms", {"data": rooms})])
    members = next(t for name, t in tables.items() if name.startswith("room_member"))
    assert "rtype" not in _columns(members), members
    assert ("rid", "sensors") in {(f["columns"][0], f["ref_table"]) for f in members["foreign_keys"]}, members
    assert "owner_rtype" in _columns(tables["rooms"]), tables["rooms"]
