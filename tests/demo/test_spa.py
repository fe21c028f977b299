"""The demo's single-page front end and its command line."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import demo
from demo.server import STATIC_DIR, make_server

ROOT = Path(demo.__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/books",
        "/books/the-salt-orchard",
        "/authors/04571056-7a92-589b-a844-0a1321c6196e",
        "/orders/1001",
        "/customers/3",
        "/genres/crime",
        "/publishers/2",
        "/no/such/page?x=1",
    ],
)
def test_spa_index_is_served_for_deep_links(client: httpx.Client, path: str) -> None:
    res = client.get(path)
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/html")
    assert '<main id="app"' in res.text and 'src="/static/app.js"' in res.text


def test_static_assets(client: httpx.Client) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.head("/static/app.js").status_code == 200
    for missing in ("/static/missing.js", "/static/", "/static/%2e%2e/server.py", "/static/..%2fserver.py"):
        assert client.get(missing).status_code == 404, missing
    # a raw request line that climbs out of the static folder never reaches the source files
    with socket.create_connection((client.base_url.host, client.base_url.port), timeout=5) as sock:
        sock.sendall(b"GET /static/../server.py HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 404") and b"make_server" not in reply


def test_front_end_makes_no_third_party_requests() -> None:
    for name in ("index.html", "app.js", "style.css"):
        text = (STATIC_DIR / name).read_text()
        assert not re.search(r"https?://(?!\w+\.example\b)", text), name
        assert "@import" not in text


def test_every_nav_link_has_a_route_and_each_view_fetches_the_api() -> None:
    index = (STATIC_DIR / "index.html").read_text()
    app = (STATIC_DIR / "app.js").read_text()
    links = re.findall(r'<a[^>]* href="(/[^"]*)"', index)
    assert {"/", "/books", "/authors", "/genres", "/publishers", "/customers", "/orders"} <= set(links)
    routes = [re.compile(r.replace("\\/", "/")) for r in re.findall(r"\[/(\^.*?\$)/, \w+\]", app)]
    assert len(routes) >= 13
    for path in [
        *links,
        "/books/a-slug",
        "/authors/x",
        "/genres/x",
        "/publishers/1",
        "/customers/1",
        "/orders/1",
    ]:
        assert any(r.match(path) for r in routes), path
    assert app.count('api("/api/') + app.count("api(`/api/") >= 13
    # the only write happens in the form's submit handler
    assert app.count('method: "POST"') == 1 and 'addEventListener("submit"' in app


def test_make_server_binds_a_free_port_and_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    import threading

    server = make_server("127.0.0.1", 0)
    port = server.server_address[1]
    assert port != 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
            assert c.get("/api/genres").status_code == 200
            assert c.get("/api/genres/nope").status_code == 404
    finally:
        server.shutdown()
        server.server_close()
    assert capfd.readouterr().err == ""


def test_python_m_demo_runs_and_stops_on_sigterm() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "demo", "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 10)
        assert ready, "the demo did not announce its address"
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        with httpx.Client(base_url=f"http://127.0.0.1:{match.group(1)}", timeout=5) as c:
            assert c.get("/api/authors").status_code == 200
            assert c.get("/books").status_code == 200
        proc.send_signal(signal.SIGTERM)
        start = time.monotonic()
        assert proc.wait(timeout=5) == 0
        assert time.monotonic() - start < 5
        assert proc.stderr.read() == ""  # no per-request logging by default
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_main_reports_a_busy_port(capsys: pytest.CaptureFixture[str]) -> None:
    from demo.server import main

    server = make_server("127.0.0.1", 0)
    try:
        assert main(["--port", str(server.server_address[1])]) == 1
    finally:
        server.server_close()
    assert "cannot listen" in capsys.readouterr().err
