"""General inference rules of the twenty-first round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://chores.test"


def _wrapped(data: object) -> dict[str, object]:
    return {"success": True, "data": data, "appVersion": "2.3"}


def test_an_outcome_wrapped_list_of_ids_holds_no_records(tmp_path: Path) -> None:
    """``POST /chores/{id}/move/to/1`` answered ``{"success": true, "data": ["c2", "c1"]}``: the chores' ids in their
    new order, no record of a resource (``tos``) holding the list."""
    chores = [{"id": "c1", "title": "dishes", "points": 3}, {"id": "c2", "title": "laundry", "points": 5}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/chores", _wrapped(chores)),
                                       entry(f"{HOST}/api/chores/c1/move/to/1", _wrapped(["c2", "c1"]),
                                             method="POST")])
    assert sorted(tables) == ["chores"], tables


def test_the_requesters_records_of_a_collection_are_the_collections(tmp_path: Path) -> None:
    """``/chores/user`` lists the requester's own chores (each with its ``userId``): records of ``chores``, not a
    table of users referencing itself."""
    chores = [{"id": "c1", "title": "dishes", "userId": "u1"}, {"id": "c2", "title": "laundry", "userId": "u1"}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/chores/user", chores),
                                       entry(f"{HOST}/api/chores/c1", chores[0])])
    assert sorted(tables) == ["chores"], tables
    assert not tables["chores"]["foreign_keys"], tables["chores"]


def test_an_empty_list_says_nothing_of_what_a_list_column_holds(tmp_path: Path) -> None:
    """Labels empty in most records and UUIDs in one, counts empty in most and integers in one: the filled lists
    type the column (``uuid[]``, ``integer[]``), an empty list being a list of anything."""
    def chore(n: int, labels: list[str], days: list[int]) -> dict[str, object]:
        return {"id": n, "title": f"chore {n}", "labels": labels, "days": days}

    chores = [chore(1, [], []), chore(2, [], []), chore(3, ["50021cf7-b9f2-4f94-b80d-0263ce7cf3ec"], [1, 15])]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/chores", chores)])
    types = {c["name"]: c["type"] for c in tables["chores"]["columns"]}
    assert types["labels"] == "uuid[]", types
    assert types["days"] == "integer[]", types


def test_a_key_spelt_both_underscore_id_and_id_is_one_column(tmp_path: Path) -> None:
    """``{"_id": "c1", "id": "c1"}``: a document store's key and the copy its object mapper adds, equal in every
    record, are one key column, not ``id`` and ``id_2``."""
    first, second = "7bc0d924-f5e5-48a6-af7f-8075f8c94e0f", "2388ccad-0387-4ea6-9968-2d10d994e903"
    chores = [{"_id": first, "title": "dishes", "id": first}, {"_id": second, "title": "laundry", "id": second}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/chores", chores)])
    columns = [c["name"] for c in tables["chores"]["columns"]]
    assert sorted(columns) == ["id", "title"], columns
    assert tables["chores"]["primary_key"] == ["id"], tables["chores"]


def test_one_record_read_twice_whole_is_keyed_by_its_mail(tmp_path: Path) -> None:
    """The signed-in account read twice, field for field the same (``{"mail": …, "lang": …}``): one record read again,
    not two records sharing an address, so its e-mail (``mail`` as ``email``) keys it."""
    account = {"mail": "ada@example.test", "lang": "en", "unit": 0}
    profile = {"email": "ada@example.test", "theme": "dark"}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/accounts", account), entry(f"{HOST}/api/accounts", account),
                                       entry(f"{HOST}/api/profiles", profile), entry(f"{HOST}/api/profiles", profile)])
    assert tables["accounts"]["primary_key"] == ["mail"], tables["accounts"]
    assert tables["profiles"]["primary_key"] == ["email"], tables["profiles"]


def test_an_answer_of_named_collections_and_no_scalar_is_no_record(tmp_path: Path) -> None:
    """``{"status": "ok", "body": {"gauges": [...], "account": {...}}}``: the payload holds no scalar of its own, only a
    list of records and an object, so it describes nothing: the gauges are a table, the account a row of
    ``accounts``, and no table of the operation (``overviews``) holds them."""
    gauges = [{"id": "g1", "label": "boiler", "unit": "C"}, {"id": "g2", "label": "attic", "unit": "C"}]
    answer = {"status": "ok", "body": {"gauges": gauges, "account": {"mail": "ada@example.test", "lang": "en"}}}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/overview", answer, method="POST")])
    assert sorted(tables) == ["accounts", "gauges"], tables
    assert tables["gauges"]["primary_key"] == ["id"], tables["gauges"]


def test_when_something_last_happened_in_epoch_seconds_is_a_time(tmp_path: Path) -> None:
    """``last_sync``, ``last_upgrade``: epoch seconds under a name saying when something last happened are
    ``timestamptz``, as ``updated_at`` is."""
    gauges = [{"id": 1, "label": "boiler", "last_sync": 1559413093, "last_upgrade": 1470935401},
              {"id": 2, "label": "attic", "last_sync": 1572073816, "last_upgrade": 1544558433}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/gauges", gauges)])
    types = {c["name"]: c["type"] for c in tables["gauges"]["columns"]}
    assert types["last_sync"] == types["last_upgrade"] == "timestamptz", types


def test_epoch_zero_beside_times_of_an_event_is_never(tmp_path: Path) -> None:
    """``"last_seen": 0`` beside epoch seconds: the zero of "never seen", not a number, so the column stays a time;
    a size or a duration with zeros (``size_on_disk``) is no time for it."""
    gauges = [{"id": 1, "last_seen": 0, "size_on_disk": 0},
              {"id": 2, "last_seen": 1559413093, "size_on_disk": 1559413093},
              {"id": 3, "last_seen": 1572073816, "size_on_disk": 1572073816}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/gauges", gauges)])
    types = {c["name"]: c["type"] for c in tables["gauges"]["columns"]}
    assert types["last_seen"] == "timestamptz", types
    assert types["size_on_disk"] == "integer", types


def test_an_object_whose_fields_change_only_with_its_holders_type_is_flattened(tmp_path: Path) -> None:
    """Sensors of three types, each type with readings of its own (``{"Rain"}`` for a rain gauge, ``{"Temperature",
    "Humidity"}`` for a thermometer), every sensor of one type alike: fixed fields per kind, flattened into columns
    (null for the other kinds), not one ``jsonb`` value; a generic ``content`` so varied stays whole (its kind's
    payload)."""
    def sensor(n: int, kind: str, readings: dict[str, object]) -> dict[str, object]:
        return {"id": n, "type": kind, "readings": readings, "content": readings}

    sensors = [sensor(1, "thermo", {"time_utc": 1559413093, "Temperature": 20.5, "Humidity": 41}),
               sensor(2, "thermo", {"time_utc": 1559413094, "Temperature": 18.1, "Humidity": 55}),
               sensor(3, "rain", {"time_utc": 1559413095, "Rain": 0.2, "sum_rain_24": 3.1}),
               sensor(4, "rain", {"time_utc": 1559413096, "Rain": 0.0, "sum_rain_24": 1.4}),
               sensor(5, "wind", {"time_utc": 1559413097, "WindAngle": 270, "WindStrength": 12})]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/sensors", sensors)])
    types = {c["name"]: c["type"] for c in tables["sensors"]["columns"]}
    assert {"readings_temperature", "readings_rain", "readings_wind_angle"} <= types.keys(), types
    assert "readings" not in types, types
    assert types["content"] == "jsonb", types


def test_an_agents_role_holding_ids_of_the_people_references_them(tmp_path: Path) -> None:
    """``"author": 2`` in notes beside ``/users`` keyed 1–3: an agent's role holding integers the one table of people
    holds as keys references it by them, as ``"author": 0`` (none) and ``"author": "ada"`` (a user name) do."""
    users = [{"id": n, "name": f"user {n}"} for n in (1, 2, 3)]
    notes = [{"id": 10, "text": "a", "author": 2}, {"id": 11, "text": "b", "author": 2}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/users", users), entry(f"{HOST}/api/notes", notes)])
    fks = {(tuple(f["columns"]), f["ref_table"]) for f in tables["notes"]["foreign_keys"]}
    assert fks == {(("author",), "users")}, tables["notes"]["foreign_keys"]


def test_a_field_never_filled_keeps_the_plain_spelling_other_tables_fill(tmp_path: Path) -> None:
    """``"post": null`` in every upload while every remark holds ``"post": 4``: the API spells that reference as a
    plain key, so the empty one keeps its name (no ``post_id``) and references the posts the filled ones do."""
    posts = [{"id": 4, "title": "hello"}, {"id": 5, "title": "again"}]
    remarks = [{"id": 1, "post": 4, "text": "nice"}, {"id": 2, "post": 5, "text": "ok"}]
    uploads = [{"id": 7, "post": None, "file": "a.png"}, {"id": 8, "post": None, "file": "b.png"}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/posts", posts), entry(f"{HOST}/api/remarks", remarks),
                                       entry(f"{HOST}/api/uploads", uploads)])
    columns = {c["name"] for c in tables["uploads"]["columns"]}
    assert "post" in columns and "post_id" not in columns, columns
    fks = {(tuple(f["columns"]), f["ref_table"]) for f in tables["uploads"]["foreign_keys"]}
    assert fks == {(("post",), "posts")}, tables["uploads"]["foreign_keys"]


def test_a_variant_never_filled_takes_the_type_of_its_filled_field(tmp_path: Path) -> None:
    """``server_id4k`` (or ``server_id2``) null in every record beside ``server_id`` holding integers: the same field
    for another variant (a 4K copy, a second one), so it is typed as that field is, not as text."""
    films = [{"id": 1, "server_id": 3, "server_id4k": None, "slot2": None, "slot": 12},
             {"id": 2, "server_id": 4, "server_id4k": None, "slot2": None, "slot": 14}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/films", films)])
    types = {c["name"]: c["type"] for c in tables["films"]["columns"]}
    assert types["server_id4k"] == "integer", types
    assert types["slot2"] == "integer", types


def test_a_timestamp_never_filled_is_a_time(tmp_path: Path) -> None:
    """``"done_timestamp": null`` in every record: a name ending in ``timestamp`` says a time, as ``done_at`` does."""
    chores = [{"id": 1, "title": "dishes", "done_timestamp": None}, {"id": 2, "title": "laundry", "done_timestamp": None}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/chores", chores)])
    types = {c["name"]: c["type"] for c in tables["chores"]["columns"]}
    assert types["done_timestamp"] == "timestamptz", types


def test_a_table_named_within_the_referrers_name_is_named_by_its_last_words(tmp_path: Path) -> None:
    """``section_id`` in a meal plan's entries beside ``/meal_plan_sections``: the sections are named within the meal
    plans' own name, so the plan names them by the words after it, as a child line names a sibling line."""
    sections = [{"id": 1, "name": "breakfast"}, {"id": 2, "name": "dinner"}]
    plans = [{"id": 10, "day": "2024-01-02", "section_id": 1}, {"id": 11, "day": "2024-01-02", "section_id": 2}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/meal_plan_sections", sections),
                                       entry(f"{HOST}/api/meal_plans", plans)])
    fks = {(tuple(f["columns"]), f["ref_table"]) for f in tables["meal_plans"]["foreign_keys"]}
    assert fks == {(("section_id",), "meal_plan_sections")}, tables["meal_plans"]["foreign_keys"]
