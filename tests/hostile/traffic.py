"""A generated corpus of hostile traffic files (Exchange JSONL and HAR): broken encodings, deep
and wide JSON, colliding and foreign keys, NUL characters, names Postgres reserves, odd numbers,
and planted secrets in every place a capture holds text.

``hostile_traffic(dir)`` writes the files and yields ``(id, path, planted secrets)``; the axes
(what is hostile x where it goes x which file format) make the corpus, not a hand-made list.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.hostile.secrets import planted_secrets

_URL = "https://app.test/api"


def _exchange(url: str, body: Any, *, request_body: Any = None, headers: dict[str, str] | None = None,
              text: str | None = None, content_type: str = "application/json", i: int = 0) -> dict[str, Any]:
    return {
        "id": f"x{i}", "started_at": "2026-01-01T00:00:00Z", "duration_ms": 1.0, "source": "proxy",
        "request": {"method": "POST" if request_body is not None else "GET", "url": url, "headers": headers or {},
                    "content_type": "application/json" if request_body is not None else None, "body": request_body},
        "response": {"status": 200, "headers": {}, "content_type": content_type, "body": body, "body_text": text},
    }


def _har_entry(url: str, text: str, mime: str = "application/json", headers: list[dict[str, str]] | None = None,
               post: str | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"method": "POST" if post else "GET", "url": url, "headers": headers or []}
    if post:
        request["postData"] = {"mimeType": "application/json", "text": post}
    return {"startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1, "request": request,
            "response": {"status": 200, "headers": [], "content": {"mimeType": mime, "text": text}}}


def _nested(depth: int) -> Any:
    value: Any = {"leaf": 1}
    for i in range(depth):
        value = {"id": i, "child": value} if i % 2 else [value]
    return value


def _bodies(rng: random.Random) -> Iterator[tuple[str, Any]]:
    """JSON bodies, each hostile in one way; all valid JSON values."""
    yield "collide", [{"id": i, "userId": i, "user_id": i + 1, "UserID": i + 2, "user-id": i + 3} for i in range(6)]
    yield "non-latin", [{"id": i, "名前": f"n{i}", "שם": f"h{i}", "имя": f"r{i}", "🔥": i} for i in range(6)]
    yield "long-keys", [{"id": i, "k" * 80: i, "名" * 30: i, ("a" * 70) + "1": 1, ("a" * 70) + "2": 2}
                        for i in range(6)]
    yield "system-keys", [{"id": i, "ctid": f"c{i}", "xmin": i, "xmax": i, "cmin": i, "cmax": i, "tableoid": i,
                           "oid": i} for i in range(6)]
    yield "nul", [{"id": i, "name": f"a\x00b{i}", "tags": ["x\x00", "y"], "n\x00k": 1} for i in range(6)]
    yield "empty-keys", [{"id": i, "": i, " ": i, "__": i, "$": i, ".": i} for i in range(6)]
    yield "numbers", [{"id": i, "big": 10**30 + i, "neg": -(2**63) - i, "f": 1e308, "tiny": 5e-324, "zero": -0.0}
                      for i in range(6)]
    yield "mixed-types", [{"id": i, "v": [1, "a", None, True, 1.5, {"x": 1}, [1]][i % 7]} for i in range(14)]
    yield "deep", _nested(400)
    yield "deep-dicts", {"data": [{"id": 1, **{"a": _nested(60)}}]}
    yield "wide", [{"id": i, **{f"field{j}": j for j in range(2000)}} for i in range(3)]
    yield "many-tables", {f"table{j}": [{"id": i, "v": i} for i in range(2)] for j in range(300)}
    yield "map-by-id", {"items": {str(1000 + j): {"id": 1000 + j, "name": f"n{j}"} for j in range(300)}}
    yield "ids-mixed", [{"id": [1, "1", 1.0, None, True][i % 5], "v": i} for i in range(10)]
    yield "dup-ids", [{"id": 1, "v": i} for i in range(10)]
    yield "reserved-words", [{"id": i, "select": i, "from": i, "table": i, "user": i, "order": i} for i in range(6)]
    yield "quotes", [{"id": i, 'a"b': i, "it's": i, "x; DROP TABLE t; --": i, "a\\b": i} for i in range(6)]
    yield "long-strings", [{"id": i, "s": "x" * 100_000} for i in range(3)]
    yield "random", [{"id": i, **{rng.choice(["a", "b", "c", "d"]): rng.choice([1, "x", None, [1], {"k": 1}])
                                  for _ in range(4)}} for i in range(20)]
    yield "ledger-name", {"wiretable_migrations": [{"id": i, "version": i} for i in range(3)]}
    yield "empty-list", []
    yield "scalar", 42


def _raw_files() -> Iterator[tuple[str, bytes, str]]:
    """Files that are not valid traffic at all (suffix .jsonl or .har)."""
    good = json.dumps(_exchange(f"{_URL}/items", [{"id": 1}])).encode()
    yield "invalid-utf8", good[:-10] + b"\xff\xfe\xc3" + good[-10:] + b"\n", ".jsonl"
    yield "lone-surrogate", good.replace(b'"id": 1', b'"id": "\\ud800"') + b"\n", ".jsonl"
    yield "lone-surrogate-key", good.replace(b'{"id": 1}', b'{"\\udc00": 1}') + b"\n", ".jsonl"
    yield "truncated-line", good[: len(good) // 2] + b"\n", ".jsonl"
    yield "not-json", b"hello world\n", ".jsonl"
    yield "empty", b"", ".jsonl"
    yield "blank-lines", b"\n\n   \n", ".jsonl"
    yield "bom", b"\xef\xbb\xbf" + good + b"\n", ".jsonl"
    yield "nul-bytes", b"\x00" * 100, ".jsonl"
    yield "binary", bytes(range(256)) * 4, ".jsonl"
    yield "deep-line", b"[" * 100_000 + b"]" * 100_000 + b"\n", ".jsonl"
    yield "wrong-shape", b'{"id": 1}\n', ".jsonl"
    yield "har-invalid-utf8", b'{"log": {"entries": [\xff\xfe]}}', ".har"
    yield "har-truncated", b'{"log": {"entries": [{"request": ', ".har"
    yield "har-not-object", b"[1, 2, 3]", ".har"
    yield "har-empty", b"", ".har"
    yield "har-deep", b'{"log": {"entries": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}}", ".har"
    yield "har-surrogate", json.dumps({"log": {"entries": [_har_entry(f"{_URL}/x", '{"id": "\\ud800"}')]}}).encode(), \
        ".har"


def hostile_traffic(root: Path, seed: int = 0) -> Iterator[tuple[str, Path, list[str]]]:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, body in _bodies(rng):
        for fmt in ("jsonl", "har"):
            n += 1
            path = root / f"{name}.{fmt}"
            url = f"{_URL}/{name}s"
            payload = json.dumps(body)
            if fmt == "jsonl":
                path.write_text(json.dumps(_exchange(url, body)) + "\n", encoding="utf-8")
            else:
                path.write_text(json.dumps({"log": {"entries": [_har_entry(url, payload)]}}), encoding="utf-8")
            yield f"{name}-{fmt}", path, []
    for name, data, suffix in _raw_files():
        path = root / f"raw-{name}{suffix}"
        path.write_bytes(data)
        yield f"raw-{name}", path, []
    yield from _secret_files(root)


def _secret_files(root: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """Secrets of every kind in every place: JSON values under neutral names, numbers, headers,
    URLs, request bodies, HTML, scripts and text, in both file formats."""
    places = ["json-value", "json-number", "header", "url", "request-body", "html", "script", "text", "enum"]
    n = 1000
    for place in places:
        for fmt in ("jsonl", "har"):
            for variant in range(3):
                n += 1
                secrets = planted_secrets(n)
                planted = [v for k, v in secrets.items() if place != "json-number" or k in ("visa", "amex")]
                path = root / f"secret-{place}-{variant}.{fmt}"
                exchanges = _secret_exchanges(place, secrets, variant)
                if fmt == "jsonl":
                    path.write_text("".join(json.dumps(e) + "\n" for e in exchanges), encoding="utf-8")
                else:
                    path.write_text(json.dumps({"log": {"entries": [_to_har(e) for e in exchanges]}}), encoding="utf-8")
                yield f"secret-{place}-{variant}-{fmt}", path, planted


def _secret_exchanges(place: str, secrets: dict[str, str], variant: int) -> list[dict[str, Any]]:
    values = list(secrets.values())
    url = f"{_URL}/things"
    records = [{"id": i, "label": f"item {i}"} for i in range(12)]
    if place == "json-value":
        records = [{**r, "note": values[i % len(values)], "blob": f"x {values[(i + variant) % len(values)]} y"}
                   for i, r in enumerate(records)]
    elif place == "json-number":
        records = [{**r, "n": int(secrets["visa"] if i % 2 else secrets["amex"])} for i, r in enumerate(records)]
    elif place == "enum":
        records = [{**r, "v": values[(i % 3) + variant]} for i, r in enumerate(records * 3)]
    exchanges = [_exchange(url, records, i=0)]
    for i, value in enumerate(values, start=1):
        if place == "header":
            exchanges.append(_exchange(url, records[:1], headers={"X-Debug": value, "X-Other": f"v {value}"}, i=i))
        elif place == "url" and "\n" not in value:
            exchanges.append(_exchange(f"{url}/{value}?q={value}", records[:1], i=i))
        elif place == "request-body":
            exchanges.append(_exchange(url, records[:1], request_body={"memo": value, "list": [value]}, i=i))
        elif place in ("html", "script", "text"):
            text = {"html": f"<html><script>const T = {json.dumps(value)};</script></html>",
                    "script": f"var cfg = {{k: {json.dumps(value)}}};", "text": f"debug {value}"}[place]
            mime = {"html": "text/html", "script": "application/javascript", "text": "text/plain"}[place]
            exchanges.append(_exchange(f"{url}/page{i}", None, text=text, content_type=mime, i=i))
    return exchanges


def _to_har(exchange: dict[str, Any]) -> dict[str, Any]:
    response = exchange["response"]
    text = response["body_text"] if response["body_text"] is not None else json.dumps(response["body"])
    headers = [{"name": k, "value": v} for k, v in exchange["request"]["headers"].items()]
    post = json.dumps(exchange["request"]["body"]) if exchange["request"]["body"] is not None else None
    return _har_entry(exchange["request"]["url"], text, response["content_type"], headers, post)
