"""General inference rules of the twentieth round (b), each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://depot.test"


def _refs(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in table.get("foreign_keys", [])}


def _column(table: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in table["columns"] if c["name"] == name)


def test_a_redacted_number_keeps_its_type(tmp_path: Path) -> None:
    """``"token_lifetime": 7200`` is redacted as a secret by its name, to ``[REDACTED:int]``: the marker names the
    value's type, so the column is an integer, not text."""
    gates = [{"id": i, "label": f"Gate {i}", "token_lifetime": 3600 * i, "secret_ratio": 0.5 * i} for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/gates", gates)])
    assert _column(tables["gates"], "token_lifetime")["type"] == "integer", tables["gates"]
    assert _column(tables["gates"], "secret_ratio")["type"] == "numeric", tables["gates"]

