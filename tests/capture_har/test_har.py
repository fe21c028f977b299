"""HAR import: every exporter's quirks become Exchange records; broken files are clear errors."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import orjson
import pytest

from capture import har
from capture.har import iter_har_exchanges
from kernel.errors import CaptureError

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
HAR_FILES = sorted((EVAL / "real-har").glob("*.har")) + sorted((EVAL / "dev").glob("*.har"))


def _entry(url: str = "https://api.example.com/items", text: str | None = '{"id": 1}', **content: object) -> dict:
    body = {"mimeType": "application/json", "size": 0, **content}
    if text is not None:
        body["text"] = text
    return {
        "startedDateTime": "2024-01-02T03:04:05.000Z",
        "time": 12.5,
        "request": {"method": "GET", "url": url, "headers": [{"name": "Accept", "value": "*/*"}]},
        "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                     "content": body},
    }


def _write(tmp_path: Path, doc: object, name: str = "t.har", bom: bool = False) -> Path:
    path = tmp_path / name
    data = json.dumps(doc).encode()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.skipif(not HAR_FILES, reason="evaluation HARs not present")
@pytest.mark.parametrize("path", HAR_FILES, ids=lambda p: p.stem)
def test_every_eval_har_reads_without_error(path: Path) -> None:
    exchanges = list(iter_har_exchanges(path))
    assert exchanges
    assert all(x.source == "har" for x in exchanges)
    assert len({x.id for x in exchanges}) == len(exchanges)


def test_reads_bom_base64_and_text_bodies(tmp_path: Path) -> None:
    encoded = base64.b64encode(b'{"id": 9223372036854016561, "name": "rex"}').decode()
    doc = {"log": {"version": "1.2", "entries": [
        _entry(text=encoded, encoding="base64"),
        _entry(url="https://api.example.com/page", text="<html></html>", mimeType="text/html"),
        _entry(text=None),
    ]}}
    first, html, empty = iter_har_exchanges(_write(tmp_path, doc, bom=True))
    assert first.response.body == {"id": 9223372036854016561, "name": "rex"}
    assert first.duration_ms == 12.5 and first.started_at.year == 2024
    assert html.response.body is None and html.response.body_text == "<html></html>"
    assert empty.response.body is None


def test_missing_fields_get_defaults(tmp_path: Path) -> None:
    doc = {"log": {"entries": [{"request": {"url": "http://x/a"}, "response": {}}, {}]}}
    a, b = iter_har_exchanges(_write(tmp_path, doc))
    assert a.request.method == "GET" and a.response.status == 0
    assert b.request.url == "" and b.started_at.year == 1970


def test_secrets_are_redacted(tmp_path: Path) -> None:
    entry = _entry(url="https://api.example.com/items?access_token=abcdef123456")
    entry["request"]["headers"].append({"name": "Authorization", "value": "Bearer abcdef123456"})
    (x,) = iter_har_exchanges(_write(tmp_path, {"log": {"entries": [entry]}}))
    assert "abcdef123456" not in x.request.url
    assert "abcdef123456" not in json.dumps(x.request.headers)


def test_streams_many_entries_in_order(tmp_path: Path) -> None:
    entries = [_entry(url=f"https://api.example.com/items/{i}", text=json.dumps({"id": i, "pad": "x" * 5000}))
               for i in range(400)]
    path = _write(tmp_path, {"log": {"pages": [], "entries": entries, "comment": "after"}})
    ids = [x.response.body["id"] for x in iter_har_exchanges(path)]
    assert ids == list(range(400))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "empty"),
        ("hello", "not a JSON object"),
        ('{"log": {"version": "1.2"}}', "no log.entries"),
        ('{"log": {"entries": {}}}', "array"),
        ('{"log": {"entries": [{"request": {"url": "http://x/"}}, {"request": ', "truncated"),
        ('[1, 2]', "not a JSON object"),
    ],
    ids=["empty", "not-json", "no-entries", "entries-not-list", "truncated", "array"],
)
def test_malformed_har_is_a_capture_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.har"
    path.write_text(content)
    with pytest.raises(CaptureError) as info:
        list(iter_har_exchanges(path))
    message = str(info.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_missing_file_is_a_capture_error(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="cannot read"):
        list(iter_har_exchanges(tmp_path / "nope.har"))


@pytest.mark.parametrize("body", [
    {"id": 1, "password": "hunter2", "profile": {"apiKey": "k-123", "bio": "token abcdef123456 here"}},
    [{"note": "a=1&access_token=xyz", "url": "https://x.test/cb?code=abc&state=1", "ok": True, "n": None}],
    {"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "text": "Authorization: Bearer abc.def-123456",
     "xml": "<secret>s3</secret>", "plain": "nothing to see", "when": "2024-01-01T00:00:00Z"},
    {"session": {"id": 5, "nested": [1, "two", {"token": 3}]}, "auth_method": "basic", "sid": 7},
])
def test_body_redactor_equals_the_redaction_module(body: object) -> None:
    from kernel import redact
    from kernel.body_redactor import BodyRedactor

    redactor = BodyRedactor()
    assert redactor.redact(body) == redact.redact_body(body)
    assert redactor.redact(body) == redact.redact_body(body)  # remembered verdicts give the same answer


@pytest.mark.parametrize("text", ["1" * 20, "1" * 19, "-9223372036854775809", "x" * 50 + "9" * 25 + "x", "[1, 12345678901234567890]", "\ud800 1"])
def test_long_digit_runs_are_found(text: str) -> None:
    from capture.har import _long_digits

    assert _long_digits(text)


@pytest.mark.parametrize("text", ["", "1" * 18, "1" * 18 + "." + "1" * 18, "\u0661" * 25, "é" * 30 + "123"])
def test_short_digit_runs_are_not_long(text: str) -> None:
    from capture.har import _long_digits

    assert not _long_digits(text)


@pytest.mark.parametrize("big", [2**70 + 1, 2**64, -(2**63) - 1, -9300000000000000000, -(10**19) + 1])
def test_integers_beyond_64_bits_stay_exact(tmp_path: Path, big: int) -> None:
    path = _write(tmp_path, {"log": {"entries": [_entry(text=json.dumps({"id": big, "x": 1.5}))]}})
    (exchange,) = iter_har_exchanges(path)
    assert exchange.response.body == {"id": big, "x": 1.5}
    assert type(exchange.response.body["id"]) is int


@pytest.mark.skipif(not HAR_FILES, reason="evaluation HARs not present")
@pytest.mark.parametrize("path", HAR_FILES, ids=lambda p: p.stem)
def test_keep_body_reads_the_same_api_data(path: Path) -> None:
    from inference.endpoints import is_api_exchange, wants_body

    full = list(iter_har_exchanges(path))
    kept = list(iter_har_exchanges(path, keep_body=wants_body))
    assert len(kept) == len(full)
    for ex, kx in zip(full, kept, strict=True):
        assert is_api_exchange(kx) == is_api_exchange(ex)
        assert (kx.request.method, kx.request.url, kx.response.status) == (ex.request.method, ex.request.url,
                                                                            ex.response.status)
        assert kx.request.headers == ex.request.headers and kx.response.headers == ex.response.headers
        if is_api_exchange(ex):
            assert kx.response.body == ex.response.body and kx.request.body == ex.request.body


def test_keep_body_redacts_what_it_reads_and_skips_the_rest(tmp_path: Path) -> None:
    from inference.endpoints import wants_body

    asked: list[tuple[str, str, int, str | None]] = []

    def keep(method: str, url: str, status: int, content_type: str | None) -> bool:
        asked.append((method, url, status, content_type))
        return wants_body(method, url, status, content_type)

    entries = [
        _entry(url="https://api.example.com/users?access_token=abc123",
               text=json.dumps([{"id": 1, "password": "hunter2", "note": "token=s3cr3t99"}])),
        _entry(url="https://api.example.com/app.js", text="var password = 'hunter2';", mimeType="application/javascript"),
    ]
    api, static = iter_har_exchanges(_write(tmp_path, {"log": {"entries": entries}}), keep_body=keep)
    assert "abc123" not in api.request.url and "abc123" not in asked[0][1]  # the test sees the redacted URL
    body = api.response.body
    assert body[0]["id"] == 1 and "hunter2" not in json.dumps(body) and "s3cr3t99" not in json.dumps(body)
    assert static.response.body is None and static.response.body_text is None
    assert static.request.url == "https://api.example.com/app.js"


@pytest.mark.parametrize("text", ["2024-01-01T10:00:00Z", "T10:00", "a=1", "s_id=7", "%73id=1", "x: eyJhbGciOi",
                                  "Bearer abc1234567", "<pin>1234</pin>", "pwd:1", "12:34", "plain words"])
def test_secret_prefilter_never_skips_a_change(text: str) -> None:
    from kernel import redact
    from kernel.body_redactor import _maybe_secret

    assert _maybe_secret(text) or redact.redact_text(text) == text


def _read_all(path: Path) -> tuple[list[object], str | None]:
    entries: list[object] = []
    try:
        for _index, entry, pages in har.iter_entries(path):
            entries.append((entry, pages))
    except CaptureError as exc:
        return entries, str(exc)
    return entries, None


@pytest.mark.parametrize(("chunk", "margin"), [(7, 0), (64, 16), (1000, 300), (5, 5000)])
def test_entries_do_not_depend_on_where_the_buffer_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        chunk: int, margin: int) -> None:
    big = _entry(text=json.dumps({"id": 9, "pad": "é" * 5000, "n": 123456789012345678901234567890}))
    numbers = _entry(text="[1, 2, 3]")
    numbers["time"] = 1234567890123
    files = {
        "mixed.har": json.dumps({"log": {"pages": [{"id": "p", "title": "https://x/"}],
                                         "entries": [_entry(), big, numbers, _entry(url="https://x/é")] * 3}}),
        "cut.har": json.dumps({"log": {"entries": [_entry(), big]}})[:-900],
        "bad.har": json.dumps({"log": {"entries": [_entry(), _entry()]}}).replace('"time": 12.5', '"time": 12.5.5', 1),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text("\ufeff" + text, encoding="utf-8")
        expected = _read_all(path)
        with monkeypatch.context() as patched:
            patched.setattr(har, "_CHUNK", chunk)
            patched.setattr(har, "_MARGIN", margin)
            assert _read_all(path) == expected, name
    assert len(_read_all(tmp_path / "mixed.har")[0]) == 12
    assert "truncated" in (_read_all(tmp_path / "cut.har")[1] or "")
    assert "invalid JSON" in (_read_all(tmp_path / "bad.har")[1] or "")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"id": 12345678901234567890, "name": "\\ud800x"}', {"id": 12345678901234567890, "name": "\ufffdx"}),
    ('{"id": 12345678901234567890, "\\uDC00": "\\ud83d\\ude00"}', {"id": 12345678901234567890, "\ufffd": "\U0001f600"}),
    ('{"id": 12345678901234567890, "name": "\ud800"}', {"id": 12345678901234567890, "name": "\ufffd"}),
    ('{"id": 12345678901234567890, "name": "\\\\ud800", "v": NaN}', None),
    ('[12345678901234567890, "plain", {"a": ["\\u00e9"]}]', [12345678901234567890, "plain", {"a": ["é"]}]),
])
def test_bodies_read_by_the_standard_parser_hold_no_lone_surrogates(text: str, expected: object) -> None:
    body, _text, _cut = har.parse_body(text, "application/json")
    if expected is None:  # NaN: compared by its text
        assert body["name"] == "\\ud800" and body["v"] != body["v"]
        return
    assert body == expected
    assert orjson.dumps(body)  # every string is valid Unicode
