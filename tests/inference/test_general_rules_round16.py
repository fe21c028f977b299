"""General inference rules of the sixteenth round (pages that came back empty, ...), each on a small generated capture
of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://warehouse.test"


def test_an_empty_page_with_its_start_is_no_record(tmp_path: Path) -> None:
    """``{"bins": [], "start": 0, "limit": 25, "total": 0}`` beside pages of bins: the page that came back empty holds
    no record; its list and its counters (the first position ``start`` among them) are no columns, and the bins keep
    their key."""
    page = [{"id": f"bin_{i}", "label": f"Bin {i}"} for i in range(3)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/bins?start=0", {"bins": page, "start": 0, "limit": 25, "total": 3}),
        ("GET", f"{HOST}/api/bins?start=25", {"bins": [], "start": 25, "limit": 25, "total": 3}),
        ("GET", f"{HOST}/api/bins?q=none", {"bins": [], "start": 0, "limit": 25, "total": 0}),
    ])
    bins = tables["bins"]
    assert set(_columns(bins)) == {"id", "label"}, bins
    assert bins["primary_key"] == ["id"], bins


def test_metadata_maps_of_any_values_are_stored_whole(tmp_path: Path) -> None:
    """``"owner_metadata": {"vip": true, "facts": ["a", "b"]}`` and ``"custom_attributes": {"tier": 2}``: maps whose
    keys the user or the app defined, named as metadata or custom attributes, are one ``jsonb`` value each though
    their values are no texts, not a column per key."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/shelves", [
            {"id": i, "label": f"S{i}", "owner_metadata": {"vip": i == 1, "facts": ["a", "b"]},
             "custom_attributes": {"tier": i, "fragile": True}} for i in (1, 2, 3)]),
    ])
    columns = _columns(tables["shelves"])
    assert columns["owner_metadata"]["type"] == "jsonb", columns
    assert columns["custom_attributes"]["type"] == "jsonb", columns
    assert not any(name.startswith(("owner_metadata_", "custom_attributes_")) for name in columns), columns


def test_a_choice_whose_id_is_its_label_is_flattened(tmp_path: Path) -> None:
    """``"state": {"id": "on_hold", "name": "On hold"}``: an object whose id is its own label (the same words) is a
    choice of an enumeration, not a record: flattened into ``state_id`` and ``state_name``, no ``states`` table."""
    states = [{"id": "open", "name": "Open"}, {"id": "on_hold", "name": "On hold"}, {"id": "open", "name": "Open"}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/orders", [{"id": i, "total": 10 * i, "state": state} for i, state in enumerate(states)]),
    ])
    assert set(tables) == {"orders"}, tables
    assert {"state_id", "state_name"} <= set(_columns(tables["orders"])), tables["orders"]


def test_a_map_of_alike_members_under_changing_names_is_stored_whole(tmp_path: Path) -> None:
    """``"last_scan": {"north": {"count": 3, "at": ...}, "south": {...}}`` where another record names other zones:
    members of one shape under names that change from record to record are a map keyed by data (zones, regions,
    environments), one ``jsonb`` value, not a pair of columns per name ever seen."""
    def scan(*zones: str) -> dict[str, dict[str, object]]:
        return {zone: {"count": n, "at": f"2024-01-0{n}T10:00:00Z"} for n, zone in enumerate(zones, 1)}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/depots", [
            {"id": 1, "name": "A", "last_scan": scan("north", "south", "east")},
            {"id": 2, "name": "B", "last_scan": scan("north", "south", "west")},
            {"id": 3, "name": "C", "last_scan": None},
        ]),
    ])
    columns = _columns(tables["depots"])
    assert columns["last_scan"]["type"] == "jsonb", columns
    assert not any(name.startswith("last_scan_") for name in columns), columns


def test_rows_of_a_grouping_query_are_no_table(tmp_path: Path) -> None:
    """``/sql?q=SELECT kind, COUNT(id) FROM parcels GROUP BY kind`` beside the parcels read as records: the
    grouped query's answer is computed rows (one per group, its count named by the query), no table of its own."""
    parcels = [{"id": i, "kind": kind, "weight": i * 2} for i, kind in enumerate(("box", "tube", "box"), 1)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/parcels", {"data": parcels}),
        ("GET", f"{HOST}/api/sql?q=SELECT+kind%2C+COUNT(id)+FROM+parcels+GROUP+BY+kind",
         {"totalSize": 2, "done": True, "records": [{"kind": "box", "expr0": 2}, {"kind": "tube", "expr0": 1}]}),
    ])
    assert set(tables) == {"parcels"}, tables


def test_a_record_holding_the_last_word_of_its_address_is_kept_and_keyed_by_it(tmp_path: Path) -> None:
    """``GET /archive`` answering ``{"vault_name": "archive", "item_count": 7}``, nothing else read at the root: the
    last word of the address is held by a field of the one record it answers, so the address names that record (no
    settings document read at a fixed address): a table keyed by ``vault_name``."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/archive", {"vault_name": "archive", "item_count": 7}),
        ("GET", f"{HOST}/api/bins", [{"id": 1, "label": "A"}, {"id": 2, "label": "B"}]),
    ])
    keyed = [t for t in tables.values() if "vault_name" in _columns(t)]
    assert keyed and keyed[0]["primary_key"] == ["vault_name"], tables


def test_a_date_named_participle_null_everywhere_is_a_timestamp(tmp_path: Path) -> None:
    """``date_shipped`` null in every record: a name ``date_<participle>`` (``date_joined``, ``date_started``) names the
    moment something happened, ``timestamptz`` though no value was seen, as ``shipped_at`` would."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/crates", [{"id": i, "label": f"C{i}", "date_shipped": None} for i in (1, 2, 3)]),
    ])
    assert _columns(tables["crates"])["date_shipped"]["type"] == "timestamptz", tables["crates"]


def test_a_reference_whose_key_repeats_the_field_name_says_it_once(tmp_path: Path) -> None:
    """``"courier": {"courier_id": "k1", "name": "Swift"}`` beside ``/couriers`` keyed by ``courier_id``: the reference
    column says the field's name once, ``courier_id``, not ``courier_courier_id``."""
    couriers = [{"courier_id": f"k{i}", "name": name} for i, name in ((1, "Swift"), (2, "Rapid"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/couriers", couriers),
        ("GET", f"{HOST}/api/shipments", [{"id": i, "weight": i, "courier": couriers[i % 2]} for i in (1, 2, 3)]),
    ])
    columns = _columns(tables["shipments"])
    assert "courier_id" in columns and "courier_courier_id" not in columns, columns
