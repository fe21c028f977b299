"""Stamps an envelope puts beside the one record or list it wraps: the answer's, not the record's.

Some APIs wrap every answer, whatever it holds, in the same envelope of scalars about the call: its outcome
(``{"result": "ok", "data": {...}}``), the format's version and revision, when it was answered, a result code
(``{"api_version": 2, "rev": 4, "timestamp": "…", "server_timestamp": 1700000000000, "status_code": 0,
"result": {...}}``). Beside a list under a generic name any scalar is taken for the page's; beside one object
these stamps are recognised by their names, each made only of the words such stamps are spelt with, so that the
object inside is the record the call read.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from inference.naming import snake

#: The words an answer's stamps are spelt with (``status_code``, ``server_timestamp``, ``api_version``).
_STAMP_WORDS = frozenset({"version", "revision", "timestamp", "ms", "result", "code", "status", "message", "api",
                          "server", "time", "response", "request", "outcome", "state"})
#: Words a stamp's name must hold one of (``state`` alone or ``message`` alone says nothing of the answer).
_STAMP_HEADS = frozenset({"version", "revision", "timestamp", "result", "code", "status", "outcome"})


@lru_cache(maxsize=1 << 12)
def _stamp_name(key: str) -> bool:
    words = snake(key).split("_")
    return all(w in _STAMP_WORDS for w in words) and any(w in _STAMP_HEADS for w in words)


def answer_stamp(key: str, value: Any) -> bool:
    """A scalar member beside an envelope's wrapper named as a stamp of the answer (``result``, ``status_code``,
    ``revision``, ``response_timestamp``), never an id or a nested value."""
    return not isinstance(value, dict | list) and _stamp_name(key)


def _flat(value: Any) -> bool:
    """A scalar, a list of scalars, or an object of those (a map of names to values or to lists of names)."""
    if isinstance(value, list):
        return not any(isinstance(v, dict | list) for v in value)
    if isinstance(value, dict):
        return all(not isinstance(v, dict) and (not isinstance(v, list) or _flat(v)) for v in value.values())
    return True


def _id_name(key: str) -> bool:
    name = snake(key)
    return name in ("id", "uuid", "guid", "slug", "key") or name.endswith(("_id", "_uuid", "_key"))


def route_list(body: dict[str, Any], key: str, literals: tuple[str, ...]) -> bool:
    """``{"default_pool": "p1", "skipped": ["x"], "pools": [...]}`` at ``/pools`` (or ``/tasks/info`` answering
    ``{"tasks": [...], "paused": false}``), the payload of an envelope: the one list of records, named as
    a word of the route, beside the service's settings (scalars, lists of scalars, maps of names to those) and no id:
    the route's records; the settings are the service's, not a record holding the list."""
    name = snake(key)
    if not any(snake(s) == name for s in literals):
        return False
    return all(not _id_name(k) and _flat(v) for k, v in body.items() if k != key)


#: Names of a type tag.
_TAGS = ("type", "kind", "@type")


def collection_tag(body: dict[str, Any]) -> bool:
    """``{"type": "FeatureCollection", "features": [...], "crs": {...}, "bbox": [...]}``, ``{"kind": "Collection",
    "members": [...]}``: an answer tagged as a collection holds its records in its one list of objects; whatever else
    it holds (a reference system, a bounding box, links) is the collection's, no record."""
    tag = next((body[t] for t in _TAGS if isinstance(body.get(t), str)), None)
    return tag is not None and (tag.lower().endswith("collection") or tag.lower() in ("list", "array"))
