"""One list name answered by two routes, serving two collections.

An API may list different records under one name of its own at different addresses: ``POST /v2/sleep`` and
``POST /v2/activity`` both answer ``{"series": [...]}``, the nights of sleep at one, the workouts at the other. When
the name is none of the routes' words, no record is read at two routes, and the records of each route hold fields
the others' never hold (two at least), the name is the answer's, not a collection's: the records are one table per
route (``sleep_series``, ``activity_series``). Records read at two routes, or a name the routes spell, or records
differing by a field or none (a list and its detail read), stay one table. Pure: drafts in, drafts out.
"""

from __future__ import annotations

from collections import defaultdict

from inference.drafts import Draft, Row, key_text
from inference.endpoints import collection_segments, parse_route
from inference.entities import Collector
from inference.identity import ID_KEYS
from inference.naming import plural, singular, snake
from inference.parent_split import part_of

#: Fields the records of each route hold and the other routes' never do, for the routes to serve two collections.
_OWN_FIELDS = 2


def split_by_route(collector: Collector) -> None:
    drafts = collector.drafts
    owners = {id(p.owner) for g in collector.arrays.groups.values() for p in g}
    owners |= {id(p.owner) for g in collector.objects.groups.values() for p in g}
    for draft in list(drafts.values()):
        if draft.kind != "entity" or len(draft.endpoints) < 2 or id(draft) in owners or draft.parent:
            continue
        groups = _by_route(draft)
        if groups is None:
            continue
        names = {route: f"{word}_{draft.name}" for route, word in groups[1].items()}
        if len(set(names.values())) < len(names) or any(name in drafts for name in names.values()):
            continue
        del drafts[draft.name]
        for route, rows in groups[0].items():
            part = part_of(draft, names[route], rows)
            drafts[part.name] = part


def _by_route(draft: Draft) -> tuple[dict[str, list[Row]], dict[str, str]] | None:
    """The rows by the route that answered them, and each route's last word, when the draft is one collection per
    route (see the module docstring)."""
    words: dict[str, str] = {}
    for endpoint in draft.endpoints:  # the routes' words first: most lists are named as their route
        method, _, path = endpoint.partition(" ")
        literals = [snake(seg) for _i, seg in collection_segments(parse_route(method, path))]
        if not literals or any(plural(singular(w)) == draft.name or w == draft.name for w in literals):
            return None
        words[endpoint] = singular(literals[-1])
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in draft.rows:
        groups[row.endpoint].append(row)
    if len(groups) < 2 or not groups.keys() <= words.keys():
        return None
    key = next((k for k in ID_KEYS if all(key_text(r.values.get(k)) for r in draft.rows)), None)
    if key is not None:
        seen: dict[str, str] = {}
        for endpoint, rows in groups.items():
            if any(seen.setdefault(key_text(r.values[key]), endpoint) != endpoint for r in rows):
                return None  # one record read at two routes: one collection
    held = {e: {c for r in rows for c, v in r.values.items() if v is not None and not c.startswith("__")}
            for e, rows in groups.items()}
    for endpoint, columns in held.items():
        others = set().union(*(c for e, c in held.items() if e != endpoint))
        if len(columns - others) < _OWN_FIELDS:
            return None
    return groups, words
