"""The real mitmdump with the addon, driven by httpx and raw sockets against a local server."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from capture.proxy import ProxyProcess, free_port
from kernel.errors import CaptureError
from kernel.exchange import Exchange, read_exchanges
from kernel.markers import unkeyed_value
from kernel.settings import Settings

CAP = 1000
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    release_stream: threading.Event

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/api/items"):
            self._send(json.dumps([{"id": 1, "secret": "item-secret-77"}]).encode(), "application/json")
        elif self.path == "/gzip":
            self._send(gzip.compress(b'{"zipped": true}'), "application/json", Content_Encoding="gzip")
        elif self.path == "/big":
            self._send(json.dumps({"blob": "x" * (CAP * 5)}).encode(), "application/json")
        elif self.path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            data = json.dumps({"blob": "y" * (CAP * 5)}).encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n0\r\n\r\n")
        elif self.path == "/events":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"data: first\n\n")
            self.wfile.flush()
            self.release_stream.wait(10)
            self.wfile.write(b"data: second\n\n")
            self.close_connection = True
        elif self.path == "/slow":
            time.sleep(10)
            self._send(b"{}", "application/json")
        elif self.path == "/ws":
            accept = base64.b64encode(
                hashlib.sha1((self.headers["Sec-WebSocket-Key"] + WS_GUID).encode()).digest()
            )
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept.decode())
            self.end_headers()
            self.wfile.write(b"\x81\x05hello")  # one unmasked text frame
            self.wfile.write(b"\x88\x00")  # close
            self.wfile.flush()
            self.close_connection = True
        else:
            self._send(b"not found", "text/plain")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(json.dumps({"echo": body.decode()}).encode(), "application/json")


@pytest.fixture
def release() -> threading.Event:
    """Lets /events send its second event."""
    return threading.Event()


@pytest.fixture
def server(release: threading.Event) -> Iterator[str]:
    handler = type("BoundHandler", (Handler,), {"release_stream": release})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def mitmdump(tmp_path: Path) -> str:
    binary = Settings(home=tmp_path).mitmdump
    if not Path(binary).exists():
        pytest.skip("mitmdump is not installed (make setup)")
    return binary


def start_proxy(mitmdump: str, tmp_path: Path, **kwargs: object) -> ProxyProcess:
    kwargs.setdefault("body_cap", CAP)
    return ProxyProcess(mitmdump, tmp_path / "out.jsonl", tmp_path / "mitmproxy", **kwargs)  # type: ignore[arg-type]


def client(proxy: ProxyProcess) -> httpx.Client:
    return httpx.Client(proxy=proxy.url, trust_env=False, timeout=10)


def exchanges(path: Path) -> dict[str, Exchange]:
    """The exchanges by URL path, their markers without pseudonyms (``unkeyed``)."""
    plain = (Exchange.model_validate(unkeyed_value(x.model_dump(mode="json"))) for x in read_exchanges(path))
    return {x.request.url.split("/", 3)[3]: x for x in plain}


def test_proxy_writes_redacted_exchanges(mitmdump: str, server: str, tmp_path: Path) -> None:
    with start_proxy(mitmdump, tmp_path) as proxy, client(proxy) as http:
        assert proxy.url.startswith("http://127.0.0.1:")
        assert http.get(f"{server}/api/items?token=query-secret-1").json()[0]["secret"] == "item-secret-77"
        assert http.get(f"{server}/gzip").json() == {"zipped": True}
        http.post(f"{server}/login", data={"user": "ada", "password": "form-secret-2"})
        http.get(f"{server}/text", headers={"Cookie": "sid=cookie-secret-3"})
    found = exchanges(tmp_path / "out.jsonl")
    assert set(found) == {"api/items?token=[REDACTED:str:1-15]", "gzip", "login", "text"}
    assert found["api/items?token=[REDACTED:str:1-15]"].response.body == [
        {"id": 1, "secret": "[REDACTED:str:1-15]"}
    ]
    assert found["gzip"].response.body == {"zipped": True}
    assert found["login"].request.body_text == "user=ada&password=[REDACTED:str:1-15]"
    assert found["login"].request.content_type == "application/x-www-form-urlencoded"
    assert found["text"].response.body_text == "not found"
    assert found["text"].request.headers["cookie"] == "sid=[REDACTED:str:1-15]"
    text = (tmp_path / "out.jsonl").read_text()
    for secret in ("query-secret-1", "item-secret-77", "form-secret-2", "cookie-secret-3"):
        assert secret not in text


def test_bodies_over_the_cap_are_marked_truncated(mitmdump: str, server: str, tmp_path: Path) -> None:
    with start_proxy(mitmdump, tmp_path) as proxy, client(proxy) as http:
        assert len(http.get(f"{server}/big").content) > CAP  # streamed through, not cut
        assert len(http.get(f"{server}/big-chunked").content) > CAP
        upload = json.dumps({"data": "z" * (CAP * 3)})
        assert http.post(f"{server}/upload", content=upload).json() == {"echo": upload}
    found = exchanges(tmp_path / "out.jsonl")
    for path in ("big", "big-chunked", "upload"):
        assert found[path].response.body is None
        assert found[path].response.body_truncated
    assert found["upload"].request.body is None
    assert found["upload"].request.body_truncated


def test_event_streams_and_websockets_pass_through(
    mitmdump: str, server: str, release: threading.Event, tmp_path: Path
) -> None:
    with start_proxy(mitmdump, tmp_path) as proxy:
        with client(proxy) as http, http.stream("GET", f"{server}/events") as response:
            lines = (line for line in response.iter_lines() if line)
            assert next(lines) == "data: first"  # arrives while the server still holds the stream
            release.set()
            assert next(lines) == "data: second"
        port = int(server.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", proxy.port or 0), timeout=10) as sock:
            sock.sendall(
                f"GET http://127.0.0.1:{port}/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n".encode()
            )
            received = b""
            while b"hello" not in received:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                received += chunk
            assert received.startswith(b"HTTP/1.1 101")
            assert b"hello" in received
        assert proxy.running
    found = exchanges(tmp_path / "out.jsonl")
    assert found["ws"].response.status == 101
    assert found["events"].response.content_type == "text/event-stream"
    assert found["events"].response.body_truncated  # streamed through, not kept


def test_excluded_hosts_are_not_written(mitmdump: str, server: str, tmp_path: Path) -> None:
    port = server.rsplit(":", 1)[1]
    extra = ("--set", "wiretable_exclude_hosts=localhost")
    with start_proxy(mitmdump, tmp_path, extra_args=extra) as proxy, client(proxy) as http:
        http.get(f"http://localhost:{port}/api/items")
        http.get(f"{server}/gzip")
    assert set(exchanges(tmp_path / "out.jsonl")) == {"gzip"}


def test_sigterm_keeps_every_completed_line(mitmdump: str, server: str, tmp_path: Path) -> None:
    proxy = start_proxy(mitmdump, tmp_path).start()
    try:
        with client(proxy) as http:
            for index in range(25):
                http.get(f"{server}/api/items?n={index}")
        slow = threading.Thread(target=_ignore_errors, args=(proxy.url, f"{server}/slow"), daemon=True)
        slow.start()
        time.sleep(0.3)
        started = time.monotonic()
        code = proxy.stop()
        assert time.monotonic() - started < proxy.stop_timeout + 1
        assert code is not None
    finally:
        proxy.stop()
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 25
    assert [x.request.url.rsplit("=", 1)[1] for x in read_exchanges(tmp_path / "out.jsonl")] == [
        str(i) for i in range(25)
    ]
    assert not proxy.running
    assert proxy.stop() is None  # stopping twice is harmless


def _ignore_errors(proxy_url: str, url: str) -> None:
    try:
        with httpx.Client(proxy=proxy_url, trust_env=False, timeout=15) as http:
            http.get(url)
    except httpx.HTTPError:
        pass


def test_missing_mitmdump_says_how_to_install(tmp_path: Path) -> None:
    proxy = ProxyProcess(
        str(tmp_path / "nope" / "mitmdump"), tmp_path / "o.jsonl", tmp_path / "c", body_cap=CAP
    )
    with pytest.raises(CaptureError, match="make setup.*WIRETABLE_MITMDUMP"):
        proxy.start()


def test_early_exit_reports_stderr(mitmdump: str, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(CaptureError, match="(?s)exited with code .*no-such-flag"):
        start_proxy(mitmdump, tmp_path, extra_args=("--no-such-flag",)).start()
    assert time.monotonic() - started < 10


def test_invalid_body_cap_option_is_rejected_by_the_addon(mitmdump: str, tmp_path: Path) -> None:
    proxy = start_proxy(mitmdump, tmp_path)
    proxy.body_cap = -1  # bypass the constructor check to exercise the addon's configure()
    with pytest.raises(CaptureError, match="wiretable_body_cap must be a positive number"):
        proxy.start()


def test_busy_port_is_reported(mitmdump: str, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        with pytest.raises(CaptureError):
            start_proxy(mitmdump, tmp_path, port=port).start()


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_proxies_starting_together_on_a_fresh_confdir_share_one_ca(mitmdump: str, tmp_path: Path) -> None:
    """Captures that start at once (a worker's, the app's) all get a proxy, and one CA: none of them
    reads another's half-written CA files. The mitmdumps share one CPU, as on a busy machine; on a machine busy
    with other work too, ten of them on one CPU take longer than one capture's start-up bound to listen, so each
    gets a longer one (what is checked is the CA, not the start-up time)."""
    count = 10
    proxies = [ProxyProcess(mitmdump, tmp_path / f"out-{i}.jsonl", tmp_path / "mitmproxy", body_cap=CAP,
                            start_timeout=150.0)
               for i in range(count)]
    together = threading.Barrier(count)
    errors: list[BaseException] = []

    def start(proxy: ProxyProcess) -> None:
        together.wait()
        try:
            proxy.start()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(p,)) for p in proxies]
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})  # the children started meanwhile inherit it
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(200)
    finally:
        os.sched_setaffinity(0, cpus)
    try:
        assert not errors, errors
        assert all(p.running for p in proxies)
        assert {p.ca_cert_path.read_bytes() for p in proxies} == {(tmp_path / "mitmproxy" / "mitmproxy-ca-cert.pem")
                                                                  .read_bytes()}
    finally:
        for proxy in proxies:
            proxy.stop()
