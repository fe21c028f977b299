"""General inference rules for search engines' and document stores' addressing (counters about the answer
beside its payload, underscore keywords after a resource, a DELETE answering the deleted record), each on a
small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://search.test"


def _doc(key: str, **fields: object) -> dict[str, object]:
    return {"_id": key, "_source": {"title": f"t{key}", "pages": int(key) * 10, **fields}}


def test_counters_beside_a_wrapper_are_no_data(tmp_path: Path) -> None:
    """``{"took": 3, "replicas": {"total": 2, "ok": 2, "failed": 0}, "matches": {...}}``: the tally of
    the replicas that answered is about the answer, so the wrapped list holds the records."""
    page = {"took": 3, "replicas": {"total": 2, "ok": 2, "failed": 0},
            "results": {"total": 2, "rows": [{"id": "a1", "label": "x"}, {"id": "a2", "label": "y"}]}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v1/articles", page)])
    assert set(tables) == {"articles"}
    assert set(_columns(tables["articles"])) == {"id", "label"}
    assert tables["articles"]["primary_key"] == ["id"]


def test_underscore_keyword_after_a_resource_is_no_collection(tmp_path: Path) -> None:
    """``/library-2/_doc/3`` and ``/library-2/_find`` read the records of ``library-2``; ``/library-2/_count``
    counts them: one table, no ``docs`` table and no parent reference to one."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/library-2/_find?q=t", [_doc("1"), _doc("2")]),
        ("GET", f"{HOST}/library-2/_doc/3", _doc("3")),
        ("GET", f"{HOST}/library-2/_doc/1", _doc("1")),
        ("GET", f"{HOST}/library-2/_count", {"count": 3, "elapsed": 1}),
    ])
    assert len(tables) == 1, set(tables)
    (table,) = tables.values()
    assert set(_columns(table)) == {"id", "source_title", "source_pages"}
    assert table["primary_key"] == ["id"]
    assert not table["foreign_keys"]


def test_delete_answer_may_differ_from_the_reads(tmp_path: Path) -> None:
    """A DELETE answers the record as it was deleted (its version bumped), so it does not make the key's rows
    disagree: ``id`` still keys the table."""
    def note(key: int, version: int, seq: int) -> dict[str, object]:
        return {"id": key, "version": version, "seq": seq, "text": f"n{key}"}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/notes", [note(1, 1, 7), note(2, 1, 8)]),
        ("GET", f"{HOST}/notes/1", note(1, 1, 7)),
        ("DELETE", f"{HOST}/notes/2", note(2, 2, 9)),
    ])
    assert tables["notes"]["primary_key"] == ["id"]
