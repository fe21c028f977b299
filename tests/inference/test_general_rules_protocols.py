"""General inference rules for API protocols (keys in parentheses and annotations, GraphQL connections,
paging objects nested in records, typed ids), each on a small generated capture of its own (no case of
the corpus)."""

from __future__ import annotations

import base64
from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

SVC = "https://h.test/svc"
GQL = "https://h.test/graphql"


def _gid(kind: str, pk: int) -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def test_key_in_parentheses_addresses_a_row_of_the_collection(tmp_path: Path) -> None:
    """``Depots(4)`` is depot 4 of ``Depots`` and ``Depots(4)/Boxes`` its boxes."""
    depots = [{"Id": 4, "Label": "north"}, {"Id": 5, "Label": "south"}]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/Depots", {"value": depots}),
        ("GET", f"{SVC}/Depots(4)", depots[0]),
        ("GET", f"{SVC}/Depots(4)/Boxes", {"value": [{"Id": 70, "Kg": 3}, {"Id": 71, "Kg": 5}]}),
    ])
    assert set(tables) == {"depots", "boxes"}
    assert tables["depots"]["primary_key"] == ["id"]
    assert _fks(tables["boxes"]) == {("depot_id", "depots")}


def test_annotations_are_no_data_and_a_property_value_is_no_table(tmp_path: Path) -> None:
    """``@odata.etag``, ``Boxes@odata.count`` are control information; ``{"value": "north"}`` is the
    value of one property, not a record."""
    shelves = [{"@odata.etag": f'W/"0{i}"', "Id": i, "Label": "x", "Boxes@odata.count": 0} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/Shelves", {"@odata.context": f"{SVC}/$metadata#Shelves", "value": shelves,
                                    "@odata.nextLink": f"{SVC}/Shelves?$skiptoken=2"}),
        ("GET", f"{SVC}/Shelves(1)/Label", {"@odata.context": f"{SVC}/$metadata#Shelves(1)/Label", "value": "x"}),
    ])
    assert set(tables) == {"shelves"}
    assert set(_columns(tables["shelves"])) == {"id", "label"}


def test_context_url_names_the_table_of_an_operation_answer(tmp_path: Path) -> None:
    """A function's answer (``NearestShelf(x=1,y=2)``) whose context names ``Shelves`` is a shelf; an
    operation called on a shelf (``Shelves(1)/Ns.Favourite()``) answers no child of it."""
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/Shelves", {"value": [{"Id": 1, "Label": "a"}, {"Id": 2, "Label": "b"}]}),
        ("GET", f"{SVC}/NearestShelf(x=1,y=2)", {"@odata.context": f"{SVC}/$metadata#Shelves/$entity",
                                                  "Id": 3, "Label": "c"}),
        ("GET", f"{SVC}/Shelves(1)/Ns.Favourite()", {"@odata.context": f"{SVC}/$metadata#Bins/$entity",
                                                      "BinCode": "B7", "Name": "blue"}),
    ])
    assert set(tables) == {"shelves", "bins"}
    assert "bin_code" in _columns(tables["bins"]) and not tables["bins"]["foreign_keys"]


def test_joined_natural_key_and_a_code_identify_rows(tmp_path: Path) -> None:
    """``UserName`` is a username (``user_name``); ``PortCode`` identifies ports when nothing else does."""
    members = [{"UserName": "ann", "Age": 30}, {"UserName": "bob", "Age": 41}]
    ports = [{"PortCode": "NLRTM", "Name": "Rotterdam", "CountryCode": "NL"},
             {"PortCode": "BEANR", "Name": "Antwerp", "CountryCode": "BE"}]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/members", members), ("GET", f"{SVC}/members/ann", members[0]),
        ("GET", f"{SVC}/ports", ports), ("GET", f"{SVC}/ports/NLRTM", ports[0]),
    ])
    assert tables["members"]["primary_key"] == ["user_name"]
    assert tables["ports"]["primary_key"] == ["port_code"]


