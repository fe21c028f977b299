"""General inference rules on references, maps and repeated reads, each on a small generated capture
of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.test_general_rules import _columns, _fks, _infer

API = "https://h.test/api"


def test_reference_named_by_a_role_before_the_entity(tmp_path: Path) -> None:
    """``home_depot_id`` and ``default_crate`` name ``depots`` and ``crates`` after a role."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/depots", [{"id": 10, "city": "X"}, {"id": 11, "city": "Y"}]),
        ("GET", f"{API}/crates", [{"id": "cr_7a", "kg": 3}, {"id": "cr_7b", "kg": 4}]),
        ("GET", f"{API}/members", [{"id": 1, "home_depot_id": 10, "default_crate": "cr_7a"},
                                   {"id": 2, "home_depot_id": 11, "default_crate": "cr_7b"}]),
    ])
    assert _fks(tables["members"]) == {("home_depot_id", "depots"), ("default_crate", "crates")}


def test_prefixed_id_names_its_table_when_the_row_was_not_captured(tmp_path: Path) -> None:
    """``price_…`` ids: a product's ``default_price`` references ``prices`` even when that very price
    is not among the captured ones; an id without the table's prefix does not."""
    prices = [{"id": f"price_{c}Xk29aPq01", "amount": 5} for c in "AB"]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/prices", {"object": "list", "data": prices}),
        ("GET", f"{API}/products", {"object": "list", "data": [
            {"id": "prod_Q1w2e3r4t5", "default_price": "price_ZZk29aPq09", "fallback_price": "pl_77Hq2wE5r"},
            {"id": "prod_Q1w2e3r4t6", "default_price": "price_YYk29aPq08", "fallback_price": "pl_77Hq2wE5s"}]}),
    ])
    assert _fks(tables["products"]) == {("default_price", "prices")}


def test_always_empty_object_is_a_jsonb_column(tmp_path: Path) -> None:
    tables = _infer(tmp_path, [("GET", f"{API}/kits", [{"id": 1, "extra": {}}, {"id": 2, "extra": {}}])])
    extra = _columns(tables["kits"])["extra"]
    assert extra["type"] == "jsonb" and not extra["nullable"]


def test_maps_keyed_by_data_are_one_jsonb_column_and_labels_stay_fields(tmp_path: Path) -> None:
    """Keys that are data (dates, UUIDs, dotted names) make a map stored whole; numbered labels
    (``1. open``) and labels with spaces are field names, kept as served."""
    runs = [{"id": i, "by_day": {f"2024-01-0{d}": d * i for d in (1, 2, 3)},
             "labels": {"team.owner.id": f"t{i}", "env.name": "prod"},
             "quote": {"1. open": "1.5", "2. close": "1.7", "Last Trade": "x"}} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{API}/runs", runs)])
    columns = _columns(tables["runs"])
    assert columns["by_day"]["type"] == columns["labels"]["type"] == "jsonb"
    assert {"quote_1_open", "quote_2_close", "quote_last_trade"} <= set(columns)
    assert not [c for c in columns if c.startswith(("by_day_", "labels_"))]


def test_query_route_answering_records_of_a_table_is_that_table(tmp_path: Path) -> None:
    """``/db/-/query?sql=…`` and ``POST /loans/filter`` answering loans are reads of ``loans``."""
    loans = [{"id": i, "member_id": i % 2 + 1, "days": 7 * i} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/db/loans.json", {"ok": True, "rows": loans}),
        ("GET", "https://h.test/db/-/query.json?sql=select+*+from+loans", {"ok": True, "rows": loans[:2]}),
        ("POST", "https://h.test/db/loans/filter", [loans[2]]),
    ])
    assert set(tables) == {"loans"}


