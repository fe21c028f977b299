"""Inference from unredacted answers (``wiretable infer FILE.har``) equals inference from the
redacted reader, and no planted secret reaches the schema.

Pages and single records past a table's row cap that are only counted are tested rather than redacted
(``inference.raw_answers``); the caps are lowered here so that real and generated captures
take that path often.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_har_exchanges
from inference import drafts, entities, raw_answers
from inference.counting import page_groups
from inference.endpoints import wants_body
from inference.pipeline import infer_schema
from kernel.errors import InferenceError
from tests.hostile.secrets import ORDINARY, planted_secrets, secret_needles

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.har"))
CAPTURES = sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har")) + DEV


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Row cap 3, no look-ahead; counts how often a page was counted without redaction."""
    monkeypatch.setattr(drafts, "MAX_ROWS", 3)
    monkeypatch.setattr(entities, "LOOKAHEAD_RECORDS", 0)
    taken = {"counted": 0, "redacted": 0}
    test = raw_answers.AnswerRedactor.only_unread_change

    def counting(self: raw_answers.AnswerRedactor, *args: Any) -> bool:
        verdict = test(self, *args)
        taken["counted" if verdict else "redacted"] += 1
        return verdict

    monkeypatch.setattr(raw_answers.AnswerRedactor, "only_unread_change", counting)
    return taken


def _schema_or_error(exchanges: Any, **options: Any) -> str:
    """The inferred schema, or the error of a capture inference reads nothing from (both ways must agree)."""
    try:
        return infer_schema(exchanges, name="s", **options).to_json()
    except InferenceError as exc:
        return f"error: {exc}"


def _both(path: Path) -> tuple[str, str]:
    redacted = _schema_or_error(iter_har_exchanges(path, keep_body=wants_body))
    raw = _schema_or_error(iter_har_exchanges(path, keep_body=wants_body, redact_answers=False),
                           answers_redacted=False)
    return redacted, raw


@pytest.mark.skipif(not DEV, reason="the evaluation HARs (../shared/eval/dev) are not present")
def test_real_captures_give_the_same_schema(small_caps: dict[str, int]) -> None:
    assert len(CAPTURES) >= 10
    for path in CAPTURES:
        redacted, raw = _both(path)
        assert raw == redacted, path.name
    assert small_caps["counted"] >= 20  # the unredacted path was taken, not only the redacting one


def _page(rng: random.Random, secrets: list[str], start: int, plant: str) -> dict[str, Any]:
    rows = []
    for i in range(start, start + 20):
        secret = rng.choice(secrets)
        row: dict[str, Any] = {
            "id": i,
            "title": f"item {i} " + rng.choice(ORDINARY),
            "note": secret if plant == "text" else "plain",
            "tags": [secret, "a"] if plant == "list" else ["a", "b"],
            "owner": {"id": i % 7, "name": secret if plant == "nested" else "ann"},
            "ref_code": secret if plant == "key" else f"R{i % 5}",
            "price": 4.5,
            "parent_id": int(secrets[0]) if plant == "card" and secrets[0].isdigit() else i // 2,
        }
        if plant == "named":  # under a credential name
            row["password"] = secret
        rows.append(row)
    meta: dict[str, Any] = {"page": start // 20, "cursor": rng.choice(secrets) if plant == "envelope" else "c1"}
    return {"data": rows, "meta": meta}


def _har(path: Path, pages: list[tuple[str, Any]]) -> None:
    entries = [{
        "startedDateTime": "2025-01-01T00:00:00Z", "time": 1,
        "request": {"method": "GET", "url": url, "headers": []},
        "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                     "content": {"mimeType": "application/json", "text": json.dumps(body)}},
    } for url, body in pages]
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))


_PLANTS = ["text", "list", "nested", "key", "card", "envelope", "named", "none"]


def _assert_planted_secrets_hidden(tmp_path: Path, name: str, answers: Any) -> None:
    """For three sets of planted secrets, the answers ``answers(secrets, plant)`` gives for each of 40 or more
    turns of planting (nowhere in the first five), written as a HAR: both ways of reading it infer the same
    schema, and no secret is in it."""
    for seed in range(3):
        secrets = list(planted_secrets(seed).values())
        path = tmp_path / f"{name}{seed}.har"
        _har(path, answers(secrets, lambda n: _PLANTS[n % len(_PLANTS)] if n >= 5 else "none"))
        redacted, raw = _both(path)
        assert raw == redacted
        for secret in secrets:
            for needle in secret_needles(secret):
                assert needle not in raw


def test_planted_secrets_on_counted_pages(tmp_path: Path, small_caps: dict[str, int]) -> None:
    rng = random.Random(7)

    def pages(secrets: list[str], plant: Any) -> list[tuple[str, Any]]:
        found = []
        for n in range(40):
            found.append((f"https://api.example.test/items?page={n}", _page(rng, secrets, n * 20, plant(n))))
            # records under a credential name: every value of them is hidden, key-like ones too
            vault = [{"user_id": f"u-{n}-{i}", "label": "x"} for i in range(20)]
            found.append((f"https://api.example.test/vault?page={n}", {"credentials": vault, "total": 800}))
        return found

    _assert_planted_secrets_hidden(tmp_path, "planted", pages)
    assert small_caps["counted"] >= 10 and small_caps["redacted"] >= 10


def test_planted_secrets_on_counted_single_reads(tmp_path: Path, small_caps: dict[str, int]) -> None:
    """Single records read at their own address past the row cap are counted as they are too, when
    redaction could change nothing counting reads of them; a planted secret never reaches the schema."""
    rng = random.Random(11)

    def reads(secrets: list[str], plant: Any) -> list[tuple[str, Any]]:
        found = []
        for n in range(60):
            page = _page(rng, secrets, n * 20, plant(n))
            record = page["data"][n % 20]
            body = record if n % 2 else {"data": record, "meta": page["meta"]}
            found.append((f"https://api.example.test/items/{record['id']}", body))
        return found

    _assert_planted_secrets_hidden(tmp_path, "single", reads)
    assert small_caps["counted"] >= 10 and small_caps["redacted"] >= 10


def _nest(depth: int, shape: str) -> Any:
    """A value holding ``depth`` levels of containers: objects, objects and lists by turns, or
    an object holding lists."""
    value: Any = 1
    for level in range(depth):
        if shape == "objects" or shape == "turns" and level % 2 == 0 or shape == "lists" and level == depth - 1:
            value = {"child": value, "name": "n"}
        else:
            value = [value, "n"]
    return value


@pytest.mark.parametrize("shape", ["objects", "turns", "lists"])
def test_nesting_bound_of_counted_pages(shape: str) -> None:
    """A page is counted as it is only when no column nests containers as deep as the bound (then
    redaction, which would walk it, could give up on it), however the nesting runs through
    objects, which are tested a level at a time, and lists."""
    answers = raw_answers.AnswerRedactor()
    for depth in (3, 98, 99, 100, 101, 102, 150):
        records = [{"id": i, "doc": _nest(depth, shape)} for i in range(3)]
        groups = page_groups(records)
        walked_whole = raw_answers._shallow([record["doc"] for record in records])
        assert walked_whole == (depth <= raw_answers._MAX_DEPTH)
        assert answers.only_unread_change(records, records, groups, {}) == walked_whole, depth
