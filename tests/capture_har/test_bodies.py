"""Answer bodies with runs of 19 or more digits go to the standard library's parser (orjson reads integers
beyond -2**63 .. 2**64 - 1 as floats): the parsed body is always the standard library parser's, integers
exact and floats as floats."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from capture.bodies import orjson_parts, parse_body
from capture.har import iter_har_exchanges
from kernel.errors import CaptureError


def _typed(value: Any) -> Any:
    """``value`` with the type of every number spelt out (1 == 1.0 == True otherwise)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


def _stdlib(text: str) -> Any:
    return json.loads(text)


def _digits(rng: random.Random, count: int) -> str:
    return rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(count - 1))


def _number(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return str(rng.choice([2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**19, -(10**19)]))
    if kind == 1:
        return rng.choice(["", "-"]) + _digits(rng, rng.randrange(18, 23))
    if kind == 2:
        return "1." + _digits(rng, rng.randrange(17, 25))
    if kind == 3:
        return "1e" + rng.choice(["", "-", "+"]) + "0" * rng.randrange(17, 21) + "5"
    if kind == 4:
        return _digits(rng, rng.randrange(1, 25)) + "." + _digits(rng, rng.randrange(1, 25))
    if kind == 5:
        return _digits(rng, rng.randrange(18, 22)) + rng.choice([".0", "e2", "E-3"])
    return str(rng.randrange(-10**6, 10**6))


def _string(rng: random.Random) -> str:
    run = _digits(rng, rng.randrange(17, 26))
    return json.dumps(rng.choice([run, "DE" + run, "x-" + run, " " + run, "e" + run, "1e" + run, f"a: {run}, b",
                                  "é" + run, f"[{run}]", "\\" + run, f"-{run}", f"{run}.5"]))


def _value(rng: random.Random, depth: int = 0) -> str:
    kind = rng.randrange(5 if depth < 4 else 2)
    if kind == 0:
        return _number(rng)
    if kind == 1:
        return _string(rng)
    if kind == 2:
        return "[" + ", ".join(_value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    if kind == 3:
        return "{" + ",".join(f'"k{i}":' + rng.choice(["", " ", "\n"]) + _value(rng, depth + 1)
                              for i in range(rng.randrange(4))) + "}"
    return rng.choice(["true", "false", "null"])


def test_a_body_with_runs_is_never_read_by_orjson_alone() -> None:
    assert orjson_parts("[1234567890123456789]", "application/json") is None
    assert orjson_parts("\ufeff [12345]", "application/json") == ("\ufeff ", b"[12345]")


@pytest.mark.parametrize("seed", range(20))
def test_every_body_parses_as_the_stdlib_parser_parses_it(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        text = rng.choice(["", " ", "\ufeff"]) + "[" + _value(rng) + "]"
        if rng.random() < 0.05:
            text = text[:-1]
        try:
            expected: Any = (_typed(_stdlib(text.lstrip("\ufeff \t\r\n"))), None, False)
        except ValueError:
            expected = (None, text, False)
        got = parse_body(text, "application/json")
        assert (_typed(got[0]) if got[0] is not None else None, got[1], got[2]) == expected, text


@pytest.mark.parametrize("depth", [199, 200, 201, 900, 1020, 1030, 2000])
def test_deep_bodies_with_runs_are_kept_or_dropped_as_the_stdlib_parser_keeps_them(depth: int) -> None:
    text = "[" * depth + "1234567890123456789" + "]" * depth
    got = parse_body(text, "application/json")
    if depth <= 200:
        assert got[0] is not None and got[2] is False
    else:
        assert got[0] is None


def test_an_integer_python_refuses_to_read_leaves_the_body_unparsed() -> None:
    text = '{"items": [{"id": 1, "n": ' + "1" * 5000 + "}]}"
    assert parse_body(text, "application/json") == (None, text, False)


def test_a_har_entry_with_an_integer_python_refuses_to_read_is_a_capture_error(tmp_path: Path) -> None:
    body = json.dumps({"items": [{"id": 1}]})
    entry = {"request": {"method": "GET", "url": "https://api.example.test/items", "headers": []},
             "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": body}}}
    path = tmp_path / "big.har"
    path.write_text(json.dumps({"log": {"entries": [entry]}}).replace('"status": 200', '"status": 200, "bodySize": '
                                                                       + "9" * 5000))
    with pytest.raises(CaptureError, match="cannot read"):
        list(iter_har_exchanges(path))
