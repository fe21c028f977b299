"""General inference rules of the twentieth round (c), each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://atelier.test"


def _refs(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in table.get("foreign_keys", [])}


def _column(table: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in table["columns"] if c["name"] == name)


def _holding(tables: dict[str, dict[str, Any]], column: str) -> list[dict[str, Any]]:
    return [t for t in tables.values() if any(c["name"] == column for c in t["columns"])]


BOARDS = [{"id": i, "title": f"Board {i}", "archived": False, "created_at": f"2026-01-0{i}T10:00:00Z"} for i in (1, 2, 3)]


def test_a_read_under_a_record_with_other_fields_is_not_the_record(tmp_path: Path) -> None:
    """``GET /boards/2/my-access`` answering ``{id, member, level}`` whose id happens to equal the board's: a read of a
    word after a record's address whose fields are not the record's is a resource of its own under that record (the
    signed-in user's membership), not the board read again; the board keeps its columns not-null."""
    entries = [entry(f"{HOST}/api/boards", BOARDS)]
    entries += [entry(f"{HOST}/api/boards/{i}", BOARDS[i - 1]) for i in (1, 2, 3)]
    entries += [entry(f"{HOST}/api/boards/{i}/my-access", {"id": i, "member": 7, "level": 2}) for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, entries)
    boards = tables["boards"]
    assert {c["name"] for c in boards["columns"]} == {"id", "title", "archived", "created_at"}, boards
    assert not _column(boards, "title")["nullable"], boards
    access = _holding(tables, "level")
    assert len(access) == 1 and access[0]["name"] != "boards", tables
    assert ("board_id", "boards", "id") in _refs(access[0]), access[0]


def test_a_read_under_a_record_answering_the_record_is_the_record(tmp_path: Path) -> None:
    """``GET /boards/2/overview`` answering the board itself (its fields, agreeing values): still one table."""
    entries = [entry(f"{HOST}/api/boards", BOARDS)]
    entries += [entry(f"{HOST}/api/boards/{i}/overview", BOARDS[i - 1]) for i in (1, 2, 3)]
    tables = _infer_entries(tmp_path, entries)
    assert list(tables) == ["boards"], tables


def test_the_signed_in_users_own_record_is_a_user(tmp_path: Path) -> None:
    """``GET /api/v2/me`` answering ``{id, handle, staff}``, with no collection before the word: the signed-in user's
    own record, a row of ``users`` (not a table ``mes``), which a column named ``user`` then references."""
    notes = [{"id": 40 + i, "body": f"Note {i}", "user": 5} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/v2/me", {"id": 5, "handle": "kim", "staff": True}),
        entry(f"{HOST}/api/v2/notes", notes),
    ])
    assert "users" in tables and "mes" not in tables, tables
    assert ("user", "users", "id") in _refs(tables["notes"]), tables["notes"]


def test_an_agent_named_by_user_name_references_the_people(tmp_path: Path) -> None:
    """``"author": "kim"`` in articles beside served ``users`` whose ``username`` holds ``kim``: an agent's role holding
    user names references the people by that natural key; ``"approver": null`` in every article, an agent's role never
    filled, references them the same way (the API names its people by user name)."""
    users = [{"id": 5, "username": "kim", "is_staff": True}, {"id": 6, "username": "lee", "is_staff": False}]
    articles = [{"id": 70 + i, "title": f"Article {i}", "author": name, "approver": None}
                for i, name in enumerate(("kim", "lee", "kim"))]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/users", users),
        entry(f"{HOST}/api/articles", articles),
    ])
    refs = _refs(tables["articles"])
    assert {("author", "users", "username"), ("approver", "users", "username")} <= refs, tables["articles"]
    assert _column(tables["articles"], "approver")["type"] == "text", tables["articles"]


def test_a_records_data_field_is_one_document(tmp_path: Path) -> None:
    """``"data": {"host": …, "port": …}`` in stored credentials: a field named as the record's payload holds values
    whose fields the record's kind defines (here one kind, so one shape), one ``jsonb`` column, not ``data_host``."""
    blocks = [{"id": 10 + i, "name": f"db-{i}", "data": {"host": f"h{i}.local", "port": 5432 + i, "database": "main"}}
              for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/blocks", blocks)])
    columns = {c["name"]: c["type"] for c in tables["blocks"]["columns"]}
    assert columns.get("data") == "jsonb" and "data_host" not in columns, columns


def test_a_document_named_column_never_filled_is_jsonb(tmp_path: Path) -> None:
    """``"retry_options": null`` and ``"payload": null`` in every record: a name that says the column holds a document
    of settings or a payload types it as one (``jsonb``, as when filled), not as text."""
    hooks = [{"id": i, "url": f"https://h{i}.test", "retry_options": None, "payload": None} for i in range(3)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/hooks", hooks)])
    hooks_table = tables["hooks"]
    assert _column(hooks_table, "retry_options")["type"] == "jsonb", hooks_table
    assert _column(hooks_table, "payload")["type"] == "jsonb", hooks_table
