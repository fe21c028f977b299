"""Secrets in captured traffic never reach the schema document or the command's output.

`wiretable infer` reads HAR bodies without redacting them (they stay in memory, inside inference);
every value written into the schema is redacted on the way out. These tests run a capture full of
credentials through the real command and look for each secret in everything it wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from capture.har import iter_har_exchanges, iter_traffic
from inference import infer_schema
from inference.endpoints import wants_body

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlU0VDUkVU"
PINS = ["4321", "8765"]


def _secrets(i: int) -> list[str]:
    return [f"Pa55word-Secret-{i}", f"sk_live_SECRETkey{i:04d}", f"NestedSecretValue{i}", f"ArraySecretValue{i}",
            f"sess-SECRET-ID-{i:04d}", f"ghpSECRETTOKEN{i:03d}", f"DeepSecret{i}", f"HeaderBearerSecret{i}"]


SECRETS = [s for i in range(40) for s in _secrets(i)] + [
    JWT, "AKIAQSECRETKEY123456", "QueryTokenSecret99", "SIGSECRET123", "SessionCookieSecret", "RequestBodySecret1",
    *PINS,
]


def _user(i: int) -> dict[str, Any]:
    password, api_key, nested, array, session, token, deep, bearer = _secrets(i)
    return {
        "id": i, "name": f"user {i}", "email": f"u{i}@mail.test",
        "password": password, "apiKey": api_key, "pin": PINS[i % 2],
        "authorization": f"Bearer {bearer}", "note": JWT, "bio": f"my token={token} thanks",
        "avatar": "https://cdn.example.test/a.png?signature=SIGSECRET123&size=2",
        "credentials": {"value": nested, "kind": "primary"},
        "accessTokens": [{"id": i * 10, "value": array}],
        "session": {"id": session, "userId": i},
        "settings": {"1": {"password": deep}},
    }


def _entry(url: str, body: Any, method: str = "GET", request_body: Any = None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method, "url": url,
        "headers": [{"name": "Authorization", "value": "Bearer HeaderBearerSecret0"},
                    {"name": "Cookie", "value": "sid=SessionCookieSecret"}],
    }
    if request_body is not None:
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(request_body)}
    return {
        "startedDateTime": "2024-01-02T03:04:05.000Z", "time": 1,
        "request": request,
        "response": {"status": 200, "headers": [{"name": "Set-Cookie", "value": "sid=SessionCookieSecret"}],
                     "content": {"mimeType": "application/json", "text": json.dumps(body)}},
    }


def _secret_har(tmp_path: Path) -> Path:
    users = [_user(i) for i in range(1, 40)]
    entries = [
        _entry("https://api.example.test/api/users?api_key=AKIAQSECRETKEY123456&page=1", {"data": users, "total": 39}),
        _entry("https://api.example.test/api/users/1?access_token=QueryTokenSecret99", _user(1)),
        _entry("https://api.example.test/api/users", _user(39), "POST", {"name": "x", "password": "RequestBodySecret1"}),
    ]
    path = tmp_path / "secrets.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")
    return path


def _run_infer(traffic: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cli = "from wiretable.cli import app; app()"
    return subprocess.run([sys.executable, "-c", cli, "infer", str(traffic), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_infer_writes_no_secret_of_a_har(tmp_path: Path) -> None:
    har = _secret_har(tmp_path)
    out = tmp_path / "schema.json"
    result = _run_infer(har, "-o", str(out))
    assert result.returncode == 0, result.stderr
    written = out.read_text(encoding="utf-8")
    assert _leaks(written) == [] and _leaks(result.stderr) == [] and _leaks(result.stdout) == []
    # The secrets were really read: their columns are in the schema, with redacted examples.
    columns = {(t["name"], c["name"]): c for t in json.loads(written)["tables"] for c in t["columns"]}
    for name in ("password", "api_key", "pin", "authorization", "note", "bio", "credentials_value", "avatar"):
        assert ("users", name) in columns, name
        assert columns["users", name]["evidence"]["examples"], name
    assert columns["users", "password"]["evidence"]["examples"][0].startswith("[REDACTED:")
    assert columns["users", "pin"]["enum"] is None


def test_infer_to_stdout_and_from_jsonl_writes_no_secret(tmp_path: Path) -> None:
    from kernel.exchange import Exchange, Request, Response

    har = _secret_har(tmp_path)
    result = _run_infer(har)
    assert result.returncode == 0, result.stderr
    assert '"tables"' in result.stdout and _leaks(result.stdout + result.stderr) == []
    # A JSON Lines file someone else wrote, with secrets left in: the schema still holds none.
    jsonl = tmp_path / "traffic.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for i, body in enumerate([[_user(i) for i in range(1, 40)], _user(3)]):
            exchange = Exchange(id=str(i), source="proxy", started_at="2024-01-02T03:04:05Z",
                                request=Request(method="GET", url=f"https://api.example.test/api/users{'/3' * i}"),
                                response=Response(status=200, content_type="application/json", body=body))
            out.write(exchange.to_json_line() + "\n")
    result = _run_infer(jsonl)
    assert result.returncode == 0, result.stderr
    assert '"password"' in result.stdout and _leaks(result.stdout + result.stderr) == []


@pytest.mark.parametrize("case", sorted(GOLDEN.glob("*.har")), ids=lambda p: p.stem)
def test_reading_only_api_bodies_gives_the_schema_of_reading_every_body(case: Path) -> None:
    # Credential-named fields (dummyjson's passwords) too: redacted at the source on both paths.
    every = infer_schema(iter_traffic(case), name="s").model_dump(mode="json")
    api_only = infer_schema(iter_har_exchanges(case, keep_body=wants_body), name="s").model_dump(mode="json")
    assert api_only == every
