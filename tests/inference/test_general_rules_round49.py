"""General inference rules of the forty-ninth round (references spelt as one word with ``id``, ...), each on a small
generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _fks

API = "https://greenhouse.test/api"


def test_a_reference_spelt_as_the_tables_word_and_id_in_one_word(tmp_path: Path) -> None:
    """``sensorid`` beside a sensors table keyed ``sensorid``, ``kioskid`` beside kiosks keyed ``id``: the table's
    word and ``id`` spelt as one word reference its key, filled or null in every record; after a role
    (``spare_sensorid``) the one word names nothing."""
    hexes = [f"{i:02x}" * 20 for i in range(1, 4)]
    sensors = [{"sensorid": h, "model": f"M{i}", "spare_sensorid": h, "battery": "high"} for i, h in enumerate(hexes)]
    samples = [{"sampleno": 100 + i, "sensorid": hexes[i % 3], "spare_sensorid": hexes[i % 3], "value": 20 + i}
               for i in range(5)]
    alarms = [{"alarmno": 7 + i, "sensorid": None, "level": "low"} for i in range(3)]
    kiosks = [{"id": i, "label": f"Kiosk {i}"} for i in range(1, 4)]
    tickets = [{"ticketno": f"T{i}", "kioskid": 1 + i % 3, "price": 5} for i in range(4)]
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/sensors", {"sensors": sensors}),
        entry(f"{API}/samples", {"samples": samples}),
        entry(f"{API}/alarms", {"alarms": alarms}),
        entry(f"{API}/kiosks", kiosks),
        entry(f"{API}/tickets", tickets),
    ])
    assert ("sensorid", "sensors") in _fks(tables["samples"]), tables["samples"]["foreign_keys"]
    assert ("sensorid", "sensors") in _fks(tables["alarms"]), tables["alarms"]["foreign_keys"]
    assert ("kioskid", "kiosks") in _fks(tables["tickets"]), tables["tickets"]["foreign_keys"]
    assert not [fk for fk in tables["sensors"]["foreign_keys"] if fk["columns"] == ["spare_sensorid"]]


def test_a_list_spelt_as_a_served_table_holds_its_opaque_keys(tmp_path: Path) -> None:
    """``parcels`` of a shipment: hash digests, two of the nine the keys of parcels the capture read: a list spelt
    exactly as a served table keyed by such tokens holds that table's keys though most rows were not read: a join
    table with references to both sides, not a ``text[]`` column."""
    digest = [f"0x{(7919 * (i + 3)) ** 5:064x}"[:66] for i in range(9)]
    shipments = [{"ref": f"S-{n}", "weight": 10 + n, "parcels": digest[3 * n:3 * n + 3]} for n in range(3)]
    parcels = [{"hash": digest[i], "size": "L", "shipment_ref": f"S-{i // 3}"} for i in (1, 5)]
    tables = _infer_entries(tmp_path, [
        *(entry(f"{API}/shipments/{s['ref']}", s) for s in shipments),
        *(entry(f"{API}/parcels/{p['hash']}", p) for p in parcels),
    ])
    join = next((t for n, t in tables.items() if n.endswith("_parcels") and n != "parcels"), None)
    assert join is not None, list(tables)
    assert {ref for _, ref in _fks(join)} == {"shipments", "parcels"}, join["foreign_keys"]
    assert "parcels" not in {c["name"] for c in tables["shipments"]["columns"]}


def test_readings_listed_apart_share_the_number_kind_of_the_latest_one(tmp_path: Path) -> None:
    """A gauge's ``latest`` reading embedded in it (``temp`` 21.5, ``wind`` 3.2, ...) and its readings listed at
    ``/gauges/{id}/readings``, whole numbers there (``temp`` 20): objects sharing most of their members hold one
    measure under each shared member, so the whole values are ``numeric`` as the decimals elsewhere."""
    latest = {"temp": 21.5, "wind": 3.2, "gust": 7.5, "rain": 0.25, "humid": 40, "lux": 1200}
    gauges = [{"id": g, "label": f"Gauge {g}", "latest": latest} for g in (1, 2)]
    readings = [{"taken": f"2024-05-0{d}T10:00:00Z", "temp": 20 + d, "wind": 3, "gust": 5 + d, "rain": 0,
                 "humid": 41} for d in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{API}/gauges", gauges),
        entry(f"{API}/gauges/1/readings", readings),
    ])
    listed = next(t for t in tables.values() if "taken" in {c["name"] for c in t["columns"]})
    types = {c["name"]: c["type"] for c in listed["columns"]}
    assert types["temp"] == types["wind"] == types["gust"] == types["rain"] == "numeric", types
    assert types["humid"] == "integer", types
