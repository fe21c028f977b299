"""General inference rules of PostgREST reads (``/rest/v1/<table>?select=...``), each on a small generated capture
of its own (no case of the corpus): the ``select=`` projection says which columns and which embedded relations each
row carries."""

from __future__ import annotations

from pathlib import Path

from inference.projection import Embed, parse_select, url_projection
from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://shop.example.test/rest/v1"


def test_the_select_grammar_is_parsed_into_columns_and_embeds() -> None:
    """Columns, ``*``, aliases, casts, JSON paths, hints, nested embeds and spreads, as PostgREST documents them."""
    p = parse_select("*,total:amount::text,meta->>colour,owner:people!orders_owner_fkey(id,name),"
                     "lines(qty,item:items(*)),...carriers(code)")
    assert p is not None and p.star
    assert p.columns == ("total", "colour")
    assert p.embeds[0] == Embed("owner", "people", False, ("id", "name"))
    assert p.embeds[1].key == "lines" and p.embeds[1].embeds == (Embed("item", "items", True),)
    assert len(p.embeds) == 2  # a spread embeds nothing: its columns are the holder's
    assert parse_select("a,b(c") is None
    assert url_projection(f"{HOST}/orders?select=id,lines(*)&id=eq.3") == parse_select("id,lines(*)")
    assert url_projection(f"{HOST}/orders?id=eq.3") is None


def test_rows_projected_to_their_embeds_only_keep_the_holders_key(tmp_path: Path) -> None:
    """Teams keyed by their ``slug``, then read as ``select=players(*)`` (rows holding only their embedded players):
    those rows carry no column of the team, so the teams keep their key, and the players are rows of ``players``
    (no ``team_players`` table of copies)."""
    teams = [{"slug": s, "motto": m} for s, m in (("otters", "swim"), ("hawks", "soar"), ("moles", "dig"))]
    players = [[{"id": 3 * i + j, "nick": f"p{i}{j}", "team_slug": t["slug"]} for j in range(2)]
               for i, t in enumerate(teams)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/teams?select=*", teams),
        ("GET", f"{HOST}/teams?select=players(*)", [{"players": p} for p in players]),
    ])
    assert tables["teams"]["primary_key"] == ["slug"], tables["teams"]
    assert set(tables) == {"teams", "players"}, set(tables)
    assert tables["players"]["primary_key"] == ["id"], tables["players"]


def test_embeds_within_embeds_are_rows_of_the_tables_they_name(tmp_path: Path) -> None:
    """Boards read as ``select=code,tickets(id,title,lanes(id,label))``: the tickets are rows of ``tickets`` that
    reference their board (the holder's key added to them), and each ticket's embedded lane is a row of ``lanes``
    that the ticket references (``lane_id``)."""
    boards = [{"code": c, "tickets": [{"id": 10 * i + j, "title": f"t{i}{j}", "lanes": {"id": j + 1, "label": f"L{j}"}}
                                      for j in range(3)]} for i, c in enumerate(("ops", "web"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/boards?select=code,tickets(id,title,lanes(id,label))", boards),
    ])
    assert "lanes" in tables and set(_columns(tables["lanes"])) == {"id", "label"}, tables
    assert ("lane_id", "lanes") in _fks(tables["tickets"]), tables["tickets"]
    assert "board_code" in _columns(tables["tickets"]), tables["tickets"]
    assert not any(name.startswith("board_") for name in tables), set(tables)


def test_children_read_whole_without_the_holders_key_are_linked_through_a_join_table(tmp_path: Path) -> None:
    """Recipes read as ``select=*,tags(*)``: every column of each tag is served and none holds the recipe's id, so
    the link lives in a join table PostgREST never serves (``recipe_tags(recipe_id, tag_id)``), not in a
    ``recipe_id`` column of tags; children read whole that hold the holder's key (``recipe_id`` of steps) reference
    it by that column."""
    recipes = [{"id": i, "title": t,
                "tags": [{"id": 1, "word": "quick"}, {"id": 2 + i, "word": f"w{i}"}],
                "steps": [{"id": 10 * i + j, "recipe_id": i, "text": f"s{j}"} for j in range(2)]}
               for i, t in ((1, "soup"), (2, "stew"))]
    tables = _infer(tmp_path, [("GET", f"{HOST}/recipes?select=*,tags(*),steps(*)", recipes)])
    assert "recipe_tags" in tables, set(tables)
    assert _fks(tables["recipe_tags"]) == {("recipe_id", "recipes"), ("tag_id", "tags")}, tables["recipe_tags"]
    assert "recipe_id" not in _columns(tables["tags"]), tables["tags"]
    assert ("recipe_id", "recipes") in _fks(tables["steps"]), tables["steps"]


def test_a_column_spelt_as_a_tables_one_word_natural_key_references_it(tmp_path: Path) -> None:
    """Users keyed by their ``username`` (the table's word and ``name`` in one word, as a PostgREST table keyed by
    text often is), and orders whose ``username`` holds those names: the orders reference the users by that key."""
    users = [{"username": u, "tier": "gold", "karma": k} for u, k in (("ada", 4), ("bob", 8), ("cyd", 2))]
    orders = [{"id": i, "username": u, "total": 3.5 * i} for i, u in ((1, "ada"), (2, "bob"), (3, "ada"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/users?select=*", users),
        ("GET", f"{HOST}/orders?select=*", orders),
    ])
    assert tables["users"]["primary_key"] == ["username"], tables["users"]
    assert ("username", "users") in _fks(tables["orders"]), tables["orders"]


def test_an_object_under_a_selected_column_is_one_json_value(tmp_path: Path) -> None:
    """Devices read as ``select=*`` (then ``select=id,prefs``) whose ``prefs`` hold an object in one row and null in the
    others: PostgREST embeds only what ``rel(...)`` names, so the object is the value of a JSON column, stored whole
    (``prefs jsonb``), not flattened into ``prefs_theme_dark``."""
    devices = [{"id": 1, "model": "x1", "prefs": {"theme": {"dark": True}, "volume": 3}},
               {"id": 2, "model": "x2", "prefs": None}, {"id": 3, "model": "x3", "prefs": None}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/devices?select=*", devices),
        ("GET", f"{HOST}/devices?select=id,prefs&id=eq.1", [{"id": 1, "prefs": {"theme": {"dark": False}}}]),
    ])
    columns = _columns(tables["devices"])
    assert columns.get("prefs", {}).get("type") == "jsonb", columns
    assert not any(name.startswith("prefs_") for name in columns), columns
