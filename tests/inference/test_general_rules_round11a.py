"""General inference rules for never-filled fields and always-empty lists, each on a small generated capture of its
own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://depot.test"


def test_never_filled_nested_field_takes_the_type_of_the_record_field_it_repeats(tmp_path: Path) -> None:
    """``prefs.visible`` null in every record, beside the record's own ``visible`` boolean: a nested block repeating
    the record's fields holds what they hold. ``prefs.motto``, repeating nothing, stays text."""
    def clerk(key: int) -> dict[str, object]:
        return {"id": key, "handle": f"c{key}", "visible": key == 1, "prefs": {"visible": None, "motto": None}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v2/clerks", [clerk(1), clerk(2)])])
    columns = _columns(tables["clerks"])
    assert columns["prefs_visible"]["type"] == "boolean", columns["prefs_visible"]
    assert columns["prefs_motto"]["type"] == "text"
