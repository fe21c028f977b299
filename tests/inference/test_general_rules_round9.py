"""General inference rules for hypermedia link arrays, typed resource lists and their references, choice objects
and typed references, each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://shop.test"


def _links(kind: str, key: str) -> list[dict[str, str]]:
    return [{"href": f"{HOST}/v2/{kind}/{key}", "rel": "self", "method": "GET"},
            {"href": f"{HOST}/v2/{kind}/{key}", "rel": "edit", "method": "PATCH"}]


def test_link_arrays_are_navigation_not_child_tables(tmp_path: Path) -> None:
    """``links: [{href, rel, method}]`` in each record and beside a page's list are where to go next: no
    ``invoice_links`` table, and the page's own links do not make it a record."""
    def invoice(key: str) -> dict[str, object]:
        return {"id": key, "memo": f"m{key}", "amount": 3, "links": _links("invoices", key)}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/invoices", {"invoices": [invoice("I1"), invoice("I2")], "total_items": 2,
                                        "links": [{"href": f"{HOST}/v2/invoices?page=2", "rel": "next"}]}),
        ("GET", f"{HOST}/v2/invoices/I1", invoice("I1")),
    ])
    assert set(tables) == {"invoices"}, set(tables)
    assert set(_columns(tables["invoices"])) == {"id", "memo", "amount"}
    assert tables["invoices"]["primary_key"] == ["id"]


def test_container_tagged_apart_from_its_records_is_an_envelope(tmp_path: Path) -> None:
    """``{"objectType": "SearchSet", "id": "s1", "total": 3, "hits": [{"node": {"objectType": "Book", ...},
    "url": ..., "rank": {"score": 1}}]}``: the container's tag differs from its records', so its id and counters
    are the answer's; the records are the wrapped objects, one table per tag (books and the authors served
    with them), not a ``hits`` table."""
    def hit(record: dict[str, object]) -> dict[str, object]:
        return {"url": f"{HOST}/fhirish/{record['objectType']}/{record['id']}", "node": record,
                "rank": {"mode": "match", "score": 1}}
    books = [{"objectType": "Book", "id": f"b{i}", "title": f"T{i}", "pages": 100 + i} for i in (1, 2)]
    author = {"objectType": "Author", "id": "a1", "name": "Ann", "born": 1970}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/fhirish/Book?q=t", {"objectType": "SearchSet", "id": "s1", "total": 3,
                                            "meta": {"updated": "2024-01-01T00:00:00Z"},
                                            "hits": [hit(books[0]), hit(books[1]), hit(author)]}),
    ])
    assert set(tables) == {"books", "authors"}, set(tables)
    assert set(_columns(tables["books"])) == {"object_type", "id", "title", "pages"}
    assert set(_columns(tables["authors"])) == {"object_type", "id", "name", "born"}
    assert tables["books"]["primary_key"] == ["id"] and tables["authors"]["primary_key"] == ["id"]


def test_choice_objects_are_their_value_and_label(tmp_path: Path) -> None:
    """``"state": {"value": "open", "label": "Open"}`` (a serializer's choice field) holds two facts, the stored
    value and its display label: ``state_value`` and ``state_label``. Under a reference's name
    (``depot_id``) the object is still the key alone."""
    def ticket(key: int, state: str, depot: int) -> dict[str, object]:
        return {"id": key, "subject": f"s{key}", "state": {"value": state, "label": state.title()},
                "depot_id": {"value": depot, "label": f"Depot {depot}"}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/tickets/", [ticket(1, "open", 4), ticket(2, "closed", 5)])])
    assert set(_columns(tables["tickets"])) == {"id", "subject", "state_value", "state_label", "depot_id"}


def test_typed_reference_names_its_table_by_its_tag(tmp_path: Path) -> None:
    """``"target": {"kind": "media#track", "trackId": "t9"}``: the tag names the table the key is a row of, so the
    column references ``tracks`` though the tracks served are others; the tag is no column. A tag naming no
    served table (``{"type": "venue", "venueId": …}``) is flattened as it was."""
    def entry(key: str, track: str) -> dict[str, object]:
        return {"id": key, "title": f"e{key}", "target": {"kind": "media#track", "trackId": track},
                "place": {"type": "venue", "venueId": f"v{key}"}}
    tracks = [{"kind": "media#track", "id": f"t{i}", "title": f"T{i}", "length": 180 + i} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/media/v3/tracks?part=snippet", {"kind": "media#trackList", "items": tracks}),
        ("GET", f"{HOST}/media/v3/queueEntries?part=snippet", {"kind": "media#queueEntryList",
                                                              "items": [entry("q1", "t7"), entry("q2", "t8")]}),
    ])
    entries = tables["queue_entries"]
    assert set(_columns(entries)) == {"id", "title", "target_track_id", "place_type", "place_venue_id"}
    assert ("target_track_id", "tracks") in _fks(entries)


