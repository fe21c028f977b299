"""A manual-capture proxy that listens beyond loopback is no open proxy: it asks for credentials
made for the run, and refuses private destinations (real mitmdump)."""

from __future__ import annotations

import base64
import socket
import threading
from pathlib import Path

from capture.manual import ProxyInfo, instructions, run_manual
from kernel.settings import Settings


def _status(port: int, auth: str | None = None) -> int:
    head = "GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n"
    if auth:
        head += f"Proxy-Authorization: Basic {base64.b64encode(auth.encode()).decode()}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall((head + "\r\n").encode())
        line = sock.makefile("rb").readline().decode()
    return int(line.split()[1])


def _serve(listen_host: str, tmp_path: Path, seen: list[ProxyInfo], stop: threading.Event) -> threading.Thread:
    settings = Settings(home=tmp_path / "home")
    ready = threading.Event()

    def on_ready(info: ProxyInfo) -> None:
        seen.append(info)
        ready.set()

    thread = threading.Thread(target=run_manual, args=(tmp_path / "t.jsonl",), daemon=True, kwargs={
        "settings": settings, "stop": stop, "listen_host": listen_host, "on_ready": on_ready})
    thread.start()
    assert ready.wait(60)
    return thread


def test_beyond_loopback_the_proxy_asks_for_credentials(tmp_path: Path) -> None:
    seen: list[ProxyInfo] = []
    stop = threading.Event()
    thread = _serve("0.0.0.0", tmp_path, seen, stop)
    try:
        info = seen[0]
        assert info.username and info.password and len(info.password) >= 12
        assert _status(info.port) == 407
        assert _status(info.port, "wiretable:wrong") == 407
        assert _status(info.port, f"{info.username}:{info.password}") != 407
        assert any(info.password in line for line in instructions(info))
    finally:
        stop.set()
        thread.join(30)


def test_on_loopback_no_credentials_are_asked(tmp_path: Path) -> None:
    seen: list[ProxyInfo] = []
    stop = threading.Event()
    thread = _serve("127.0.0.1", tmp_path, seen, stop)
    try:
        assert seen[0].username is None
        assert _status(seen[0].port) != 407
    finally:
        stop.set()
        thread.join(30)
