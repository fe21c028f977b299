"""A single-page app behind a login, for end-to-end capture tests.

Its data loads only on interaction: tabs (milestones, activity), a "Load more" button (projects,
three pages), infinite scroll (people), a hash route (#/projects, #/people) and a pushState route
(/reports, from a nav button). Every /api call needs the session cookie and the bearer token the
page gets by trading the refresh token from local storage; /api/projects also needs the extra
``X-Workspace`` header. It calls a third-party host (``/v1/weather``), and offers a delete button,
a pay button and a message form that must never be used.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SESSION_COOKIE = "sidVALUE-7d1f0c2b9a8e4f60aa11"
REFRESH_TOKEN = "rt-REFRESH-5b8c1d2e3f4a5b6c7d8e"
ACCESS_TOKEN = "at-ACCESS-0a9b8c7d6e5f4a3b2c1d"
WORKSPACE_KEY = "ws-WORKSPACE-31415926535897"
PASSWORD = "pw-PASSWORD-correct-horse-99"
SECRETS = (SESSION_COOKIE, REFRESH_TOKEN, ACCESS_TOKEN, WORKSPACE_KEY, PASSWORD)

PEOPLE = [{"id": i, "name": f"Person {i}", "email": f"p{i}@acme.test", "team": "core" if i % 2 else "ops",
           **({"password": PASSWORD} if i == 1 else {})} for i in range(1, 31)]
PROJECTS = [{"id": i, "title": f"Project {i}", "owner_id": (i % 30) + 1, "budget": 1000.5 * i,
             "started_on": f"2026-0{1 + i % 9}-1{i % 9}"} for i in range(1, 16)]
MILESTONES = [{"id": i, "project_id": (i % 15) + 1, "name": f"M{i}", "due": "2026-12-01T00:00:00Z",
               "done": i % 3 == 0} for i in range(1, 9)]
ACTIVITY = [{"id": 100 + i, "person_id": (i % 30) + 1, "kind": "comment" if i % 2 else "commit",
             "at": f"2026-03-0{1 + i % 9}T10:00:00Z"} for i in range(1, 12)]
REPORTS = [{"id": i, "title": f"Q{i} report", "project_id": i, "pages": 10 + i} for i in range(1, 5)]

_SHELL = """<!doctype html><html><head><title>Acme</title>
<style>body{font-family:sans-serif} .tall{height:2400px}</style></head><body>
<nav>
  <a href="#/projects">Projects</a> <a href="#/people">People</a>
  <button id="reports-nav" onclick="go('/reports')">Reports</button>
  <a href="/logout">Log out</a>
</nav>
<div role="tablist">
  <button role="tab" onclick="tab('milestones')">Milestones</button>
  <button role="tab" onclick="tab('activity')">Activity</button>
</div>
<button class="danger" onclick="api('/api/projects/1', {method: 'DELETE'})">Delete project</button>
<button onclick="api('/api/pay', {method: 'POST', body: '{}'})">Pay invoice</button>
<form id="message" onsubmit="event.preventDefault(); api('/api/messages', {method: 'POST', body: '{}'})">
  <input name="text" value="hello"><button>Send</button>
</form>
<div id="login" hidden><form action="/api/login" method="post"><input name="password" type="password">
  <button type="submit">Sign in</button></form></div>
