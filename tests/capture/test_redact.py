"""Redaction tables: what is hidden, what stays readable, and the marker's shape.

The tables spell markers fixed (``unkeyed``): most carry a pseudonym that changes from process to
process (tests/capture/test_pseudonyms.py tests those)."""

from __future__ import annotations

import re

import pytest

from kernel.markers import unkeyed, unkeyed_value
from kernel.redact import (
    _redact_split_url,
    is_sensitive_name,
    marker,
    redact_body,
    redact_headers,
    redact_text,
    redact_url,
)
from tests.factories import needs_real_hars, real_har_urls

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
MARKER = re.compile(r"\[REDACTED:(str:(0|1-15|16-64|65-256|257\+)|int|float|bool)\]")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "[REDACTED:str:0]"),
        ("hunter2", "[REDACTED:str:1-15]"),
        ("x" * 16, "[REDACTED:str:16-64]"),
        ("x" * 64, "[REDACTED:str:16-64]"),
        ("x" * 65, "[REDACTED:str:65-256]"),
        ("x" * 300, "[REDACTED:str:257+]"),
        (123456, "[REDACTED:int]"),
        (1.5, "[REDACTED:float]"),
    ],
)
def test_marker_keeps_type_and_length_class(value: object, expected: str) -> None:
    assert marker(value, fixed=True) == expected
    assert unkeyed(marker(value)) == expected


@pytest.mark.parametrize(
    ("name", "sensitive"),
    [
        ("password", True), ("Passwd", True), ("new_password", True), ("passwordConfirmation", True),
        ("token", True), ("accessToken", True), ("access_token", True), ("REFRESH-TOKEN", True),
        ("id_token", True), ("csrfToken", True), ("secret", True), ("client_secret", True),
        ("clientSecret", True), ("api_key", True), ("apiKey", True), ("APIKEY", True), ("x-api-key", True),
        ("authorization", True), ("Proxy-Authorization", True), ("auth", True), ("X-Auth-Token", True),
        ("session", True), ("sessionId", True), ("session_token", True), ("sid", True),
        ("private_key", True), ("aws_secret_access_key", True), ("credentials", True), ("jwt", True),
        ("author", False), ("authorId", False), ("authors", False), ("max_tokens", False),
        ("total_tokens", False), ("token_type", False), ("tokenType", False), ("password_changed_at", False),
        ("auth_method", False), ("expires_in", False), ("sessionCount", False), ("key", False),
        ("code", False), ("name", False), ("email", False), ("id", False), ("keyboard", False),
    ],
)  # fmt: skip
def test_sensitive_names(name: str, sensitive: bool) -> None:
    assert is_sensitive_name(name) is sensitive


@pytest.mark.parametrize("name", ["key", "code", "sig", "signature", "state", "auth"])
def test_query_only_names(name: str) -> None:
    assert is_sensitive_name(name, in_query=True)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("Authorization", "Bearer abcdefghijklmnop1234", "Bearer [REDACTED:str:16-64]"),
        ("authorization", "Basic dXNlcjpwYXNzd29yZA==", "Basic [REDACTED:str:16-64]"),
        ("Authorization", "abcdef123", "[REDACTED:str:1-15]"),
        ("Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic [REDACTED:str:1-15]"),
        ("Cookie", "sid=abc123; theme=dark", "sid=[REDACTED:str:1-15]; theme=[REDACTED:str:1-15]"),
        (
            "Set-Cookie",
            "sid=s3cr3t-value-123456; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly, lang=en; Max-Age=60",
            "sid=[REDACTED:str:16-64]; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly, "
            "lang=[REDACTED:str:1-15]; Max-Age=60",
        ),
        ("X-API-Key", "k-1234567890", "[REDACTED:str:1-15]"),
        ("x-goog-api-key", "AIzaSyA-1234567890abcdef", "[REDACTED:str:16-64]"),
        ("X-CSRF-Token", "abc", "[REDACTED:str:1-15]"),
        ("X-Amz-Security-Token", "FQoGZXIvYXdzE", "[REDACTED:str:1-15]"),
        ("X-Client-Secret", "shh", "[REDACTED:str:1-15]"),
        ("Referer", "http://app.test/cb?code=xyz&x=1", "http://app.test/cb?code=[REDACTED:str:1-15]&x=1"),
        ("Content-Type", "application/json", "application/json"),
        ("Accept", "*/*", "*/*"),
        ("X-Author", "ada", "ada"),
        ("X-Trace", f"jwt {JWT}", "jwt [REDACTED:str:65-256]"),
    ],
)
def test_redact_headers(name: str, value: str, expected: str) -> None:
    assert unkeyed_value(redact_headers({name: value})) == {name: expected}


