"""Route templating and noise filtering."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from inference import endpoint_template
from inference.endpoints import host_and_path, is_api_exchange
from tests.factories import make_exchange


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
