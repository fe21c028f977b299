"""The addon's conversion from plain flow parts to Exchange lines (no mitmproxy needed)."""

from __future__ import annotations

import io
import json

import pytest

from capture.addon import (
    DEFAULT_EXCLUDE_HOSTS,
    HTML_PREFIX,
    ExchangeWriter,
    convert_body,
    encode_line,
    exchange_record,
    host_excluded,
    join_headers,
    media_type,
)
from kernel.exchange import Exchange, parse_exchange_lines
from kernel.markers import unkeyed_value

CAP = 1000


def record(**overrides: object) -> dict:
    parts: dict = {
        "flow_id": "f1",
        "started": 1_767_225_600.0,
        "ended": 1_767_225_600.25,
        "method": "post",
        "url": "https://app.test/api/login?next=/home&token=abc123",
        "request_headers": [
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer abcdefgh12345678"),
            ("Referer", "https://app.test/login?session=s1"),
            ("Accept", "application/json"),
            ("Accept", "text/plain"),
        ],
        "request_content": b'{"email": "a@b.test", "password": "hunter2"}',
        "status": 200,
        "response_headers": [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Set-Cookie", "sid=cookie-secret-1; Path=/"),
            ("Set-Cookie", "theme=dark"),
        ],
        "response_content": b'{"token": "tok-secret-999", "user": {"id": 12345678901234567890123}}',
        "body_cap": CAP,
    }
    parts.update(overrides)
    return exchange_record(**parts)


def test_exchange_record_follows_the_contract() -> None:
    data = record()
    exchange = Exchange.model_validate(unkeyed_value(data))  # markers compared without their pseudonyms
    assert exchange.id == "f1"
    assert exchange.source == "proxy"
    assert exchange.started_at.isoformat() == "2026-01-01T00:00:00+00:00"
    assert exchange.duration_ms == 250.0
    assert exchange.page_url == "https://app.test/login?session=[REDACTED:str:1-15]"
    assert exchange.request.method == "POST"
    assert exchange.request.url == "https://app.test/api/login?next=/home&token=[REDACTED:str:1-15]"
    assert exchange.request.headers["accept"] == "application/json, text/plain"
    assert exchange.request.headers["authorization"] == "Bearer [REDACTED:str:16-64]"
    assert exchange.request.body == {"email": "a@b.test", "password": "[REDACTED:str:1-15]"}
    assert exchange.response.content_type == "application/json"
    assert exchange.response.headers["content-type"] == "application/json; charset=utf-8"
    assert (
        exchange.response.headers["set-cookie"]
        == "sid=[REDACTED:str:1-15]; Path=/, theme=[REDACTED:str:1-15]"
    )
    assert exchange.response.body == {"token": "[REDACTED:str:1-15]", "user": {"id": 12345678901234567890123}}
    line = encode_line(data)
    assert line.endswith("\n") and line.count("\n") == 1
    for secret in ("hunter2", "tok-secret-999", "cookie-secret-1", "abc123", "abcdefgh12345678"):
        assert secret not in line
    assert [x.id for x in parse_exchange_lines([line])] == ["f1"]


def test_missing_response_end_gives_zero_duration() -> None:
    assert record(ended=None)["duration_ms"] == 0.0


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b'{"a": 1}', "application/json", ({"a": 1}, None, False)),
        (b'{"a": 1}', "application/vnd.api+json", ({"a": 1}, None, False)),
        (b'{"a": 1}', "application/problem+json; charset=utf-8", ({"a": 1}, None, False)),
        (b'[1, 2]', None, ([1, 2], None, False)),
        (b' {"a": 1}', "text/plain", ({"a": 1}, None, False)),
        (b'{"n": 123456789012345678901234567890}', "application/json", ({"n": 123456789012345678901234567890}, None, False)),
        ('{"name": "Zoë"}'.encode("latin-1"), "application/json; charset=latin-1", ({"name": "Zoë"}, None, False)),
        (b"{not json", "application/json", (None, "{not json", False)),
        (b"hello", "text/plain", (None, "hello", False)),
        (b"a=1&password=pw", "application/x-www-form-urlencoded", (None, "a=1&password=[REDACTED:str:1-15]", False)),
        (b"<r><token>t</token></r>", "application/xml", (None, "<r><token>[REDACTED:str:1-15]</token></r>", False)),
        (b"", "application/json", (None, None, False)),
        (None, "application/json", (None, None, False)),
        (b"\x89PNG\r\n", "image/png", (None, None, False)),
        (b"body{}", "text/css", (None, None, False)),
        (b"console.log(1)", "application/javascript", (None, None, False)),
        (b"--b\r\nContent-Disposition: form-data", "multipart/form-data; boundary=b", (None, None, False)),
        (b'{"a": "' + b"x" * CAP + b'"}', "application/json", (None, None, True)),
    ],
)  # fmt: skip
def test_convert_body(content: bytes | None, content_type: str | None, expected: tuple) -> None:
    assert tuple(unkeyed_value(list(convert_body(content, content_type, body_cap=CAP)))) == expected


def test_html_keeps_only_a_short_prefix() -> None:
    html = b"<html>" + b"x" * (HTML_PREFIX * 2) + b"</html>"
    body, text, truncated = convert_body(html, "text/html; charset=utf-8", body_cap=10 * len(html))
    assert body is None and truncated
    assert text is not None and len(text) == HTML_PREFIX


def test_streamed_body_is_recorded_as_truncated() -> None:
    data = record(response_content=None, response_truncated=True)
    assert data["response"]["body"] is None
    assert data["response"]["body_truncated"] is True


def test_http_versions_are_an_optional_extra_the_model_ignores() -> None:
    data = record(request_http_version="HTTP/2.0", response_http_version="HTTP/1.1")
    assert data["request"]["http_version"] == "HTTP/2.0"
    assert data["response"]["http_version"] == "HTTP/1.1"
    assert Exchange.model_validate(data).model_dump() == Exchange.model_validate(record()).model_dump()
    assert "http_version" not in record()["request"] and "http_version" not in record()["response"]


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("Application/JSON; charset=UTF-8", "application/json"),
        ("", None),
        (None, None),
        ("text/html", "text/html"),
    ],
)
def test_media_type(content_type: str | None, expected: str | None) -> None:
    assert media_type(content_type) == expected


def test_join_headers_lowercases_and_joins_repeats() -> None:
    assert join_headers([("Accept", "a"), ("accept", "b"), ("X-One", "1")]) == {
        "accept": "a, b",
        "x-one": "1",
    }


@pytest.mark.parametrize(
    ("host", "excluded"),
    [
        ("update.googleapis.com", True), ("optimizationguide-pa.googleapis.com", True),
        ("safebrowsingohttpgateway.googleapis.com", True), ("edgedl.me.gvt1.com", True),
        ("clients2.google.com", True), ("accounts.google.com", True), ("www.gstatic.com", True),
        ("firestore.googleapis.com", False), ("127.0.0.1", False), ("api.example.com", False),
        ("google.com", False),
    ],
)  # fmt: skip
def test_default_excluded_hosts(host: str, excluded: bool) -> None:
    assert host_excluded(host, DEFAULT_EXCLUDE_HOSTS) is excluded


def test_writer_writes_one_flushed_line_per_record_to_the_sink() -> None:
    sink = io.StringIO()
    writer = ExchangeWriter(out=sink)
    writer.write(record(flow_id="a"))
    writer.write(record(flow_id="b"))
    lines = sink.getvalue().splitlines()
    assert writer.written == 2
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]
    writer.done()  # a sink passed in is not closed by the writer
    assert not sink.closed
