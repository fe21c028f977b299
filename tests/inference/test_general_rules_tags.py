"""General inference rules for type tags and typed values, each on a small generated capture of its own (no case
of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

API = "https://h.test/v1"


def test_a_type_tag_every_record_holds_is_a_column(tmp_path: Path) -> None:
    """Each widget says ``"object": "widget"`` itself: served data, kept as a column."""
    widgets = [{"id": f"w{i}", "object": "widget", "size": i} for i in range(3)]
    tables = _infer(tmp_path, [("GET", f"{API}/widgets", {"object": "list", "data": widgets, "has_more": False}),
                               ("GET", f"{API}/widgets/w1", widgets[1])])
    assert set(_columns(tables["widgets"])) == {"id", "object", "size"}


def test_a_type_tag_only_linkages_carried_is_no_column(tmp_path: Path) -> None:
    """JSON:API linkages ``{"type": "people", "id"}`` name authors the document never includes: the tag is
    the linkage's, not a field of the people read from it."""
    people = [{"type": "people", "id": "1", "attributes": {"handle": "p1"}}]
    posts = [{"type": "posts", "id": str(i), "attributes": {"title": f"t{i}"},
              "relationships": {"author": {"data": {"type": "people", "id": str(i)}}}} for i in range(1, 4)]
    tables = _infer(tmp_path, [("GET", f"{API}/posts", {"data": posts, "included": people})])
    assert "type" not in _columns(tables["people"])


def test_a_field_naming_the_collection_is_no_column(tmp_path: Path) -> None:
    """``"_index": "notes"`` in every note addresses the collection the note was read from: not data."""
    notes = [{"_index": "notes", "id": f"n{i}", "text": f"t{i}"} for i in range(3)]
    tables = _infer(tmp_path, [("GET", f"{API}/notes", notes)])
    assert set(_columns(tables["notes"])) == {"id", "text"}


def test_a_typed_value_is_one_column_per_type(tmp_path: Path) -> None:
    """Each answer holds one key naming its value's type (``{"number": "3"}``, ``{"text": "ok"}``, ``{"date": …}``):
    a column per type, not a free-form ``jsonb`` value."""
    values = [{"number": "3"}, {"text": "ok"}, {"date": "2024-05-01T10:00:00.000Z"}, {"number": "8"}, {"text": "no"}]
    answers = [{"id": f"a{i}", "question": f"q{i}", "value": v} for i, v in enumerate(values)]
    tables = _infer(tmp_path, [("GET", f"{API}/answers", answers)])
    columns = _columns(tables["answers"])
    assert {"value_number", "value_text", "value_date"} <= set(columns) and "value" not in columns
    assert columns["value_date"]["type"] == "timestamptz"


def test_a_name_spelt_with_digits_stays_text(tmp_path: Path) -> None:
    """Queues named ``"0.36"`` and ``"12.5"``: a name is a label, text, though every value reads as a decimal."""
    queues = [{"id": "q1", "friendly_name": "0.36", "size": 3}, {"id": "q2", "friendly_name": "12.5", "size": 4}]
    tables = _infer(tmp_path, [("GET", f"{API}/queues", queues)])
    assert _columns(tables["queues"])["friendly_name"]["type"] == "text"