def _wallet(key: str, owner: str, source: dict[str, object]) -> dict[str, object]:
    return {"id": key, "owner": {"id": owner}, "funding": source}


_CARD = {"bankcard": {"tail": "4242", "holder": "Ann", "expires": "2030-01"}}
_WALLET = {"ewallet": {"handle": "ann@pay.test", "verified": True, "region": "EU"}}


def test_list_beside_the_scope_every_item_repeats_is_a_page(tmp_path: Path) -> None:
    """``{"owner": {"id": "o1"}, "wallets": [{"id", "owner": {"id": "o1"}, ...}]}``: the object beside the list is
    the parent it was filtered by, which every item names itself; the items are the records, keyed by id."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v9/wallets?owner_id=o1",
         {"owner": {"id": "o1"}, "wallets": [_wallet("w1", "o1", _CARD), _wallet("w2", "o1", _CARD)]}),
    ])
    assert tables["wallets"]["primary_key"] == ["id"]
    assert "id" in _columns(tables["wallets"]) and "owner_id" in _columns(tables["wallets"])


def test_one_of_object_is_one_jsonb_value(tmp_path: Path) -> None:
    """``"funding": {"bankcard": {...}}`` in one record, ``{"ewallet": {...}}`` in another: one key naming the
    variant, whose fields change with it; one jsonb column, also where an answer shows only one variant."""
    tables = _infer(tmp_path, [
        ("POST", f"{HOST}/v9/grants", {"id": "g1", "state": "OK", "funding": _CARD}),
        ("GET", f"{HOST}/v9/wallets", [_wallet("w1", "o1", _CARD), _wallet("w2", "o1", _WALLET)]),
    ])
    for name in ("grants", "wallets"):
        columns = _columns(tables[name])
        assert columns["funding"]["type"] == "jsonb", (name, set(columns))
        assert not any(c.startswith("funding_") for c in columns), (name, set(columns))


def test_stub_link_names_the_table_it_references(tmp_path: Path) -> None:
    """Brief objects ``{id, url, name, slug}`` of two tables look alike; each one's ``url`` follows the route of
    its own collection, which names the table: a crew's ``group`` stub at ``/api/org/crew-groups/2/`` references
    crew groups, not the zones whose stubs have the same fields, and stubs of a route never served name a table of
    their own after it (``/api/net/ports/7/`` -> ``ports``)."""
    api = f"{HOST}/api"

    def stub(route: str, key: int) -> dict[str, object]:
        return {"id": key, "url": f"{api}/{route}/{key}/", "name": f"N{key}", "slug": f"n{key}"}
    zones = [{**stub("geo/zones", i), "area": 10 * i} for i in (1, 2)]
    groups = [{**stub("org/crew-groups", i), "motto": f"m{i}"} for i in (1, 2, 3)]
    depots = [{"id": i, "label": f"D{i}", "zone": stub("geo/zones", i), "uplink": stub("net/ports", 6 + i)}
              for i in (1, 2)]
    crews = [{"id": i, "label": f"C{i}", "group": stub("org/crew-groups", i)} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{api}/geo/zones/", {"count": 2, "next": None, "results": zones}),
        ("GET", f"{api}/org/crew-groups/", {"count": 3, "next": None, "results": groups}),
        ("GET", f"{api}/geo/depots/", {"count": 2, "next": None, "results": depots}),
        ("GET", f"{api}/org/crews/", {"count": 2, "next": None, "results": crews}),
    ])
    assert ("group_id", "crew_groups") in _fks(tables["crews"]), tables["crews"]["foreign_keys"]
    assert ("zone_id", "zones") in _fks(tables["depots"])
    assert ("uplink_id", "ports") in _fks(tables["depots"]), tables["depots"]["foreign_keys"]


def test_references_null_in_every_record_keep_their_key_column(tmp_path: Path) -> None:
    """Fields null in every record are references left empty when their name says so: ``owner`` and
    ``parent_kit`` name served tables (``owner_id``, ``parent_kit_id`` with their foreign keys), ``shelf`` holds
    stubs in another table's records (``shelf_id``), ``spare6`` has a sibling ``spare4`` holding stubs (it
    references their table). ``retry_limit`` says it is a number, ``subcrate_kind`` ends in the last word of ``crate_kinds`` only: no
    reference."""
    owners = [{"id": i, "nick": f"o{i}", "since": 2000 + i} for i in (1, 2)]
    def kit(key: int) -> dict[str, object]:
        return {"id": key, "label": f"K{key}", "owner": None, "parent_kit": None, "shelf": None,
                "spare4": {"id": key + 10, "serial": f"S{key}", "watts": 5}, "spare6": None, "retry_limit": None,
                "subcrate_kind": None}
    racks = [{"id": i, "code": f"R{i}", "shelf": {"id": i, "row": f"r{i}", "depth": 3}} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/store/owners", owners),
        ("GET", f"{HOST}/store/kits", [kit(1), kit(2)]),
        ("GET", f"{HOST}/store/racks", racks),
        ("GET", f"{HOST}/store/crate-kinds", [{"id": i, "title": f"ck{i}"} for i in (1, 2)]),
    ])
    kits = tables["kits"]
    columns = set(_columns(kits))
    assert {"owner_id", "parent_kit_id", "shelf_id", "spare6_id", "retry_limit"} <= columns, columns
    assert not {"owner", "parent_kit", "shelf", "spare6"} & columns
    assert "subcrate_kind" in columns  # the last word of ``crate_kinds`` alone names no reference
    fks = _fks(kits)
    spare_table = next(t for c, t in fks if c == "spare4_id")
    assert {("owner_id", "owners"), ("parent_kit_id", "kits"), ("spare6_id", spare_table)} <= fks, fks


def test_relative_references_name_their_table(tmp_path: Path) -> None:
    """``"home": {"ref": "Depot/d2"}``: a relative reference spells the type and the id; it references the table
    the type names when that table holds the ids. ``"Crate/c9"`` names a table never served: no reference."""
    depots = [{"id": f"d{i}", "town": f"T{i}", "docks": i} for i in (1, 2, 3)]
    trucks = [{"id": f"t{i}", "plate": f"P{i}", "home": {"ref": f"Depot/d{i}"}, "load": {"ref": f"Crate/c{i}"}}
              for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/base/Depot", depots),
        ("GET", f"{HOST}/base/Truck", trucks),
    ])
    fks = _fks(tables["trucks"])
    assert ("home_ref", "depots") in fks, fks
    assert not any(c == "load_ref" for c, _t in fks)


def test_list_of_lists_of_values_is_one_document(tmp_path: Path) -> None:
    """``"labels": [{"codes": [{"scheme", "value"}], "text"}]``: objects without ids holding lists of objects
    without ids are a nested structure of values, one jsonb column; a plain list of such objects (``lines``) is
    still a child table."""
    def sample(key: int) -> dict[str, object]:
        return {"id": key, "taken": "2024-05-01", "labels": [{"codes": [{"scheme": "s", "value": f"v{key}"}],
                                                             "text": "x"}],
                "lines": [{"sku": f"k{key}", "qty": key}]}
    tables = _infer(tmp_path, [("GET", f"{HOST}/lab/samples", [sample(1), sample(2)])])
    columns = _columns(tables["samples"])
    assert columns["labels"]["type"] == "jsonb", set(tables)
    assert not any("label" in name for name in tables), set(tables)
    assert any("line" in name for name in tables), set(tables)


def test_record_tagged_apart_from_its_children_stays_a_record(tmp_path: Path) -> None:
    """``{"type": "folder", "id": "f1", "children": [{"type": "file", ...}]}``: a record whose list under its own
    name (not a generic one) holds records of other types is a record with children, no envelope."""
    folder = {"type": "folder", "id": "f1", "title": "Docs", "children": [
        {"type": "file", "id": "x1", "size": 3}, {"type": "link", "id": "x2", "size": 0}]}
    tables = _infer(tmp_path, [("GET", f"{HOST}/drive/folders/f1", folder)])
    assert "folders" in tables and {"id", "title"} <= set(_columns(tables["folders"])), set(tables)
