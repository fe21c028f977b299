"""General inference rules of the forty-first round (a payload of the same scalar measures in every record, ...),
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://tracker.test"


def test_a_data_payload_of_the_same_numeric_measures_in_every_record_is_flattened(tmp_path: Path) -> None:
    """``{"id": 1, "start": ..., "data": {"laps": 12, "pace": 5.1, "heart_max": 171, ...}}`` in every ride: a payload
    named ``data`` whose occurrences hold the same numeric fields (one of them every field, others leaving some out)
    is the record's own measures under the API's wrapper, flattened as ``data_*`` columns; a ``data`` payload holding
    texts or lists (a stored block's values) stays one ``jsonb`` value."""
    rides = [{"id": 100 + i, "start": f"2024-03-0{i + 1}T06:00:00Z", "model": "Band 2",
              "data": {"laps": 10 + i, "pace": 5.1 + i / 10, "heart_max": 160 + i, "climb": 30 * i}}
             for i in range(4)]
    rides[3]["data"] = {"laps": 4, "pace": 6.0}
    blocks = [{"id": 200 + i, "name": f"block {i}", "data": {"host": "a.internal", "port": 5432 + i}}
              for i in range(3)] + [{"id": 210, "name": "block 10", "data": {"hosts": ["b.internal"], "port": 1}}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v1/rides?page=1", {"rides": rides}),
                                       entry(f"{HOST}/v1/blocks", blocks)])
    ride = next(t for t in tables.values() if "start" in _columns(t))
    cols = _columns(ride)
    assert {"data_laps", "data_pace", "data_heart_max", "data_climb"} <= set(cols) and "data" not in cols, ride
    assert cols["data_heart_max"]["nullable"] and not cols["data_laps"]["nullable"], ride
    block = next(t for t in tables.values() if "name" in _columns(t) and "start" not in _columns(t))
    assert _columns(block)["data"]["type"] == "jsonb", block


def test_a_flattened_name_postgres_keeps_whole_is_not_cut(tmp_path: Path) -> None:
    """``{"alerts": {"quiet_hours": {"weekend_start_offset_minutes": 30}}}``: a column name of 59 to 63 bytes is one
    Postgres keeps as written, so it is not cut (only longer names are, with room for a suffix when two collide)."""
    long_tail = "weekend_start_offset_in_minutes"
    homes = [{"id": i, "label": f"home {i}", "alerts_preferences": {"quiet_hours": {long_tail: 30 + i,
                                                                                   long_tail + "_extra_margin": i}}}
             for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v1/homes", homes)])
    cols = set(_columns(tables["homes"]))
    whole = f"alerts_preferences_quiet_hours_{long_tail}"
    assert 58 < len(whole) <= 63 and whole in cols, cols
    assert all(len(c.encode()) <= 63 for c in cols) and len(cols) == 4, cols


def test_a_nested_object_of_many_fixed_fields_is_flattened(tmp_path: Path) -> None:
    """Every camera's ``"tuning": {"admin": {eighty settings}}``, the same eighty in each: more fields than a record
    usually has, but the same in every occurrence and named as fields, so they are the camera's columns
    (``tuning_admin_gain_level_07``), not one ``jsonb`` value kept whole as a map keyed by data is."""
    fields = [f"{word}_level_{n:02d}" for n in range(20) for word in ("gain", "noise", "frame", "delay")]
    cameras = [{"uuid": f"c0ffee0{i}-0000-4000-8000-00000000000{i}", "label": f"cam {i}",
                "tuning": {"admin": {name: (i + n) % 7 for n, name in enumerate(fields)}}} for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v1/cameras", cameras)])
    camera = next(t for t in tables.values() if "label" in _columns(t))
    cols = _columns(camera)
    assert len(fields) == 80 and "tuning_admin" not in cols, sorted(cols)[:5]
    assert {f"tuning_admin_{name}" for name in fields} <= set(cols), sorted(cols)[:5]


def test_epoch_zero_in_every_record_under_a_moment_name_is_a_moment_not_yet_set(tmp_path: Path) -> None:
    """``"timestamp": 0`` and ``"armed_at": 0`` in every sensor: a name saying a moment and nothing else holding
    epoch zero throughout is a moment not yet set (``timestamptz``); a name that only ends in a time word
    (``"spare_time": 0``, an amount as often as a moment) keeps its zeros as numbers."""
    sensors = [{"serial": f"S{i:03d}", "label": f"sensor {i}", "timestamp": 0, "armed_at": 0, "spare_time": 0}
               for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/v1/sensors", sensors)])
    cols = _columns(next(t for t in tables.values() if "label" in _columns(t)))
    assert cols["timestamp"]["type"] == "timestamptz" and cols["armed_at"]["type"] == "timestamptz", cols
    assert cols["spare_time"]["type"] == "integer", cols
