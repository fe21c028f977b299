"""Fixtures for the demo bookshop: a real server on a free loopback port, in a thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import httpx
import pytest

from demo.server import make_server


@contextlib.contextmanager
def running_demo() -> Iterator[str]:
    """Start a fresh demo server (its own copy of the data) and yield its base URL."""
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """A client of a read-only demo server shared by a test module (never POST through it)."""
    with running_demo() as url, httpx.Client(base_url=url, timeout=5) as c:
        yield c


@pytest.fixture
def fresh_client() -> Iterator[httpx.Client]:
    """A client of a demo server of its own, for tests that write."""
    with running_demo() as url, httpx.Client(base_url=url, timeout=5) as c:
        yield c
