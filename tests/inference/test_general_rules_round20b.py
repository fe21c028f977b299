"""General inference rules of the twentieth round (b), each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://depot.test"


def _refs(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in table.get("foreign_keys", [])}


def _column(table: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in table["columns"] if c["name"] == name)


def test_a_redacted_number_keeps_its_type(tmp_path: Path) -> None:
    """``"token_lifetime": 7200`` is redacted as a secret by its name, to ``[REDACTED:int]``: the marker names the
    value's type, so the column is an integer, not text."""
    gates = [{"id": i, "label": f"Gate {i}", "token_lifetime": 3600 * i, "secret_ratio": 0.5 * i} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/gates", gates)])
    assert _column(tables["gates"], "token_lifetime")["type"] == "integer", tables["gates"]
    assert _column(tables["gates"], "secret_ratio")["type"] == "numeric", tables["gates"]


def test_a_relation_route_names_a_key_named_for_its_table_as_it_is(tmp_path: Path) -> None:
    """``/crews/{id}/workers`` listing workers keyed by ``worker_id`` (served at ``/workers`` too): the association's
    column is the key's own name, ``worker_id``, as a child's parent column is, not ``worker_worker_id``."""
    workers = [{"worker_id": f"w|{i}a7f", "email": f"w{i}@depot.test", "name": f"Worker {i}"} for i in (1, 2, 3)]
    crews = [{"id": "crw_Aa1", "name": "Night"}, {"id": "crw_Bb2", "name": "Day"}]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/workers", workers),
        entry(f"{HOST}/api/crews", crews),
        entry(f"{HOST}/api/crews/crw_Aa1/workers", [{"worker_id": "w|1a7f", "email": "w1@depot.test"}]),
        entry(f"{HOST}/api/crews/crw_Bb2/workers", [{"worker_id": "w|2a7f", "email": "w2@depot.test"}]),
    ])
    joins = [t for t in tables.values() if {c["name"] for c in t["columns"]} >= {"crew_id"}]
    assert joins, tables
    assert {c["name"] for c in joins[0]["columns"]} == {"crew_id", "worker_id"}, joins[0]
    assert ("worker_id", "workers", "worker_id") in _refs(joins[0]), joins[0]


def test_an_object_whose_key_some_reads_lack_is_flattened(tmp_path: Path) -> None:
    """An order's ``shipment`` without an id in the list and with one in the detail read: a key that not every
    occurrence holds identifies nothing, so the shipment is part of its order, flattened everywhere
    (``shipment_id``, ``shipment_carrier``), not a table of its own."""
    listed = [{"id": 10 + i, "total": 5 * i, "shipment": {"carrier": "Post", "weight": i}} for i in (1, 2)]
    detail = {"id": 11, "total": 5, "shipment": {"id": "shp_9f2a", "carrier": "Post", "weight": 1, "tracked": True}}
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/orders", listed),
        entry(f"{HOST}/api/orders/11", detail),
    ])
    assert set(tables) == {"orders"}, tables
    names = {c["name"] for c in tables["orders"]["columns"]}
    assert {"shipment_id", "shipment_carrier", "shipment_weight", "shipment_tracked"} <= names, names
    assert _column(tables["orders"], "shipment_id")["nullable"], tables["orders"]


def test_a_code_named_after_a_table_of_codes_references_it_unread(tmp_path: Path) -> None:
    """``billing_currency: "GBP"`` and ``main_depot_code: "D07"`` name ``currencies`` (keyed by ``code``) and the depots'
    ``code`` after a role, and are spelt as their codes (upper-case letters; a letter and two digits), although the
    capture read other codes: references. ``fallback_currency: "pounds"`` is not spelt as a code of that table."""
    currencies = [{"code": "EUR", "label": "Euro"}, {"code": "NOK", "label": "Krone"}]
    depots = [{"id": 1, "code": "D01", "city": "Oslo"}, {"id": 2, "code": "D02", "city": "Bergen"}]
    shops = [{"id": 40 + i, "title": f"Shop {i}", "billing_currency": cur, "fallback_currency": "pounds",
              "main_depot_code": depot} for i, (cur, depot) in enumerate((("GBP", "D07"), ("USD", "D11")))]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/currencies", currencies),
        entry(f"{HOST}/api/depots", depots),
        entry(f"{HOST}/api/shops", shops),
    ])
    refs = _refs(tables["shops"])
    assert {("billing_currency", "currencies", "code"), ("main_depot_code", "depots", "code")} <= refs, refs
    assert not any(c == "fallback_currency" for c, _, _ in refs), refs


