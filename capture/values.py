"""Plausible values to type into a page's fields, taken from what the app itself answered.

A field that asks for a user name (``Add by username``), a project or a tag looks a record up when a
real one is typed; a made-up value mostly finds nothing, so the page shows an error and asks for
nothing more. :class:`Values` keeps the short strings and numbers of the JSON answers the app gave
(``offer`` takes the finished request, ``drain`` reads its body later, outside the browser's event
dispatch), each under its property name and its context: the collection it came from (the key that
holds it, ``{"users": [{"name": ...}]}``, or the last literal segment of the answer's path,
``/api/users``). :meth:`Values.choose` matches a field's words (name, id, placeholder, label,
``autocomplete``) against them: ``Add by username`` takes a ``name`` seen in ``users`` before a
``name`` seen in ``groups``. A field nothing matches gets a safe placeholder by its type and words
(``user@example.com`` for an e-mail, ``1`` for a number, the first word of a seen name for a
search). It holds no handle on a page: bodies it cannot read any more are skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

MAX_PENDING = 200
MAX_BODY = 1_000_000
MAX_PER_KEY = 20
MAX_NODES = 5000
MAX_VALUE = 60
# keys that wrap a collection without naming it: its records keep the context of the answer's path
WRAPPERS = frozenset({"items", "results", "data", "records", "rows", "objects", "list", "content", "entries", "nodes",
                      "edges", "node", "hits", "page"})
SEARCH_WORDS = frozenset({"search", "query", "q", "filter", "find", "lookup", "keyword", "keywords", "term"})
PLACEHOLDERS = {"email": "user@example.com", "url": "https://example.com", "tel": "5550100", "number": "1"}
_ID_LIKE = re.compile(r"^\{?[0-9a-f]{8}-[0-9a-f]{4}-|^[0-9]+$|^[0-9a-f]{16,}$", re.IGNORECASE)


class _Response(Protocol):
    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> dict[str, str]: ...

    def body(self) -> bytes: ...


class _Request(Protocol):
    @property
    def url(self) -> str: ...

    def response(self) -> _Response | None: ...


@dataclass(frozen=True)
class Field:
    """What a page says about one of its fields."""

    type: str = "text"
    words: str = ""  # its name, id, placeholder, label, aria-label and autocomplete, lowercased


def words_of(text: str) -> list[str]:
    """Lower-case words, camelCase and snake_case split: ``userName-input`` -> user, name, input."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return re.findall(r"[a-z0-9]+", spaced.lower())


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _context_of(url: str) -> str:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    for segment in reversed(segments):
        if not _ID_LIKE.search(segment) and re.search(r"[a-z]", segment, re.IGNORECASE):
            return segment.lower()
    return ""


class Values:
    """The app's own values, by property name and context; see the module doc."""

    def __init__(self) -> None:
        self._pending: list[_Request] = []
        self._seen: dict[tuple[str, str], list[str]] = {}  # (context, key) -> values, in the order seen

    def offer(self, request: _Request) -> None:
        """Note a finished request whose answer may be JSON (read by :meth:`drain`)."""
        if len(self._pending) < MAX_PENDING:
            self._pending.append(request)

    def drain(self) -> None:
        """Read the bodies of the requests offered since the last call; those gone are skipped."""
        pending, self._pending = self._pending, []
        for request in pending:
            try:
                response = request.response()
                if response is None or not 200 <= response.status < 300:
                    continue
                if "json" not in (response.headers.get("content-type") or ""):
                    continue
                body = response.body()
            except Exception:  # noqa: BLE001 - a body the browser no longer holds
                continue
            if len(body) <= MAX_BODY:
                try:
                    self.add(request.url, json.loads(body))
                except ValueError:
                    continue

    def add(self, url: str, data: Any) -> None:
        """Note the values of one JSON answer of ``url``."""
        budget = [MAX_NODES]

        def walk(node: Any, context: str, key: str) -> None:
            budget[0] -= 1
            if budget[0] < 0:
                return
            if isinstance(node, dict):
                for name, child in node.items():
                    inner = name.lower() if isinstance(child, (dict, list)) and name.lower() not in WRAPPERS else context
                    walk(child, inner, str(name))
            elif isinstance(node, list):
                for child in node:
                    walk(child, context, key)
            elif key and isinstance(node, str) and 0 < len(node) <= MAX_VALUE and "\n" not in node and node.strip():
                self._note(context, key, node.strip())
            elif key and isinstance(node, int) and not isinstance(node, bool):
                self._note(context, key, str(node))

        walk(data, _context_of(url), "")

    def _note(self, context: str, key: str, value: str) -> None:
        found = self._seen.setdefault((context, key.lower()), [])
        if value not in found and len(found) < MAX_PER_KEY:
            found.append(value)

    def choose(self, field: Field, samples: int = 1) -> list[str]:
        """Up to ``samples`` values for ``field``: ones the app answered with, else a placeholder by its
        type and words."""
        words = set(words_of(field.words))
        kind = field.type.lower()
        if kind not in PLACEHOLDERS:
            kind = ("email" if "email" in words else "url" if words & {"url", "website", "homepage"} else
                    "tel" if words & {"tel", "phone"} else kind)
        if kind in PLACEHOLDERS:
            fits = {"number": lambda v: v.lstrip("-").isdigit(), "email": lambda v: "@" in v,
                    "url": lambda v: v.startswith(("http://", "https://")), "tel": lambda v: True}[kind]
            loose = kind in ("email", "url")  # an address the app answered with fits any such field
            return (self._best(words, fits) or (self._best(set(), fits, loose=True) if loose else []))[:samples] \
                or [PLACEHOLDERS[kind]]
        seen = self._best(words, lambda v: not v.isdigit()) or self._best(words, lambda v: True)
        if seen:
            return seen[:samples]
        name = self._seen_named()
        if kind == "search" or words & SEARCH_WORDS:
            return [words_of(name)[0] if name and words_of(name) else "a"]
        return [name or "test"]

    def _best(self, words: set[str], fits: Callable[[str], bool], loose: bool = False) -> list[str]:
        """The fitting values of the (context, key) pairs whose key the field's words spell (``name`` in
        ``username``), best first: the context's words count as a tie-breaker (``users`` before ``groups``),
        then the order seen."""
        text = "".join(sorted(words))

        def spelt(word: str) -> bool:
            return word in words or (len(word) >= 4 and word in text)

        scored: list[tuple[int, int, list[str]]] = []
        for order, ((context, key), found) in enumerate(self._seen.items()):
            candidates = [v for v in found if fits(v)]
            key_words = [_singular(w) for w in words_of(key)]
            if not candidates or not loose and (not key_words or not all(spelt(w) for w in key_words)):
                continue
            score = 2 * len(key_words) + sum(1 for w in words_of(context) if len(w) >= 3 and spelt(_singular(w)))
            scored.append((-score, order, candidates))
        best: list[str] = []
        for _score, _order, candidates in sorted(scored, key=lambda item: item[:2]):
            best.extend(v for v in candidates if v not in best)
        return best

    def _seen_named(self) -> str | None:
        for (_context, key), found in self._seen.items():
            if key in ("name", "title", "username", "label"):
                for value in found:
                    if not value.isdigit():
                        return value
        return None
