"""General inference rules of the thirty-third round: answer stamps beside an envelope's one record, a route's list
beside a service's settings, names that type columns never filled, times of credentials, predicate flags, collections
tagged as such and GeoJSON features, trees of one kind, settings named config, copies of a holder's key, a parent's
own records listed in it, empty lists beside filled namesakes and agents' roles, each on a small generated capture of
its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://fleet.test"


def test_answer_stamps_beside_one_record_are_the_answers(tmp_path: Path) -> None:
    """``{"api_version": "2.1", "response_timestamp": "…", "status_code": 0, "result": {...}}``: an envelope of the
    answer's stamps around one record, the same envelope as around the list: the record's table holds the record's
    fields only."""
    def truck(key: str) -> dict[str, object]:
        return {"truck_code": key, "plate": f"P-{key}", "axles": 3}
    calls = [
        ("GET", f"{HOST}/api/trucks", {"api_version": "2.1", "response_timestamp": "2024-03-01T10:00:00Z",
                                       "status_code": 0, "result": [truck("T1"), truck("T2")]}),
        ("GET", f"{HOST}/api/trucks/T3", {"api_version": "2.1", "response_timestamp": "2024-03-01T10:00:01Z",
                                          "status_code": 0, "result": truck("T3")}),
        ("GET", f"{HOST}/api/depots/D1", {"outcome": "ok", "data": {"depot_code": "D1", "city": "Ulm"}}),
    ]
    tables = _infer(tmp_path, calls)
    assert set(_columns(tables["trucks"])) == {"truck_code", "plate", "axles"}, _columns(tables["trucks"])
    assert set(_columns(tables["depots"])) == {"depot_code", "city"}, _columns(tables["depots"])


def test_route_list_beside_service_settings_in_an_envelope(tmp_path: Path) -> None:
    """``{"outcome": "ok", "data": {"default_pool": "p1", "skipped": ["a"], "pools": [...]}}`` at ``/pools`` (or at
    ``/tasks/info`` holding ``tasks``): the list named as a word of the route is the route's records; the settings
    beside it are the service's, no record holding a child list."""
    pools = [{"name": f"p{i}", "size": i, "kind": "ssd"} for i in (1, 2)]
    tasks = [{"ref": f"t{i}", "label": f"L{i}", "done": True} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/pools", {"outcome": "ok", "data": {"default_pool": "p1", "skipped": ["a"], "pools": pools}}),
        ("GET", f"{HOST}/tasks/info", {"outcome": "ok", "data": {"paused": False, "tasks": tasks,
                                                               "limits": {"cpu": ["x", "y"]}}}),
    ])
    assert set(_columns(tables["pools"])) == {"name", "size", "kind"}, set(tables)
    assert set(_columns(tables["tasks"])) == {"ref", "label", "done"}, set(tables)


