"""Lists answered at one item's address: the records of the item, not the item.

``GET /stations`` lists the stations; ``GET /stations/{id}`` usually reads one of them (alone or in a list of one),
but some APIs answer there a list of records of that station (its readings, its history), none of which holds the
address's value. Such a list is a collection beneath the item (``/stations/{id}/station_records``): its records are
rows of a table of their own referencing the item by the path's value, not rows of the item's table. A list that
holds the value (a detail in a list, the items an address of several keys names) stays what it was.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from inference.drafts import key_text
from inference.endpoints import Route
from inference.grant_lists import grant_route
from inference.identity import shared_key_segments
from inference.naming import is_plural, singular, snake

#: separators of an address naming several keys at once (``/items/1,2,3``)
_SEVERAL = (",", ";", "|", " ")


def listed_route(route: Route, records: list[dict[str, Any]]) -> Route:
    """The route of a list answer's records: :func:`inference.identity.shared_key_segments`, then, at one item's
    address of a plural collection (``/stations/AB:01``) answering two records or more none of which holds the
    address's value in a field, that route and a last word naming the item's records (``station_records``); a grant
    list's, the association it names (see :mod:`inference.grant_lists`)."""
    route = grant_route(shared_key_segments(route, records), records)
    segs, vals = route.segments, route.values
    if route.method != "GET" or len(segs) < 2 or len(records) < 2 or (value := vals[-1]) is None:
        return route
    collection = snake(segs[-2]) if not segs[-2].startswith("{") else ""
    if not collection or not is_plural(collection) or any(s in value for s in _SEVERAL):
        return route
    values = {value, unquote(value)}
    if any(key_text(v) in values for record in records for v in record.values() if not isinstance(v, dict | list)):
        return route
    return Route(route.method, route.host, (*segs, f"{singular(collection)}_records"), (*vals, None))
