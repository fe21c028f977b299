"""General inference rules of the seventeenth round (calls over one address, typed attribute values, GraphQL root
fields by key and aggregates, ...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://ledger.test"


def _call(url: str, request: Any, answer: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A POST entry carrying ``request`` as its JSON body and ``headers`` beside the Accept header."""
    item = entry(url, answer, method="POST")
    text = json.dumps(request)
    item["request"]["postData"] = {"mimeType": "application/json", "text": text}
    item["request"]["bodySize"] = len(text)
    item["request"]["headers"] += [{"name": k, "value": v} for k, v in (headers or {}).items()]
    return item


def test_calls_over_one_address_name_their_table_in_a_header_or_the_body(tmp_path: Path) -> None:
    """Every call ``POST /`` with the operation in a header (``X-Svc-Target: Ledger_2021.ListAccounts``) or in a
    JSON-RPC body (``{"jsonrpc": "2.0", "method": "journals.list"}``), the table named by the operation or by a
    ``table`` field of the body: each answer's records are rows of the table the call names, not of no table."""
    accounts = [{"accountId": f"a{i}", "label": f"Account {i}", "opened": f"2021-0{i}-01"} for i in (1, 2, 3)]
    entries_ = [{"entryNo": i, "amount": 10 * i, "memo": f"m{i}"} for i in (1, 2)]
    journals = [{"journal": "general", "period": 3}, {"journal": "sales", "period": 4}]
    target = {"X-Svc-Target": "Ledger_2021.ListAccounts"}
    tables = _infer_entries(tmp_path, [
        _call(f"{HOST}/", {"Limit": 10}, {"Accounts": accounts, "NextToken": None}, target),
        _call(f"{HOST}/", {"table": "Entries"}, {"Rows": entries_}, {"X-Svc-Target": "Ledger_2021.Scan"}),
        _call(f"{HOST}/rpc", {"jsonrpc": "2.0", "id": 7, "method": "journals.list", "params": {}},
              {"jsonrpc": "2.0", "id": 7, "result": journals}),
    ])
    assert {"accounts", "entries", "journals"} <= set(tables), tables
    assert set(_columns(tables["accounts"])) == {"account_id", "label", "opened"}, tables["accounts"]
    assert set(_columns(tables["entries"])) == {"entry_no", "amount", "memo"}, tables["entries"]
    assert set(_columns(tables["journals"])) == {"journal", "period"}, tables["journals"]


