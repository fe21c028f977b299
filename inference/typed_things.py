"""Typed-record wrappers: every record served as ``{kind, data}``, its kind beside its fields.

Some APIs wrap every record in an object of two members, a type tag and the record's fields (Reddit's things
``{"kind": "t3", "data": {...}}``, Stripe-like event envelopes ``{"type": ..., "data": {...}}`` nested in lists, the
Kubernetes ``WatchEvent``); lists are wrappers of the same shape whose data holds the wrapped records under one name
beside the page's tokens (``{"kind": "Listing", "data": {"children": [...], "after", "before"}}``), and an answer may
be a list of such lists. The wrappers are no records: the data they hold is, one table per kind (the tag names it, as
a type tag names a typed list's tables), whatever the address that served it (two kinds read at ``.../about`` are
two tables). A record holding wrapped records of its own kind (a comment's ``replies``) holds rows of its own table
(the tree is told by their reference to their parent), not a list of its own; where it holds none (``""``), the
field says nothing.
"""

from __future__ import annotations

from typing import Any

from inference.identity import TAG_NAMES
from inference.naming import snake
from inference.records import Unwrapped

_MAX_DEPTH = 32


def _tag(obj: Any) -> str | None:
    """The kind of a wrapper ``{kind, data}`` (data an object or a list), or None."""
    if not isinstance(obj, dict) or len(obj) != 2 or not isinstance(obj.get("data"), dict | list):
        return None
    key = next(k for k in obj if k != "data")
    value = obj[key]
    return value if snake(key) in TAG_NAMES and isinstance(value, str) and value else None


def _wrapped_list(data: Any) -> list[Any] | None:
    """The wrapped records a list wrapper's data holds: a list of wrappers, or an object holding one beside scalars
    (the page's tokens); None when the data is a record."""
    if isinstance(data, list):
        return data if data and all(_tag(x) is not None for x in data) else None
    lists = [v for v in data.values() if isinstance(v, list) and v and all(_tag(x) is not None for x in v)]
    if len(lists) != 1 or any(isinstance(v, dict | list) and v is not lists[0] for v in data.values()):
        return None
    return lists[0]


class _Things:
    def __init__(self) -> None:
        self.groups: dict[str | None, list[dict[str, Any]]] = {}  # None: records not wrapped, the route names them
        self.listed = False  # read in a list wrapper
        self.hoisted: set[tuple[str, str]] = set()  # (kind, field) holding records of the holder's own kind

    def add(self, wrapper: dict[str, Any], depth: int) -> None:
        kind = _tag(wrapper)
        assert kind is not None
        data = wrapper["data"]
        inner = _wrapped_list(data)
        if inner is not None:
            self.listed = True
            for item in inner:
                if depth < _MAX_DEPTH:
                    self.add(item, depth + 1)
        elif isinstance(data, dict):
            self.groups.setdefault(kind, []).append(self.record(kind, data, depth))
        elif all(isinstance(x, dict) for x in data):
            self.listed = True
            self.groups.setdefault(None, []).extend(data)

    def record(self, kind: str, data: dict[str, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in data.items():
            tag = _tag(value)
            inner = _wrapped_list(value["data"]) if tag is not None else None
            if inner is not None and depth < _MAX_DEPTH and all(_tag(x) == kind for x in inner):
                self.hoisted.add((kind, key))  # rows of the holder's own table
                for item in inner:
                    self.add(item, depth + 1)
            elif inner is not None:
                out[key] = [_plain(x["data"], depth + 1) for x in inner if isinstance(x["data"], dict)]
            elif tag is not None:
                out[key] = _plain(value["data"], depth + 1)
            else:
                out[key] = value
        return out


def _plain(data: Any, depth: int) -> Any:
    if not isinstance(data, dict) or depth > _MAX_DEPTH:
        return data
    return {k: _plain(v["data"], depth + 1) if _tag(v) is not None else v for k, v in data.items()}


def typed_things(body: Any) -> list[Unwrapped] | None:
    """The records of an answer of typed-record wrappers (see the module), one group per kind; None for any other."""
    wrappers = body if isinstance(body, list) else [body]
    if not wrappers or not all(_tag(w) is not None for w in wrappers):
        return None
    things = _Things()
    for wrapper in wrappers:
        things.add(wrapper, 0)
    many = things.listed or len(wrappers) > 1
    return [Unwrapped([{k: v for k, v in r.items() if (kind, k) not in things.hoisted or v not in ("", None)}
                       for r in rows], kind, "$.data", many or len(rows) > 1)
            for kind, rows in things.groups.items()]
