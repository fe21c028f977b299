"""General inference rules of the thirty-sixth round (JSON-RPC methods naming their resource after a namespace,
...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://node.test"


def _rpc(method: str, params: list[Any], result: Any, call_id: int) -> dict[str, Any]:
    """A JSON-RPC 2.0 call ``POST /`` of ``method`` and its answer ``{jsonrpc, id, result}``."""
    item = entry(f"{HOST}/", {"jsonrpc": "2.0", "id": call_id, "result": result}, method="POST")
    text = json.dumps({"jsonrpc": "2.0", "id": call_id, "method": method, "params": params})
    item["request"]["postData"] = {"mimeType": "application/json", "text": text}
    item["request"]["bodySize"] = len(text)
    return item


def test_namespaced_rpc_methods_name_the_resource_after_their_verb(tmp_path: Path) -> None:
    """JSON-RPC calls at one address whose methods are a namespace and a verb with a noun (``depot_getCrateByCode``,
    ``depot_getPalletByCode``, ``depot_getPalletLoad``): each method's answers are rows of the resource its noun names
    (``crates``, ``pallets``, ``pallet_loads``), the ``By…`` qualifier dropped, not one table named after the
    namespace holding them all."""
    crates = [{"code": f"CR-{i}", "weight": 12 + i, "sealed": i % 2 == 0, "palletCode": f"P{i % 2}"} for i in range(4)]
    pallets = [{"code": f"P{i}", "bay": f"B{i}", "capacity": 40} for i in range(2)]
    loads = [{"palletCode": f"P{i}", "crates": 2, "loadedAt": f"2024-05-0{i + 1}T08:00:00Z"} for i in range(2)]
    calls = [_rpc("depot_getCrateByCode", [c["code"]], c, i) for i, c in enumerate(crates)]
    calls += [_rpc("depot_getPalletByCode", [p["code"]], p, 10 + i) for i, p in enumerate(pallets)]
    calls += [_rpc("depot_getPalletLoad", [p["palletCode"]], p, 20 + i) for i, p in enumerate(loads)]
    tables = _infer_entries(tmp_path, calls)
    assert "depots" not in tables, tables
    assert {"crates", "pallets", "pallet_loads"} <= set(tables), tables
    assert set(_columns(tables["crates"])) >= {"code", "weight", "sealed", "pallet_code"}, tables["crates"]
    assert set(_columns(tables["pallets"])) == {"code", "bay", "capacity"}, tables["pallets"]
    assert "loaded_at" in _columns(tables["pallet_loads"]), tables["pallet_loads"]


def test_a_list_at_an_item_address_without_its_key_is_the_items_records(tmp_path: Path) -> None:
    """``GET /gauges`` lists the gauges; ``GET /gauges/{id}`` answers a list of readings none of which holds the
    gauge's id: the readings are a table of their own beneath the gauge (referencing it by the address's value),
    not rows of ``gauges``; a list at an item address holding the address's value (the gauge in a list) stays a
    gauge."""
    gauges = [{"id": f"g-{i}", "label": f"Weir {i}", "site": {"river": "Ouse", "bank": "left"}} for i in range(3)]
    readings = [{"takenAt": 1700000000000 + 60000 * i, "levelCm": 40 + i, "flowM3s": 1.5 * i} for i in range(4)]
    tables = _infer_entries(tmp_path, [
        entry("https://river.test/api/gauges", gauges),
        entry("https://river.test/api/gauges/g-1", readings),
        entry("https://river.test/api/gauges/g-2", readings[:2]),
        entry("https://river.test/api/gauges/g-0", [gauges[0]]),
    ])
    assert "taken_at" not in _columns(tables["gauges"]), tables["gauges"]
    assert tables["gauges"]["primary_key"] == ["id"], tables["gauges"]
    held = [t for t in tables.values() if "taken_at" in _columns(t)]
    assert len(held) == 1 and held[0]["name"] != "gauges", tables
    assert set(_columns(held[0])) >= {"taken_at", "level_cm", "flow_m3s"}, held[0]
    assert [(fk["ref_table"], fk["ref_columns"]) for fk in held[0]["foreign_keys"]] == [("gauges", ["id"])], held[0]


def test_hardware_addresses_of_any_name_key_their_devices(tmp_path: Path) -> None:
    """Beacons whose one identifier is a MAC address under a name of its own (``radioAddr``), one beacon read twice
    (in the list and alone) with readings that disagree: the address keys the beacons, whatever its name."""
    beacons = [{"radioAddr": f"0A:1B:2C:3D:4E:{i:02X}", "label": f"Dock {i}", "battery": 90 - i, "rssi": -60 - i,
                "zone": "north", "firmware": "2.1"} for i in range(4)]
    again = {**beacons[1], "battery": 71, "rssi": -75, "label": "Dock 1 (moved)"}
    tables = _infer_entries(tmp_path, [
        entry("https://fleet.test/api/beacons", beacons),
        entry("https://fleet.test/api/beacon-status?beacon=0A:1B:2C:3D:4E:01", again),
    ])
    assert tables["beacons"]["primary_key"] == ["radio_addr"], tables["beacons"]


def test_entries_of_one_shape_keyed_by_name_are_one_json_value(tmp_path: Path) -> None:
    """A record holding highs and lows by measure (``extremes: {"temp": {"max", "min", "at"}, "wind": {...}, …}``,
    seven measures and a scalar beside them): one ``jsonb`` column, not a column per measure and member; an object
    of a few such entries (``range: {"low": {...}, "high": {...}}``) stays flattened."""
    measures = ("temp", "wind", "gust", "rain", "dew", "uv", "lux")
    buoys = [{"id": i, "name": f"Buoy {i}", "extremes": {"day": 20240501 + i, **{m: {"max": 10.5 + i, "min": 1.5,
              "at": 1714550400 + i} for m in measures}}, "range": {"low": {"depth": 1, "temp": 4.5},
              "high": {"depth": 9, "temp": 11.0}}} for i in range(3)]
    tables = _infer_entries(tmp_path, [entry("https://sea.test/api/buoys", buoys)])
    columns = _columns(tables["buoys"])
    assert columns["extremes"]["type"] == "jsonb", columns
    assert not any(c.startswith("extremes_") for c in columns), columns
    assert {"range_low_depth", "range_high_temp"} <= set(columns), columns


def test_an_id_glued_to_the_start_of_the_tables_last_word_keys_it(tmp_path: Path) -> None:
    """Shipments whose own id is ``shipid`` (the start of their name glued to ``id``) beside a ``carrierid`` shared by
    them all: ``shipid`` keys the shipments."""
    shipments = [{"shipid": 4100 + i, "carrierid": 7, "weight": 2.5 * i, "sentOn": f"2024-03-0{i + 1}"} for i in range(4)]
    tables = _infer_entries(tmp_path, [entry("https://depot.test/api/shipments", shipments)])
    assert tables["shipments"]["primary_key"] == ["shipid"], tables["shipments"]


def test_a_list_described_by_the_other_holds_the_answers_records(tmp_path: Path) -> None:
    """A query answer carrying its records' columns beside them (``columns: [{"name": "CRANE_NO", "kind": …}, …]``,
    ``cranes: [{"values": {"CRANE_NO": 1, …}, "pos": {…}}, …]`` and a few members of its own): the described list
    holds the records (one table, ``values`` and ``pos`` flattened), the describing list and the members beside
    them are the answer's own, no record."""
    columns = [{"name": n, "kind": k} for n, k in (("CRANE_NO", "int"), ("LIFT_T", "float"), ("BERTH", "str"))]
    cranes = [{"values": {"CRANE_NO": i, "LIFT_T": 40.5 + i, "BERTH": f"B{i}"}, "pos": {"x": 1.5 * i, "y": 2.0}}
              for i in range(1, 5)]
    answer = {"label": "Harbour cranes", "srid": 4326, "columns": columns, "cranes": cranes}
    item = entry("https://port.test/services/Harbour/Layer/3/query", answer, method="POST")
    tables = _infer_entries(tmp_path, [item])
    held = [t for t in tables.values() if "values_lift_t" in _columns(t)]
    assert len(held) == 1, tables
    assert {"values_crane_no", "values_berth", "pos_x", "pos_y"} <= set(_columns(held[0])), held[0]
    assert not any("label" in _columns(t) or "srid" in _columns(t) for t in tables.values()), tables


def test_a_list_whose_names_are_not_text_describes_nothing() -> None:
    from inference.described_lists import described_list

    rows = [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    odd = [{"name": {"first": "a"}}, {"name": ["b"]}]
    assert described_list([("labels", odd), ("rows", rows)]) is None
    assert described_list([("labels", [{"name": "a"}, {"name": "b"}]), ("rows", rows)]) == ("rows", rows)
