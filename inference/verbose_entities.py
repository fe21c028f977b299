"""Verbose entity answers: records that carry their own metadata member, wrapped in a one-member result object.

OData's verbose JSON (version 1 and 2, as SAP Gateway, SharePoint's ``_api`` with ``odata=verbose`` and Dynamics
CRM's 2011 endpoint answer) wraps every answer in one member, ``{"d": ...}``: one entity, a list of them, or
``{"results": [...], "__count": "3", "__next": "..."}``. Every entity carries ``__metadata {uri, type, ...}``, its
address and declared type; every complex value ``__metadata {type}``; a navigation property not expanded is a link
``{"__deferred": {"uri"}}``, an expanded one the related entity inline (one object, or ``{"results": [...]}``).

Such an answer is read as the compact form says the same thing (``{"@odata.context": "...#Set", "value": [...]}``,
an entity with ``"@odata.context": "...#Set/$entity"``): the wrapper is no record; the entity set that every record's
own address names (``.../Employees('1')``) is their table, whatever the address that served them; the metadata and
deferred links are protocol, not data; an expanded list is the list of its entities, its counters dropped.
"""

from __future__ import annotations

import re
from typing import Any

_META = "__metadata"
_DEFERRED = "__deferred"
_PAGE = frozenset({"results", "__count", "__next", "__delta"})
_MAX_DEPTH = 32
#: The entity set an entity's own address names: the last segment before its key in parentheses.
_SET = re.compile(r"([A-Za-z_][\w.]*)\([^()/]*\)/?$")


def _meta(obj: Any) -> dict[str, Any] | None:
    meta = obj.get(_META) if isinstance(obj, dict) else None
    return meta if isinstance(meta, dict) and (isinstance(meta.get("type"), str) or isinstance(meta.get("uri"), str)) \
        else None


def _page(obj: Any) -> list[Any] | None:
    """The entities of ``{"results": [...]}`` (with its counters beside), or None."""
    if not isinstance(obj, dict) or not isinstance(rows := obj.get("results"), list) or not obj.keys() <= _PAGE:
        return None
    return rows if all(_meta(r) is not None for r in rows) else None


def _entity_set(records: list[Any]) -> str | None:
    """The one entity set the records' own addresses name, or None."""
    sets = set()
    for record in records:
        meta = _meta(record)
        uri = meta.get("uri") if meta is not None else None
        match = _SET.search(uri) if isinstance(uri, str) else None
        if match is None:
            return None
        sets.add(match.group(1).rpartition(".")[2])
    return sets.pop() if len(sets) == 1 else None


def verbose_answer(body: Any) -> Any:
    """The answer in the compact form when it is a verbose one (see the module); any other body as it is."""
    if not isinstance(body, dict) or len(body) != 1:
        return body
    (inner,) = body.values()
    rows = _page(inner)
    if rows is None and isinstance(inner, list) and inner and all(_meta(r) is not None for r in inner):
        rows = inner
    if rows is not None:
        out: dict[str, Any] = {"value": [_plain(r, 0) for r in rows]}
        if rows and (name := _entity_set(rows)) is not None:
            out = {"@odata.context": f"$metadata#{name}", **out}
        return out
    if _meta(inner) is None:
        return body
    plain = _plain(inner, 0)
    name = _entity_set([inner])
    return {"@odata.context": f"$metadata#{name}/$entity", **plain} if name is not None else plain


def _plain(obj: Any, depth: int) -> Any:
    """An entity or complex value without its metadata and deferred links, its expanded lists as lists."""
    if depth > _MAX_DEPTH:
        return obj
    if isinstance(obj, list):
        return [_plain(v, depth + 1) for v in obj]
    if not isinstance(obj, dict):
        return obj
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == _META and _meta(obj) is not None:
            continue
        if isinstance(value, dict) and value.keys() == {_DEFERRED}:
            continue  # a navigation property not expanded: a link, no data
        rows = _page(value)
        out[_named_by(obj, key, value)] = [_plain(r, depth + 1) for r in rows] if rows is not None \
            else _plain(value, depth + 1)
    return out


def _named_by(holder: dict[str, Any], key: str, value: Any) -> str:
    """The name an expanded entity is read under: the reference the holder already holds to it (``RoomId`` beside
    ``ne_Room: {"Id": "1", ...}``, the same value: ``Room``, so that both make one ``room_id``), else its own."""
    if _meta(value) is None:
        return key
    named = {k[: -len(p)] for p, v in value.items() if isinstance(v, str | int) and not isinstance(v, bool)
             for k, h in holder.items() if len(k) > len(p) and k.endswith(p) and h == v and k[-len(p) - 1] != "_"
             and k[: -len(p)].lower() in key.lower()}
    taken = {k for k, v in holder.items() if not (isinstance(v, dict) and v.keys() == {_DEFERRED})}
    return named.pop() if len(named) == 1 and not named & taken else key