<main id="view"></main>
<script>
const THIRD = __THIRD__;
let token = null;
async function api(path, options = {}) {
  const headers = Object.assign({'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
                                options.headers || {});
  const response = await fetch(path, Object.assign({}, options, {headers}));
  return response.ok ? response.json() : null;
}
function show(items, label) {
  const view = document.getElementById('view');
  for (const item of items || []) {
    const p = document.createElement('p'); p.textContent = label(item); view.append(p);
  }
}
async function tab(name) { show(await api('/api/' + name), x => x.name || x.kind); }
async function projects() {
  const view = document.getElementById('view'); view.innerHTML = '';
  let page = 1;
  const more = document.createElement('button'); more.textContent = 'Load more';
  more.onclick = async () => {
    page += 1;
    const data = await api('/api/projects?page=' + page);
    show(data.items, x => x.title);
    if (!data.has_more) more.remove();
  };
  const data = await api('/api/projects?page=1');
  show(data.items, x => x.title);
  view.append(more);
}
async function people() {
  const view = document.getElementById('view'); view.innerHTML = '<div class="tall"></div>';
  let offset = 0, loading = false;
  async function next() {
    if (loading || offset >= 30) return;
    loading = true;
    const data = await api('/api/people?offset=' + offset + '&limit=10');
    offset += 10;
    const spacer = document.createElement('div'); spacer.className = 'tall';
    show(data, x => x.name); view.append(spacer);
    loading = false;
  }
  window.onscroll = () => {
    if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 50) next();
  };
  await next();
}
async function reports() { show(await api('/api/reports'), x => x.title); }
function go(path) { history.pushState({}, '', path); route(); }
async function route() {
  window.onscroll = null;
  if (location.pathname === '/reports') return reports();
  if (location.hash === '#/projects') return projects();
  if (location.hash === '#/people') return people();
}
window.addEventListener('hashchange', route);
(async () => {
  const session = await fetch('/api/session', {headers: {'X-Workspace': 'page'}});
  if (!session.ok) { document.getElementById('login').hidden = false; return; }
  const refresh = localStorage.getItem('refresh_token');
  const grant = await fetch('/api/token', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({grant_type: 'refresh_token', refresh_token: refresh})});
  token = (await grant.json()).access_token;
  if (THIRD) fetch(THIRD + '/v1/weather?city=Oslo').then(r => r.json());
  route();
})();
</script></body></html>"""


@dataclass
class SpaApp:
    url: str = ""
    hits: list[str] = field(default_factory=list)
    workspace_headers: list[str] = field(default_factory=list)


def _handler(app: SpaApp, third_party: str | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, data: object, status: int = 200, extra: dict[str, str] | None = None) -> None:
            self._send(status, json.dumps(data).encode(), "application/json", extra)

        def _authorized(self, bearer: bool = True) -> bool:
            cookie_ok = f"sid={SESSION_COOKIE}" in (self.headers.get("Cookie") or "")
            return cookie_ok and (not bearer or self.headers.get("Authorization") == f"Bearer {ACCESS_TOKEN}")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            app.hits.append(f"GET {path}")
            if not path.startswith("/api/"):
                if path == "/favicon.ico":
                    return self._send(404, b"", "text/plain")
                page = _SHELL.replace("__THIRD__", json.dumps(third_party))
                return self._send(200, page.encode(), "text/html; charset=utf-8")
            if path == "/api/session":
                if not self._authorized(bearer=False):
                    return self._json({"error": "login required"}, 401)
                return self._json({"id": 1, "name": "Person 1", "workspace": self.headers.get("X-Workspace")})
            if not self._authorized():
                return self._json({"error": "unauthorized"}, 401)
            if path == "/api/projects":
                app.workspace_headers.append(self.headers.get("X-Workspace") or "")
                if self.headers.get("X-Workspace") != WORKSPACE_KEY:
                    return self._json({"error": "workspace key required"}, 403)
                page = int(query.get("page", ["1"])[0])
                items = PROJECTS[(page - 1) * 5: page * 5]
                return self._json({"items": items, "page": page, "has_more": page * 5 < len(PROJECTS)})
            if path == "/api/people":
                offset, limit = int(query.get("offset", ["0"])[0]), int(query.get("limit", ["10"])[0])
                return self._json(PEOPLE[offset: offset + limit])
            data = {"/api/milestones": MILESTONES, "/api/activity": ACTIVITY, "/api/reports": REPORTS}.get(path)
            if data is None:
                return self._json({"error": "not found"}, 404)
            return self._json(data)

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            app.hits.append(f"POST {path}")
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if path == "/api/token" and self._authorized(bearer=False) and body.get("refresh_token") == REFRESH_TOKEN:
                return self._json({"access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 3600},
                                  extra={"Set-Cookie": f"sid={SESSION_COOKIE}; Path=/; HttpOnly"})
            return self._json({"error": "refused"}, 403)

        def do_DELETE(self) -> None:
            app.hits.append(f"DELETE {urlsplit(self.path).path}")
            self._json({"deleted": True})

    return Handler


def _third_party_handler(hits: list[dict[str, str]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits.append({k.lower(): v for k, v in self.headers.items()})
            body = json.dumps([{"id": 1, "city": "Oslo", "temp_c": -3.5}]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1",
          ssl_context: ssl.SSLContext | None = None) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def run_spa(third_party: bool = True, ssl_context: ssl.SSLContext | None = None
            ) -> Iterator[tuple[SpaApp, list[dict[str, str]]]]:
    """The app on 127.0.0.1 (HTTPS with ``ssl_context``) and its third party on ``localhost``."""
    third_hits: list[dict[str, str]] = []
    with serve(_third_party_handler(third_hits), host="127.0.0.1") as third:
        third_url = f"http://localhost:{third.server_port}" if third_party else None
        app = SpaApp()
        with serve(_handler(app, third_url), ssl_context=ssl_context) as server:
            scheme = "https" if ssl_context else "http"
            app.url = f"{scheme}://127.0.0.1:{server.server_port}/"
            yield app, third_hits


def storage_state(url: str) -> dict[str, object]:
    """What a logged-in browser would have: the session cookie and the refresh token."""
    origin = url.rstrip("/")
    return {"cookies": [{"name": "sid", "value": SESSION_COOKIE, "domain": "127.0.0.1", "path": "/",
                         "httpOnly": True, "secure": False, "sameSite": "Lax", "expires": -1}],
            "origins": [{"origin": origin, "localStorage": [{"name": "refresh_token", "value": REFRESH_TOKEN}]}]}


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context
