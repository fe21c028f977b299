"""General inference rules of the thirty-fifth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://depot.test"


def test_a_nested_tree_of_one_kind_is_one_table_of_its_nodes(tmp_path: Path) -> None:
    """A site's ``rootZone`` holds zones under ``subZones``, and they theirs, each keyed by a ``code`` (no ``id``):
    one table ``zones`` of every node, the root among them, each naming its parent (``parent_code``); the site
    references the root (``root_zone_code``), and a rack's ``zone_code`` the zones."""
    def zone(code: str, label: str, below: list[dict[str, object]], extra: bool = False) -> dict[str, object]:
        node: dict[str, object] = {"code": code, "label": label, "floor": len(code), "subZones": below}
        if extra:
            node["notes"] = "cold"
        return node
    tree = zone("Z", "whole depot", [
        zone("ZA", "hall a", [zone("ZA1", "aisle 1", [], True), zone("ZA2", "aisle 2", [])]),
        zone("ZB", "hall b", [zone("ZB1", "aisle 3", [], True)]),
        zone("ZC", "yard", []),
    ])
    racks = [{"rackNo": f"R{i}", "zoneCode": code, "height": i} for i, code in enumerate(("ZA1", "ZA2", "ZB1", "Z"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/site", {"id": 7, "title": "north depot", "rootZone": tree, "racks": racks}),
    ])
    zones = tables.get("zones")
    assert zones is not None, set(tables)
    assert {"code", "label", "floor", "parent_code"} <= set(_columns(zones)), _columns(zones)
    assert zones["primary_key"] == ["code"]
    assert ("parent_code", "zones") in _fks(zones)
    site = next(t for t in tables.values() if "title" in _columns(t))
    assert "root_zone_code" in _columns(site) and ("root_zone_code", "zones") in _fks(site), _columns(site)
    assert not any("sub_zone" in name for name in tables), set(tables)


def test_an_agent_role_never_filled_references_the_table_its_namesakes_do(tmp_path: Path) -> None:
    """``"owner": null`` in every shelf, while every crate's and bin's ``owner`` holds the id of a member (an agent's
    role: a person): the shelves' ``owner`` is the same reference, left empty."""
    members = [{"id": i, "username": f"m{i}", "shift": "day"} for i in (1, 2, 3)]
    crates = [{"id": i, "label": f"crate {i}", "owner": 1 + i % 3} for i in (1, 2, 3)]
    bins = [{"id": i, "size": i * 2, "owner": 2} for i in (1, 2)]
    shelves = [{"id": i, "title": f"shelf {i}", "owner": None} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/members/", members),
        ("GET", f"{HOST}/api/crates/", crates),
        ("GET", f"{HOST}/api/bins/", bins),
        ("GET", f"{HOST}/api/shelves/", shelves),
    ])
    assert ("owner", "members") in _fks(tables["crates"]), _fks(tables["crates"])
    assert ("owner", "members") in _fks(tables["shelves"]), _fks(tables["shelves"])


def test_a_keyed_child_of_a_top_table_names_its_own_children_without_the_parent(tmp_path: Path) -> None:
    """Orders list ``parcels`` keyed by a ``uid`` of their own, each listing its ``scans``: the scans name their parcel
    ``parcel_uid`` (the parcel, not ``order_parcel_uid``), as a relational model of an order's parcels would."""
    def parcel(uid: str, n: int) -> dict[str, object]:
        return {"uid": uid, "weight": n * 1.5, "scans": [{"place": f"hub {k}", "step": k} for k in range(n)]}
    orders = [{"id": 1, "ref": "A-1", "parcels": [parcel("p-1", 2), parcel("p-2", 1)]},
              {"id": 2, "ref": "A-2", "parcels": [parcel("p-3", 3)]}]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/orders", orders)])
    scans = next(t for name, t in tables.items() if name.endswith("scans"))
    assert "parcel_uid" in _columns(scans), (set(tables), _columns(scans))


def test_subdocuments_with_an_id_of_their_own_are_their_holders_fields(tmp_path: Path) -> None:
    """A document store gives every nested object an ``_id`` of its own (``{"display": {"_id": "5f1c…", "brightness":
    3}}``): a part of its holder, flattened into it (``display__id``, ``display_brightness``), no table of its own,
    when no table holds it and it names no record (no name, no handle); a stub with a name (``{"_id", "username"}``)
    stays a reference."""
    def panel(i: int) -> dict[str, object]:
        return {"_id": f"p{i}", "serial": f"SN-{i}", "author": {"_id": f"u{i % 2}", "username": f"user{i % 2}"},
                "display": {"_id": f"5f1c{i}a", "brightness": i, "theme": "dark"},
                "network": {"_id": f"6a2d{i}b", "ssid": f"net{i}", "dhcp": True}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/panels", [panel(i) for i in (1, 2, 3)])])
    panels = _columns(tables["panels"])
    assert {"display_brightness", "display_theme", "network_ssid", "network_dhcp"} <= set(panels), (set(tables), panels)
    assert not any(name.startswith(("display", "network")) for name in tables), set(tables)
    assert any(name != "panels" and "username" in _columns(t) for name, t in tables.items()), set(tables)


def test_items_of_a_list_named_after_a_table_name_its_records_by_its_word(tmp_path: Path) -> None:
    """Invoices list ``tax_rates`` as ``{"rate": 2, "amount": 3.5}`` beside a served ``/tax_rates/`` keyed by ``id``:
    each item's ``rate`` (the word ending the table's singular) names a tax rate, a reference to that table."""
    rates = [{"id": i, "label": f"VAT {i}", "percent": 5 * i} for i in (1, 2, 3)]
    invoices = [{"id": i, "number": f"INV-{i}", "tax_rates": [{"rate": 1 + i % 3, "amount": 1.5 * i},
                                                                {"rate": 1 + (i + 1) % 3, "amount": 0.5}]}
                for i in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/tax_rates/", rates), ("GET", f"{HOST}/api/invoices/", invoices)])
    items = next(t for name, t in tables.items() if name != "tax_rates" and name.endswith("tax_rates"))
    assert ("rate", "tax_rates") in _fks(items), (set(tables), _fks(items))


def test_a_serial_number_keys_devices_without_an_id(tmp_path: Path) -> None:
    """Meters served without an id, each with its maker's ``serial`` (unique, never null): the serial keys them, and a
    reading's ``meterSerial`` references them by it."""
    meters = [{"serial": f"M-{i:03d}", "model": "m2", "label": f"meter {i}", "installed": 2019 + i} for i in (1, 2, 3)]
    readings = [{"readingId": 10 + i, "meterSerial": f"M-{1 + i % 3:03d}", "kwh": 1.5 * i} for i in (1, 2, 3, 4)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/meters", {"meters": meters}),
                               ("GET", f"{HOST}/api/readings", {"readings": readings})])
    assert tables["meters"]["primary_key"] == ["serial"], tables["meters"]["primary_key"]
