"""The ASGI middleware in front of every route the app serves: pages, static files, uploads,
downloads, the REST API and the websockets.

- No principal: HTML page requests are redirected to ``/login``; everything else gets 401 (a
  websocket is closed before it is accepted). Public: the login and logout routes, and reading
  the static files under ``webui.assets.STATIC_PREFIX`` (CSS and scripts, no data), which the
  login page needs before anyone has signed in.
- A write (POST, PUT, PATCH, DELETE) needs at least the editor role: 403 for a viewer. Routes
  that need admin check it themselves (``webui.api.deps.require``).
- A cookie-authenticated write must pass the CSRF check (``gate.csrf_ok``), and a
  cookie-authenticated websocket must come from this server's own pages.

The principal is left in ``scope["wiretable.principal"]`` for the routes and the socket events,
and the client's address (``webui.auth.clients``; None when a proxy hides it) in
``scope["wiretable.client"]`` for every request, sign-in pages included.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from webui.assets import STATIC_PREFIX
from webui.auth.clients import CLIENT_KEY
from webui.auth.gate import WRITE_METHODS, Gate, csrf_ok, header, same_origin

PUBLIC_PATHS = frozenset({"/login", "/logout"})
PUBLIC_PREFIX = STATIC_PREFIX + "/"
SCOPE_KEY = "wiretable.principal"
SOCKET_PREFIX = "/_nicegui_ws/"


def is_public(scope: Scope) -> bool:
    """The login and logout routes, and a plain read of a static file (no ``..``, no backslash)."""
    path = scope["path"]
    if path in PUBLIC_PATHS:
        return True
    return (scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and path.startswith(PUBLIC_PREFIX)
            and ".." not in path.split("/") and "\\" not in path and "%" not in path)


async def _json(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


def wants_html(scope: Scope) -> bool:
    path = scope["path"]
    if scope.get("method") not in ("GET", "HEAD") or path.startswith(("/api/", "/_nicegui")):
        return False
    return "text/html" in (header(dict(scope), "accept") or "")


class AuthMiddleware:
    def __init__(self, app: ASGIApp, gate: Gate) -> None:
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope[CLIENT_KEY] = self.gate.clients.client(dict(scope))
        if scope["type"] not in ("http", "websocket") or is_public(scope):
            await self.app(scope, receive, send)
            return
        plain: dict[str, Any] = dict(scope)
        try:
            principal = await run_in_threadpool(self.gate.principal, plain)
        except Exception:  # the app database is down: refuse rather than let anyone in
            await self._deny(scope, receive, send, 503, "sign-in is unavailable: the app database does not answer")
            return
        if principal is None:
            await self._deny(scope, receive, send, 401, "sign in required: send 'Authorization: Bearer TOKEN' "
                             "or sign in at /login")
            return
        is_socket = scope["type"] == "websocket" or scope["path"].startswith(SOCKET_PREFIX)
        method = scope.get("method", "GET")
        if is_socket:
            # Socket transport requests carry no action of their own (socket events are checked
            # per element); a session cookie must only be used from this server's pages.
            if principal.via == "cookie" and (header(plain, "origin") or header(plain, "referer")) \
                    and not same_origin(plain):
                await self._deny(scope, receive, send, 403, "cross-site request refused")
                return
        elif method in WRITE_METHODS:
            if not principal.allows("editor"):
                await self._deny(scope, receive, send, 403, f"your role ({principal.role}) can only read")
                return
            if not csrf_ok(plain, principal):
                await self._deny(scope, receive, send, 403, "cross-site request refused: send the X-CSRF-Token "
                                 "header of your session, or use an API token")
                return
        scope[SCOPE_KEY] = principal
        await self.app(scope, receive, send)

    async def _deny(self, scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 4000 + status, "reason": detail[:120]})
            return
        if status == 401 and wants_html(scope):
            target = scope["path"] + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
            location = f"/login?next={quote(target, safe='')}".encode("latin-1")
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", location), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        extra = [(b"www-authenticate", b'Bearer realm="wiretable"')] if status == 401 else []
        await _json(send, status, detail, extra)