def test_graphql_connections_are_their_nodes(tmp_path: Path) -> None:
    """``{data: {allCrates: {totalCount, pageInfo, edges: [{cursor, node}]}}}`` lists crates; a nested
    ``itemConnection`` is the crate's items (a join to ``items``); counters and cursors are no data."""
    crates = [{"id": _gid("crates", i), "label": f"c{i}"} for i in (1, 2, 3)]
    items = [{"id": _gid("items", i), "title": f"t{i}"} for i in (1, 2)]
    page = {"totalCount": 3, "pageInfo": {"hasNextPage": False, "endCursor": "YXJyYXk6Mg=="},
            "edges": [{"cursor": f"YXJyYXk6{i}", "node": c} for i, c in enumerate(crates)]}
    crate = {**crates[0], "itemConnection": {"totalCount": 2, "edges": [{"node": i} for i in items]}}
    tables = _infer(tmp_path, [
        ("POST", GQL, {"data": {"allCrates": page}}),
        ("POST", GQL, {"data": {"crate": crate}}),
        ("POST", GQL, {"data": {"allItems": {"totalCount": 2, "items": items}}}),
    ])
    assert set(tables) == {"crates", "items", "crate_item"}
    assert set(_columns(tables["crates"])) == {"id", "label"}
    assert _fks(tables["crate_item"]) == {("crate_id", "crates"), ("item_id", "items")}


def test_paging_object_nested_in_a_record_is_its_items(tmp_path: Path) -> None:
    """``"songs": {"href", "items": [...], "limit", "offset", "total"}`` inside a record: the songs."""
    songs = [{"id": f"s{i}x9Q2", "name": f"n{i}"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/records/r1Xk29", {"id": "r1Xk29", "name": "R", "songs": {
            "href": f"{SVC}/records/r1Xk29/songs", "items": songs, "limit": 20, "offset": 0, "next": None,
            "total": 2}}),
        ("GET", f"{SVC}/records/r1Xk29/songs", {"href": "x", "items": songs, "limit": 20, "total": 2}),
    ])
    assert set(_columns(tables["records"])) == {"id", "name"}
    assert ("record_id", "records") in _fks(tables["songs"])


def test_typed_global_ids_name_their_table(tmp_path: Path) -> None:
    """``{"depot": {"id": base64("depots:9"), "name": ...}}`` references ``depots`` although depot 9
    itself was not captured; ids of another type do not."""
    depots = [{"id": _gid("depots", i), "name": f"d{i}"} for i in (1, 2)]
    crates = [{"id": _gid("crates", i), "depot": {"id": _gid("depots", 9 - i), "name": "far"}} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("POST", GQL, {"data": {"allDepots": {"edges": [{"node": d} for d in depots]}}}),
        ("POST", GQL, {"data": {"allCrates": {"edges": [{"node": c} for c in crates]}}}),
    ])
    assert _fks(tables["crates"]) == {("depot_id", "depots")}
    assert "depot" not in tables


def test_copies_of_records_partly_captured_are_a_join_and_an_inverse_one_is_left_out(tmp_path: Path) -> None:
    """A planet's ``residents`` repeat people records (some not captured): the inverse of each person's
    ``home_id``, so no table of its own."""
    people = [{"id": i, "name": f"p{i}", "home_id": 1} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/people", people),
        ("GET", f"{SVC}/homes", [{"id": 1, "name": "h1"}, {"id": 2, "name": "h2"}]),
        ("GET", f"{SVC}/homes/1", {"id": 1, "name": "h1", "residents": [
            {"id": i, "name": f"p{i}"} for i in (1, 2, 3, 40)]}),
    ])
    assert set(tables) == {"people", "homes"}
    assert _fks(tables["people"]) == {("home_id", "homes")}


