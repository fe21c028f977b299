"""Typed resource lists: an answer whose every object names its own type in one tag field.

FHIR's search Bundle (``{"resourceType": "Bundle", "type": "searchset", "total": 3, "entry": [{"fullUrl",
"resource": {"resourceType": "Observation", ...}, "search": {...}}]}``), a Google API's list response
(``{"kind": "x#itemListResponse", "items": [{"kind": "x#item", ...}]}``) and other self-describing APIs tag the
container and its records with the same field. The container's tag differs from its records': its fields (an
id, a ``meta``, a ``type``, a ``total``) are about the answer, not data. The records are the list's items, or
the one tagged object each item wraps under a generic name beside the entry's own scalars. Records of one list
tagged differently (a search's matches and the resources it ``_include``s) are one table per tag.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from inference.identity import TAG_NAMES, is_link_list
from inference.naming import is_plural, plural, snake
from inference.records import Unwrapped, is_generic
from inference.typed_things import typed_things


def _tag_field(key: str, value: Any) -> bool:
    name = snake(key)
    return isinstance(value, str) and bool(value) and (name in TAG_NAMES or name.endswith("_type"))


def _records(items: list[Any], tag: str) -> tuple[list[dict[str, Any]], str] | None:
    """The tagged records of a list and the path below the list: the items themselves when each holds the
    tag, or the one object each item wraps under a generic name (``resource``, ``node``) beside scalars and
    objects of scalars (the entry's address and search score)."""
    if all(isinstance(i, dict) and isinstance(i.get(tag), str) for i in items):
        return items, "[]"
    inner: str | None = None
    records: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            return None
        wrapped = [k for k, v in item.items() if isinstance(v, dict) and isinstance(v.get(tag), str)]
        if len(wrapped) != 1 or not is_generic(wrapped[0]) or inner not in (None, wrapped[0]):
            return None
        inner = wrapped[0]
        if any(isinstance(v, list) or isinstance(v, dict) and any(isinstance(x, dict | list) for x in v.values())
               for k, v in item.items() if k != inner):
            return None
        records.append(item[inner])
    return (records, f"[].{inner}") if inner is not None else None


def typed_list(body: Any, route: tuple[str, ...] = (), url: str = "") -> list[Unwrapped] | None:
    """The records of a container tagged apart from its records (see the module), listed under a generic name
    (``entry``, ``items``), one group per tag of theirs, or the records of typed-record wrappers (see
    :mod:`inference.typed_things`); None when the body is neither."""
    if (things := typed_things(body)) is not None:
        return things
    if not isinstance(body, dict):
        return None
    lists = [k for k, v in body.items() if isinstance(v, list) and v and not is_link_list(v)
             and all(isinstance(x, dict) for x in v)]
    generic = [k for k in lists if is_generic(k)]
    if len(generic) == 1 and not any(_tag_field(k, v) for k, v in body.items()):
        return _mixed_page(body, generic[0], route, url)
    if len(lists) != 1 or not is_generic(lists[0]):
        return None  # a record's own list of other records (``children``) is no envelope's
    key = lists[0]
    for tag, own in body.items():
        if not _tag_field(tag, own):
            continue
        found = _records(body[key], tag)
        if found is None:
            continue
        records, below = found
        if any(r[tag] == own for r in records):
            return None  # a record typed as its container: the body is a record with a list of its own
        by_tag: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            by_tag.setdefault(record[tag], []).append(record)
        path = f"$.{key}{below}"
        if len(by_tag) == 1:
            return [Unwrapped(records, None if is_generic(key) else key, path, True)]
        return [Unwrapped(rows, _type_name(kind), path, True) for kind, rows in by_tag.items()]
    return None


def _mixed_page(body: dict[str, Any], key: str, route: tuple[str, ...], url: str) -> list[Unwrapped] | None:
    """``{"total_count", "entries": [{"type": "folder", "id", …}, {"type": "file", "id", …}], "offset", "limit"}``: a
    page (an untagged container beside counts and offsets) listing records of several kinds, each tagged with its
    type beside its own id, holds records of one table per tag (``folders``, ``files``), not a table of entries, when
    the route names one of those kinds (``/folders/0/items``): tags of kinds no route names (a board's ``scrum``,
    ``kanban``) are values of a field."""
    items = body[key]
    address = _query_address(route, url)
    if any(isinstance(v, dict) and (not address or any(isinstance(x, dict | list) for x in v.values()))
           for v in body.values()):
        return None
    tag = next((t for t in TAG_NAMES if all(isinstance(i.get(t), str) and i[t] for i in items)), None)
    if tag is None or not all(isinstance(i.get("id"), str | int) and not isinstance(i.get("id"), bool) for i in items):
        return None
    by_tag: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_tag.setdefault(item[tag], []).append(item)
    words = {snake(seg) for seg in route}
    if not (address and all(_type_name(kind).isalpha() for kind in by_tag)) \
            and (len(by_tag) < 2 or not any(plural(snake(_type_name(kind))) in words for kind in by_tag)):
        return None
    if address:  # the tag names the table: a column of one value no more; the id is the record's
        return [Unwrapped([{k: v for k, v in r.items() if k != tag} for r in rows], _type_name(kind), f"$.{key}[]",
                          True, header_keys=("id",)) for kind, rows in by_tag.items()]
    return [Unwrapped(rows, _type_name(kind), f"$.{key}[]", True) for kind, rows in by_tag.items()]


def _query_address(route: tuple[str, ...], url: str) -> bool:
    """``/api/interpreter?data=[out:json];node(1,2,3,4);out;``: an address named by a singular word, no collection's
    name, taking a query written in a query language (statements and calls: ``;`` and parentheses) in one of its
    parameters: its answer's page of records of several kinds, each tagged with its type beside its own id,
    holds records of one table per tag, whichever kinds one answer holds (the tags name the tables, not the address).
    The answer's other objects of scalars (the server's ``{timestamp, copyright}``) are about the answer."""
    if not route or route[-1].startswith("{"):
        return False
    last = snake(route[-1])
    if not last.isalpha() or is_plural(last) or plural(last) == last:
        return False
    return any(";" in v and "(" in v and ")" in v for vs in parse_qs(urlsplit(url).query).values() for v in vs)


def _type_name(tag: str) -> str:
    """The entity a type tag names: its last part (``youtube#video`` -> ``video``, ``Medication`` itself)."""
    for sep in ("#", "/", ":"):
        tag = tag.rpartition(sep)[2]
    return tag


def typed_reference(obj: dict[str, Any]) -> tuple[str, str, str] | None:
    """``{"kind": "x#video", "videoId": "v1"}``: a type tag and the one key named after the type it tags, a
    reference to that type's record (Google APIs' ``resourceId``): the key's field, the tag's and the table the
    tag names. None for any other object."""
    if len(obj) != 2:
        return None
    tags = [k for k, v in obj.items() if snake(k) in TAG_NAMES and isinstance(v, str) and v]
    if len(tags) != 1:
        return None
    (key,) = (k for k in obj if k != tags[0])
    value = obj[key]
    kind = snake(_type_name(obj[tags[0]]))
    if not kind or snake(key) != f"{kind}_id" or not isinstance(value, str | int) or isinstance(value, bool):
        return None
    return key, tags[0], plural(kind)