def test_a_code_others_reference_keys_its_table_rather_than_its_name(tmp_path: Path) -> None:
    """Fare classes without an id, each with a ``name`` and a ``fare_code`` (``ECO1``) named by the table's first word,
    which tickets name (``fare_code``, ``upgrade_fare_code`` after a role): the code the API's records reference the
    table by is its key, and its children and references are spelt as it is (``fare_code``), never by the name."""
    fares = [{"name": f"Fare {c}", "fare_code": c, "surcharges": [{"label": "Fuel", "amount": 2.5}]}
             for c in ("ECO1", "ECO2", "BUS1")]
    tickets = [{"id": 70 + i, "seat": f"{i}A", "fare_code": c, "upgrade_fare_code": u}
               for i, (c, u) in enumerate((("ECO1", "BUS1"), ("ECO2", "BUS1"), ("BUS1", "BUS1")))]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/fare_classes", fares),
        entry(f"{HOST}/api/tickets", tickets),
    ])
    assert tables["fare_classes"]["primary_key"] == ["fare_code"], tables["fare_classes"]
    refs = _refs(tables["tickets"])
    assert {("fare_code", "fare_classes", "fare_code"), ("upgrade_fare_code", "fare_classes", "fare_code")} <= refs, refs
    child = next(t for name, t in tables.items() if name.endswith("surcharges"))
    assert ("fare_code", "fare_classes", "fare_code") in _refs(child), child


def test_stubs_of_one_field_with_different_type_tags_reference_no_one_table(tmp_path: Path) -> None:
    """``"sender": {"type": "agent", "id": "7"}`` on a ticket, ``{"type": "customer", "id": "c1"}`` on its replies:
    the field holds records of several tables, so it references none alone; its tag and key stay columns
    (``sender_type``, ``sender_id``). A field whose stubs have one tag (``owner``: agents) still references."""
    agents = [{"id": "7", "name": "Ann"}, {"id": "8", "name": "Bo"}]
    customers = [{"id": "c1", "name": "Cy"}, {"id": "c2", "name": "Di"}]
    tickets = [{"id": 100 + i, "title": f"Help {i}", "owner": {"type": "agent", "id": "8"},
                "sender": {"type": "agent", "id": "7"},
                "replies": [{"id": 500 + i, "body": "Thanks", "sender": {"type": "customer", "id": "c1"}}]}
               for i in (1, 2)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/agents", agents),
        entry(f"{HOST}/api/customers", customers),
        entry(f"{HOST}/api/tickets", tickets),
    ])
    ticket_cols = {c["name"] for c in tables["tickets"]["columns"]}
    assert {"sender_type", "sender_id", "owner_id"} <= ticket_cols, ticket_cols
    refs = _refs(tables["tickets"])
    assert ("owner_id", "agents", "id") in refs and not any(c == "sender_id" for c, _, _ in refs), refs
    replies = next(t for name, t in tables.items() if name.endswith("replies"))
    assert {"sender_type", "sender_id"} <= {c["name"] for c in replies["columns"]}, replies
    assert not any(c == "sender_id" for c, _, _ in _refs(replies)), replies


