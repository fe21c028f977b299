"""What the explorer's page tests share: headless Chromium for a module's tests, a page server on 127.0.0.1, a fresh
page opened and settled, and a whole exploration through a real mitmdump."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from capture.explorer import CHROMIUM_ARGS, ExploreResult, _new_context, explore
from capture.proxy import ProxyProcess
from capture.settle import settle
from kernel.settings import Settings


class _Served(Protocol):
    url: str


S = TypeVar("S", bound=_Served)


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Headless Chromium as the explorer starts it; the test is skipped when none is installed."""
    settings = Settings()
    if not settings.chromium:
        pytest.skip("Chromium is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=settings.chromium, headless=True,
                                              args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


@contextmanager
def serve_local(state: S, handler: type[BaseHTTPRequestHandler]) -> Iterator[S]:
    """Serve ``handler`` on a free port of 127.0.0.1 in a thread; ``state.url`` is its address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def fresh_page(browser: Browser, url: str) -> Iterator[Page]:
    """A page in a browser context of its own, as the explorer opens one for ``url``."""
    context = _new_context(browser, url, None, False)
    yield context.new_page()
    context.close()


def open_settled(page: Page, url: str) -> None:
    """Go to ``url`` and wait until the page is settled (its requests answered, its DOM quiet)."""
    page.goto(url, wait_until="domcontentloaded")
    assert not settle(page, remaining=lambda: 60.0, cancel=threading.Event(), limit=20).timed_out


def explore_through_proxy(url: str, tmp_path: Path, *, saturation_seconds: float, **options: Any) -> ExploreResult:
    """The explorer on ``url`` through a real mitmdump that writes ``tmp_path / "out.jsonl"``, in a thread of its own as
    the capture runs it (a module's browser holds the test's thread); skipped without Chromium or mitmdump."""
    settings = Settings(home=tmp_path)
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    outcome: list[ExploreResult] = []
    with ProxyProcess(settings.mitmdump, tmp_path / "out.jsonl", tmp_path / "mitmproxy", body_cap=100_000) as proxy:
        worker = threading.Thread(target=lambda: outcome.append(explore(
            url, proxy_url=proxy.url, chromium_path=settings.chromium, saturation_seconds=saturation_seconds,
            **{"budget_seconds": 120, "max_pages": 50, **options})))
        worker.start()
        worker.join(timeout=180)
    assert outcome, "the exploration did not finish"
    return outcome[0]
