"""General inference rules of the thirty-first round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry, har

HOST = "https://depot.test"

_PARCELS = [{"id": 71, "weight": 2.5, "sent": "2024-01-02T10:00:00Z"},
            {"id": 72, "weight": 1.25, "sent": "2024-01-03T11:00:00Z"}]
_COURIERS = [{"id": 5, "name": "swift", "rating": 4}, {"id": 6, "name": "steady", "rating": 5}]


def _form(url: str, form: str, answer: Any) -> dict[str, Any]:
    """A POST of ``form`` (``application/x-www-form-urlencoded``) answered with ``answer``."""
    posted = entry(url, answer, method="POST")
    posted["request"]["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": form}
    return posted


def _tables(tmp_path: Path, entries: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """The tables inferred by both readers of a HAR: the whole-exchange one and the answers one."""
    from capture.har import iter_har_exchanges
    from capture.har_answers import iter_har_answers
    from inference import infer_schema
    from inference.endpoints import wants_body

    path = tmp_path / "traffic.har"
    path.write_text(json.dumps(har(entries)))
    found = {}
    for reader, exchanges in (("whole", iter_har_exchanges(path)), ("answers", iter_har_answers(path, wants_body))):
        schema = infer_schema(exchanges, answers_redacted=reader == "whole").model_dump(mode="json")
        found[reader] = {t["name"]: t for t in schema["tables"]}
    return found


def test_operations_named_by_a_posted_forms_field_are_told_apart(tmp_path: Path) -> None:
    """One address, each operation named by the ``action`` field of a POSTed form (``action=list-parcels&since=…``),
    every answer ``{"ok": true, "result": [...]}``: the form's operation names the collection as a JSON call's
    envelope does (``{"action": "list-parcels"}``), so parcels and couriers are tables of their own, not one table of
    the address."""
    entries = [
        _form(f"{HOST}/service", "action=list-parcels&since=2024-01-01", {"ok": True, "result": _PARCELS}),
        _form(f"{HOST}/service", "action=list-couriers&region=north", {"ok": True, "result": _COURIERS}),
    ]
    for tables in _tables(tmp_path, entries).values():
        assert set(tables) == {"parcels", "couriers"}, list(tables)
        assert all(t["primary_key"] == ["id"] for t in tables.values())
        assert {c["name"] for c in tables["couriers"]["columns"]} == {"id", "name", "rating"}


def test_the_answers_update_time_and_time_zone_beside_a_list_are_no_record(tmp_path: Path) -> None:
    """``{"updatetime": 1700000000, "timezone": "Europe/Oslo", "shipments": [...]}``: when the answer's data was last
    updated and the zone its times are told in describe the answer, so its list is unwrapped (a table of the
    shipments, keyed by their own id), not one row holding the list as a ``jsonb`` column."""
    shipments = [{"shipid": 9001, "sent": 1700000100, "boxes": 3}, {"shipid": 9002, "sent": 1700000200, "boxes": 1}]
    entries = [entry(f"{HOST}/ledger", {"updatetime": 1700000000, "timezone": "Europe/Oslo", "shipments": shipments})]
    for tables in _tables(tmp_path, entries).values():
        assert list(tables) == ["shipments"], list(tables)
        assert {c["name"] for c in tables["shipments"]["columns"]} == {"shipid", "sent", "boxes"}


def test_a_glued_id_named_by_the_tables_last_word_keys_it(tmp_path: Path) -> None:
    """Records whose key is spelt ``<word>id`` in one lower-case word, the word ending the table's name (``boxid`` of
    ``cargoboxes``, abbreviated or not): the table's own id, unique in every record, so the child list of each record
    references it (``cargobox_boxid``)."""
    boxes = [{"boxid": 41, "label": "north", "items": [{"sku": "a1", "qty": 2}, {"sku": "b2", "qty": 1}]},
             {"boxid": 42, "label": "south", "items": [{"sku": "c3", "qty": 5}]}]
    entries = [entry(f"{HOST}/cargoboxes", {"cargoboxes": boxes})]
    for tables in _tables(tmp_path, entries).values():
        assert tables["cargoboxes"]["primary_key"] == ["boxid"], tables["cargoboxes"]
        child = next(t for name, t in tables.items() if name != "cargoboxes")
        assert [(fk["columns"], fk["ref_table"], fk["ref_columns"]) for fk in child["foreign_keys"]] == \
            [(["cargobox_boxid"], "cargoboxes", ["boxid"])], child


_PROBE_UUIDS = ["3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d"]
_PROBES = [{"id": 311, "uuid": _PROBE_UUIDS[0], "label": "cellar", "battery": 80},
           {"id": 312, "uuid": _PROBE_UUIDS[1], "label": "attic", "battery": 64}]
_ALERTS = [{"id": "c0ffee00-1111-4222-8333-444455556666", "probe_id": _PROBE_UUIDS[0], "level": "high",
            "source": {"origin": {"id": _PROBE_UUIDS[0], "type": "Probe"}, "seen": "2024-02-01T08:00:00Z"}},
           {"id": "c0ffee00-7777-4888-9999-aaaabbbbcccc", "probe_id": _PROBE_UUIDS[1], "level": "low",
            "source": {"origin": {"id": _PROBE_UUIDS[1], "type": "Probe"}, "seen": "2024-02-02T09:00:00Z"}}]


def test_a_pointer_whose_ids_are_not_of_the_form_of_the_tables_keys_adds_no_row_to_it(tmp_path: Path) -> None:
    """``{"origin": {"id": "<uuid>", "type": "Probe"}}`` beside probes keyed by integers (their UUID another field):
    the pointer's ids are not the probes' keys, so it is no copy of a probe (no probe row keyed by a UUID, the
    probes' columns not made nullable, their ``id`` kept an integer); its fields stay the alert's own."""
    entries = [entry(f"{HOST}/probes", {"probes": _PROBES}), entry(f"{HOST}/alerts", {"alerts": _ALERTS})]
    for tables in _tables(tmp_path, entries).values():
        probes = tables["probes"]
        assert {c["name"]: c["type"] for c in probes["columns"]}["id"] == "integer", probes
        assert not any(c["nullable"] for c in probes["columns"]), probes
        assert {"source_origin_id", "source_origin_type"} <= {c["name"] for c in tables["alerts"]["columns"]}


def test_a_reference_named_after_a_table_may_hold_its_records_other_identifier(tmp_path: Path) -> None:
    """``probe_id`` holding UUIDs where the probes are keyed by integer ids and carry a unique ``uuid``: the name says
    whose records it names, the values are their ``uuid``s, so it references ``probes.uuid``."""
    entries = [entry(f"{HOST}/probes", {"probes": _PROBES}), entry(f"{HOST}/alerts", {"alerts": _ALERTS})]
    for tables in _tables(tmp_path, entries).values():
        refs = {fk["columns"][0]: (fk["ref_table"], fk["ref_columns"]) for fk in tables["alerts"]["foreign_keys"]}
        assert refs.get("probe_id") == ("probes", ["uuid"]), refs


def test_an_object_repeating_its_holders_key_is_the_holders_own_part(tmp_path: Path) -> None:
    """``{"uid": 7, "plan": "gold", "card": {"uid": 7, "last4": "1234", "brand": "visa"}}``: the card names the same
    ``uid`` as the account holding it, in every account: it is the account's own part (flattened, ``card_last4``),
    not a table of cards keyed by the account's key."""
    accounts = [{"uid": 7, "plan": "gold", "card": {"uid": 7, "last4": "1234", "brand": "visa"}},
                {"uid": 8, "plan": "basic", "card": {"uid": 8, "last4": "9876", "brand": "amex"}}]
    for tables in _tables(tmp_path, [entry(f"{HOST}/accounts", accounts)]).values():
        assert list(tables) == ["accounts"], list(tables)
        assert {"card_last4", "card_brand"} <= {c["name"] for c in tables["accounts"]["columns"]}


def test_an_id_glued_to_the_tables_initial_keys_it_before_another_letters_id(tmp_path: Path) -> None:
    """``{"uid": 5, "tid": 900, ...}`` listed at ``/tickets`` (``uid`` the user's id, ``tid`` the ticket's, both unique
    here): an id glued to the table's initial (``tid`` of tickets) is its own key, ranked before a ``uid`` that comes
    first in the records."""
    tickets = [{"uid": 5, "tid": 900, "subject": "login"}, {"uid": 6, "tid": 901, "subject": "refund"}]
    for tables in _tables(tmp_path, [entry(f"{HOST}/tickets", tickets)]).values():
        assert tables["tickets"]["primary_key"] == ["tid"], tables["tickets"]


def test_an_object_holding_one_list_alone_adds_no_level_to_a_document(tmp_path: Path) -> None:
    """``"layout": {"items": [{"target": {"rid", "rtype"}, "place": {"offset": {"x", "y"}}}]}``: the object only names
    its one list, so the placements nest three levels, not four: a child table of the shelves (its pointer and its
    placement flattened), not one ``jsonb`` document."""
    def shelf(n: int) -> dict[str, Any]:
        return {"id": f"5e1f0c7a-0000-4000-8000-00000000000{n}", "label": f"shelf {n}",
                "layout": {"items": [{"target": {"rid": f"9b2d4e6f-0000-4000-8000-00000000000{n}", "rtype": "bin"},
                                      "place": {"offset": {"x": 0.5 * n, "y": 1.25}}}]}}
    for tables in _tables(tmp_path, [entry(f"{HOST}/shelves", {"data": [shelf(1), shelf(2)]})]).values():
        assert "layout" not in {c["name"] for c in tables["shelves"]["columns"]}, tables["shelves"]
        child = next(t for name, t in tables.items() if name != "shelves")
        assert {"place_offset_x", "place_offset_y"} <= {c["name"] for c in child["columns"]}, child


def test_epoch_seconds_under_a_bound_word_glued_to_date_or_time_are_moments(tmp_path: Path) -> None:
    """``startdate``, ``endtime`` (a bound of a span glued to ``date``/``time``, one lower-case word) holding epoch
    seconds are moments (``timestamptz``), as ``start_date`` is."""
    shifts = [{"id": 1, "startdate": 1700000000, "endtime": 1700003600, "crew": 4},
              {"id": 2, "startdate": 1700086400, "endtime": 1700090000, "crew": 3}]
    for tables in _tables(tmp_path, [entry(f"{HOST}/shifts", shifts)]).values():
        types = {c["name"]: c["type"] for c in tables["shifts"]["columns"]}
        assert types["startdate"] == types["endtime"] == "timestamptz", types
        assert types["crew"] == "integer"


def _samples(route: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    return entry(f"{HOST}/lab/{route}", {"status": 0, "body": {"samples": records, "more": False}})


def test_one_list_name_answered_by_two_routes_with_records_of_their_own_is_two_tables(tmp_path: Path) -> None:
    """``{"samples": [...]}`` answered at ``/lab/soil`` and at ``/lab/water``, the records of each holding fields the
    other's never hold, no record at both: the name is the answers', the records two collections (``soil_samples``,
    ``water_samples``), each keyed by its id, not one table of nullable columns."""
    soil = [{"id": 10, "ph": 6.5, "depth_cm": 20, "taken": "2024-03-01T08:00:00Z"},
            {"id": 11, "ph": 7.1, "depth_cm": 35, "taken": "2024-03-02T08:00:00Z"}]
    water = [{"id": 90, "turbidity": 1.5, "salinity": 0.25, "taken": "2024-03-01T09:00:00Z"},
             {"id": 91, "turbidity": 2.75, "salinity": 0.5, "taken": "2024-03-02T09:00:00Z"}]
    for tables in _tables(tmp_path, [_samples("soil", soil), _samples("water", water)]).values():
        assert set(tables) == {"soil_samples", "water_samples"}, list(tables)
        assert not any(c["nullable"] for t in tables.values() for c in t["columns"])
        assert all(t["primary_key"] == ["id"] for t in tables.values())


def test_a_record_beneath_its_parents_other_identifier_names_the_parent_by_its_key(tmp_path: Path) -> None:
    """``/members/{uuid}/settings`` answering ``{"member_id": 7, ...}`` where members are keyed by ``id`` (the
    address names the member by its ``uuid``): the record names its parent by the parent's key, so ``member_id``
    references ``members.id``; no ``member_uuid`` column is made from the address."""
    uuids = ["0b5c9e1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b", "7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d"]
    members = [{"id": 7, "uuid": uuids[0], "nick": "kite"}, {"id": 8, "uuid": uuids[1], "nick": "wren"}]
    entries = [entry(f"{HOST}/members", {"members": members})] + [
        entry(f"{HOST}/members/{u}/settings", {"settings": {"member_id": m["id"], "dark_mode": n == 0, "digest": "daily"}})
        for n, (u, m) in enumerate(zip(uuids, members, strict=True))]
    for tables in _tables(tmp_path, entries).values():
        settings = tables["settings"]
        assert "member_uuid" not in {c["name"] for c in settings["columns"]}, settings
        refs = {fk["columns"][0]: (fk["ref_table"], fk["ref_columns"]) for fk in settings["foreign_keys"]}
        assert refs == {"member_id": ("members", ["id"])}, refs
