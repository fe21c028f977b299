"""The explorer's link rules, and a real headless Chromium run through a real proxy."""

from __future__ import annotations

from pathlib import Path

import pytest

from capture.explorer import explore, is_destructive, normalize_link, origin
from capture.proxy import ProxyProcess
from kernel.errors import CaptureError
from kernel.exchange import read_exchanges
from kernel.settings import Settings
from tests.capture.conftest import DemoApp


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("http://App.test/a#frag", "http://app.test/a"),
        ("https://app.test", "https://app.test/"),
        ("https://app.test/list?page=2#top", "https://app.test/list?page=2"),
        ("mailto:a@b.test", None),
        ("javascript:void(0)", None),
        ("tel:+123", None),
        ("ftp://app.test/file", None),
        ("https://app.test/report.pdf", None),
        ("https://app.test/logo.PNG", None),
        ("http://[::1", None),
    ],
)
def test_normalize_link(href: str, expected: str | None) -> None:
    assert normalize_link(href) == expected


@pytest.mark.parametrize(
    ("url", "destructive"),
    [
        ("https://app.test/logout", True),
        ("https://app.test/account/sign-out", True),
        ("https://app.test/users/7/delete", True),
        ("https://app.test/posts?action=destroy", True),
        ("https://app.test/users", False),
        ("https://app.test/catalog/deleted-scenes", True),
        ("https://app.test/about", False),
        ("https://app.test/hub/spawn/alice", True),
        ("https://app.test/servers/3/stop", True),
        ("https://app.test/jobs/4/restart", True),
        ("https://app.test/getting-started", False),
        ("https://app.test/stops/12", False),
    ],
)
def test_is_destructive(url: str, destructive: bool) -> None:
    assert is_destructive(url) is destructive


def test_origin_makes_default_ports_explicit() -> None:
    assert origin("https://App.test/x") == origin("https://app.test:443/y")
    assert origin("http://app.test/") != origin("https://app.test/")


def test_missing_chromium_raises(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="apt-get install chromium"):
        explore(
            "http://127.0.0.1:1/",
            proxy_url="http://127.0.0.1:1",
            chromium_path=str(tmp_path / "chromium"),
            budget_seconds=5,
            max_pages=1,
        )


def test_explore_respects_the_page_limit(demo_app: DemoApp, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    pages: list[tuple[str, int]] = []
    out = tmp_path / "out.jsonl"
    with ProxyProcess(settings.mitmdump, out, tmp_path / "mitmproxy", body_cap=100_000) as proxy:
        result = explore(
            demo_app.url,
            proxy_url=proxy.url,
            chromium_path=settings.chromium,
            budget_seconds=20,
            max_pages=2,
            on_page=lambda page, count: pages.append((page, count)),
        )
    assert result.pages_visited == [demo_app.url, demo_app.url + "about"]
    assert pages == [(demo_app.url, 1), (demo_app.url + "about", 2)]
    assert result.errors == []
    urls = {x.request.url for x in read_exchanges(out)}
    assert demo_app.url + "api/users" in urls  # loopback traffic went through the proxy