def test_a_child_holding_a_field_of_its_parent_columns_name_keeps_it(tmp_path: Path) -> None:
    """Members keyed by ``member_id`` (``"sso|41"``) list their ``logins``, each with a ``member_id`` of its own (the
    provider's id, ``"41"``): the child's reference to its member is ``member_member_id``, and the items' own
    ``member_id`` keeps their values rather than being overwritten by the parent's key."""
    members = [{"member_id": f"sso|4{i}", "email": f"m{i}@depot.test",
                "logins": [{"provider": "sso", "member_id": f"4{i}", "primary": True}]} for i in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/members", members)])
    logins = next(t for name, t in tables.items() if name.endswith("logins"))
    assert {"member_member_id", "member_id"} <= {c["name"] for c in logins["columns"]}, logins
    assert ("member_member_id", "members", "member_id") in _refs(logins), logins


def test_a_column_never_filled_takes_the_type_its_namesakes_hold(tmp_path: Path) -> None:
    """``"balance": null`` in every wallet, while the cards' ``balance`` holds decimals: an API spells one kind of
    field by one name across its resources, so the wallets' ``balance`` is numeric too, not text."""
    cards = [{"id": i, "label": f"Card {i}", "balance": 10.5 * i} for i in (1, 2)]
    wallets = [{"id": 10 + i, "owner_name": f"Owner {i}", "balance": None} for i in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/cards", cards), entry(f"{HOST}/api/wallets", wallets)])
    assert _column(tables["wallets"], "balance")["type"] == "numeric", tables["wallets"]


def test_a_reference_by_a_natural_identifier_of_one_read_row(tmp_path: Path) -> None:
    """``gateway_identifier`` in a plan's charges holding the ``identifier`` of the one gateway the capture created: a
    column spelt exactly ``<table>_<natural key>`` whose values that key holds references the table, although only
    one of its rows was read (a role before the name, or a name the table does not spell, would need more rows)."""
    gateway = {"id": "6a1f", "name": "Pay Gate", "identifier": "https://pay.depot.test/", "timeout": 30}
    charges = [{"gateway_identifier": "https://pay.depot.test/", "gateway_name": "Pay Gate", "amount": 5}]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/gateways", gateway, method="POST", status=201),
        entry(f"{HOST}/api/plans", [{"id": "p1", "title": "Basic"}]),
        entry(f"{HOST}/api/plans/p1/charges", charges),
    ])
    charges_table = next(t for name, t in tables.items() if name.endswith("charges"))
    assert ("gateway_identifier", "gateways", "identifier") in _refs(charges_table), charges_table


def test_items_whose_one_id_names_several_slugs_are_named_by_their_slug(tmp_path: Path) -> None:
    """A team's ``boards`` all carry ``"id": 7`` but different slugs, while ``/boards`` serves boards keyed by id
    with a slug: an id shared by items of different natural keys identifies nothing, so the items are boards
    named by their slug, an association ``team_boards(team_id, board_slug, open_cards)`` keeping only the link's
    own attribute (the copied ``title`` is the board's), and the boards gain no column of the team."""
    boards = [{"id": 100 + i, "slug": s, "title": s.title()} for i, s in enumerate(("alpha", "beta", "gamma"))]
    teams = [{"id": 1, "name": "Core", "boards": [{"id": 7, "slug": "alpha", "title": "Alpha", "open_cards": 3},
                                                   {"id": 7, "slug": "beta", "title": "Beta", "open_cards": 0}]},
             {"id": 2, "name": "Ops", "boards": [{"id": 7, "slug": "delta", "title": "Delta", "open_cards": 1}]}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/boards", boards), entry(f"{HOST}/api/teams", teams)])
    assoc = tables["team_boards"]
    assert {c["name"] for c in assoc["columns"]} == {"team_id", "board_slug", "open_cards"}, assoc
    assert {("team_id", "teams", "id"), ("board_slug", "boards", "slug")} <= _refs(assoc), assoc
    assert {c["name"] for c in tables["boards"]["columns"]} == {"id", "slug", "title"}, tables["boards"]
