"""A tiny web app on 127.0.0.1 for capture tests: HTML pages with links, a JS client that logs in
and calls a JSON API, and credentials that must never reach a capture file."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

PASSWORD = "hunter2-PASSWORD-4711"
TOKEN = "tok_9f8e7d6c5b4a3210fedcba98"
COOKIE = "ck0123456789abcdefCOOKIE"
QUERY_KEY = "qk5555aaaa7777bbbbQUERY"
SECRETS = (PASSWORD, TOKEN, COOKIE, QUERY_KEY)
BIG_ID = 12345678901234567890123

_PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<h1>{title}</h1>
<nav><a href="/">home</a> <a href="/about#team">about</a> <a href="/users">users</a>
<a href="/logout">log out</a> <a href="/users/7/delete">delete</a> <a href="mailto:a@b.example">mail</a>
<a href="javascript:void(0)">js</a> <a href="http://other.invalid/">elsewhere</a></nav>
<ul id="out"></ul>
<script>{script}</script>
</body></html>"""

_HOME_SCRIPT = f"""
(async () => {{
  const login = await fetch('/api/login', {{method: 'POST', headers: {{'Content-Type': 'application/json'}},
    body: JSON.stringify({{username: 'ada', password: '{PASSWORD}'}})}});
  const {{token}} = await login.json();
  const me = await fetch('/api/me', {{headers: {{'Authorization': 'Bearer ' + token}}}});
  const users = await fetch('/api/users');
  for (const u of await users.json()) {{
    const li = document.createElement('li'); li.textContent = u.name; document.getElementById('out').append(li);
  }}
}})();
"""
_USERS_SCRIPT = f"fetch('/api/users?page=1&api_key={QUERY_KEY}').then(r => r.json());"
_ABOUT_SCRIPT = "fetch('/api/stats').then(r => r.json());"

USERS = [
    {"id": BIG_ID, "name": "Ada", "email": "ada@example.com", "created_at": "2026-01-01T00:00:00Z"},
    {"id": 2, "name": "Grace", "email": "grace@example.com", "created_at": "2026-01-02T00:00:00Z"},
]


@dataclass
class DemoApp:
    url: str
    hits: list[str] = field(default_factory=list)


def _handler(app: DemoApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(
            self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, data: object, status: int = 200, extra: dict[str, str] | None = None) -> None:
            self._send(status, json.dumps(data).encode(), "application/json; charset=utf-8", extra)

        def _html(self, title: str, script: str) -> None:
            self._send(200, _PAGE.format(title=title, script=script).encode(), "text/html; charset=utf-8")

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            app.hits.append(f"GET {path}")
            if path == "/":
                self._html("Home", _HOME_SCRIPT)
            elif path == "/about":
                self._html("About", _ABOUT_SCRIPT)
            elif path == "/users":
                self._html("Users", _USERS_SCRIPT)
            elif path == "/api/users":
                self._json(USERS)
            elif path == "/api/stats":
                self._json({"users": 2, "active": True, "ratio": 0.5})
            elif path == "/api/me":
                authorized = self.headers.get("Authorization") == f"Bearer {TOKEN}"
                self._json(USERS[0] if authorized else {"error": "unauthorized"}, 200 if authorized else 401)
            elif path == "/favicon.ico":
                self._send(404, b"", "text/plain")
            else:
                self._send(404, b"<h1>not found</h1>", "text/html")

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            app.hits.append(f"POST {path}")
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            if path == "/api/login" and payload.get("password") == PASSWORD:
                self._json(
                    {"token": TOKEN, "token_type": "bearer", "user": {"id": BIG_ID, "name": "Ada"}},
                    extra={"Set-Cookie": f"session={COOKIE}; Path=/; HttpOnly; SameSite=Lax"},
                )
            else:
                self._json({"error": "bad credentials"}, 403)

    return Handler


@pytest.fixture
def demo_app() -> Iterator[DemoApp]:
    app = DemoApp(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(app))
    server.daemon_threads = True
    app.url = f"http://127.0.0.1:{server.server_port}/"
    thread = threading.Thread(target=server.serve_forever, name="demo-app", daemon=True)
    thread.start()
    try:
        yield app
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
