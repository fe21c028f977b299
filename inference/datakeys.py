"""Keys that are data: objects keyed by dates, ids or names of things rather than by field names.

``{"2017-12-18 14:56:00": {...}, "2017-12-18 14:55:00": {...}}`` is a map of rows keyed by their
timestamp; ``{"app.flow.id": "…"}`` is a map of labels; ``{"1. open": "86.49", "Meta Data": …}``
has field names (labels with numbers and spaces are still names).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Object keys that are data, not field names: numbers, dates and times, UUIDs and hashes, paths,
#: media types and URLs, and dotted namespaced names (``app.flow.id``, ``example.io/name``).
_DATA_KEY = re.compile(
    r"^[+-]?\d+([.,]\d+)?$"
    r"|^\d{4}-\d{1,2}(-\d{1,2})?([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
    r"|^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$|^[0-9a-f]{16,}$"
    r"|[/:]|^[\w-]+(\.[\w-]+)+$|^\s|\s$|[\x00-\x1f\"'`{}<>\\]"
    r"|^(additionalProp|property)\d+$",  # the placeholder keys OpenAPI example generators give a map's entries
    re.I,
)
_HOSTILE = re.compile(r"^\s|\s$|^$|[\x00-\x1f\"'`{}<>\\]")
#: Labels are field names too: ``Meta Data``, ``1. open``, ``3. market cap (USD)``.
_FIELD_NAME = re.compile(r"^[\w$@#%.() &+-]+$")
_DATETIME_KEY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}")
_DATE_KEY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")


@lru_cache(maxsize=1 << 16)
def is_data_key(key: Any) -> bool:
    """A key that is a value (a date, an id, a path, a dotted name), not a field name. A dot between digits in a
    name with letters is a decimal in a measure's name (``pm2.5``, ``0.3_um_count``), no namespace's separator."""
    if not isinstance(key, str) or not any(c.isalpha() for c in key):
        return True
    named = _DECIMAL.sub("_", key) if "." in key else key
    return not _FIELD_NAME.match(key) or _DATA_KEY.search(named) is not None


def is_hostile_key(key: Any) -> bool:
    """A key no field is named by: not text, blank at an end, or holding quotes, braces or controls."""
    return not isinstance(key, str) or _HOSTILE.search(key) is not None


def data_keyed(obj: dict[str, Any]) -> bool:
    """Every key of the (non-empty) object is data."""
    return bool(obj) and all(map(is_data_key, obj))


def map_key_column(keys: list[str]) -> str:
    """The column that holds a map's keys in the rows made of it: ``timestamp``, ``date`` or ``key``."""
    if all(_DATETIME_KEY.match(k) for k in keys):
        return "timestamp"
    if all(_DATE_KEY.match(k) for k in keys):
        return "date"
    return "key"


def map_rows(obj: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The rows of a map keyed by data whose values are records with field names (each with its
    key, under ``map_key_column``, unless a field already holds it), or None for any other map."""
    if not data_keyed(obj) or not all(isinstance(v, dict) and v for v in obj.values()):
        return None
    values: list[dict[str, Any]] = list(obj.values())
    union = {k for v in values for k in v}
    if any(is_data_key(k) for k in union) or any(len(v) < 0.5 * len(union) for v in values):
        return None
    column = map_key_column(list(obj))
    rows = []
    for key, value in obj.items():
        held = any(isinstance(v, str | int) and str(v) == key for v in value.values())
        rows.append(value if held or column in value else {column: key, **value})
    return rows