def test_unseen_extras_and_toggles_take_their_type_from_the_name(tmp_path: Path) -> None:
    """A column null in every record named as a bag of extras (``extra``) is ``jsonb``, one named as a toggle
    (``cache_exclude_media``, ``allow_resume``) ``boolean``; a plural after the verb (``include_paths``) stays open."""
    rows = [{"id": i, "extra": None, "cache_exclude_media": None, "allow_resume": None, "include_paths": None}
            for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/snapshots", rows)])["snapshots"])
    assert columns["extra"]["type"] == "jsonb"
    assert columns["cache_exclude_media"]["type"] == "boolean" and columns["allow_resume"]["type"] == "boolean"
    assert columns["include_paths"]["type"] == "text"


def test_a_time_of_a_credential_is_no_credential(tmp_path: Path) -> None:
    """``auth_timestamp`` (epoch milliseconds) says when a credential was issued: its value is kept, a time."""
    rows = [{"id": f"d{i}", "auth_timestamp": 1569634958090 + i} for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/devices", rows)])["devices"])
    assert columns["auth_timestamp"]["type"] == "timestamptz"


def test_predicate_flags_are_no_references(tmp_path: Path) -> None:
    """``is_guest_member`` holding ``0`` (false) or null beside members keyed by integers that include ``0`` (the local
    member): a flag about the record, no reference to the members its noun names."""
    rows = [{"member_id": 0, "nick": "local", "is_guest_member": None},
            {"member_id": 51, "nick": "ann", "is_guest_member": 0},
            {"member_id": 52, "nick": "bob", "is_guest_member": 0}]
    tables = _infer(tmp_path, [("GET", f"{HOST}/members", {"payload": rows})])
    assert not tables["members"]["foreign_keys"], tables["members"]["foreign_keys"]


def _feature(key: str, shape: dict[str, object], **properties: object) -> dict[str, object]:
    return {"type": "Feature", "id": key, "geometry": shape, "properties": properties}


def test_geojson_feature_collections_are_their_features(tmp_path: Path) -> None:
    """``{"type": "FeatureCollection", "crs": {...}, "features": [{"type": "Feature", "id", "geometry",
    "properties": {"id", ..., "slots": [...]}}]}``: the features are the route's records (the collection, its
    reference system, no table), their ``properties`` flattened into them even when they repeat the id, and a list
    in the properties a child table of the features."""
    point = {"type": "Point", "coordinates": [8.5, 47.3]}
    benches = [_feature(f"benches.{i}", point, id=str(i), seats=3, slots=[{"from": "08:00:00", "to": "18:00:00"}])
               for i in (11, 12)]
    lamps = [_feature(f"L{i}", point, height=4 + i, owner="city") for i in (1, 2)]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/geo/benches", {"type": "FeatureCollection", "crs": crs, "features": benches}),
        ("GET", f"{HOST}/geo/lamps", {"type": "FeatureCollection", "features": lamps}),
    ])
    assert set(tables) == {"benches", "lamps", "bench_properties_slots"} or len(tables) == 3, set(tables)
    assert {"properties_id", "properties_seats"} <= set(_columns(tables["benches"])), _columns(tables["benches"])
    assert {"properties_height", "properties_owner"} <= set(_columns(tables["lamps"]))
    slots = next(t for n, t in tables.items() if n not in ("benches", "lamps"))
    assert {fk["ref_table"] for fk in slots["foreign_keys"]} == {"benches"}, slots


def test_records_listed_below_their_own_kind_name_their_parent(tmp_path: Path) -> None:
    """``child_steps`` holding steps (their own ``uuid``, the steps' fields, more ``child_steps`` below) each under one
    step only: a tree, each child's ``parent_uuid`` naming the step above it, no join of steps with themselves."""
    def step(key: str, children: list[dict[str, object]]) -> dict[str, object]:
        return {"uuid": key, "title": f"T{key}", "progress": 1, "child_steps": children}
    leaves = [step("c1", []), step("c2", [step("c3", [])])]
    tables = _infer(tmp_path, [("GET", f"{HOST}/pipelines/steps", [step("r1", leaves), step("r2", [])])])
    assert set(tables) == {"steps"}, set(tables)
    assert "parent_uuid" in _columns(tables["steps"])
    assert {(fk["columns"][0], fk["ref_table"]) for fk in tables["steps"]["foreign_keys"]} == {("parent_uuid", "steps")}


def test_an_object_named_config_alone_is_one_document(tmp_path: Path) -> None:
    """``"config": {"host", "port", "tls"}`` of a service announcement: settings the announcing service defines, one
    ``jsonb`` value, not a column per setting."""
    rows = [{"id": f"a{i}", "service": "mq", "config": {"host": f"h{i}", "port": 1883, "tls": False}} for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/announcements", rows)])["announcements"])
    assert columns["config"]["type"] == "jsonb" and "config_host" not in columns


def test_an_objects_copies_of_its_holders_key_are_no_columns(tmp_path: Path) -> None:
    """``"latest_reading": {"uuid": "<the meter's key>", "meter_uuid": "<the same>", "kwh": 3.5, ...}`` in a meter
    keyed by ``meter_uuid``: the meter's own reading, flattened into it without its copies of the key (no reference
    of the meter to itself)."""
    def meter(key: str) -> dict[str, object]:
        return {"meter_uuid": key, "site": "north", "latest_reading": {
            "uuid": key, "meter_uuid": key, "kwh": 3.5, "volts": 230, "read_at": "2024-01-01T00:00:00Z"}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/meters/a9f3c1", meter("a9f3c1")),
                               ("GET", f"{HOST}/meters/b7e2d4", meter("b7e2d4"))])
    columns = set(_columns(tables["meters"]))
    assert columns == {"meter_uuid", "site", "latest_reading_kwh", "latest_reading_volts", "latest_reading_read_at"}
    assert not tables["meters"]["foreign_keys"]


