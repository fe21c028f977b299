"""Distinct JSON keys keep distinct columns, foreign keys keep their script, and every name that
inference writes is one Postgres keeps as written."""

from __future__ import annotations

from inference import infer_schema
from tests.factories import make_exchange


def _columns(records: list[dict[str, object]], path: str = "items") -> dict[str, list[str]]:
    schema = infer_schema([make_exchange(f"https://app.test/api/{path}", records)], name="s")
    return {c.name: (c.evidence.paths if c.evidence else []) for t in schema.tables for c in t.columns}


def test_keys_that_collide_after_snake_case_get_their_own_columns() -> None:
    cols = _columns([{"id": i, "userId": i, "user_id": i + 1, "UserID": i + 2} for i in range(5)])
    assert {"user_id", "user_id_2", "user_id_3"} <= set(cols)
    assert sorted(p for name in ("user_id", "user_id_2", "user_id_3") for p in cols[name]) == [
        "$[].UserID", "$[].userId", "$[].user_id"]  # the evidence names the original key


def test_non_latin_keys_are_kept_not_merged_into_one_field() -> None:
    cols = _columns([{"id": i, "名前": "a", "שם": "b", "имя": "c"} for i in range(5)])
    assert {"名前", "שם", "имя"} <= set(cols)


def test_inferred_names_fit_postgres() -> None:
    records = [{"id": i, "ctid": i, "xmin": i, "k" * 90: i, "名" * 40: i} for i in range(5)]
    schema = infer_schema([make_exchange("https://app.test/api/wiretable_migrations", records)], name="s")
    names = [t.name for t in schema.tables] + [c.name for t in schema.tables for c in t.columns]
    assert all(len(n.encode()) <= 63 for n in names), names
    assert not {"ctid", "xmin", "wiretable_migrations"} & set(names), names
