"""General inference rules for Microsoft JSON dates and for a list named by its route beside facts of the answer,
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://ledger.test"


def test_microsoft_json_dates_are_timestamps(tmp_path: Path) -> None:
    """``/Date(1700000000000+0000)/`` (epoch milliseconds, as ASP.NET and WCF serialize dates) is a point in time
    whatever the field is called; a string that only starts alike stays text."""
    crates = [{"id": i, "packed": f"/Date({1700000000000 + i * 86400000}+0000)/", "shipped": f"/Date({1700100000000 + i})/",
               "label": f"/Date(soon {i})/"} for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/crates", crates)])["crates"])
    assert columns["packed"]["type"] == "timestamptz", columns["packed"]
    assert columns["shipped"]["type"] == "timestamptz", columns["shipped"]
    assert columns["label"]["type"] == "text", columns["label"]
