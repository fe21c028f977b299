"""General inference rules of the twenty-fourth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://hub.test"


def _people(seen: str | None) -> list[dict[str, Any]]:
    return [{"name": "ada", "admin": True, "created": "2024-03-01T10:00:00Z", "last_seen": seen},
            {"name": "bo", "admin": False, "created": "2024-03-02T10:00:00Z", "last_seen": "2024-03-05T10:00:00Z"},
            {"name": "cy", "admin": False, "created": "2024-03-03T10:00:00Z", "last_seen": None}]


def test_a_name_the_paths_address_records_by_is_their_key_though_reads_differ(tmp_path: Path) -> None:
    """``/api/people`` lists records with no id, read twice (``ada`` was seen in between); the client asks for
    ``/api/people/ada/status`` and ``/api/people/bo/status``: the API addresses people by name, so ``name`` keys
    them though the two reads of ``ada`` differ, and ``last_seen``, null in one read of her, stays nullable."""
    entries = [entry(f"{HOST}/api/people", _people(None)), entry(f"{HOST}/api/people", _people("2024-03-06T10:00:00Z")),
               entry(f"{HOST}/api/people/ada/status", None), entry(f"{HOST}/api/people/bo/status", None)]
    people = _infer_entries(tmp_path, entries)["people"]
    assert people["primary_key"] == ["name"]
    assert {c["name"]: c["nullable"] for c in people["columns"]}["last_seen"] is True


def test_a_name_no_path_addresses_keys_nothing_when_reads_differ(tmp_path: Path) -> None:
    """The same two reads without the addressed paths: a name shared by two differing reads keys nothing."""
    entries = [entry(f"{HOST}/api/people", _people(None)), entry(f"{HOST}/api/people", _people("2024-03-06T10:00:00Z"))]
    assert _infer_entries(tmp_path, entries)["people"]["primary_key"] is None