def _typed(value: Any) -> dict[str, Any]:
    """A value spelt as a typed attribute value (``{"S": "x"}``, ``{"N": "3"}``, ``{"L": [...]}``, ...)."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, int | float):
        return {"N": str(value)}
    if isinstance(value, list):
        return {"L": [_typed(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: _typed(v) for k, v in value.items()}}
    return {"S": value}


def test_typed_attribute_values_are_read_as_their_values(tmp_path: Path) -> None:
    """Items whose every attribute is a typed value (``{"N": "12"}``, ``{"S": "Oslo"}``, ``{"BOOL": true}``,
    ``{"L": [{"S": "a"}]}``, ``{"M": {...}}``), read at a path of their own: columns of the plain types, numbers
    as numbers, lists as arrays, maps flattened, and no column per type tag."""
    depots = [{"code": f"D{i}", "city": "Oslo", "bays": 4 * i, "open": i % 2 == 0, "load": 0.5 * i,
               "docks": ["north", "south"], "contact": {"phone": f"+47{i}", "hours": 8}} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/depots", {"Items": [{k: _typed(v) for k, v in d.items()} for d in depots], "Count": 3}),
    ])
    columns = _columns(tables["depots"])
    assert {"code", "city", "bays", "open", "load", "docks", "contact_phone", "contact_hours"} == set(columns), columns
    assert columns["bays"]["type"] == "integer" and columns["open"]["type"] == "boolean", columns
    assert columns["load"]["type"] in ("numeric", "double precision", "real"), columns
    assert columns["docks"]["type"] == "text[]", columns


def test_keys_named_by_a_read_by_key_or_a_query_key_the_table(tmp_path: Path) -> None:
    """Calls naming their table and key attributes in the body: a query on a partition key
    (``"KeyConditionExpression": "#s = :s"``) keys its table by that attribute and the first other one that with it
    tells the records apart (its sort key); a read by ``Key`` naming two attributes keys its table by both."""
    target = "Depot_2020.{}"
    shipments = [{"Station": s, "Sent": f"2024-0{m}-01T08:00:00Z", "Crates": m} for s in ("A", "B") for m in (1, 2)]
    slots = [{"Bay": b, "Slot": n, "Label": f"bay {b} slot {n}", "Load": b * n} for b in (1, 2) for n in (1, 2)]
    tables = _infer_entries(tmp_path, [
        _call(f"{HOST}/", {"TableName": "Shipments", "KeyConditionExpression": "#s = :s",
                           "ExpressionAttributeNames": {"#s": "Station"}}, {"Items": shipments},
              {"X-Svc-Target": target.format("Query")}),
        _call(f"{HOST}/", {"TableName": "Slots"}, {"Items": slots}, {"X-Svc-Target": target.format("Scan")}),
        _call(f"{HOST}/", {"TableName": "Slots", "Key": {"Bay": 1, "Slot": 2}}, {"Item": {k: _typed(v) for k, v in slots[1].items()}},
              {"X-Svc-Target": target.format("GetItem")}),
    ])
    assert tables["shipments"]["primary_key"] == ["station", "sent"], tables["shipments"]
    assert tables["slots"]["primary_key"] == ["bay", "slot"], tables["slots"]


def _graphql(tmp_path: Path, answers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return _infer_entries(tmp_path, [_call(f"{HOST}/graphql", {"query": "query { ... }"}, {"data": a})
                                     for a in answers])


def test_graphql_reads_by_key_and_aggregates_are_rows_of_their_table(tmp_path: Path) -> None:
    """GraphQL root fields named by a table's suffixes: ``vessel_by_pk`` is one record of ``vessel``;
    ``vessel_aggregate {aggregate {count, max {tonnage}}, nodes [...]}`` and a vessel's ``cargo_aggregate`` are
    computed: their nodes are vessel and cargo rows, the aggregates no table and no column."""
    vessels = [{"id": i, "label": f"V{i}", "tonnage": 100 * i} for i in (1, 2, 3)]
    cargo = [{"id": 10 + i, "kind": "grain", "vessel_id": 1} for i in (1, 2)]
    tables = _graphql(tmp_path, [
        {"vessel": vessels},
        {"vessel_by_pk": vessels[0]},
        {"vessel_aggregate": {"aggregate": {"count": 3, "max": {"tonnage": 300, "id": 3}, "sum": {"id": 6}},
                              "nodes": [{**vessels[0], "cargo_aggregate": {"aggregate": {"count": 2},
                                                                           "nodes": cargo}}]}},
        {"cargoAggregate": {"aggregate": {"count": 2, "min": {"id": 11}}}},
    ])
    assert {"vessels", "cargos"} == set(tables) or {"vessels", "cargo"} == set(tables), set(tables)
    assert set(_columns(tables["vessels"])) == {"id", "label", "tonnage"}, tables["vessels"]


def test_counts_of_related_rows_are_no_columns(tmp_path: Path) -> None:
    """``"count": {"episodes": 12}`` on a show read with a count of its episodes requested, ``"_count": {"reviews":
    3}`` on another: counts of related rows computed on request, no columns of the record (a plain ``seasons``
    integer stays one)."""
    shows = [{"id": f"s{i}", "title": f"Show {i}", "seasons": i} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/shows", {"shows": shows}),
        entry(f"{HOST}/shows?include=count.episodes", {"shows": [{**s, "count": {"episodes": 4 * n}}
                                                                 for n, s in enumerate(shows)]}),
        entry(f"{HOST}/hosts", [{"id": i, "name": f"H{i}", "_count": {"reviews": i}} for i in (1, 2)]),
    ])
    assert set(_columns(tables["shows"])) == {"id", "title", "seasons"}, tables["shows"]
    assert set(_columns(tables["hosts"])) == {"id", "name"}, tables["hosts"]


def test_digit_strings_of_a_graphql_api_serving_numbers_are_integers(tmp_path: Path) -> None:
    """A GraphQL API serving ``Int`` fields as numbers (``crew.id: 1``) and 64-bit ones as strings of digits
    (``ledger.id: "9007199254740993"``, ``ledger.seq: "42"``): those columns are integers; a code with a leading zero
    (``"007"``) and a label stay text."""
    tables = _graphql(tmp_path, [
        {"crew": [{"id": i, "name": f"C{i}"} for i in (1, 2)]},
        {"ledger": [{"id": str(9007199254740993 + i), "seq": str(40 + i), "code": f"00{i}", "memo": "x"}
                    for i in (1, 2, 3)]},
    ])
    columns = _columns(tables["ledgers"])
    assert columns["id"]["type"] == "bigint" and columns["seq"]["type"] == "integer", columns
    assert columns["code"]["type"] == "text" and columns["memo"]["type"] == "text", columns


def test_an_empty_list_named_after_a_served_table_is_a_relation_to_it(tmp_path: Path) -> None:
    """``"labels": []`` in every recipe read, beside a served ``labels`` table and menus whose ``labels`` list label
    records: the recipes' labels are a relation with no rows seen, a ``recipe_labels`` join table of the two keys,
    not a ``text[]`` or ``jsonb`` column of recipes. The chefs' ``badges``, empty too beside a served ``badges`` table
    that no list names and no other list of a chef's, stay a column (they may be names)."""
    labels = [{"id": f"l{i}", "title": f"Label {i}"} for i in (1, 2)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/labels", {"labels": labels}),
        entry(f"{HOST}/menus", {"menus": [{"id": f"menu-{i}", "season": "spring", "labels": labels[:i]}
                                          for i in (1, 2)]}),
        entry(f"{HOST}/recipes", {"recipes": [{"id": i, "title": f"R{i}", "serves": 2, "labels": []}
                                              for i in (1, 2, 3)]}),
        entry(f"{HOST}/badges", [{"id": i, "title": f"B{i}"} for i in (1, 2)]),
        entry(f"{HOST}/chefs", {"chefs": [{"id": i, "name": f"C{i}", "badges": []} for i in (1, 2)]}),
    ])
    assert "badges" in _columns(tables["chefs"]) and "chef_badges" not in tables, tables["chefs"]
    assert "labels" not in _columns(tables["recipes"]), tables["recipes"]
    join = tables["recipe_labels"]
    assert set(_columns(join)) == {"recipe_id", "label_id"}, join
    assert {(fk["columns"][0], fk["ref_table"]) for fk in join["foreign_keys"]} == {("recipe_id", "recipes"),
                                                                                    ("label_id", "labels")}, join
    assert _columns(join)["label_id"]["type"] == "text" and _columns(join)["recipe_id"]["type"] == "integer", join


def test_the_requesters_own_record_is_one_of_its_collection(tmp_path: Path) -> None:
    """``/members/me`` (and ``/members/self``) after ``/members``: the requester's own record, a row of ``members``,
    not a table ``mes``, though it is no record the list served and shows fields only the requester sees
    (``email``, ``locale``)."""
    members = [{"id": i, "handle": f"m{i}", "bio": None} for i in (1, 3)]
    own = {"id": 2, "handle": "m2", "bio": "mine", "email": "m2@mail.test", "locale": "en"}
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/members", members),
        entry(f"{HOST}/members/me", own),
        entry(f"{HOST}/members/self", own),
    ])
    assert set(tables) == {"members"}, set(tables)
    assert {"email", "locale"} <= set(_columns(tables["members"])), tables["members"]
    assert tables["members"]["primary_key"] == ["id"], tables["members"]
