"""Every route the app registers asks for sign-in, and a viewer can write through none of them.

The routes are enumerated from the app's router (pages, the REST API, NiceGUI's uploads,
downloads, static files and its socket mount, websockets), never from a hand-written list. The
exceptions are exactly the login and logout routes and reading the app's own static files (CSS
and scripts, no data), which the login page needs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from nicegui import app as nicegui_app
from nicegui.testing import User
from starlette.routing import Mount, Route, WebSocketRoute

from jobs.accounts import AccountStore
from webui.assets import STATIC_PREFIX
from webui.auth.middleware import PUBLIC_PATHS, SOCKET_PREFIX

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
STATIC_FILES = STATIC_PREFIX + "/{path:path}"  # the one route whose reads are public


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "http" | "websocket" | "mount"
    path: str
    methods: frozenset[str]


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}/]+\}", "x1", path)


def _flatten(routes: Any, prefix: str = "") -> Iterator[Endpoint]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # a router FastAPI keeps as one lazy entry
        if inner is not None:
            yield from _flatten(inner.routes, prefix + getattr(route, "prefix", ""))
        elif isinstance(route, WebSocketRoute):
            yield Endpoint("websocket", prefix + route.path, frozenset())
        elif isinstance(route, Route):
            yield Endpoint("http", prefix + route.path, frozenset(route.methods or {"GET"}))
        elif isinstance(route, Mount):
            yield Endpoint("mount", prefix + route.path, frozenset({"GET", "POST"}))


def app_endpoints() -> list[Endpoint]:
    return sorted(set(_flatten(nicegui_app.routes)), key=lambda e: (e.path, e.kind))


@pytest.fixture
def tokens(ui_env: dict[str, str]) -> dict[str, str]:
    """A user of each role and a token for each: sign-in is now configured."""
    accounts = AccountStore(ui_env["WIRETABLE_DATABASE_URL"])
    for role in ("viewer", "editor", "admin"):
        accounts.add_user(role, f"{role}-password", role)
    return {role: accounts.create_token(role) for role in ("viewer", "editor", "admin")}


async def _websocket(path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """Open a websocket on the app in process; the first message the app sends back."""
    scope = {"type": "websocket", "path": path, "raw_path": path.encode(), "query_string": b"", "headers": headers,
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8080), "scheme": "ws", "subprotocols": [],
             "asgi": {"version": "3.0"}}
    sent: list[dict[str, Any]] = []
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "websocket.connect"}
        return {"type": "websocket.disconnect", "code": 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await nicegui_app(scope, receive, send)
    return sent[0]


async def _call(client: httpx.AsyncClient, endpoint: Endpoint, method: str,
                headers: dict[str, str]) -> httpx.Response:
    path = _concrete(endpoint.path) + ("/x1" if endpoint.kind == "mount" else "")
    return await client.request(method, path, headers=headers, content=b"{}" if method in WRITES else None)


async def test_every_route_needs_sign_in_and_viewers_cannot_write(tokens: dict[str, str], user: User) -> None:
    # Open the pages that register routes of their own (uploads, downloads) as an admin first.
    user.http_client.headers["Authorization"] = f"Bearer {tokens['admin']}"
    await user.open("/")
    del user.http_client.headers["Authorization"]
    endpoints = app_endpoints()
    kinds = Counter(e.kind for e in endpoints)
    assert kinds["http"] >= 10 and kinds["mount"] >= 1, kinds
    assert any(e.path.startswith("/api/v1/") for e in endpoints), "the REST API is registered"
    assert any(e.path == "/openapi.json" for e in endpoints), "the OpenAPI document is served"
    assert any("upload" in e.path for e in endpoints), "NiceGUI's upload route is registered"
    client = user.http_client
    outcomes: Counter[str] = Counter()
    viewer = {"Authorization": f"Bearer {tokens['viewer']}"}
    public = [e for e in endpoints if e.path.startswith(STATIC_PREFIX + "/")]
    assert [(e.kind, e.path, e.methods) for e in public] == [("http", STATIC_FILES, frozenset({"GET"}))]
    for endpoint in endpoints:
        if endpoint.path in PUBLIC_PATHS:
            continue
        if endpoint in public:  # reading a static file needs no sign-in; anything else on it does
            missing = await _call(client, endpoint, "GET", {})
            assert missing.status_code == 404, missing.status_code  # no such file, and no sign-in asked
            first = await _websocket(_concrete(endpoint.path), [])
            assert first["type"] == "websocket.close", (endpoint, first)
            for method in ("POST", "PUT", "DELETE"):
                assert (await _call(client, endpoint, method, {})).status_code == 401, method
            outcomes["public static reads"] += 1
            continue
        if endpoint.kind == "websocket":
            first = await _websocket(_concrete(endpoint.path), [])
            assert first["type"] == "websocket.close", (endpoint, first)
            outcomes["websocket refused"] += 1
            continue
        if endpoint.kind == "mount":  # a websocket upgrade on the mount (the UI's socket) is refused too
            first = await _websocket(_concrete(endpoint.path) + "/socket.io/", [])
            assert first["type"] == "websocket.close", (endpoint, first)
            outcomes["websocket refused"] += 1
        for method in sorted(endpoint.methods - {"HEAD"}):
            anonymous = await _call(client, endpoint, method, {})
            assert anonymous.status_code == 401, (method, endpoint.path, anonymous.status_code)
            assert anonymous.json()["detail"].startswith("sign in required")
            outcomes["401 unauthenticated"] += 1
            if method == "GET" and endpoint.kind == "http" and not endpoint.path.startswith(("/api/", "/_nicegui")):
                page = await _call(client, endpoint, method, {"Accept": "text/html"})
                assert page.status_code == 303 and page.headers["location"].startswith("/login?next="), endpoint
                outcomes["303 to /login (page)"] += 1
            if method in WRITES and (endpoint.path + "/").startswith(SOCKET_PREFIX):
                # The socket transport carries no action itself: its events are checked per
                # element (test_roles_rank_in_socket_events).
                outcomes["socket transport, events checked per element"] += 1
            elif method in WRITES:
                refused = await _call(client, endpoint, method, viewer)
                assert refused.status_code == 403, (method, endpoint.path, refused.status_code, refused.text)
                outcomes["403 viewer write"] += 1
    bad = await client.get("/api/v1/health", headers={"Authorization": "Bearer wt_not-a-token"})
    assert bad.status_code == 401
    print(f"routes walked: {len(endpoints)} ({dict(kinds)}); outcomes: {dict(outcomes)}")
    assert outcomes["403 viewer write"] >= 5
    assert outcomes["public static reads"] == 1


async def test_the_stylesheet_is_public_and_the_login_page_uses_it(tokens: dict[str, str], user: User) -> None:
    from starlette.routing import Match

    client = user.http_client
    login = await client.get("/login")
    assert login.status_code == 200
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', login.text)
    assert len(links) == 1 and links[0].startswith(STATIC_PREFIX + "/app.css?v="), links
    css = await client.get(links[0].replace("&amp;", "&"))  # nobody has signed in
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    used = set(re.findall(r'class="([^"]+)"', login.text)[0].split())  # the body's classes
    selectors = {"." + re.sub(r"([\[\]])", r"\\\1", name) for name in used}  # pt-[12vh] is .pt-\[12vh\]
    assert used and all(selector in css.text for selector in selectors), selectors - {
        s for s in selectors if s in css.text}
    # Only the static mount answers under the public prefix: nothing else becomes public through it.
    probe = {"type": "http", "path": STATIC_PREFIX + "/app.css", "method": "GET"}
    matching = [r for r in nicegui_app.routes if r.matches(probe)[0] is not Match.NONE]
    assert [getattr(r, "path", None) for r in matching] == [STATIC_FILES]
    # A path that climbs out of the folder, or a write, still asks for sign-in.
    for path in (STATIC_PREFIX + "/../api/v1/jobs", STATIC_PREFIX + "/%2e%2e/api/v1/jobs"):
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any], sent: list[dict[str, Any]] = sent) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
                 "headers": [], "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8080), "scheme": "http",
                 "asgi": {"version": "3.0"}, "root_path": ""}
        await nicegui_app(scope, receive, send)
        assert sent[0]["status"] == 401, (path, sent[0])
    assert (await client.post(STATIC_PREFIX + "/app.css", content=b"{}")).status_code == 401


async def test_sign_in_with_a_password_and_a_session_cookie(tokens: dict[str, str], user: User) -> None:
    client = user.http_client
    assert (await client.get("/login")).status_code == 200
    wrong = await client.post("/login", data={"username": "editor", "password": "nope-nope", "next": "/"})
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    ok = await client.post("/login", data={"username": "editor", "password": "editor-password",
                                          "next": "//evil.example/"})
    assert ok.status_code == 303 and ok.headers["location"] == "/"  # never leaves this server
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert (await client.get("/api/v1/session")).json()["role"] == "editor"
    # A cookie-authenticated write without the CSRF token or a same-origin header is refused.
    forged = await client.post("/api/v1/schemas", json={"document": {"name": "x", "tables": []}})
    assert forged.status_code == 403 and "cross-site" in forged.json()["detail"]
    foreign = await client.post("/api/v1/schemas", json={"document": {"name": "x", "tables": []}},
                                headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403
    csrf = (await client.get("/api/v1/session")).json()["csrf"]
    made = await client.post("/api/v1/schemas", json={"document": {"name": "x", "tables": []}},
                             headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201, made.text
    out = await client.post("/logout", headers={"Origin": "http://test"})
    assert out.status_code == 303
    client.cookies.clear()
    assert (await client.get("/api/v1/session")).status_code == 401


async def test_login_attempts_are_rate_limited(tokens: dict[str, str], user: User) -> None:
    client = user.http_client
    codes = [(await client.post("/login", data={"username": "admin", "password": f"guess-{i}"})).status_code
             for i in range(7)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    limited = await client.post("/login", data={"username": "admin", "password": "admin-password"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0


async def test_without_users_the_local_default_stays_open(user: User) -> None:
    response = await user.http_client.get("/api/v1/session")
    assert response.status_code == 200 and response.json()["role"] == "admin"
    remote = httpx.AsyncClient(transport=httpx.ASGITransport(nicegui_app, client=("203.0.113.9", 4000)),
                               base_url="http://test")
    async with remote:
        assert (await remote.get("/api/v1/session")).status_code == 401


def test_roles_rank_in_socket_events() -> None:
    from nicegui import ui

    from jobs.accounts import Principal
    from webui.auth.events import needed_role

    def element(kind: type, *marks: str) -> object:
        made = object.__new__(kind)
        made._markers = list(marks)
        return made

    assert needed_role(element(ui.button, "push"), "click") == "admin"
    assert needed_role(element(ui.button, "start"), "click") == "editor"
    assert needed_role(element(ui.upload, "har_upload"), "upload") == "editor"
    assert needed_role(element(ui.expansion), "update:model-value") == "viewer"
    assert needed_role(element(ui.button, "download"), "click") == "viewer"
    assert needed_role(element(ui.expansion), "click") == "editor"
    viewer = Principal("v", "viewer", "cookie")
    assert not viewer.allows("editor") and Principal("a", "admin", "token").allows("editor")
