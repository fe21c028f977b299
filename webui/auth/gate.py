"""Who a request acts for, and what it may do: one decision shared by every interface.

The :class:`Gate` answers for HTTP requests, websockets, NiceGUI's socket events and the REST
API alike, from three sources in order: an ``Authorization: Bearer`` API token, a signed session
cookie, and — only while sign-in is not configured, ``WIRETABLE_AUTH`` is not ``required`` and
the client is on loopback — the open local principal (an admin). Who the client is, behind a
reverse proxy or not, is :mod:`webui.auth.clients`' answer: a request forwarded by a proxy on this
host is not local unless ``WIRETABLE_TRUSTED_PROXIES`` trusts that proxy and it forwarded a
loopback client.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from collections import deque
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from jobs.accounts import OPEN, AccountStore, Principal, Role
from webui.auth.clients import CLIENT_KEY, ClientAddresses

COOKIE = "wiretable_session"
SESSION_SECONDS = 12 * 3600
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def header(scope: dict[str, Any], name: str) -> str | None:
    wanted = name.lower().encode("latin-1")
    for key, value in scope.get("headers") or []:
        if key.lower() == wanted:
            return bytes(value).decode("latin-1")
    return None


def cookies(scope: dict[str, Any]) -> dict[str, str]:
    from http.cookies import SimpleCookie

    raw = header(scope, "cookie")
    if not raw:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header signs nobody in
        return {}
    return {k: v.value for k, v in jar.items()}


class RateLimiter:
    """At most ``limit`` failures per ``window`` seconds for each key (a client address, a user)."""

    def __init__(self, limit: int = 5, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds until the keys may try again (0: now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._failures.get(key)
                while times and now - times[0] > self.window:
                    times.popleft()
                if times and len(times) >= self.limit:
                    wait = max(wait, self.window - (now - times[0]))
        return int(wait) + 1 if wait else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


class Gate:
    """Sign-in decisions for one app (see the module docstring)."""

    def __init__(self, accounts: AccountStore, *, required: bool = False,
                 clients: ClientAddresses | None = None) -> None:
        self.accounts = accounts
        self.always_required = required
        self.clients = clients or ClientAddresses()
        self.login_limiter = RateLimiter()
        self._serializer: URLSafeTimedSerializer | None = None
        self._roles: dict[str, tuple[float, Role | None]] = {}
        self._lock = threading.Lock()

    def required(self) -> bool:
        return self.always_required or self.accounts.configured()

    def serializer(self) -> URLSafeTimedSerializer:
        if self._serializer is None:
            self._serializer = URLSafeTimedSerializer(self.accounts.session_secret(), salt="wiretable-session")
        return self._serializer

    def session_cookie(self, principal: Principal) -> str:
        return str(self.serializer().dumps({"u": principal.name, "c": secrets.token_urlsafe(24)}))

    def _user_role(self, name: str) -> Role | None:
        now = time.monotonic()
        with self._lock:
            cached = self._roles.get(name)
        if cached is not None and now - cached[0] < 5.0:
            return cached[1]
        role = self.accounts.user_role(name)
        with self._lock:
            self._roles[name] = (now, role)
        return role

    def forget(self, name: str) -> None:
        with self._lock:
            self._roles.pop(name, None)

    def principal(self, scope: dict[str, Any]) -> Principal | None:
        """Who the request acts for; None when it must sign in (or sent a bad credential)."""
        auth = header(scope, "authorization")
        if auth:
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return None
            return self.accounts.token_principal(token.strip())
        cookie = cookies(scope).get(COOKIE)
        if cookie:
            try:
                data = self.serializer().loads(cookie, max_age=SESSION_SECONDS)
            except BadSignature:
                data = None
            if isinstance(data, dict) and isinstance(data.get("u"), str):
                role = self._user_role(data["u"])
                if role is not None:
                    return Principal(name=data["u"], role=role, via="cookie", csrf=str(data.get("c")))
        if not self.required() and is_loopback(self.client(scope)):
            return OPEN
        return None

    def client(self, scope: dict[str, Any]) -> str | None:
        """The request's client address (None: unknown), as the middleware found it."""
        if CLIENT_KEY in scope:
            found = scope[CLIENT_KEY]
            return found if isinstance(found, str) else None
        return self.clients.client(scope)


def same_origin(scope: dict[str, Any]) -> bool:
    """True when the request's Origin (or, lacking it, Referer) is this server itself."""
    from urllib.parse import urlsplit

    host = header(scope, "host")
    source = header(scope, "origin") or header(scope, "referer")
    if not host or not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == host.lower()


def csrf_ok(scope: dict[str, Any], principal: Principal) -> bool:
    """A cookie-authenticated write must come from this server's own pages: the session's CSRF
    token in ``X-CSRF-Token``, or a same-origin ``Origin``/``Referer`` header."""
    if principal.via != "cookie":
        return True
    token = header(scope, "x-csrf-token")
    if token and principal.csrf and secrets.compare_digest(token, principal.csrf):
        return True
    return same_origin(scope)
