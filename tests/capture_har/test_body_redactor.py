"""BodyRedactor equals redact.redact_body, also on pages of records judged column by column."""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_entries
from kernel import redact
from kernel.body_redactor import BodyRedactor

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
HAR_FILES = sorted((EVAL / "real-har").glob("*.har")) + sorted((EVAL / "dev").glob("*.har"))

# Values that redaction changes, whatever the field is called, and ones it leaves alone.
_SECRET_VALUES: list[Any] = [
    4111111111111111, "4111 1111 1111 1111", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "Bearer abcdef1234567890", "password: hunter2", "token=s3cr3t99", "<secret>s3</secret>",
    "https://x.test/cb?access_token=abc&page=2", "AKIAABCDEFGHIJKLMNOP", "ghp_" + "a1" * 18,
    "api_key=zzz9", "https://user:pw@example.test/x", "%73ession=1",
    "https://x.test/p/AKIAABCDEFGHIJKLMNOP", "https://x.test/a#token=abc", "https://x.test/p/4111111111111111",
    "https://x.test/p/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "https://x.test/Bearer a1b2c3d4e5",
    "mot de passe — password: hunter2", "карта 4111 1111 1111 1111", "clé api_key=zzz9",
]
_PLAIN_VALUES: list[Any] = [
    1, 2, 10**11, -5, 0.5, None, True, False, "", "plain words", "2024-01-01T10:00:00Z", "12:34",
    "x@y.test", "T10:00", "naïve café", "/api/orders?page=2", "basically fine", "ab", "1234567",
    {"id": 3, "name": "n"}, [1, 2, 3], ["a", "b"], {"when": "2024-02-02T00:00:00Z", "geo": {"lat": 1.5}},
    "https://cdn.example.test/a/31.png", "http://x.test", "550e8400-e29b-41d4-a716-446655440000",
    "5f8e07b7-8782-4210-9547-e6b77d548694", "Sometimes… Come on", "日本語のテキスト", "+1 555 123 4567", "pässword: hunter2", "to\u212aen=abc123",
]
_KEYS = ["id", "name", "when", "note", "url", "password", "apiKey", "count", "tags", "owner", "sid", "auth_method"]


def _record(rng: random.Random, keys: list[str], secret_rate: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        pool = _SECRET_VALUES if rng.random() < secret_rate else _PLAIN_VALUES
        out[key] = copy.deepcopy(rng.choice(pool))
    return out


def _page(rng: random.Random, secret_rate: float) -> list[dict[str, Any]]:
    keys = rng.sample(_KEYS, rng.randrange(1, 6))
    if rng.random() < 0.6:
        keys = [k for k in keys if k not in ("password", "apiKey", "sid")] or ["id"]
    records = [_record(rng, keys, secret_rate) for _ in range(rng.randrange(1, 12))]
    if rng.random() < 0.3:  # nested pages
        for record in records:
            record["items"] = [_record(rng, ["id", "note"], secret_rate) for _ in range(rng.randrange(0, 6))]
    return records


@pytest.mark.parametrize("seed", range(40))
def test_pages_redact_as_the_redaction_module(seed: int) -> None:
    rng = random.Random(seed)
    redactor = BodyRedactor()
    for _ in range(30):
        body: Any = _page(rng, rng.choice((0.0, 0.0, 0.02, 0.2)))
        if rng.random() < 0.3:
            body = {"data": body, "meta": {"total": len(body)}}
        before = copy.deepcopy(body)
        assert redactor.redact(body) == redact.redact_body(body)
        assert body == before  # the argument is never changed


def test_a_secret_in_one_record_of_a_page_is_redacted() -> None:
    page = [{"id": i, "note": "nothing", "card": 4000 + i} for i in range(50)]
    for value in _SECRET_VALUES:
        for column in ("note", "card"):
            body = copy.deepcopy(page)
            body[37][column] = value
            redacted = BodyRedactor().redact(body)
            assert redacted == redact.redact_body(body)
            assert redacted[37][column] != value, (column, value)
            assert redacted[36] is body[36]  # unchanged records are not copied


@pytest.mark.parametrize("url", [
    "https://x.test/cb?access_token=abc", "https://x.test/a#token=abc", "https://user:pw@x.test/a",
    "https://x.test/cb?password=abc", "https://x.test/a#sig=abc", "https://x.test/a\tb", "https://[::1]/a",
    "https://x.test/p/AKIAABCDEFGHIJKLMNOP", "https://x.test/p/4111111111111111", "https://x.test/Bearer a1b2c3d4e5",
    "https://x.test/p/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "https://[::1]/a?sig=abc",
    "https://x.test/a\nb?key=1", "https://x.test/naïve?code=1",
])
def test_a_column_of_urls_is_redacted_as_each_url(url: str) -> None:
    page = [{"id": i, "image": f"https://cdn.x.test/a/{i}.png", "home": "http://x.test"} for i in range(30)]
    page[7]["image"] = url
    redacted = BodyRedactor().redact(page)
    assert redacted == redact.redact_body(page)
    assert redacted[7]["image"] == redact.redact_url(url)
    assert redacted[6] is page[6]


def test_an_unchanged_page_is_returned_as_it_is() -> None:
    page = [{"id": i, "name": f"n{i}", "when": "2024-01-01T00:00:00Z", "geo": {"lat": i / 2}} for i in range(20)]
    assert BodyRedactor().redact(page) is page


def test_the_value_hints_hold_for_joined_texts() -> None:
    # One test over the joined texts of a column stands for a test of each: a pattern found in one
    # text must be found in the joined texts, so the patterns must not depend on where the text ends.
    for name in ("_VALUE_HINT", "_DIGITS13"):
        pattern = getattr(redact, name).pattern
        assert not re.search(r"\\[bBAZ]|\(\?[=!<]|\^|\$", pattern), name
    for value in _SECRET_VALUES:
        text = str(value)
        if redact.may_hold_value_secret(text):
            assert redact.may_hold_value_secret("\x00".join(["a", text, "b"]))


@pytest.mark.skipif(not HAR_FILES, reason="evaluation HARs not present")
@pytest.mark.parametrize("path", HAR_FILES, ids=lambda p: p.stem)
def test_real_bodies_redact_as_the_redaction_module(path: Path) -> None:
    redactor = BodyRedactor()
    for _index, entry, _pages in iter_entries(path):
        text = ((entry.get("response") or {}).get("content") or {}).get("text")
        if not isinstance(text, str) or text.lstrip()[:1] not in ("{", "["):
            continue
        try:
            body = json.loads(text)
        except ValueError:
            continue
        assert redactor.redact(body) == redact.redact_body(body)
