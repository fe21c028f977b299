"""General inference rules of the twentieth round (d), each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://meters.test"


def test_a_read_verb_glued_to_the_resource_names_its_table(tmp_path: Path) -> None:
    """``POST /api/getgauges`` answering gauges: the last word is an operation, a read verb glued in lower case
    to what it reads, so its records are read (by ``POST`` too), under the table of that resource."""
    gauges = [{"id": 1, "label": "boiler", "unit": "C"}, {"id": 2, "label": "attic", "unit": "C"}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/getgauges", gauges, method="POST")])
    assert list(tables) == ["gauges"], tables
    assert tables["gauges"]["primary_key"] == ["id"], tables["gauges"]


def test_the_answers_timing_beside_a_wrapper_is_no_data(tmp_path: Path) -> None:
    """``{"body": {"gauges": [...]}, "status": "ok", "time_exec": 0.02, "server_time": 1700000000}``: the server's
    timing is the answer's, like its status, so the wrapper is unwrapped and no column holds the timing."""
    answer = {"body": {"gauges": [{"id": 1, "label": "boiler"}, {"id": 2, "label": "attic"}]}, "status": "ok",
              "time_exec": 0.021, "server_time": 1700000000}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/gauges", answer)])
    columns = {c["name"] for t in tables.values() for c in t["columns"]}
    assert "gauges" in tables, tables
    assert not columns & {"time_exec", "server_time", "status"}, columns


def test_hardware_addresses_key_devices_read_under_two_parents(tmp_path: Path) -> None:
    """A sensor (keyed by its MAC address) listed under two hubs with different readings is one sensor read twice:
    hardware addresses are unique by construction, so they key the sensors."""
    def sensor(mac: str, level: int) -> dict[str, object]:
        return {"id": mac, "kind": "probe", "level": level}

    hubs = [{"id": "70:ee:50:00:00:01", "name": "hall",
             "sensors": [sensor("02:00:00:00:00:0a", 3), sensor("02:00:00:00:00:0b", 4)]},
            {"id": "70:ee:50:00:00:02", "name": "barn",
             "sensors": [sensor("02:00:00:00:00:0b", 9), sensor("02:00:00:00:00:0c", 1)]}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/hubs", hubs)])
    sensors = next(t for name, t in tables.items() if name.endswith("sensors"))
    assert sensors["primary_key"] == ["id"], sensors


def test_an_answer_wrapped_with_its_outcome_holds_its_payload_and_records_beside_it(tmp_path: Path) -> None:
    """``{"success": true, "data": [...], "alerts": [...], "appVersion": "5.1", "revision": 12}``: the outcome flag beside
    one generic wrapper says the wrapper holds the payload, the list of records beside it is served with it (a table
    of its own), and the scalars (versions, counters) are the answer's."""
    def wrapped(data: object) -> dict[str, object]:
        return {"success": True, "data": data, "alerts": [{"id": "a1", "kind": "badge"}], "appVersion": "5.1",
                "revision": 12}

    chores = [{"id": "c1", "title": "dishes", "points": 3}, {"id": "c2", "title": "laundry", "points": 5}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/v3/chores", wrapped(chores)),
                                       entry(f"{HOST}/api/v3/chores/c1", wrapped(chores[0]))])
    assert sorted(tables) == ["alerts", "chores"], tables
    columns = {c["name"] for c in tables["chores"]["columns"]}
    assert columns == {"id", "title", "points"}, columns
    assert tables["alerts"]["primary_key"] == ["id"], tables["alerts"]
