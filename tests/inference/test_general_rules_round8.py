"""General inference rules of the eighth round (types a name gives, metadata an answer carries beside a record),
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

API = "https://app.test/api"


def test_a_column_never_holding_a_value_is_typed_by_its_name(tmp_path: Path) -> None:
    """``archived_at``, ``locked_until`` always null are times; ``is_pinned`` a flag; ``retry_limit`` a count."""
    boxes = [{"id": i, "label": f"b{i}", "archived_at": None, "locked_until": None, "is_pinned": None,
              "retry_limit": None, "remark": None} for i in range(3)]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/boxes", boxes)])["boxes"])
    assert columns["archived_at"]["type"] == "timestamptz" and columns["locked_until"]["type"] == "timestamptz"
    assert columns["is_pinned"]["type"] == "boolean" and columns["retry_limit"]["type"] == "integer"
    assert columns["remark"]["type"] == "text"


def test_a_version_spelt_as_a_decimal_stays_text(tmp_path: Path) -> None:
    """``"protocol_version": "2.0"``: a version is a label, not a quantity (``"1.10"`` is not ``"1.1"``)."""
    links = [{"id": 1, "protocol_version": "2.0"}, {"id": 2, "protocol_version": "1.1"}]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/links", links)])["links"])
    assert columns["protocol_version"]["type"] == "text"


def _card(key: str, **more: object) -> dict[str, object]:
    return {"id": key, "text": f"card {key}", "rev": 1, **more}


def test_a_write_acknowledgement_is_no_column(tmp_path: Path) -> None:
    """A PUT and a DELETE answer the card with the outcome (``"outcome": "updated"``) and a tally of the copies
    that took the write (``"copies": {"total": 3, "ok": 3, "failed": 0}``): facts about the write, not the card."""
    tally = {"total": 3, "ok": 3, "failed": 0}
    tables = _infer(tmp_path, [
        ("GET", f"{API}/cards", [_card("c1"), _card("c2"), _card("c3")]),
        ("PUT", f"{API}/cards/c1", {"id": "c1", "rev": 2, "outcome": "updated", "copies": tally}),
        ("DELETE", f"{API}/cards/c2", {"id": "c2", "rev": 2, "outcome": "deleted", "copies": tally}),
    ])
    assert set(_columns(tables["cards"])) == {"id", "text", "rev"}


def test_a_search_hit_score_is_no_column(tmp_path: Path) -> None:
    """``/cards/search`` gives each hit a ``relevance`` the card's own address never serves: the hit's, not the
    card's."""
    hits = [_card("c1", relevance=2.5), _card("c2", relevance=0.75)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/cards/search?q=card", {"total": 2, "items": hits}),
        ("GET", f"{API}/cards/c1", _card("c1")),
        ("GET", f"{API}/cards/c2", _card("c2")),
    ])
    assert set(_columns(tables["cards"])) == {"id", "text", "rev"}, set(tables)