def test_redact_headers_returns_a_new_dict() -> None:
    headers = {"Authorization": "Bearer abcdefgh12345678"}
    redact_headers(headers)
    assert headers == {"Authorization": "Bearer abcdefgh12345678"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.test/api/users?page=2", "https://a.test/api/users?page=2"),
        ("https://a.test/x?token=abc&page=2", "https://a.test/x?token=[REDACTED:str:1-15]&page=2"),
        ("https://a.test/x?access_token=abc", "https://a.test/x?access_token=[REDACTED:str:1-15]"),
        ("https://a.test/x?api_key=abc", "https://a.test/x?api_key=[REDACTED:str:1-15]"),
        ("https://a.test/x?apikey=abc", "https://a.test/x?apikey=[REDACTED:str:1-15]"),
        ("https://a.test/x?key=AIza123", "https://a.test/x?key=[REDACTED:str:1-15]"),
        ("https://a.test/x?secret=a%20b", "https://a.test/x?secret=[REDACTED:str:1-15]"),
        ("https://a.test/x?password=pw", "https://a.test/x?password=[REDACTED:str:1-15]"),
        ("https://a.test/x?session=s1", "https://a.test/x?session=[REDACTED:str:1-15]"),
        ("https://a.test/x?sig=s&signature=t", "https://a.test/x?sig=[REDACTED:str:1-15]&signature=[REDACTED:str:1-15]"),
        ("https://a.test/cb?code=c0de&state=st", "https://a.test/cb?code=[REDACTED:str:1-15]&state=[REDACTED:str:1-15]"),
        ("https://a.test/x?auth=a", "https://a.test/x?auth=[REDACTED:str:1-15]"),
        ("https://a.test/x?X-Amz-Signature=abc&X-Amz-Credential=c", "https://a.test/x?X-Amz-Signature=[REDACTED:str:1-15]&X-Amz-Credential=[REDACTED:str:1-15]"),
        ("https://a.test/cb#access_token=abc&token_type=bearer", "https://a.test/cb#access_token=[REDACTED:str:1-15]&token_type=bearer"),
        ("https://user:pa55@a.test/x", "https://user:[REDACTED:str:1-15]@a.test/x"),
        (f"https://a.test/verify/{JWT}", "https://a.test/verify/[REDACTED:str:65-256]"),
        ("https://a.test/authors/7?sort=name&author=ada", "https://a.test/authors/7?sort=name&author=ada"),
        ("https://a.test/x?flag", "https://a.test/x?flag"),
    ],
)  # fmt: skip
def test_redact_url(url: str, expected: str) -> None:
    assert unkeyed(redact_url(url)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"username": "ada", "password": "hunter2"}, {"username": "ada", "password": "[REDACTED:str:1-15]"}),
        ({"Password": "x", "PASSWD": "y"}, {"Password": "[REDACTED:str:1-15]", "PASSWD": "[REDACTED:str:1-15]"}),
        ({"access_token": "a" * 40, "token_type": "bearer", "expires_in": 3600},
         {"access_token": "[REDACTED:str:16-64]", "token_type": "bearer", "expires_in": 3600}),
        ({"refreshToken": "r", "idToken": "i"}, {"refreshToken": "[REDACTED:str:1-15]", "idToken": "[REDACTED:str:1-15]"}),
        ({"client_secret": "s", "api-key": 1234}, {"client_secret": "[REDACTED:str:1-15]", "api-key": "[REDACTED:int]"}),
        ({"pin": 1234, "otp": 99.5}, {"pin": "[REDACTED:int]", "otp": "[REDACTED:float]"}),
        ({"authorization": "Bearer abc"}, {"authorization": "[REDACTED:str:1-15]"}),
        ({"session": {"id": "s", "user_id": 5, "active": True, "note": None}},
         {"session": {"id": "[REDACTED:str:1-15]", "user_id": "[REDACTED:int]", "active": True, "note": None}}),
        ({"credentials": ["a", "b"]}, {"credentials": ["[REDACTED:str:1-15]", "[REDACTED:str:1-15]"]}),
        ([{"user": {"password": "p", "id": 1}}], [{"user": {"password": "[REDACTED:str:1-15]", "id": 1}}]),
        ({"token": None, "secret": False}, {"token": None, "secret": False}),
        ({"author": "ada", "max_tokens": 5, "keyboard": "us"}, {"author": "ada", "max_tokens": 5, "keyboard": "us"}),
        ({"note": f"see {JWT}"}, {"note": "see [REDACTED:str:65-256]"}),
        ({"id": 12345678901234567890123}, {"id": 12345678901234567890123}),
        ("plain", "plain"), (42, 42), (None, None), ([], []),
    ],
)  # fmt: skip
def test_redact_body(body: object, expected: object) -> None:
    assert unkeyed_value(redact_body(body)) == expected


