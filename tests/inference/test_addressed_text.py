"""The text test before the search for self-addressed records (``inference.addressed._may_be_headed``) never
rules out an answer the search would find a header in: checked on every answer of the corpus and dev
captures, on generated answers with headers at every depth and spelling, and on answers orjson cannot write."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_har_exchanges
from inference.addressed import _LEVELS, _any_headed, _may_be_headed, with_addressed_keys
from inference.endpoints import wants_body
from inference.identity import TAG_NAMES

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.har"))
CAPTURES = sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har")) + DEV


def _agrees(body: Any) -> bool:
    return _may_be_headed(body) or not _any_headed(body, _LEVELS)


@pytest.mark.skipif(not DEV, reason="the evaluation HARs (../shared/eval/dev) are not present")
def test_every_captured_answer_passes_the_text_test_where_the_search_finds_a_header() -> None:
    found = 0
    for path in CAPTURES:
        for exchange in iter_har_exchanges(path, keep_body=wants_body):
            body = exchange.response.body
            assert _agrees(body), (path.name, exchange.id)
            found += _any_headed(body, _LEVELS)
    assert found  # some captures hold self-addressed records


def _header(rng: random.Random) -> dict[str, Any]:
    tag, address = rng.choice(TAG_NAMES), rng.choice(("url", "href", "self", "uri"))
    header: dict[str, Any] = {tag: "Widget", address: f"/api/objects/Widget/{rng.randrange(1000)}"}
    if rng.random() < 0.5:
        header["extra"] = rng.choice([1, None, "x", {"a": [1]}])
    items = list(header.items())
    rng.shuffle(items)
    return dict(items)


def test_generated_headers_at_any_depth_pass_the_text_test() -> None:
    rng = random.Random(7)
    for _ in range(300):
        record: Any = {"attributes": _header(rng), "name": "w"}
        for _ in range(rng.randrange(_LEVELS)):
            record = rng.choice([[record], {"child": record, "n": 1}])
        assert _any_headed(record, _LEVELS) or _LEVELS <= 0
        assert _agrees(record)
        # read from text written with spaces and escapes, as a HAR may hold it
        text = json.dumps(record, indent=1).replace('"url"', '"\\u0075rl"')
        assert _agrees(json.loads(text))


def test_answers_orjson_cannot_write_are_searched() -> None:
    header = {"attributes": {"type": "Widget", "url": "/api/objects/Widget/0W1"}}
    for odd in (2**70, "\ud800", {"deep": None}):
        if isinstance(odd, dict):
            for _ in range(300):
                odd = {"child": odd}
        body = [{**header, "odd": odd}]
        assert _may_be_headed(body)
        assert with_addressed_keys(body)[0]["Id"] == "0W1"


def test_answers_without_headers_are_returned_as_they_are() -> None:
    for body in ({"data": [{"id": 1, "type": "widget", "links": {"self": "/w/1"}}]}, [{"url": "/x", "n": 2}], "text", 3):
        assert with_addressed_keys(body) is body