def test_a_child_keyed_by_a_link_is_not_the_target_of_its_parents_links(tmp_path: Path) -> None:
    """``images[].url`` keys a child of artists served at the artists' routes; an artist's own
    ``href`` does not reference it."""
    artists = [{"id": f"a{i}Xk29Qp", "href": f"{SVC}/artists/a{i}Xk29Qp", "images": [
        {"url": f"https://img.test/{i}/{w}.jpg", "width": w} for w in (64, 300)]} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{SVC}/artists/{a['id']}", a) for a in artists])
    assert ("href", "artist_images") not in _fks(tables["artists"])
    assert not [fk for fk in tables["artists"]["foreign_keys"] if fk["columns"] == ["href"]]


def test_a_geojson_geometry_is_one_value(tmp_path: Path) -> None:
    """``{"type": "Point", "coordinates": [...], "crs": {...}}`` is one jsonb value, not four columns."""
    sites = [{"id": i, "spot": {"city": "A", "loc": {"type": "Point", "coordinates": [4.9, 52.3 + i],
                                                  "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}}}
             for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{SVC}/sites", sites)])["sites"])
    assert columns["spot_loc"]["type"] == "jsonb"
    assert not [c for c in columns if c.startswith("spot_loc_")]


def test_expanded_records_of_an_entity_are_a_join_to_it(tmp_path: Path) -> None:
    """A member's ``Buddies`` are members (keyed by ``UserName``, with members' fields), some never served
    by the members' own routes: a join of members to members, and those records are members too."""
    members = [{"UserName": u, "FirstName": u.title(), "Age": 20 + i} for i, u in enumerate(("ann", "bob", "cy"))]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/Members", {"value": members}),
        ("GET", f"{SVC}/Members('ann')", {**members[0], "Buddies": [
            {"UserName": "dee", "FirstName": "Dee", "Age": 33}, {"UserName": "bob", "FirstName": "Bob", "Age": 21}]}),
    ])
    assert set(tables) == {"members", "member_buddies"}
    assert _fks(tables["member_buddies"]) == {("member_user_name", "members"), ("buddy_user_name", "members")}


def test_typed_ids_identify_records_read_at_other_moments(tmp_path: Path) -> None:
    """``tx_…`` ids, unique within each route's answers, key ``transfers`` although the list and the
    detail read transfer ``tx_A1b2C3d4E5`` before and after it changed; plain ids that disagree do not."""
    listed = [{"id": f"tx_{c}1b2C3d4E5", "status": "open", "amount": "5.00", "note": "a"} for c in "AB"]
    detail = {"id": "tx_A1b2C3d4E5", "status": "paid", "amount": "7.00", "note": "b"}
    notes = [{"id": "n1", "text": "x", "pos": 1, "tag": "a"}, {"id": "n2", "text": "y", "pos": 2, "tag": "b"}]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/transfers", listed), ("GET", f"{SVC}/transfers/tx_A1b2C3d4E5", detail),
        ("GET", f"{SVC}/memos", notes), ("GET", f"{SVC}/memos/n1", {"id": "n1", "text": "z", "pos": 9, "tag": "q"}),
    ])
    assert tables["transfers"]["primary_key"] == ["id"]
    assert tables["memos"]["primary_key"] is None


def test_route_filtering_by_a_many_to_many_adds_no_column(tmp_path: Path) -> None:
    """``/authors/{id}/best-books`` answers books whose own ``authors`` name that author: no
    ``author_id`` column on books, the join holds the relation."""
    authors = [{"id": f"au{i}Xk29Qp7", "name": f"a{i}"} for i in (1, 2)]
    books = [{"id": f"bk{i}Zq81Lm3", "title": f"t{i}", "authors": [authors[0], authors[i % 2]]} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{SVC}/authors", authors),
        ("GET", f"{SVC}/authors/{authors[0]['id']}/best-books", {"books": books}),
    ])
    assert "author_id" not in _columns(tables["books"])
    assert _fks(tables["book_authors"]) == {("book_id", "books"), ("author_id", "authors")}


def test_a_role_before_the_last_word_of_a_table_names_it(tmp_path: Path) -> None:
    """``origin_crate_id`` holding keys of ``shipping_crates`` references it (the last word of the table's
    name after a role); ``origin_pallet_id`` names no table."""
    crates = [{"id": i, "kg": i * 3} for i in (1, 2, 3)]
    loads = [{"id": 10 + i, "origin_crate_id": i, "origin_pallet_id": 70 + i} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{SVC}/shipping_crates", crates), ("GET", f"{SVC}/loads", loads)])
    assert _fks(tables["loads"]) == {("origin_crate_id", "shipping_crates")}


def test_references_carrying_only_an_id_make_no_table(tmp_path: Path) -> None:
    """``"createdBy": {"user": {"id": ...}}`` names users never served: the column stays, no table of bare
    ids and no foreign key; an embedded author with fields of its own stays a table."""
    uid = ["6463a5ce-2119-4198-9f2a-628761df4a62", "1e9955d2-6acd-45bf-86d3-b546fdc795eb"]
    notes = [{"id": f"n{i}Qx81", "createdBy": {"user": {"id": uid[i]}},
              "author": {"id": 10 + i, "name": f"a{i}", "mail": f"a{i}@x.test"}} for i in (0, 1)]
    tables = _infer(tmp_path, [("GET", f"{SVC}/notes", {"value": notes})])
    assert "created_by_user_id" in _columns(tables["notes"])
    assert not [t for t in tables if "user" in t]
    assert ("author_id", "authors") in _fks(tables["notes"])
