"""Pages whose calls follow typed input, for the typing step's tests, served on 127.0.0.1.

- ``/search``: a list of books and a search field whose typed value, after a debounce, asks for
  ``/api/search?q=...``; a password field that asks for ``/api/leak`` on any input (never typed into); a
  notes field that saves itself (``PUT /api/notes``) a while after the last key.
- ``/members``: an "Add by username" field and its "Add member" button, which looks the name up
  (``GET /api/people/<name>``) and then adds it (``POST /api/members``, a write the explorer withholds); a
  "Delete project" button beside a confirmation field (never clicked).
- ``/app``: a hash-routed app whose edit page (``#/edit``) needs the book its list hands it on click; visited
  directly it goes back to ``#/list``. The edit page has the "Add by username" lookup.

The server records every request as ``METHOD path?query`` in ``hits``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

from tests.capture.local_pages import serve_local

BOOKS = [{"id": 1, "title": "Dune Messiah"}, {"id": 2, "title": "Solaris"}]
PEOPLE = [{"id": 7, "username": "ada"}, {"id": 8, "username": "grace"}]

SEARCH = """<!doctype html><html><body><h1>Books</h1>
<input type="search" id="q" placeholder="Search books"><ul id="results"></ul>
<form><label>Password <input type="password" id="pw" oninput="fetch('/api/leak')"></label></form>
<textarea id="notes" placeholder="Notes"></textarea>
<script>
const render = (books) => { document.getElementById('results').innerHTML =
  books.map((b) => '<li>' + b.title + '</li>').join(''); };
fetch('/api/books').then((r) => r.json()).then(render);
let timer;
let saving;
document.getElementById('notes').addEventListener('input', () => {
  clearTimeout(saving);
  saving = setTimeout(() => fetch('/api/notes', {method: 'PUT', body: document.getElementById('notes').value}), 2500);
});
document.getElementById('q').addEventListener('input', (e) => {
  clearTimeout(timer);
  timer = setTimeout(() => fetch('/api/search?q=' + encodeURIComponent(e.target.value))
    .then((r) => r.json()).then(render), 300);
});
</script></body></html>"""

_LOOKUP = """<div class="input-group"><input id="username-input" placeholder="Add by username">
<button id="add" onclick="lookup()">Add member</button></div><p id="status"></p>
<div><input id="confirm" placeholder="Project name"><button onclick="fetch('/api/delete', {method: 'POST'})">Delete project</button></div>
"""
_LOOKUP_SCRIPT = """
function lookup() {
  const input = document.getElementById('username-input');
  const name = input.value;
  fetch('/api/people/' + encodeURIComponent(name)).then((r) => {
    if (!r.ok) { document.getElementById('status').textContent = 'no such user'; return; }
    input.value = '';
    return fetch('/api/members', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                  body: JSON.stringify({username: name})})
      .then(() => { document.getElementById('status').textContent = 'added ' + name; });
  });
}
fetch('/api/people').then((r) => r.json());
"""
MEMBERS = f"""<!doctype html><html><body><h1>Members</h1>{_LOOKUP}<script>{_LOOKUP_SCRIPT}</script></body></html>"""

APP = f"""<!doctype html><html><body><nav><a href="#/list">Books</a></nav><main id="main"></main><script>
{_LOOKUP_SCRIPT.replace("fetch('/api/people').then((r) => r.json());", "")}
let selected = null;
const LOOKUP = {json.dumps(_LOOKUP)};
function route() {{
  const main = document.getElementById('main');
  if (location.hash === '#/edit') {{
    if (!selected) {{ location.replace('#/list'); return; }}
    main.innerHTML = '<h1>Editing ' + selected.title + '</h1>' + LOOKUP;
    return;
  }}
  fetch('/api/people').then((r) => r.json());
  fetch('/api/books').then((r) => r.json()).then((books) => {{
    main.innerHTML = '<h1>Books</h1>' + books.map((b) => '<p><a class="edit" href="#/edit" data-id="' + b.id + '">' +
                                             b.title + '</a></p>').join('');
    for (const a of main.querySelectorAll('a.edit'))
      a.addEventListener('click', () => {{ selected = books.find((b) => String(b.id) === a.dataset.id); }});
  }});
}}
window.addEventListener('hashchange', route);
if (!location.hash) location.replace('#/list'); else route();
</script></body></html>"""

PAGES = {"/search": SEARCH, "/members": MEMBERS, "/app": APP}


@dataclass
class TypingServer:
    url: str = ""
    hits: list[str] = field(default_factory=list)

    def count(self, prefix: str) -> int:
        return sum(1 for hit in self.hits if hit.startswith(prefix))


def _handler(server: TypingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):
                self.wfile.write(body)

        def do_PUT(self) -> None:
            self.do_POST()

        def do_POST(self) -> None:
            server.hits.append(f"{self.command} {urlsplit(self.path).path}")
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._send(201, b"{}", "application/json")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            server.hits.append(f"GET {parts.path}" + (f"?{parts.query}" if parts.query else ""))
            if parts.path in PAGES:
                return self._send(200, PAGES[parts.path].encode(), "text/html; charset=utf-8")
            data: object = None
            if parts.path == "/api/books":
                data = BOOKS
            elif parts.path == "/api/search":
                data = [book for book in BOOKS if unquote(parts.query.partition("=")[2]).lower() in book["title"].lower()]
            elif parts.path == "/api/people":
                data = {"results": PEOPLE, "count": len(PEOPLE)}
            elif parts.path.startswith("/api/people/"):
                name = unquote(parts.path.rsplit("/", 1)[1])
                data = next((p for p in PEOPLE if p["username"] == name), None)
            if data is None:
                return self._send(404, b"{}", "application/json")
            return self._send(200, json.dumps(data).encode(), "application/json")

    return Handler


@contextmanager
def serve_typing_pages() -> Iterator[TypingServer]:
    state = TypingServer()
    with serve_local(state, _handler(state)) as served:
        yield served
