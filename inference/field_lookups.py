"""Reads by a named field: ``/contacts/v1/contact/vid/{vid}/profile``, ``/users/email/{email}``, ``/items/by-sku/{sku}``.

A literal naming one of the record's own fields before the value looked up (``vid/{vid}``, ``email/{email}``; a
``by-`` before it as well) addresses the record of the collection named before that literal by that field, and a
singular word after the value names a representation of that record (its ``profile``), no table of its own: when
the one record answered holds the value looked up under that field, it is a row of that collection.
"""

from __future__ import annotations

from typing import Any

from inference.drafts import key_text
from inference.endpoints import Route
from inference.naming import is_plural, plural, snake


def lookup_collection(route: Route, record: dict[str, Any]) -> str | None:
    """The collection a record read by a named field is a row of (see the module), or None."""
    segs, vals = route.segments, route.values
    at = next((i for i in range(len(segs) - 1, 1, -1) if segs[i].startswith("{")), None)
    if at is None or len(segs) - at > 2 or segs[at - 1].startswith("{") or segs[at - 2].startswith("{"):
        return None
    if at + 1 < len(segs) and (segs[at + 1].startswith("{") or is_plural(snake(segs[at + 1]))):
        return None  # a collection under the record, not a representation of it
    value, field = vals[at], snake(segs[at - 1]).removeprefix("by_")
    if value is None or field in ("id", "") or not any(snake(k) == field and key_text(v) == value
                                                     for k, v in record.items()):
        return None
    return plural(snake(segs[at - 2]))
