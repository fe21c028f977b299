"""An HTTPS app served by hypercorn (HTTP/2 via ALPN, HTTP/1.1 fallback) for protocol tests.

The start URL redirects twice (301, then 302) to a single-page app. The page calls a JSON API:
``/api/authors`` plainly, ``/api/books`` and ``/api/archive`` brotli-encoded (the archive decodes
to more than the capture's body cap), ``/api/reviews`` through a 307 then a 301 redirect, and
``POST /api/ratings`` through a 307 that must keep the method and body. It also opens a
server-sent event stream (``/api/events``, held open until the client leaves or the server
stops; the page posts every event it receives back to ``/api/events/ack``) and a websocket
(``/ws``) that echoes what it receives (the page answers the first echo). ``/api/dump`` sends a
large body slowly, for clients that leave half-way. A link to ``/old-shelves``
redirects (302) to a second page that calls ``/api/shelves``.

Every request is recorded in ``H2App.hits`` with the HTTP version the server spoke.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brotli
import httpx
from hypercorn.asyncio import serve
from hypercorn.config import Config

from tests.capture.spa_app import self_signed_context

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

AUTHORS = [{"id": i, "name": f"Author {i}", "born": 1900 + i} for i in range(1, 6)]
BOOKS = [{"id": i, "title": f"Book {i}", "author_id": (i % 5) + 1, "pages": 100 + i, "isbn": f"978-{i:09d}"}
         for i in range(1, 13)]
REVIEWS = [{"id": i, "book_id": (i % 12) + 1, "stars": 1 + i % 5, "text": f"review {i}"} for i in range(1, 9)]
SHELVES = [{"id": i, "label": f"Shelf {i}", "capacity": 20 * i} for i in range(1, 4)]
# Brotli squeezes this to a few kilobytes; decoded it is far above the tests' body cap.
ARCHIVE = [{"id": i, "book_id": (i % 12) + 1, "note": "archived " * 20} for i in range(1, 3001)]
DUMP_SIZE = 4 * 1024 * 1024
API_PATHS = ("/api/authors", "/api/books", "/api/archive", "/api/v2/reviews", "/api/v2/ratings",
             "/api/shelves")

_SCRIPT = """
async function json(path, options) { const r = await fetch(path, options); return r.json(); }
function log(text) { const p = document.createElement('p'); p.textContent = text; document.body.append(p); }
(async () => {
  const events = new EventSource('/api/events');
  events.onmessage = (event) => fetch('/api/events/ack', {method: 'POST', body: event.data});
  const socket = new WebSocket('wss://' + location.host + '/ws');
  let answered = false;
  socket.onopen = () => socket.send(JSON.stringify({hello: 'server'}));
  socket.onmessage = (event) => {
    document.getElementById('ws').textContent = event.data;
    if (!answered) { answered = true; socket.send(JSON.stringify({received: JSON.parse(event.data)})); }
  };
  const rating = {method: 'POST', headers: {'Content-Type': 'application/json'},
                  body: JSON.stringify({book_id: 3, stars: 5})};
  const paths = ['/api/authors', '/api/books', '/api/archive', '/api/reviews'];
  const loaded = await Promise.all([...paths.map((path) => json(path)), json('/api/ratings', rating)]);
  log(loaded.map((data) => data.length || data.id).join(' '));
})();
"""
_APP_PAGE = f"""<!doctype html><html><head><title>Library</title></head><body>
<h1>Library</h1><nav><a href="/old-shelves">Shelves</a></nav><p id="ws"></p>
<script>{_SCRIPT}</script></body></html>"""
_SHELVES_PAGE = """<!doctype html><html><head><title>Shelves</title></head><body><h1>Shelves</h1>
<script>fetch('/api/shelves').then(r => r.json()).then(d => document.title = d.length + ' shelves');</script>
</body></html>"""
_REDIRECTS = {
    "/": (301, "/home"),
    "/home": (302, "/app"),
    "/old-shelves": (302, "/shelves"),
    "/api/reviews": (307, "/api/v1/reviews"),
    "/api/v1/reviews": (301, "/api/v2/reviews"),
    "/api/ratings": (307, "/api/v2/ratings"),
}


@dataclass
class H2App:
    url: str = ""
    hits: list[tuple[str, str, str]] = field(default_factory=list)  # (method, path, http version)
    ws_messages: list[str] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    event_acks: list[str] = field(default_factory=list)
    closing: asyncio.Event = field(default_factory=asyncio.Event)
    server_errors: list[str] = field(default_factory=list)

    def versions(self, path: str) -> set[str]:
        return {version for _, hit, version in self.hits if hit == path}


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
    raw = [(name.encode(), value.encode()) for name, value in [*headers, ("content-length", str(len(body)))]]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


@functools.cache
def _brotli(data: str) -> bytes:
    return brotli.compress(data.encode())


async def _json(send: Send, data: object, *, encoding: str | None = None, status: int = 200) -> None:
    text = json.dumps(data)
    headers = [("content-type", "application/json")]
    if encoding == "br":
        headers.append(("content-encoding", "br"))
    await _respond(send, status, _brotli(text) if encoding == "br" else text.encode(), headers)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _events(app: H2App, receive: Receive, send: Send) -> None:
    """Three events, then keep-alive comments until the client leaves or the server stops."""
    headers = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    for number in range(1, 4):
        await send({"type": "http.response.body", "body": f"id: {number}\ndata: tick {number}\n\n".encode(),
                    "more_body": True})
    disconnected = asyncio.ensure_future(receive())
    while not disconnected.done() and not app.closing.is_set():
        await send({"type": "http.response.body", "body": b": keep-alive\n\n", "more_body": True})
        await asyncio.wait([disconnected], timeout=0.5)
    if not disconnected.done():
        disconnected.cancel()
        await send({"type": "http.response.body", "body": b""})


async def _dump(app: H2App, send: Send) -> None:
    """DUMP_SIZE declared bytes, sent in slow chunks (it stops early when the server closes)."""
    headers = [(b"content-type", b"application/octet-stream"), (b"content-length", str(DUMP_SIZE).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    chunk = 64 * 1024
    for offset in range(0, DUMP_SIZE, chunk):
        if app.closing.is_set():
            return
        await send({"type": "http.response.body", "body": b" " * min(chunk, DUMP_SIZE - offset), "more_body": True})
        await asyncio.sleep(0.02)
    await send({"type": "http.response.body", "body": b""})


async def _websocket(app: H2App, receive: Receive, send: Send) -> None:
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] != "websocket.receive":
            return
        text = message.get("text") or (message.get("bytes") or b"").decode()
        app.ws_messages.append(text)
        await send({"type": "websocket.send", "text": json.dumps({"echo": json.loads(text)})})


def make_asgi(app: H2App) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        path = scope["path"]
        app.hits.append((scope.get("method", "WS"), path, scope.get("http_version", "")))
        if scope["type"] == "websocket":
            return await _websocket(app, receive, send)
        # Read the whole request first: hypercorn's HTTP/2 code drops the connection when request
        # data arrives for a stream that was already answered (a 307 sent before a POST's body).
        body = await _read_body(receive)
        if path in _REDIRECTS:
            status, location = _REDIRECTS[path]
            return await _respond(send, status, b"", [("location", location)])
        if path in ("/app", "/shelves"):
            page = _APP_PAGE if path == "/app" else _SHELVES_PAGE
            return await _respond(send, 200, page.encode(), [("content-type", "text/html; charset=utf-8")])
        if path == "/api/events":
            return await _events(app, receive, send)
        if path == "/api/events/ack" and scope["method"] == "POST":
            app.event_acks.append(body.decode())
            return await _respond(send, 204, b"", [])
        if path == "/api/dump":
            return await _dump(app, send)
        if path == "/api/v2/ratings" and scope["method"] == "POST":
            rating = {"id": len(app.ratings) + 1, **json.loads(body or b"{}")}
            app.ratings.append(rating)
            return await _json(send, rating, status=201)
        data = {"/api/authors": (AUTHORS, None), "/api/books": (BOOKS, "br"), "/api/archive": (ARCHIVE, "br"),
                "/api/v2/reviews": (REVIEWS, None), "/api/shelves": (SHELVES, "br")}.get(path)
        if data is None:
            return await _respond(send, 404, b"not found", [("content-type", "text/plain")])
        await _json(send, data[0], encoding=data[1])

    return asgi


@contextmanager
def run_h2_app(directory: Path) -> Iterator[H2App]:
    """The app on ``https://127.0.0.1:<port>/`` with a self-signed certificate, until the block ends."""
    self_signed_context(directory)  # writes cert.pem and key.pem
    for data in (BOOKS, ARCHIVE, SHELVES):
        _brotli(json.dumps(data))  # compressed once, up front
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    config = Config()
    config.bind = [f"fd://{sock.fileno()}"]
    config.certfile, config.keyfile = str(directory / "cert.pem"), str(directory / "key.pem")
    config.alpn_protocols = ["h2", "http/1.1"]
    config.graceful_timeout = 1.0
    config.accesslog = None
    config.errorlog = None
    app = H2App(url=f"https://127.0.0.1:{port}/")
    loop = asyncio.new_event_loop()
    # hypercorn reports streams the proxy resets while connections close; they are not app errors.
    loop.set_exception_handler(lambda _loop, context: app.server_errors.append(f"{context.get('message')}: {context.get('exception')!r}"))
    stop = asyncio.Event()

    async def main() -> None:
        app.closing = asyncio.Event()
        await serve(make_asgi(app), config, shutdown_trigger=stop.wait)  # type: ignore[arg-type]

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), name="h2-app", daemon=True)
    thread.start()
    try:
        with httpx.Client(http2=True, verify=False, trust_env=False, timeout=10) as client:
            answer = client.get(f"{app.url}api/authors")
            assert answer.http_version == "HTTP/2" and answer.json() == AUTHORS
        app.hits.clear()
        yield app
    finally:
        loop.call_soon_threadsafe(app.closing.set)
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
        loop.close()
        with contextlib.suppress(OSError):  # hypercorn closes the socket it was given
            sock.close()
