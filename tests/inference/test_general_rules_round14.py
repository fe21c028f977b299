"""General inference rules of parents addressed in the path by a natural key, each on a small generated capture of
its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _fks, _infer

HOST = "https://tracker.test"


def test_a_served_natural_key_in_the_path_addresses_the_parent(tmp_path: Path) -> None:
    """``/boards`` serving boards with a ``slug`` (``kanban``), then ``/boards/kanban/cards`` answering cards that
    hold nothing of their board: the plain word after the collection is a served board's natural key, so the cards
    reference their board by it (``board_slug -> boards.slug``)."""
    boards = [{"id": i, "slug": word, "title": word.title()} for i, word in ((1, "kanban"), (2, "backlog"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/boards", boards),
        ("GET", f"{HOST}/api/boards/kanban/cards", [{"id": 10, "text": "a"}, {"id": 11, "text": "b"}]),
    ])
    assert ("board_slug", "boards") in _fks(tables["cards"]), tables["cards"]


def test_a_slug_in_the_path_names_a_number_keyed_parent_by_its_natural_key(tmp_path: Path) -> None:
    """``/teams/core-team/tasks`` and ``/teams/core-team/members`` where ``/teams`` served teams keyed by numbers
    with a unique ``slug`` (``core-team`` not among those served): a hyphenated word between a served collection and
    a collection beneath it is a parent's slug, so the tasks reference ``teams.slug`` by ``team_slug``."""
    teams = [{"id": i, "slug": word, "name": word} for i, word in ((1, "web-team"), (2, "data-team"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/teams", teams),
        ("GET", f"{HOST}/api/teams/core-team/tasks", [{"id": 10, "title": "a"}, {"id": 11, "title": "b"}]),
    ])
    assert ("team_slug", "teams") in _fks(tables["tasks"]), tables["tasks"]
