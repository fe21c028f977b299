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


def _versioned(value: str, stamp: int) -> dict[str, object]:
    return {"value": value, "timestamp": stamp, "source": "API", "sourceId": None,
            "versions": [{"name": "x", "value": value, "timestamp": stamp, "source": "API", "sourceVid": []}]}


def test_versioned_property_maps_are_the_records_fields_and_their_history(tmp_path: Path) -> None:
    """Each deal serves its fields as ``properties: {stage: {value, timestamp, source, versions: [...]}, ...}``: the
    values are the deal's own columns named by the property (``stage``, ``amount``), the provenance beside them no
    column, and the versions one history table of the deals (``deal_property_versions``) naming the property."""
    deals = [
        {"dealId": 1, "portalId": 9, "properties": {"stage": _versioned("won", 1700000000000),
                                                    "amount": _versioned("120", 1700000000001)}},
        {"dealId": 2, "portalId": 9, "properties": {"stage": _versioned("lost", 1700000000002),
                                                    "amount": _versioned("80", 1700000000003)}},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/crm/v2/deals/1", deals[0]),
                                       entry(f"{HOST}/crm/v2/deals/2", deals[1])])
    assert {"stage", "amount", "deal_id"} <= _columns(tables["deals"]), tables["deals"]
    assert not any(c.startswith("properties") for c in _columns(tables["deals"])), tables["deals"]
    assert "deal_property_versions" in tables, list(tables)
    history = tables["deal_property_versions"]
    assert {"name", "value", "timestamp", "source"} <= _columns(history), history
    assert [t for t in tables if "versions" in t] == ["deal_property_versions"], list(tables)


def test_a_key_spelt_apart_in_records_of_their_own_is_one_column(tmp_path: Path) -> None:
    """One answer spells the store's key ``storeId``, another (a copy read elsewhere) ``store-id``: never both in one
    record, they are one column ``store_id``, not ``store_id`` and ``store_id_2``."""
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/stores", [{"storeId": 1, "label": "A"},
                                                                    {"storeId": 2, "label": "B"}]),
                                       entry(f"{HOST}/api/stores/3", {"store-id": 3, "label": "C"})])
    assert _columns(tables["stores"]) == {"store_id", "label"}, tables["stores"]


def test_an_object_under_a_role_before_a_served_entity_is_a_reference(tmp_path: Path) -> None:
    """Each order embeds ``billing-store: {storeId, label, city}``: the field names a role before ``store``, a served
    entity keyed by ``storeId``, so the object is a store, ``billing_store_store_id`` → stores, its fields no
    columns of the order."""
    stores = [{"storeId": 1, "label": "A", "city": "Oslo"}, {"storeId": 2, "label": "B", "city": "Rome"}]
    orders = [{"id": 10, "total": 5, "billing-store": {"storeId": 1, "label": "A", "city": "Oslo"}},
              {"id": 11, "total": 7, "billing-store": {"storeId": 2, "label": "B", "city": "Rome"}}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/stores", stores), entry(f"{HOST}/api/orders", orders)])
    assert _columns(tables["orders"]) == {"id", "total", "billing_store_store_id"}, tables["orders"]
    assert ("billing_store_store_id", "stores") in {(f["columns"][0], f["ref_table"])
                                                     for f in tables["orders"]["foreign_keys"]}, tables["orders"]


def test_a_record_read_by_a_named_field_with_a_view_word_is_a_row_of_the_collection(tmp_path: Path) -> None:
    """``POST /api/v1/member`` creates member 41; ``GET /api/v1/member/code/41/card`` reads it by its ``code``
    field (the literal before the value names the field), ``card`` naming a representation of it: one table
    ``members``, no ``cards``."""
    created = {"code": 41, "nickname": "ada"}
    card = {"code": 41, "nickname": "ada", "level": 3, "joined": "2024-01-02"}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/v1/member", created, method="POST"),
                                       entry(f"{HOST}/api/v1/member/code/41/card", card)])
    assert list(tables) == ["members"], list(tables)
    assert _columns(tables["members"]) == {"code", "nickname", "level", "joined"}, tables["members"]


def test_a_decimal_in_a_measures_name_is_no_namespace(tmp_path: Path) -> None:
    """Each station's ``averages`` object names its measures with decimals (``pm2.5``, ``pm2.5_1hour``,
    ``pm10.0``, ``0.3_um``): field names, not dotted namespaced keys of a map, so the object is flattened."""
    stations = [{"id": n, "averages": {"pm2.5": 1.5 * n, "pm2.5_1hour": 2.0 * n, "pm10.0": 3.0, "0.3_um": n,
                                       "updated": 1667503589}} for n in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v2/stations", stations)])
    columns = _columns(tables["stations"])
    assert "averages" not in columns, columns
    assert {"averages_pm2_5", "averages_pm2_5_1hour", "averages_pm10_0", "averages_0_3_um"} <= columns, columns
