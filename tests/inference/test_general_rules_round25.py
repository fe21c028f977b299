"""General inference rules of the twenty-fifth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.inference.cases._har import entry, har
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://box.test"


def _call(body: dict[str, Any], answer: Any) -> dict[str, Any]:
    """A POST of ``body`` as JSON to the one address of the calls, answered with ``answer``."""
    posted = entry(f"{HOST}/daemon/call", answer, method="POST")
    text = json.dumps(body)
    posted["request"]["postData"] = {"mimeType": "application/json", "text": text}
    posted["request"]["bodySize"] = len(text)
    return posted


def _both_readers(tmp_path: Path, entries: list[dict[str, Any]]) -> list[dict[str, dict[str, Any]]]:
    """The tables inferred from whole exchanges and from the HAR answers reader ``wiretable infer`` uses."""
    from jobs.verbs.infer import infer_file

    whole = _infer_entries(tmp_path, entries)
    path = tmp_path / "answers.har"
    path.write_text(json.dumps(har(entries)))
    answers = {t["name"]: t for t in infer_file(path).model_dump(mode="json")["tables"]}
    return [whole, answers]


_JOBS = [{"id": 7, "title": "backup", "state": 2, "added": 1700000000},
         {"id": 9, "title": "mirror", "state": 0, "added": 1700000300}]
_HOSTS = [{"id": 1, "hostname": "alpha", "port": 22}, {"id": 2, "hostname": "beta", "port": 2222}]


def test_calls_at_one_address_are_told_apart_by_the_operation_their_body_names(tmp_path: Path) -> None:
    """Every call is a POST to one address whose body is an envelope (``{method, arguments, tag}``), every answer
    ``{arguments, result, tag}``: the operation (``job-get``, ``list_hosts``) names the collection its answer
    holds, read as that collection's endpoint; the envelope is no table, and a write's empty answer adds none."""
    entries = [
        _call({"method": "job-get", "arguments": {"fields": ["id", "title"]}, "tag": 1},
              {"arguments": {"jobs": _JOBS}, "result": "success", "tag": 1}),
        _call({"method": "list_hosts", "arguments": {}, "tag": 2},
              {"arguments": {"hosts": _HOSTS}, "result": "success", "tag": 2}),
        _call({"method": "job-stop", "arguments": {"ids": [7]}, "tag": 3}, {"arguments": {}, "result": "success", "tag": 3}),
    ]
    for tables in _both_readers(tmp_path, entries):
        jobs = next(t for t in tables.values() if "title" in {c["name"] for c in t["columns"]})
        hosts = next(t for t in tables.values() if "hostname" in {c["name"] for c in t["columns"]})
        assert jobs["primary_key"] == ["id"] and hosts["primary_key"] == ["id"]
        assert len(tables) == 2, list(tables)


def test_a_body_with_a_method_among_its_fields_is_no_call(tmp_path: Path) -> None:
    """``{"method": "card-payment", "amount": 5}`` posted to ``/payments``: a record's field, not a call's envelope;
    the answer stays a payment."""
    posted = _call({"method": "card-payment", "amount": 5}, {"id": 3, "method": "card-payment", "amount": 5})
    posted["request"]["url"] = f"{HOST}/api/payments"
    for tables in _both_readers(tmp_path, [posted]):
        assert list(tables) == ["payments"]


def test_ids_numbering_each_parents_items_from_zero_are_positions_no_shared_records(tmp_path: Path) -> None:
    """Every download numbers its ``mirrors`` 0, 1, … and two downloads list the same two mirrors: the ids are the
    items' places in each download, so the mirrors are a child table of the downloads (their ``id`` a column), not
    a table of mirrors shared between downloads joined to them."""
    mirrors = [{"id": 0, "url": "https://a.test/pub", "tier": 0}, {"id": 1, "url": "https://b.test/pub", "tier": 1}]
    downloads = [{"id": 11, "name": "iso", "mirrors": mirrors}, {"id": 12, "name": "img", "mirrors": mirrors}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/downloads", downloads)])
    listed = next(t for t in tables.values() if "url" in {c["name"] for c in t["columns"]})
    assert [(fk["columns"], fk["ref_table"]) for fk in listed["foreign_keys"]] == [(["download_id"], "downloads")]
    assert len(tables) == 2, list(tables)


def test_objects_whose_id_and_name_are_another_tables_key_and_name_reference_it(tmp_path: Path) -> None:
    """Rooms are keyed by ``uid``; a schedule's ``slots`` list ``{id, name, minutes}``, each ``id`` a room's ``uid``
    and each ``name`` that room's name (one slot read before its room was renamed): the slots are the association
    of schedules and rooms with their ``minutes``, the copied name left out, not a table of their own."""
    rooms = [{"uid": 1, "name": "Kitchen", "floor": 0}, {"uid": 2, "name": "Hall", "floor": 0},
             {"uid": 3, "name": "Study", "floor": 1}]
    schedules = [{"uid": 10, "title": "Mornings", "slots": [{"id": 1, "name": "Kitchen", "minutes": 5},
                                                            {"id": 2, "name": "Hall", "minutes": 0},
                                                            {"id": 3, "name": "Study", "minutes": 9}]},
                 {"uid": 11, "title": "Evenings", "slots": [{"id": 1, "name": "Kitchen", "minutes": 7},
                                                            {"id": 2, "name": "Hall", "minutes": 2},
                                                            {"id": 3, "name": "Room 3", "minutes": 0}]}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/rooms", rooms), entry(f"{HOST}/api/schedules", schedules)])
    slots = next(t for t in tables.values() if "minutes" in {c["name"] for c in t["columns"]})
    assert {fk["ref_table"] for fk in slots["foreign_keys"]} == {"schedules", "rooms"}
    assert "name" not in {c["name"] for c in slots["columns"]}
    assert len(tables) == 3, list(tables)


def test_values_of_a_unique_form_held_by_one_tables_key_reference_it(tmp_path: Path) -> None:
    """Devices keyed by object ids (``_id``) with their hardware address ``mac``; a device's ``user_id`` holds the
    ``_id`` of a device (no table of users), a rule's ``device_mac`` a device's ``mac``, a note's ``author_id`` an
    ``_id`` beside ``author_type``: the first two reference devices by the values' form, the polymorphic one
    nothing."""
    devices = [{"_id": "5a32b0c9e4b047ede36a85cd", "mac": "ac:cc:de:12:34:56", "user_id": "5a32b0c9e4b047ede36a85cc"},
               {"_id": "5a32b0c9e4b047ede36a85cc", "mac": "00:11:22:33:44:55", "user_id": "5a32b0c9e4b047ede36a85cc"}]
    rules = [{"id": 1, "label": "night", "device_mac": "00:11:22:33:44:55"},
             {"id": 2, "label": "day", "device_mac": "ac:cc:de:12:34:56"}]
    notes = [{"id": 5, "text": "hi", "author_id": "5a32b0c9e4b047ede36a85cd", "author_type": "device"}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/devices", devices), entry(f"{HOST}/api/rules", rules),
                                       entry(f"{HOST}/api/notes", notes)])
    refs = {(t["name"], fk["columns"][0]): (fk["ref_table"], fk["ref_columns"][0])
            for t in tables.values() for fk in t["foreign_keys"]}
    assert refs == {("devices", "user_id"): ("devices", "id"), ("rules", "device_mac"): ("devices", "mac")}


_UUIDS = ["0657cfe1-7cac-4dd0-8266-5c8a6be606a0", "1f0e5a2c-1b7a-4d42-9f1e-77b2c0a9d001",
          "2b9d1c44-0c2e-4a8f-b2a1-5d3e6f7a8b02"]


@pytest.mark.parametrize(("key", "parent", "listed_name", "child", "field"),
                         [("oid", "sites", "appliances", "commands", "commandName"),
                          ("guid", "farms", "pumps", "steps", "stepLabel")])
def test_items_each_holding_their_own_uuid_have_identity_not_nested_values(
        tmp_path: Path, key: str, parent: str, listed_name: str, child: str, field: str) -> None:
    """A parent lists items with no ``id`` among their fields but a different UUID in each (``oid``, ``guid``),
    each with a child list of its own: the items are records (a table keyed by the UUID, their children a child
    table of them), not one nested value of the parent."""
    items = [{key: _UUIDS[i], "label": f"item {i}", "kind": 5,
              child: [{field: "on", "nparams": 0}, {field: "off", "nparams": 0}]}
             for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/{parent}/7", {"id": 7, "label": "home", listed_name: items})])
    listed = next(t for t in tables.values() if "label" in {c["name"] for c in t["columns"]} and t["name"] != parent)
    assert listed["primary_key"] == [key]
    snake = "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in field)
    children = next(t for t in tables.values() if snake in {c["name"] for c in t["columns"]})
    assert [fk["ref_table"] for fk in children["foreign_keys"]] == [listed["name"]]


@pytest.mark.parametrize(("collection", "field", "column"),
                         [("sensors", "sensorURL", "sensor_url"), ("valves", "valve_url", "valve_url")])
def test_a_records_own_url_named_after_its_kind_keys_it(tmp_path: Path, collection: str, field: str,
                                                      column: str) -> None:
    """Records listed with a URL named after their own kind (``io://…``, a different one in each) beside an ``oid``:
    that URL is their key, as a record's own ``url`` is."""
    rows = [{"label": f"s{i}", field: f"io://1234-5678/{i}", "oid": _UUIDS[i], "level": i} for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/{collection}", rows)])
    assert tables[collection]["primary_key"] == [column]


def _types(tables: dict[str, dict[str, Any]], name: str) -> dict[str, str]:
    return {c["name"]: c["type"] for c in tables[name]["columns"]}


def test_a_column_null_everywhere_named_as_a_birth_date_or_a_date_takes_that_type(tmp_path: Path) -> None:
    """``birth_date`` never filled is a day (``date``); ``expiry_date`` and ``date_expires`` never filled are
    moments (``timestamptz``), as ``*_at`` columns never filled already are."""
    people = [{"id": i, "name": n, "birth_date": None, "expiry_date": None, "date_expires": None}
              for i, n in ((1, "ada"), (2, "bo"))]
    types = _types(_infer_entries(tmp_path, [entry(f"{HOST}/api/people", people)]), "people")
    assert (types["birth_date"], types["expiry_date"], types["date_expires"]) == ("date", "timestamptz", "timestamptz")


def test_a_column_null_everywhere_named_as_a_setting_about_dates_stays_text(tmp_path: Path) -> None:
    """``date_format``, ``date_range`` and ``update_date_type`` never filled name a setting, no moment: text;
    ``due_date`` beside them is still a moment."""
    rows = [{"id": i, "title": n, "date_format": None, "date_range": None, "update_date_type": None, "due_date": None}
            for i, n in ((1, "plan"), (2, "ship"))]
    types = _types(_infer_entries(tmp_path, [entry(f"{HOST}/api/boards", rows)]), "boards")
    assert (types["date_format"], types["date_range"], types["update_date_type"], types["due_date"]) == \
        ("text", "text", "text", "timestamptz")


def test_a_duration_spelt_as_a_clock_is_no_time_of_day(tmp_path: Path) -> None:
    """``duration: "0:00:05.00000"`` is an amount of time: text, not ``time``; ``starts: "06:00"`` stays a time."""
    clips = [{"id": 1, "duration": "0:00:05.00000", "starts": "06:00"},
             {"id": 2, "duration": "0:01:10.50000", "starts": "18:30"}]
    types = _types(_infer_entries(tmp_path, [entry(f"{HOST}/api/clips", clips)]), "clips")
    assert (types["duration"], types["starts"]) == ("text", "time")


@pytest.mark.parametrize(("empty", "filled"), [("quota_size_in_bytes", "quota_usage_in_bytes"),
                                              ("peak_duration_ms", "mean_duration_ms")])
def test_a_column_null_everywhere_takes_the_type_of_its_siblings_measure(tmp_path: Path, empty: str,
                                                                         filled: str) -> None:
    """A column never filled beside one with the same last two words holding large counts (``…_in_bytes``,
    ``…_duration_ms``): the same measure, ``bigint`` both."""
    users = [{"id": 1, empty: None, filled: 8_589_934_592}, {"id": 2, empty: None, filled: 12}]
    types = _types(_infer_entries(tmp_path, [entry(f"{HOST}/api/users", users)]), "users")
    assert types[empty] == "bigint"


@pytest.mark.parametrize(("root", "version", "collection", "wrapper"),
                         [("api", 4, "zone", "zones"), ("rest", 2, "valve", "valves")])
def test_an_apis_version_segment_equal_to_a_field_of_the_record_is_no_key(
        tmp_path: Path, root: str, version: int, collection: str, wrapper: str) -> None:
    """``/api/4/zone/1`` answers a zone whose ``kind`` happens to be 4: the number after the API's root is its
    version, not the record's key nor a parent's (no ``apis_id`` column)."""
    rows = [{"uid": 1, "name": "Lawn", "kind": version}, {"uid": 2, "name": "Beds", "kind": version + 1}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/{root}/{version}/{collection}", {wrapper: rows}),
                                       entry(f"{HOST}/{root}/{version}/{collection}/1", rows[0])])
    (table,) = tables.values()
    assert {c["name"] for c in table["columns"]} == {"uid", "name", "kind"}


@pytest.mark.parametrize("address", ["/api/readings/past/2024-01-05/3", "/v1/readings/since/2023-11-30/7"])
def test_a_date_before_a_value_in_a_path_names_no_parent(tmp_path: Path, address: str) -> None:
    """``/api/readings/past/2024-01-05/3`` (past readings from a day, three days of them): the date is no collection
    whose key ``3`` would be, so the rows get no ``…_id`` column from the path."""
    days = [{"pid": 1, "day": "2024-01-04", "used": True}, {"pid": 2, "day": "2024-01-05", "used": False}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}{address}", {"readings": days})])
    (readings,) = tables.values()
    assert {c["name"] for c in readings["columns"]} == {"pid", "day", "used"}