def test_records_a_parent_lists_and_serves_under_its_address_are_one_table(tmp_path: Path) -> None:
    """A ticket lists its remarks (``"remarks": [{"id", "text", "ticket": 7, "author": {...}}]``) and serves them at
    ``/tickets/{id}/remarks``: each remark names its ticket, so the list holds the ticket's own remarks, rows of the
    one ``remarks`` table (no association of tickets with remarks)."""
    author = {"id": 4, "login": "kim"}
    remarks = [{"id": 31, "text": "first", "posted": "2024-02-01T10:00:00Z", "author": author},
               {"id": 32, "text": "second", "posted": "2024-02-02T10:00:00Z", "author": author}]
    tickets = [{"id": 7, "title": "Broken", "remarks": [dict(r, ticket=7) for r in remarks]},
               {"id": 8, "title": "Quiet", "remarks": []}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/tickets", {"count": 2, "next": None, "results": tickets}),
        ("GET", f"{HOST}/api/tickets/7/remarks", remarks),
        ("GET", f"{HOST}/api/logins", [author]),
    ])
    assert "remarks" in tables and not any(n.startswith("ticket_") for n in tables), set(tables)
    assert tables["remarks"]["primary_key"] == ["id"]


def test_an_empty_list_takes_the_type_of_its_filled_namesake(tmp_path: Path) -> None:
    """``"shelves": []`` in every record beside ``"stock": {"shelves": ["a1", "b2"]}``: the same list of the record,
    filled in a nested object, lists names (``text[]``), not whatever ``jsonb`` would hold."""
    rows = [{"id": i, "shelves": [], "stock": {"count": i, "shelves": ["a1", "b2"]}} for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/depots", rows)])["depots"])
    assert columns["stock_shelves"]["type"] == "text[]" and columns["shelves"]["type"] == "text[]"


def test_an_agents_role_references_the_people_before_its_own_table(tmp_path: Path) -> None:
    """``"reporter": 1``, ``2`` in articles keyed by integers, beside users keyed by integers: both tables hold
    them, and an agent's role names a person, so the column references the users, not the articles themselves."""
    articles = [{"id": i, "headline": f"H{i}", "reporter": i if i < 3 else None} for i in (1, 2, 3)]
    users = [{"id": i, "username": f"u{i}", "email": f"u{i}@x.test"} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/articles", {"count": 3, "results": articles}),
                               ("GET", f"{HOST}/api/users", {"count": 2, "results": users})])
    assert {(fk["columns"][0], fk["ref_table"]) for fk in tables["articles"]["foreign_keys"]} == {("reporter", "users")}


def test_a_key_named_as_a_reference_references_the_table_it_names(tmp_path: Path) -> None:
    """States keyed by ``meter_id`` (one state per meter) beside meters keyed by ``meter_uuid`` holding the same
    tokens: ``<singular>_id`` names the table whose key is spelt ``<singular>_<key>``, and a table's own key that
    names another table references it (one to one)."""
    meters = [{"meter_uuid": f"9f3c{i}a7b2e1d4c6f0", "site": f"s{i}", "model": "M2"} for i in (1, 2)]
    states = [{"meter_id": m["meter_uuid"], "kwh": 3.5 + i, "read_at": "2024-01-01T00:00:00Z"}
              for i, m in enumerate(meters)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/v1/meters/{m['meter_uuid']}", m) for m in meters]
                    + [("GET", f"{HOST}/v1/meters/meter_states", states)])
    states_table = next(t for n, t in tables.items() if n != "meters")
    assert {(fk["columns"][0], fk["ref_table"]) for fk in states_table["foreign_keys"]} == {("meter_id", "meters")}