def test_redact_body_does_not_mutate() -> None:
    body = {"password": "p", "nested": [{"token": "t"}]}
    redact_body(body)
    assert body == {"password": "p", "nested": [{"token": "t"}]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("username=ada&password=hunter2&remember=1", "username=ada&password=[REDACTED:str:1-15]&remember=1"),
        ("grant_type=password&client_secret=abc&code=xyz",
         "grant_type=password&client_secret=[REDACTED:str:1-15]&code=[REDACTED:str:1-15]"),
        ("Authorization: Bearer abcdefghijk12345", "Authorization: Bearer [REDACTED:str:16-64]"),
        (f"token is {JWT}.", "token is [REDACTED:str:65-256]."),
        ('{"password": "a b c", "user": "x"', '{"password": "[REDACTED:str:1-15]", "user": "x"'),
        ("var cfg = {apiKey: 'AIza-12345', region: 'eu'};", "var cfg = {apiKey: '[REDACTED:str:1-15]', region: 'eu'};"),
        ("<login><user>ada</user><password>pw</password></login>",
         "<login><user>ada</user><password>[REDACTED:str:1-15]</password></login>"),
        ("secret=abc\nname=x", "secret=[REDACTED:str:1-15]\nname=x"),
        ("the basic information about a token expiring", "the basic information about a token expiring"),
        ("author=ada&title=hello", "author=ada&title=hello"),
        ("", ""),
    ],
)  # fmt: skip
def test_redact_text(text: str, expected: str) -> None:
    assert unkeyed(redact_text(text)) == expected


@pytest.mark.parametrize(
    "secret",
    ["hunter2-PASSWORD", "tok_0123456789abcdef", JWT],
)
def test_no_secret_survives_any_shape(secret: str) -> None:
    assert secret not in str(
        redact_body({"data": {"user": {"password": secret, "tokens": [{"token": secret}]}}})
    )
    assert secret not in redact_text(f"password={secret}")
    assert secret not in redact_url(f"https://a.test/?token={secret}")
    assert secret not in str(redact_headers({"Authorization": f"Bearer {secret}", "Cookie": f"s={secret}"}))
    assert MARKER.search(redact_text(f"password={secret}"))


URL_CASES = [
    "https://h/api/users?page=2", "https://h/a?access_token=abc123&x=1", f"https://h/p/{JWT}/x",
    f"http://h/cb?next=Bearer%20{JWT}", "http://u:pw@h/x", "https://h/x#token=1", "https://h/x?", "https://h",
    "http:///p", "HTTPS://H/x?key=1", "https://[::1]:8/x?api_key=2", "https://h]/x", "https://ｈ.test/?q=1",
    "https://h/a b?c=d e", "https://h/\tx", " https://h/x", "https://h/x ", "https://h//double//?a==b&&c",
    "https://h/?password", "https://h/x?q=%41%3D", "ftp://h/x?token=1", "/relative?token=1", "",
]


@pytest.mark.parametrize("url", URL_CASES)
def test_quick_url_redaction_agrees_with_urlsplit(url: str) -> None:
    assert redact_url(url) == _redact_split_url(url)


@needs_real_hars
def test_quick_url_redaction_agrees_on_real_captures() -> None:
    urls = real_har_urls()
    assert len(urls) > 500
    assert [u for u in urls if redact_url(u) != _redact_split_url(u)] == []
