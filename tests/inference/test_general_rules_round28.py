"""General inference rules of the twenty-eighth round, each on a small generated capture of its own (no case of the
corpus): the limits of an envelope rule, where the shape it reads is one record's own."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

API = "https://ci.test/api"


def test_names_listed_under_one_record_are_no_rows_of_a_table(tmp_path: Path) -> None:
    """``GET /users/1/roles`` answering ``{"roles": ["admin", "viewer"]}``, as user 2's does with ``admin`` again:
    one user's names, no table of roles keyed by them (its key would repeat)."""
    users = [{"id": i, "login": f"u{i}", "mail": f"u{i}@ci.test"} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [
        *[entry(f"{API}/users/{u['id']}", u) for u in users],
        entry(f"{API}/users/1/roles", {"roles": ["admin", "viewer"]}),
        entry(f"{API}/users/2/roles", {"roles": ["admin"]}),
        entry(f"{API}/users/3/roles", {"roles": ["viewer", "ops"]}),
    ])
    roles = tables.get("roles")
    assert roles is None or roles["primary_key"] != ["id"], roles  # "admin" is named under two users