def test_nested_route_naming_a_resource_by_the_end_of_its_name_is_that_resource(tmp_path: Path) -> None:
    """``/pools/{name}/queues`` answering the records of ``work_queues``: one table, and a reference
    to a queue goes to it."""
    queues = [{"id": f"q{i}", "name": "default", "pool": f"p{i}", "priority": i} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("POST", f"{API}/work_queues/filter", queues),
        ("GET", f"{API}/pools/p1/queues/default", queues[0]),
        ("POST", f"{API}/pools/p2/queues/filter", [queues[1]]),
        ("POST", f"{API}/pools/filter", [{"id": "p1", "default_queue_id": "q1"}, {"id": "p2", "default_queue_id": "q2"}]),
    ])
    assert "queues" not in tables and _fks(tables["pools"]) == {("default_queue_id", "work_queues")}


def test_two_collections_of_alike_records_stay_two_tables(tmp_path: Path) -> None:
    """Lookups that look alike are not merged: they disagree on their shared keys."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/regions/search", [{"id": i, "name": f"r{i}", "rank": i} for i in (1, 2, 3)]),
        ("GET", f"{API}/categories", [{"id": i, "name": f"c{i}", "rank": i} for i in (1, 2, 3)]),
    ])
    assert set(tables) == {"regions", "categories"}


def _stub(kind: str, i: int) -> dict[str, Any]:
    return {"name": f"{kind}{i}", "url": f"{API}/{kind}/{i}/"}


def test_both_sides_of_relations_served_as_stub_arrays(tmp_path: Path) -> None:
    """A rack lists its books as stubs while each book names its rack: the one-to-many
    ``books.rack_id`` and nothing more. A book's genres with a weight, and a genre's books with
    the same weight, are one association table keyed by the pair."""
    books = [{"id": i, "name": f"book{i}", "rack": _stub("rack", 1 + i % 2),
              "genres": [{"genre": _stub("genre", g), "weight": (i + g) % 3} for g in (1, 2)]} for i in (1, 2, 3)]
    racks = [{"id": r, "name": f"rack{r}", "books": [_stub("book", i) for i in (1, 2, 3) if 1 + i % 2 == r]}
             for r in (1, 2)]
    genres = [{"id": g, "name": f"genre{g}", "books": [{"book": _stub("book", i), "weight": (i + g) % 3}
                                                       for i in (1, 2, 3)]} for g in (1, 2)]
    tables = _infer(tmp_path, [
        *[("GET", f"{API}/book/{b['id']}/", b) for b in books],
        *[("GET", f"{API}/rack/{r['id']}/", r) for r in racks],
        *[("GET", f"{API}/genre/{g['id']}/", g) for g in genres],
    ])
    assert set(tables) - {"books", "racks", "genres"} in ({"genre_books"}, {"book_genres"})
    assert _fks(tables["books"]) == {("rack_id", "racks")}
    link = tables.get("genre_books") or tables["book_genres"]
    assert set(_columns(link)) == {"genre_id", "book_id", "weight"}
    assert set(link["primary_key"]) == {"genre_id", "book_id"}
    assert _fks(link) == {("genre_id", "genres"), ("book_id", "books")}


def test_references_whose_names_do_not_name_their_table(tmp_path: Path) -> None:
    """``manager_id`` among staff, ``assignee`` holding people's keys, ``owner`` holding accounts'
    keys: a relation word, and the one table whose key holds every value, decide."""
    people = [{"id": f"usr_{c}9Qk2Lm7", "login": c} for c in "abc"]
    accounts = [{"id": f"4f0c1c9e-0000-4000-8000-00000000000{i}", "plan": "pro"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/staff", [{"id": 1, "manager_id": None}, {"id": 2, "manager_id": 1}, {"id": 3, "manager_id": 1}]),
        ("GET", f"{API}/people", people),
        ("GET", f"{API}/accounts", accounts),
        ("GET", f"{API}/tickets", [
            {"id": 1, "assignee": people[0]["id"], "owner": accounts[0]["id"], "reviewer": "nobody"},
            {"id": 2, "assignee": people[2]["id"], "owner": accounts[1]["id"], "reviewer": "somebody"}]),
    ])
    assert _fks(tables["staff"]) == {("manager_id", "staff")}
    assert _fks(tables["tickets"]) == {("assignee", "people"), ("owner", "accounts")}


def test_json_api_to_many_served_under_the_resource_is_one_to_many(tmp_path: Path) -> None:
    """A to-many relationship whose ``related`` link is a collection under the resource
    (``/posts/1/notes``) lists its members: each note carries ``post_id``; one without such a link
    (``tags``) stays a join table."""
    def rel(kind: str, ids: list[str], related: str | None) -> dict[str, Any]:
        links = {"related": related} if related else {}
        return {"links": links, "data": [{"type": kind, "id": i} for i in ids]}
    doc = {"data": [{"type": "posts", "id": p, "attributes": {"title": f"t{p}"},
                     "relationships": {"notes": rel("notes", [f"{p}1", f"{p}2"], f"{API}/posts/{p}/notes"),
                                       "tags": rel("tags", ["7", "8"], None)}} for p in ("1", "2")],
           "included": [{"type": "notes", "id": f"{p}{n}", "attributes": {"body": "b"}} for p in "12" for n in "12"]
           + [{"type": "tags", "id": t, "attributes": {"label": t}} for t in "78"]}
    tables = _infer(tmp_path, [("GET", f"{API}/posts?include=notes,tags", doc)])
    assert _fks(tables["notes"]) == {("post_id", "posts")}
    assert "notes" not in _columns(tables["posts"]) and "post_notes" not in tables
    assert _fks(tables["post_tags"]) == {("post_id", "posts"), ("tag_id", "tags")}


def test_maps_of_records_keyed_by_data_are_rows_keyed_by_the_map_key(tmp_path: Path) -> None:
    """One address serving several operations (``/call?method=…``), each answering a header of
    fields beside a map of rows keyed by timestamps: a table per operation, and a child table whose
    rows are the map's values with their ``timestamp``. A map of counters keyed by ids is no table."""
    def series(n: int) -> dict[str, Any]:
        return {"Meta Data": {"1. Info": "daily", "2. Station": "north"},
                "Readings (1h)": {f"2024-05-0{d} 10:00:00": {"1. temp": f"{d}.5", "2. wind": str(d * n)}
                                  for d in (1, 2, 3)}}
    tables = _infer(tmp_path, [
        ("GET", "https://h.test/call?method=HOURLY_READINGS&station=north", series(1)),
        ("GET", "https://h.test/call?method=DAILY_READINGS&station=north", series(2)),
        ("POST", f"{API}/stations/counts", {"6f1c2b9e-0d5a-4c3e-9a7b-1e2f3a4b5c6d": 3}),
    ])
    assert {"hourly_readings", "daily_readings"} <= set(tables) and "counts" not in tables
    header = _columns(tables["hourly_readings"])
    assert set(header) == {"1_info", "2_station"}
    rows = next(t for name, t in tables.items() if name.startswith("hourly_reading_"))
    assert set(_columns(rows)) == {"timestamp", "1_temp", "2_wind"}
    assert _columns(rows)["timestamp"]["type"] == "timestamptz"


def test_a_record_with_a_few_symbol_keys_is_still_a_record(tmp_path: Path) -> None:
    """``reactions: {url, total_count, "+1", "-1", heart}`` is flattened: a map is keyed by data
    throughout, a record may have a symbol or two among its field names."""
    votes = {"url": f"{API}/posts/1/reactions", "total_count": 3, "+1": 2, "-1": 0, "heart": 1}
    tables = _infer(tmp_path, [("GET", f"{API}/posts", [{"id": 1, "reactions": votes}, {"id": 2, "reactions": votes}])])
    assert {"reactions_url", "reactions_total_count", "reactions_heart"} <= set(_columns(tables["posts"]))
