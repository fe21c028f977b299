"""Search pages: a list of records beside a counter and an echo of the search that found them.

``{"items": [...], "search_criteria": {"filter_groups": [...]}, "total_count": 3}`` answers a search with its
records, how many match, and the criteria as the request gave them; whatever the siblings are named, the list is
the data and the rest describes the answer.
"""

from __future__ import annotations

from typing import Any

_COUNTERS = ("count", "total")


def _norm(key: str) -> str:
    return key.lower().replace("-", "_")


def leaves(value: Any) -> list[tuple[str, Any]]:
    """The (key, scalar) pairs of a JSON value at any depth."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in ([(k, v)] if not isinstance(v, dict | list) else leaves(v))]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return []


def counted(body: dict[str, Any], list_key: str) -> bool:
    """A list beside an integer counter (``total_count``, ``totalRecords``, ``count``): a page of a search."""
    return any(k != list_key and isinstance(v, int) and not isinstance(v, bool)
               and any(word in _norm(k) for word in _COUNTERS) for k, v in body.items())


def _identifier(key: str) -> bool:
    k = _norm(key)
    return k in ("id", "uuid", "_id") or k.endswith(("_id", "id"))


def query_echo(value: Any, items: list[dict[str, Any]]) -> bool:
    """An object beside a counted list that echoes the search (``{"filter_groups": [{"filters": [{"field": "sku",
    "value": "a1", "condition_type": "eq"}]}]}``, ``{"sort": [{"property": "name"}]}``): it holds no identifier at
    any depth and names a field of the records among its values; the query, not a record."""
    if not isinstance(value, dict) or not value:
        return False
    pairs = leaves(value)
    if any(_identifier(k) for k, _ in pairs):
        return False
    fields = {k for item in items for k in item}
    return any(isinstance(v, str) and v in fields for _, v in pairs)
