"""General inference rules for never-filled references, each on a small generated capture of its own (no case of
the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://desk.test"


def test_a_never_filled_reference_takes_the_type_of_the_key_it_names(tmp_path: Path) -> None:
    """``"crew_id": null`` in every job beside ``owner_id`` and ``client_id`` holding large (bigint) ids: the siblings
    only guess the type of a column that never held a value; its name says it references ``crews``, keyed by
    integers, so it is an integer reference to them (Postgres refuses a key of another type)."""
    jobs = [{"id": i, "title": f"j{i}", "owner_id": 6010396330 + i, "client_id": 6012691530 + i, "crew_id": None}
            for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v2/jobs", jobs),
        ("GET", f"{HOST}/api/v2/crews", [{"id": i, "name": f"crew {i}"} for i in (1, 2)]),
    ])
    assert ("crew_id", "crews") in _fks(tables["jobs"]), tables["jobs"]["foreign_keys"]
    assert _columns(tables["jobs"])["crew_id"]["type"] == "integer"
