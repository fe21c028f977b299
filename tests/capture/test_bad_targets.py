"""Bad targets end with a clear reason, and a shared server refuses private targets."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from capture.hosts import check_public_target, is_first_party, is_public_address, site
from capture.proxy import ProxyProcess
from capture.run import run_capture
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.errors import CaptureError
from kernel.settings import Settings
from tests.capture.spa_app import serve


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    return settings


class _Broken(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/error"):
            body = b"<h1>Internal Server Error</h1>"
            self.send_response(500)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        # /endless: the headers come at once, the page never ends
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for _ in range(600):
                chunk = b"<p>still loading</p>"
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass
        self.close_connection = True


@pytest.fixture
def broken() -> Iterator[str]:
    with serve(_Broken) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def plain_tcp() -> Iterator[int]:
    """A server that answers a TLS handshake with plain HTTP."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    stop = threading.Event()

    def loop() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield sock.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    sock.close()


def test_tls_failure_is_named(settings: Settings, tmp_path: Path, plain_tcp: int) -> None:
    with pytest.raises(CaptureError, match=r"cannot reach URL: the TLS handshake failed"):
        run_capture(f"https://127.0.0.1:{plain_tcp}/", tmp_path / "t.jsonl", settings=settings, budget_seconds=10)


def test_server_error_on_the_first_page_is_named(settings: Settings, tmp_path: Path, broken: str) -> None:
    with pytest.raises(CaptureError, match=r"first page answered HTTP 500 \(a server error\)"):
        run_capture(f"{broken}/error", tmp_path / "t.jsonl", settings=settings, budget_seconds=10)


@pytest.mark.e2e
def test_a_page_that_never_finishes_loading_ends_within_the_budget(settings: Settings, tmp_path: Path,
                                                                   broken: str) -> None:
    with pytest.raises(CaptureError, match=r"could not load http://\S+/endless: the page did not finish loading within \d+ s$"):
        run_capture(f"{broken}/endless", tmp_path / "t.jsonl", settings=settings, budget_seconds=8)


@pytest.mark.parametrize(("address", "public"), [
    ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.9", False), ("169.254.169.254", False),
    ("::1", False), ("fe80::1", False), ("::ffff:127.0.0.1", False), ("0.0.0.0", False), ("100.64.0.1", False),
    ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("not-an-ip", False),
])
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(("host", "target", "first"), [
    ("api.example.com", "app.example.com", True), ("example.com", "www.example.com", True),
    ("cdn.other.net", "app.example.com", False), ("api.shop.co.uk", "www.shop.co.uk", True),
    ("evil.co.uk", "www.shop.co.uk", False), ("localhost", "127.0.0.1", False),
    ("127.0.0.1", "127.0.0.1", True), ("anything", None, True),
])
def test_first_party(host: str, target: str | None, first: bool) -> None:
    assert is_first_party(host, target) is first


def test_site() -> None:
    assert site("a.b.example.org") == "example.org"
    assert site("10.0.0.1") == "10.0.0.1"


def test_private_targets_are_refused_when_exposed(tmp_path: Path, app_db_url: str) -> None:
    with pytest.raises(CaptureError, match="private, loopback or link-local"):
        check_public_target("http://localhost:8081/")
    store = JobStore(app_db_url)
    runner = JobRunner(Settings(home=tmp_path), store)
    for url in ("http://127.0.0.1:8081/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        with pytest.raises(CaptureError, match="WIRETABLE_ALLOW_PRIVATE_TARGETS"):
            runner.start_capture(url, exposed=True)
    assert store.list_jobs() == []  # nothing was started
    allowed = JobRunner(Settings(home=tmp_path, allow_private_targets=True), store)
    job = allowed.start_capture("http://127.0.0.1:1/", exposed=True)
    allowed.cancel(job.id)
    allowed.wait(job.id, timeout=30)


def test_the_proxy_blocks_private_upstreams_when_asked(tmp_path: Path, broken: str) -> None:
    settings = Settings(home=tmp_path)
    if not Path(settings.mitmdump).exists():
        pytest.skip("mitmdump is not installed")
    out = tmp_path / "out.jsonl"
    with ProxyProcess(settings.mitmdump, out, tmp_path / "conf", body_cap=10_000, block_private=True) as proxy, \
            httpx.Client(proxy=proxy.url, trust_env=False, timeout=10) as client:
        response = client.get(f"{broken}/error")
    assert response.status_code == 502
    assert "private address" in response.text
