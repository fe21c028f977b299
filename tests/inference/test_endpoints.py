"""Route templating and noise filtering."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from inference import endpoint_template
from inference.endpoints import (
    _NOISE_PATHS,
    _STATIC_EXT,
    _noise_host,
    host_and_path,
    is_api_exchange,
    is_noise_url,
)
from tests.factories import make_exchange, needs_real_hars, real_har_urls


@pytest.mark.parametrize(
    ("method", "url", "expected"),
    [
        ("GET", "http://127.0.0.1:8081/api/users", "GET /api/users"),
        ("GET", "http://127.0.0.1:8081/api/users/17", "GET /api/users/{id}"),
        ("get", "https://x.dev/posts/3/comments?_page=2", "GET /posts/{id}/comments"),
        ("GET", "https://x.dev/orders/6f1c2a9e-8d1b-4c3a-9f00-1234567890ab", "GET /orders/{uuid}"),
        ("GET", "https://x.dev/blobs/da39a3ee5e6b4b0d3255bfef95601890afd80709", "GET /blobs/{hash}"),
        ("GET", "http://localhost:4000/api/customers/ALFKI", "GET /api/customers/{key}"),
        ("GET", "https://x.dev/articles/how-to-train-your-dragon", "GET /articles/{slug}"),
        ("GET", "https://x.dev/v2/pet/findByStatus", "GET /v2/pet/findByStatus"),
        ("POST", "https://x.dev/carts/add", "POST /carts/add"),
        ("OPTIONS", "https://x.dev/posts", None),
        ("HEAD", "https://x.dev/posts", None),
        ("GET", "https://x.dev/assets/index-09a6368b.js", None),
        ("GET", "https://x.dev/logo.png", None),
        ("POST", "https://region1.google-analytics.com/g/collect", None),
        ("POST", "https://plausible.io/api/event", None),
        ("GET", "ws://x.dev/socket", None),
    ],
)
def test_endpoint_template(method: str, url: str, expected: str | None) -> None:
    assert endpoint_template(method, url) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"body": [{"id": 1}]}, True),
        ({"body": {"id": 1}, "content_type": "application/json; charset=utf-8"}, True),
        ({"body": {"id": 1}, "status": 404}, False),
        ({"body": {"error": "x"}, "status": 500}, False),
        ({"body": None, "content_type": "text/html"}, False),
        ({"body": {"id": 1}, "method": "OPTIONS"}, False),
        ({"body": "text", "content_type": "application/json"}, False),
    ],
)
def test_is_api_exchange(kwargs: dict, expected: bool) -> None:
    assert is_api_exchange(make_exchange(**kwargs)) is expected


@pytest.mark.parametrize("url", [
    "http://a.test/x/y?z=1#f", "HTTPS://User:pw@Host.Test:8080/A/b;c?d", "http://[::1]:80/p", "http://h",
    "http://h?x/y", "http://h#/a", "https://h/a%20b/", "http://h:1/?", "https://h/ a", "http://h/\tx",
    "ftp://x/y", "http://@h/", "http://u@[fe80::1%25eth0]:9/z", "/relative/path", "",
])
def test_host_and_path_agree_with_urlsplit(url: str) -> None:
    parts = urlsplit(url)
    assert host_and_path(url) == ((parts.hostname or "").lower(), parts.path)


def _noise_by_urlsplit(method: str, url: str) -> bool:
    """``is_noise_url`` as it reads with ``urlsplit`` alone: the reference for its quick path."""
    if method.upper() in {"OPTIONS", "HEAD", "CONNECT", "TRACE"}:
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    if parts.scheme not in {"http", "https"}:
        return True
    if _noise_host((parts.hostname or "").lower()):
        return True
    return bool(_STATIC_EXT.search(parts.path) or _NOISE_PATHS.search(parts.path))


NOISE_CASES = [
    "http://a.test/x/y?z=1#f", "HTTPS://User:pw@Host.Test:8080/A/b;c?d", "http://[::1]:80/p", "http://h",
    "http://[::1/p", "http://h]/p", "http://[bad]/x", "https://www.google-analytics.com/g/collect?v=2",
    "https://x.test/app.JS", "https://x.test/a/track/", "https://cdn.jsdelivr.net/npm/x", "https://ｘ.test/a",
    "https://h/a%20b/", "http://h:1/?", "https://h/ a", "http://h/\tx", "ftp://x/y", "http://@h/", "/relative",
    "", "javascript:void(0)", "https://h/api/users?page=2", "HTTP://H/API", "https://sub.sentry.io/api/1/envelope/",
]


@pytest.mark.parametrize("url", NOISE_CASES)
def test_noise_urls_agree_with_urlsplit(url: str) -> None:
    assert is_noise_url("GET", url) == _noise_by_urlsplit("GET", url)


@needs_real_hars
def test_noise_urls_of_real_captures_agree_with_urlsplit() -> None:
    urls = real_har_urls()
    assert len(urls) > 500
    assert [u for u in urls if is_noise_url("GET", u) != _noise_by_urlsplit("GET", u)] == []