def test_a_lookup_status_flag_is_no_column(tmp_path: Path) -> None:
    """Each read by key says ``"exists": true``; the listing of the same cards never does: the lookup's status."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/cards", [_card("c1"), _card("c2")]),
        ("GET", f"{API}/cards/c1", _card("c1", exists=True)),
        ("GET", f"{API}/cards/c2", _card("c2", exists=True)),
    ])
    assert set(_columns(tables["cards"])) == {"id", "text", "rev"}


def _member(key: int) -> dict[str, object]:
    return {"id": key, "login": f"m{key}", "avatar": f"/a/{key}.png"}


def test_stubs_of_one_shape_name_one_table(tmp_path: Path) -> None:
    """``opened_by`` stubs are members served at ``/members``; ``closed_by`` stubs of exactly that shape name
    members the capture never served: members too, not a table of their own."""
    members = [{**_member(k), "joined": f"2024-01-0{k}", "role": "dev"} for k in (1, 2, 3)]
    tickets = [{"id": 10 + k, "title": f"t{k}", "opened_by": _member(k), "closed_by": _member(7 + k)} for k in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{API}/members", members), ("GET", f"{API}/tickets", tickets)])
    assert set(tables) == {"members", "tickets"}, set(tables)
    refs = {(f["columns"][0], f["ref_table"]) for f in tables["tickets"]["foreign_keys"]}
    assert {("opened_by_id", "members"), ("closed_by_id", "members")} <= refs


def _members() -> list[dict[str, object]]:
    return [{**_member(k), "joined": f"2024-01-0{k}", "role": "dev"} for k in (1, 2, 3, 4)]


def test_an_association_column_is_named_after_the_table_it_references(tmp_path: Path) -> None:
    """``watchers: [{id, login, avatar}]`` lists members: the join's column is ``member_id``, not ``watcher_id``."""
    tickets = [{"id": 10 + k, "title": f"t{k}", "watchers": [_member(k), _member(k % 3 + 1)]} for k in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{API}/members", _members()), ("GET", f"{API}/tickets", tickets)])
    joins = [t for t in tables.values() if t["name"] not in ("members", "tickets")]
    assert len(joins) == 1, set(tables)
    assert ("member_id", "members") in {(f["columns"][0], f["ref_table"]) for f in joins[0]["foreign_keys"]}


def test_the_stub_in_an_association_item_is_the_reference(tmp_path: Path) -> None:
    """``helpers: [{id, login, avatar, hours}]`` carry the members' stub (the fields ``opened_by`` stubs carry)
    and hours of their own: an association ``(ticket_id, member_id, hours)``, the stub's copies left out."""
    tickets = [{"id": 10 + k, "title": f"t{k}", "opened_by": _member(k),
                "helpers": [{**_member(k), "hours": k}, {**_member(k % 3 + 1), "hours": 2 * k}]} for k in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{API}/members", _members()), ("GET", f"{API}/tickets", tickets)])
    helpers = next(t for t in tables.values() if "hours" in _columns(t))
    assert set(_columns(helpers)) == {"ticket_id", "member_id", "hours"}


def test_one_set_of_ids_under_every_parent_is_a_tally_per_kind(tmp_path: Path) -> None:
    """Every note lists reactions 1, 2 and 3 with its own tally (``{"id": 2, "total": 4, "mine": false}``): rows
    of each note, keyed by the kind, not three reaction records shared by the notes."""
    def note(key: int, totals: tuple[int, int, int]) -> dict[str, object]:
        return {"id": key, "text": f"n{key}",
                "reactions": [{"id": kind, "total": total, "mine": False} for kind, total in zip((1, 2, 3), totals, strict=True)]}
    notes = [note(k, (0, 4 if k == 3 else 0, 0)) for k in range(1, 9)]
    tables = _infer(tmp_path, [("GET", f"{API}/notes", notes)])
    assert set(tables) == {"notes", "note_reactions"}, set(tables)
    assert {"note_id", "id", "total", "mine"} <= set(_columns(tables["note_reactions"]))


def test_a_relation_route_makes_an_association(tmp_path: Path) -> None:
    """``/boards/{id}/starred_by`` answers members served at ``/members`` too: an association
    ``board_starred_by(board_id, member_id)``, not a ``board_id`` column of members."""
    boards = [{"id": 20 + k, "title": f"b{k}", "owner": _member(k)} for k in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{API}/members", _members()),
        ("GET", f"{API}/boards", boards),
        ("GET", f"{API}/boards/21/starred_by", [_members()[1], _members()[2]]),
        ("GET", f"{API}/boards/22/starred_by", [_members()[0]]),
    ])
    assert "board_id" not in _columns(tables["members"]), set(_columns(tables["members"]))
    assert set(_columns(tables["board_starred_by"])) == {"board_id", "member_id"}
    assert tables["board_starred_by"]["primary_key"] == ["board_id", "member_id"]


def test_a_map_of_typed_property_values_is_one_document(tmp_path: Path) -> None:
    """``attrs: {"Due": {"id": "d1", "type": "date", "date": {...}}, "name": {"id": "name", "type": "label",
    "label": [...]}}``: properties a user defined, each holding its value under its type: one jsonb value, no
    table of the ``label`` runs nor a ``name`` entity."""
    def doc(key: str, many: bool) -> dict[str, object]:
        attrs: dict[str, object] = {"name": {"id": "name", "type": "label", "label": [{"type": "run", "text": key}]}}
        if many:
            attrs["Due"] = {"id": "d1", "type": "date", "date": {"start": "2024-05-01"}}
        return {"id": key, "created": "2024-05-01T10:00:00Z", "attrs": attrs}
    tables = _infer(tmp_path, [("GET", f"{API}/docs", [doc("a", True), doc("b", True)]),
                               ("GET", f"{API}/docs/c", doc("c", False))])
    assert set(tables) == {"docs"}, set(tables)
    assert _columns(tables["docs"])["attrs"]["type"] == "jsonb"


def test_records_of_the_own_table_under_a_qualified_name_are_a_self_join(tmp_path: Path) -> None:
    """An article lists ``related_articles`` (id, title, words: its own columns): a join of articles with
    themselves, the related ones never served becoming articles rows, not a child table copying the columns."""
    def article(key: int, related: list[int] | None = None) -> dict[str, object]:
        out: dict[str, object] = {"id": key, "title": f"a{key}", "words": 100 * key, "lang": "en"}
        if related is not None:
            out["related_articles"] = [{"id": r, "title": f"a{r}", "words": 100 * r} for r in related]
        return out
    tables = _infer(tmp_path, [("GET", f"{API}/articles", [article(1), article(2), article(3)]),
                               ("GET", f"{API}/articles/1", article(1, [7, 8])),
                               ("GET", f"{API}/articles/2", article(2, [8, 9]))])
    join = tables.get("article_related_articles")
    assert join is not None and set(_columns(join)) == {"article_id", "related_article_id"}, set(tables)
    assert {f["ref_table"] for f in join["foreign_keys"]} == {"articles"}


def test_an_integer_reference_named_after_a_table_links_to_it_uncaptured(tmp_path: Path) -> None:
    """``rack_id`` 5 and 6 name racks, though the capture read only rack 9: a capture sees some of a table's
    rows, and the name spells the table's reference exactly."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/racks/9", {"id": 9, "label": "north", "slots": 4}),
        ("GET", f"{API}/books", [{"id": 1, "title": "a", "rack_id": 5}, {"id": 2, "title": "b", "rack_id": 6}]),
    ])
    assert ("rack_id", "racks") in {(f["columns"][0], f["ref_table"]) for f in tables["books"]["foreign_keys"]}


def test_user_key_values_are_one_document(tmp_path: Path) -> None:
    """``"labels": {"team": "core", "tier": "gold"}``: pairs a user attached under keys they chose, one jsonb
    value, not a column per key; ``"style": {"bold": true}`` (not such a name) stays flattened."""
    jobs = [{"id": "j1", "labels": {"team": "core", "tier": "gold"}, "style": {"bold": True}},
            {"id": "j2", "labels": {"team": "edge", "tier": "free"}, "style": {"bold": False}}]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/jobs", jobs)])["jobs"])
    assert columns["labels"]["type"] == "jsonb" and "labels_team" not in columns
    assert "style_bold" in columns


def test_a_null_field_beside_a_sibling_extending_its_name_stays(tmp_path: Path) -> None:
    """``region: null`` beside ``region_code: "ON"`` are two fields of one object: ``region`` stays a column;
    ``depot: null`` in one record and ``depot: {city}`` in another is the object flattened, and goes."""
    sites = [{"id": 1, "region": None, "region_code": "ON", "depot": None},
             {"id": 2, "region": None, "region_code": "QC", "depot": {"city": "Laval"}}]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/sites", sites)])["sites"])
    assert {"region", "region_code", "depot_city"} <= set(columns) and "depot" not in columns


def test_a_list_repeating_the_reference_its_rows_hold_is_no_column(tmp_path: Path) -> None:
    """A district lists its ``citizens`` by link; each citizen's ``district`` links that district back: the list
    is the inverse side of the citizens' reference, left out (citizens never captured do not change that)."""
    def url(kind: str, key: int) -> str:
        return f"{API}/{kind}/{key}/"
    citizens = [{"url": url("citizens", k), "name": f"c{k}", "district": url("districts", 1 + k % 2)} for k in range(1, 7)]
    districts = [{"url": url("districts", d), "title": f"d{d}",
                  "citizens": [url("citizens", k) for k in range(1, 9) if 1 + k % 2 == d]} for d in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{API}/citizens/", {"count": 6, "results": citizens}),
                               ("GET", f"{API}/districts/", {"count": 2, "results": districts})])
    assert ("district", "districts") in {(f["columns"][0], f["ref_table"]) for f in tables["citizens"]["foreign_keys"]}
    assert "citizens" not in _columns(tables["districts"]), set(_columns(tables["districts"]))


def test_an_unfilled_id_takes_the_type_of_the_id_keys(tmp_path: Path) -> None:
    """``closed_reason_id`` is null everywhere and names no table: it takes the type the tables' ids have
    (integers), whatever the type of a natural key (``code`` of countries) beside them."""
    tables = _infer(tmp_path, [
        ("GET", f"{API}/countries", [{"code": "FR", "label": "France"}, {"code": "DE", "label": "Germany"}]),
        ("GET", f"{API}/tickets", [{"id": 1, "title": "a", "closed_reason_id": None},
                                   {"id": 2, "title": "b", "closed_reason_id": None}]),
    ])
    assert tables["countries"]["primary_key"] == ["code"]
    assert _columns(tables["tickets"])["closed_reason_id"]["type"] == "integer"
