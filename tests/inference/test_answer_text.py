"""The text tests that share one compact JSON of each answer (``inference.answer_text``) never rule out an answer
their pass would act on: the text read_call hands on is the compact JSON of the answer it returns, the loaded-flag
test on the lowered text finds what a search ignoring case finds, and the suffixed-name test finds every member a
GraphQL rebuild would read; checked on every answer of the corpus and dev captures and on generated answers."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from capture.har import iter_har_exchanges
from inference.answer_forms import _graphql_fields, _may_name_suffixed, plain_answer, read_call
from inference.answer_text import compact
from inference.endpoints import wants_body
from inference.lazy_values import _read, lazy_payloads, lazy_payloads_in, may_hold_flag

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.har"))
CAPTURES = sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har")) + DEV
#: The tests as they were written before the text was shared: a search ignoring case, and one over ``data``.
_FLAG_IGNORING_CASE = re.compile(rb'oaded":(?:true|false)', re.IGNORECASE)
_SUFFIXED = re.compile(rb'(_by_pk|ByPk|_aggregate|Aggregate)":')


def _answers() -> Iterator[Any]:
    for path in CAPTURES:
        yield from iter_har_exchanges(path, keep_body=wants_body)


@pytest.mark.skipif(not DEV, reason="the evaluation HARs (../shared/eval/dev) are not present")
def test_captured_answers_text_tests_agree_with_their_passes() -> None:
    seen = 0
    for exchange in _answers():
        body = exchange.response.body
        text = compact(body)
        _route, answer, answer_text, _keys = read_call(exchange)
        assert answer_text == compact(answer), exchange.id  # the text handed on is the answer's own
        if text is None:
            continue
        seen += 1
        assert may_hold_flag(text) == (_FLAG_IGNORING_CASE.search(text) is not None)
        assert may_hold_flag(text) or _read(body, 0) == body
        if isinstance(body, dict) and isinstance(data := body.get("data"), dict):
            data_text = orjson.dumps(data)
            assert _may_name_suffixed(data_text) == (_SUFFIXED.search(data_text) is not None)
            assert _may_name_suffixed(text) or _graphql_fields(data, 0) == data
    assert seen


def _spelling(rng: random.Random, name: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in name)


def test_generated_loaded_flags_at_any_depth_pass_the_text_test() -> None:
    rng = random.Random(11)
    for _ in range(300):
        flag = _spelling(rng, rng.choice(["loaded", "isLoaded", "is_loaded", "has-loaded", "wasloaded"]))
        payload: Any = rng.choice([{"id": 1, "name": "a"}, [{"id": 2}], {}])
        record: Any = {"id": 9, "profile": dict(rng.sample([("value", payload), (flag, rng.random() < 0.5)], 2))}
        for _ in range(rng.randrange(8)):
            record = rng.choice([[record], {"child": record, "n": 1}])
        text = compact(record)
        assert text is not None and may_hold_flag(text)
        assert (_FLAG_IGNORING_CASE.search(text) is not None)
        assert lazy_payloads(record) == _read(record, 0) != record
        assert lazy_payloads_in(record, text) == lazy_payloads(record)


def test_generated_suffixed_names_pass_the_text_test() -> None:
    rng = random.Random(5)
    for _ in range(300):
        key = rng.choice(["users_by_pk", "usersByPk", "users_aggregate", "usersAggregate", "users", "by_pk_x"])
        data: Any = {key: {"nodes": [{"id": 1}], "aggregate": {"count": 1}} if "ggregate" in key else {"id": 1}}
        for _ in range(rng.randrange(6)):
            data = {"outer": rng.choice([data, [data]])}
        body = {"data": data}
        data_text = orjson.dumps(data)
        assert _may_name_suffixed(data_text) == (_SUFFIXED.search(data_text) is not None)
        assert _may_name_suffixed(compact(body)) or _graphql_fields(data, 0) == data
        assert plain_answer(body, compact(body))[0] == plain_answer(body, None)[0]


def test_answers_orjson_cannot_write() -> None:
    """Lazily loaded wrappers are read only where the text shows them (as before the text was shared); a GraphQL
    answer is rebuilt."""
    wrapper = {"value": {"id": 1}, "isLoaded": True}
    for odd in (2**70, "\ud800"):
        body = [{"id": 1, "profile": wrapper, "odd": odd}]
        assert compact(body) is None
        assert lazy_payloads(body) is body
        assert plain_answer(body, None) == (body, None)
        assert _may_name_suffixed(None)
        graphql = {"data": {"users_by_pk": {"id": 1, "odd": odd}}}
        assert plain_answer(graphql, compact(graphql))[0] == {"data": {"users": {"id": 1, "odd": odd}}}
