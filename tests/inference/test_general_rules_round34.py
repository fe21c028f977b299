"""General inference rules of the thirty-fourth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://guild.test"


def test_lists_of_names_the_api_addresses_a_table_by_are_joins(tmp_path: Path) -> None:
    """``teams: ["Falcons", "Owls"]`` and ``mentor_of: ["Owls", "Bears"]`` in a player, where the teams listed at
    ``/teams`` are others and these names were only put in the teams' addresses (``DELETE /teams/Owls``,
    ``/teams/Bears/coaches``): both lists hold keys of the teams, joins of players and teams."""
    def player(key: str, teams: list[str], mentor_of: list[str]) -> dict[str, object]:
        return {"id": key, "nick": key.lower(), "teams": teams, "mentor_of": mentor_of}
    calls: list[tuple[str, str, object]] = [
        ("GET", f"{HOST}/api/teams", {"teams": ["Hawks", "Crows", "Ravens"]}),
        ("POST", f"{HOST}/api/teams/Falcons/players", {"ok": True}),
        ("DELETE", f"{HOST}/api/teams/Owls", {"ok": True}),
        ("GET", f"{HOST}/api/teams/Bears/coaches", {"ok": True}),
        ("GET", f"{HOST}/api/players/P1", player("P1", ["Falcons", "Owls"], [])),
        ("GET", f"{HOST}/api/players/P2", player("P2", [], ["Owls", "Bears"])),
    ]
    tables = _infer(tmp_path, calls)
    assert "teams" not in _columns(tables["players"]) and "mentor_of" not in _columns(tables["players"])
    joins = [t for t in tables.values() if ("team_id", "teams") in _fks(t) and ("player_id", "players") in _fks(t)]
    assert len(joins) == 2, {n: _fks(t) for n, t in tables.items()}
