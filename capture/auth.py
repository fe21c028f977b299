"""Credentials for capturing an app behind a login: a Playwright storage state and extra headers.

Credentials live in memory only. They are handed to the browser (cookies and local storage through
the storage state, headers only on requests to the target's own origin) and to the capture addon
as things to hide: the header names, and every secret value, which the addon replaces wherever
it appears before a line is written. Nothing here writes to disk, and ``repr`` never shows a value.

Guarantees:

- :func:`parse_header` and :func:`load_storage_state` raise
  :class:`~kernel.errors.CaptureError` with a one-line message that never quotes a value.
- A ``Cookie`` header becomes browser cookies for the target (so the browser keeps sending them as
  the app changes them), not a fixed header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kernel.errors import CaptureError

# Values shorter than this are too common to hide everywhere ("1", "true", "en").
MIN_SECRET_LENGTH = 6
_HEADER_NAME_CHARS = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True, repr=False)
class Credentials:
    """What the browser needs to be logged in; see the module doc for how it is kept secret."""

    storage_state: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        cookies = len((self.storage_state or {}).get("cookies") or [])
        return f"Credentials(cookies={cookies}, headers={sorted(self.headers)})"

    @property
    def empty(self) -> bool:
        return not self.storage_state and not self.headers

    def header_names(self) -> list[str]:
        return sorted({name.lower() for name in self.headers})

    def secret_values(self) -> list[str]:
        """Every value that must never be written: header values, cookie values, web storage."""
        values: set[str] = set()
        for value in self.headers.values():
            values.add(value)
            # "Bearer abc" -> also "abc"; "a=1; b=2" -> also "1", "2"
            values.update(part for part in value.split(" ")[1:])
            values.update(part.partition("=")[2] for part in value.split(";"))
        state = self.storage_state or {}
        for cookie in state.get("cookies") or []:
            if isinstance(cookie, dict) and isinstance(cookie.get("value"), str):
                values.add(cookie["value"])
        for origin in state.get("origins") or []:
            for item in (origin.get("localStorage") or []) if isinstance(origin, dict) else []:
                if isinstance(item, dict) and isinstance(item.get("value"), str):
                    values.add(item["value"])
        return sorted((v.strip() for v in values if len(v.strip()) >= MIN_SECRET_LENGTH), key=len, reverse=True)

    def browser_state(self, target_url: str) -> dict[str, Any] | None:
        """The storage state to open the browser context with, plus cookies from a Cookie header."""
        state = dict(self.storage_state or {})
        cookies = list(state.get("cookies") or [])
        for name, value in self.headers.items():
            if name.lower() == "cookie":
                cookies.extend(cookies_from_header(value, target_url))
        if not cookies and not state:
            return None
        state["cookies"] = cookies
        state.setdefault("origins", [])
        return state

    def request_headers(self) -> dict[str, str]:
        """Headers added to requests to the target's origin (the Cookie header is sent as cookies)."""
        return {name: value for name, value in self.headers.items() if name.lower() != "cookie"}


def parse_header(text: str) -> tuple[str, str]:
    """``("X-Api-Key", "abc")`` from ``"X-Api-Key: abc"``; CaptureError naming what is wrong."""
    name, colon, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not colon or not name or not value:
        raise CaptureError(f"a header must look like 'Name: value' (got one starting {name[:20]!r})")
    if not set(name) <= _HEADER_NAME_CHARS:
        raise CaptureError(f"not a valid header name: {name[:40]!r}")
    if "\n" in value or "\r" in value:
        raise CaptureError(f"the value of header {name} spans several lines")
    return name, value


def parse_headers(lines: list[str] | str) -> dict[str, str]:
    """Headers from 'Name: value' lines (blank lines ignored)."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    headers: dict[str, str] = {}
    for line in lines:
        if line.strip():
            name, value = parse_header(line)
            headers[name] = value
    return headers


def cookies_from_header(value: str, target_url: str) -> list[dict[str, Any]]:
    parts = urlsplit(target_url)
    base = f"{parts.scheme}://{parts.netloc}/"
    cookies = []
    for pair in value.split(";"):
        name, eq, val = pair.strip().partition("=")
        if eq and name:
            cookies.append({"name": name, "value": val, "url": base})
    return cookies


def parse_storage_state(data: bytes | str, *, name: str = "the storage state") -> dict[str, Any]:
    """A Playwright storage state from its JSON, or from a bare list of cookies (a browser export).

    Cookies without a domain or url cannot be placed and are refused with a clear message.
    """
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CaptureError(f"{name} is not JSON: a Playwright storage state or a list of cookies") from exc
    if isinstance(doc, list):
        doc = {"cookies": doc, "origins": []}
    if not isinstance(doc, dict) or not isinstance(doc.get("cookies", []), list):
        raise CaptureError(f"{name} must be a Playwright storage state ({{\"cookies\": [...], \"origins\": [...]}})")
    cookies = []
    for index, cookie in enumerate(doc.get("cookies") or []):
        if not isinstance(cookie, dict) or not isinstance(cookie.get("name"), str) or "value" not in cookie:
            raise CaptureError(f"{name}: cookie {index + 1} has no name and value")
        if not cookie.get("domain") and not cookie.get("url"):
            raise CaptureError(f"{name}: cookie {cookie['name']!r} has neither a domain nor a url")
        cookie = {k: v for k, v in cookie.items() if v is not None}
        cookie["value"] = str(cookie["value"])
        if "domain" in cookie:
            cookie.setdefault("path", "/")
        same_site = cookie.get("sameSite")
        if isinstance(same_site, str):
            fixed = {"lax": "Lax", "strict": "Strict", "none": "None", "no_restriction": "None"}.get(same_site.lower())
            if fixed is None:
                cookie.pop("sameSite")
            else:
                cookie["sameSite"] = fixed
        if "expirationDate" in cookie and "expires" not in cookie:
            cookie["expires"] = cookie.pop("expirationDate")
        allowed = {"name", "value", "url", "domain", "path", "expires", "httpOnly", "secure", "sameSite"}
        cookies.append({k: v for k, v in cookie.items() if k in allowed})
    origins = doc.get("origins") or []
    if not isinstance(origins, list):
        raise CaptureError(f"{name}: 'origins' must be a list")
    return {"cookies": cookies, "origins": origins}


def load_storage_state(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CaptureError(f"cannot read the storage state {path}: {exc.strerror or exc}", path=str(path)) from exc
    return parse_storage_state(data, name=str(path))
