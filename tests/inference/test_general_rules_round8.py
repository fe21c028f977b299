"""General inference rules of the eighth round (types a name gives, metadata an answer carries beside a record),
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

API = "https://app.test/api"


def test_a_column_never_holding_a_value_is_typed_by_its_name(tmp_path: Path) -> None:
    """``archived_at``, ``locked_until`` always null are times; ``is_pinned`` a flag; ``retry_limit`` a count."""
    boxes = [{"id": i, "label": f"b{i}", "archived_at": None, "locked_until": None, "is_pinned": None,
              "retry_limit": None, "remark": None} for i in range(3)]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/boxes", boxes)])["boxes"])
    assert columns["archived_at"]["type"] == "timestamptz" and columns["locked_until"]["type"] == "timestamptz"
    assert columns["is_pinned"]["type"] == "boolean" and columns["retry_limit"]["type"] == "integer"
    assert columns["remark"]["type"] == "text"


def test_a_version_spelt_as_a_decimal_stays_text(tmp_path: Path) -> None:
    """``"protocol_version": "2.0"``: a version is a label, not a quantity (``"1.10"`` is not ``"1.1"``)."""
    links = [{"id": 1, "protocol_version": "2.0"}, {"id": 2, "protocol_version": "1.1"}]
    columns = _columns(_infer(tmp_path, [("GET", f"{API}/links", links)])["links"])
    assert columns["protocol_version"]["type"] == "text"
