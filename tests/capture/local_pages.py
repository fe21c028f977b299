"""What the explorer's page tests share: headless Chromium for a module's tests, and a page server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol, TypeVar

import pytest
from playwright.sync_api import Browser, sync_playwright

from capture.explorer import CHROMIUM_ARGS
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
