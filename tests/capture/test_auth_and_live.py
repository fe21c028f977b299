"""Credentials parsing, secret scrubbing in the addon, control classification and the live view."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from capture.addon import hide_headers, scrub_values, secrets_from_env
from capture.auth import Credentials, parse_header, parse_headers, parse_storage_state
from capture.interact import is_destructive_control, is_load_more, same_page
from jobs.live import LiveTraffic, filter_hosts
from kernel.errors import CaptureError
from kernel.exchange import Exchange, Request, Response


@pytest.mark.parametrize(("text", "expected"), [
    ("X-Api-Key: abc123", ("X-Api-Key", "abc123")), ("Authorization:  Bearer t0k  ", ("Authorization", "Bearer t0k")),
])
def test_parse_header(text: str, expected: tuple[str, str]) -> None:
    assert parse_header(text) == expected


@pytest.mark.parametrize("text", ["no colon", ": value", "Name:", "Bad Name: x"])
def test_bad_headers_are_refused_without_quoting_values(text: str) -> None:
    with pytest.raises(CaptureError, match="header"):
        parse_header(text)


def test_parse_headers_skips_blank_lines() -> None:
    assert parse_headers("A: 1\n\nB: 2\n") == {"A": "1", "B": "2"}


def test_storage_state_accepts_a_cookie_export_and_normalises_it() -> None:
    state = parse_storage_state(json.dumps([{"name": "sid", "value": "s3cr3t-value", "domain": ".app.test",
                                             "sameSite": "no_restriction", "expirationDate": 1.9e9, "id": 3}]))
    assert state == {"cookies": [{"name": "sid", "value": "s3cr3t-value", "domain": ".app.test", "path": "/",
                                  "sameSite": "None", "expires": 1.9e9}], "origins": []}


@pytest.mark.parametrize(("data", "problem"), [
    ("not json", "not JSON"), ('{"cookies": 3}', "storage state"), ('[{"name": "a", "value": "b"}]', "neither a domain"),
])
def test_bad_storage_state(data: str, problem: str) -> None:
    with pytest.raises(CaptureError, match=problem):
        parse_storage_state(data)


def test_credentials_know_their_secrets_and_hide_them_in_repr() -> None:
    creds = Credentials(
        storage_state={"cookies": [{"name": "sid", "value": "cookie-value-1"}],
                       "origins": [{"origin": "http://a", "localStorage": [{"name": "t", "value": "local-token-2"}]}]},
        headers={"Authorization": "Bearer bearer-value-3", "Cookie": "x=cookie-header-4; y=1", "X-Ws": "short"},
    )
    secrets = creds.secret_values()
    for value in ("cookie-value-1", "local-token-2", "bearer-value-3", "Bearer bearer-value-3", "cookie-header-4"):
        assert value in secrets
    assert "1" not in secrets and "short" not in secrets  # too short to hide everywhere
    assert "value" not in repr(creds) and "bearer" not in repr(creds).lower()
    state = creds.browser_state("http://app.test:8080/x")
    assert state is not None and {"name": "x", "value": "cookie-header-4", "url": "http://app.test:8080/"} in state["cookies"]
    assert creds.request_headers() == {"Authorization": "Bearer bearer-value-3", "X-Ws": "short"}
    assert creds.header_names() == ["authorization", "cookie", "x-ws"]


def test_addon_hides_named_headers_and_scrubs_values_everywhere() -> None:
    record = {"request": {"headers": {"x-workspace": "ws-1234567"}, "url": "http://a/?q=ws-1234567"},
              "response": {"headers": {}, "body": {"echo": "got ws-1234567", "enc": "ws%2D1234567", "n": 1}}}
    hide_headers(record, frozenset({"x-workspace"}))
    assert record["request"]["headers"]["x-workspace"] == "[REDACTED:str:1-15]"
    scrubbed = scrub_values(record, ("ws-1234567",))
    assert "ws-1234567" not in json.dumps(scrubbed)
    assert scrubbed["response"]["body"]["echo"] == "got [REDACTED:str:1-15]"
    assert scrubbed["response"]["body"]["n"] == 1
    assert secrets_from_env({"WIRETABLE_REDACT_VALUES": '["ab", "abcd", 3]'}) == ("abcd", "ab")
    assert secrets_from_env({"WIRETABLE_REDACT_VALUES": "{broken"}) == ()


@pytest.mark.parametrize(("label", "attrs", "destructive"), [
    ("Delete project", "", True), ("Pay invoice", "", True), ("Log out", "", True), ("Send", "", True),
    ("", "/account/remove", True), ("Buy now", "", True), ("Milestones", "", False), ("Load more", "", False),
    ("Posts", "", False), ("Payments", "", False), ("Reports", "", False), ("Next", "", False),
])
def test_destructive_controls(label: str, attrs: str, destructive: bool) -> None:
    assert is_destructive_control(label, attrs) is destructive


@pytest.mark.parametrize(("label", "cls", "more"), [
    ("Load more", "", True), ("Show more results", "", True), ("Next page ›", "", True), ("»", "", True),
    ("", "btn load-more", True), ("Next steps for onboarding", "", False), ("Milestones", "", False),
])
def test_load_more_controls(label: str, cls: str, more: bool) -> None:
    assert is_load_more(label, "", cls) is more


def test_same_page_ignores_anchors_but_not_hash_routes() -> None:
    assert same_page("http://a/x#top", "http://a/x")
    assert not same_page("http://a/#/books", "http://a/")
    assert not same_page("http://a/reports", "http://a/")


def _exchange(url: str, status: int = 200, body: object = None, method: str = "GET") -> Exchange:
    return Exchange(id=url, started_at=datetime.now(UTC),
                    request=Request(method=method, url=url),
                    response=Response(status=status, content_type="application/json" if body is not None else "text/html",
                                      body=body))


def test_live_traffic_counts_hosts_endpoints_statuses(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    items = [
        _exchange("http://app.test/"), _exchange("http://app.test/api/users/1", body={"id": 1}),
        _exchange("http://app.test/api/users/2", body={"id": 2}),
        _exchange("http://app.test/api/users/3", 404, body={"error": "no"}),
        _exchange("http://api.app.test/v1/orders", body=[]),
        _exchange("http://weather.example/now", body={"t": 1}),
    ]
    path.write_text("".join(x.to_json_line() + "\n" for x in items[:3]) + '{"partial')
    live = LiveTraffic(path, "app.test")
    live.poll()
    assert live.requests == 3
    with path.open("w") as handle:
        handle.write("".join(x.to_json_line() + "\n" for x in items))
    live = LiveTraffic(path, "app.test")
    live.poll()
    snap = live.snapshot(include=["weather.example"])
    users = next(e for e in snap["endpoints"] if e["path"] == "/api/users/{id}")
    assert users["count"] == 3 and users["statuses"] == {"200": 2, "404": 1}
    hosts = {h["host"]: h for h in snap["hosts"]}
    assert hosts["app.test"]["requests"] == 4 and hosts["app.test"]["api_requests"] == 3
    assert not hosts["api.app.test"]["third_party"] and hosts["api.app.test"]["included"]
    assert hosts["weather.example"]["third_party"] and hosts["weather.example"]["included"]
    assert snap["latest"][0]["host"] == "weather.example"
    kept = [x.request.url for x in filter_hosts(items, "app.test", [], ["api.app.test"])]
    assert kept == [x.request.url for x in items[:4]]
    assert len(list(filter_hosts(items, "app.test", [], [], all_hosts=True))) == len(items)
