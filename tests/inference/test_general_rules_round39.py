"""General inference rules of the thirty-ninth round (records of several kinds answered by a query address, ...),
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://orchard.test"


def _query(text: str) -> str:
    return f"{HOST}/svc/lookup?q={quote(text)}"


def test_a_query_address_answering_records_of_several_kinds_holds_one_table_per_kind(tmp_path: Path) -> None:
    """``GET /svc/lookup?q=tree(3);out;`` answering ``{"build", "server": {…}, "elements": [{"type": "tree", "id"},
    {"type": "branch", "id"}]}``: an address named by a singular word taking a query language's statements in a
    parameter answers records of one table per type tag, whichever kinds one answer holds; the tag names the table
    and is no column, and the id keys each table though two answers read one record at different moments."""
    meta = {"build": "0.9", "server": {"stamp": "2024-01-02T03:04:05Z", "notice": "open data"}}
    trees = [{"type": "tree", "id": 9_000_000_001 + i, "height": 3.5 + i, "species": s}
             for i, s in enumerate(["oak", "ash", "elm"])]
    branches = [{"type": "branch", "id": 40 + i, "leaves": [9_000_000_001, 9_000_000_002 + i % 2],
                 "grown": f"2020-0{i + 1}-01T00:00:00Z"} for i in range(3)]
    stale = dict(branches[0], leaves=[9_000_000_003])
    answers = [
        (_query("tree(1,2);out;"), {**meta, "elements": trees}),
        (_query("branch(40);(._;>;);out;"), {**meta, "elements": [stale, *trees[:2]]}),
        (_query("branch(all);out meta;"), {**meta, "elements": branches}),
    ]
    tables = _infer_entries(tmp_path, [entry(url, body) for url, body in answers])
    by_cols = {name: set(_columns(t)) for name, t in tables.items()}
    tree = next(name for name, cols in by_cols.items() if "species" in cols)
    branch = next(name for name, cols in by_cols.items() if "grown" in cols)
    assert tree != branch and "type" not in by_cols[tree] and "type" not in by_cols[branch], tables
    assert "species" not in by_cols[branch] and "grown" not in by_cols[tree], tables
    assert tables[tree]["primary_key"] == ["id"] and tables[branch]["primary_key"] == ["id"], tables
    assert not [cols for cols in by_cols.values() if {"build", "stamp", "server_stamp"} & cols], tables

