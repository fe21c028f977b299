"""Enumerations only from small closed sets, never from secrets, identifiers or a handful of
samples; secrets found by value never reach the schema."""

from __future__ import annotations

from inference import infer_schema
from tests.factories import make_exchange
from tests.hostile.secrets import planted_secrets, secret_needles


def _schema(records: list[dict[str, object]]) -> dict[str, object]:
    return {t.name: {c.name: c for c in t.columns}
            for t in infer_schema([make_exchange("https://app.test/api/items", records)], name="s").tables}


def test_a_closed_set_seen_often_becomes_an_enumeration() -> None:
    cols = _schema([{"id": i, "status": ["open", "closed", "pending"][i % 3]} for i in range(30)])["items"]
    assert cols["status"].enum == ["closed", "open", "pending"]  # type: ignore[attr-defined]


def test_a_handful_of_samples_makes_no_enumeration() -> None:
    cols = _schema([{"id": i, "status": ["open", "closed", "pending"][i % 3]} for i in range(9)])["items"]
    assert cols["status"].enum is None  # type: ignore[attr-defined]


def test_entity_names_identifiers_and_singletons_make_no_enumeration() -> None:
    models = ["gpt-4o", "claude-3", "llama-3"]
    records = [{"id": i, "model": models[i % 3], "kind": ["a", "b"][i % 2] if i < 39 else "c",
                "ref": ["A1B2C3D4E5", "F6A7B8C9D0"][i % 2], "state": ["x@y.test", "z@y.test"][i % 2]}
               for i in range(40)]
    cols = _schema(records)["items"]
    assert [name for name, c in cols.items() if c.enum] == []  # type: ignore[attr-defined]


def test_value_secrets_never_reach_the_schema_nor_an_enumeration() -> None:
    secrets = [planted_secrets(i) for i in range(3)]
    records = [{"id": i, "payment": s["visa"], "card_no": int(s["amex"]), "access": s["aws_akia"], "blob": s["github"]}
               for i, s in enumerate(secrets * 10)]
    text = infer_schema([make_exchange("https://app.test/api/payments", records)], name="s").to_json()
    leaked = [k for s in secrets for k, v in s.items() if any(n in text for n in secret_needles(v))]
    assert leaked == []
    assert "CHECK" not in text and '"enum": [' not in text
