"""Records: unwrap API envelopes into the list of objects that are the data.

``[...]`` is the data itself. ``{"data": [...]}``, ``{"products": [...], "total", "skip", "limit"}``,
``{"count", "next", "previous", "results": [...]}`` and ``{"data": {"users": [...]}}`` carry their
records in one list beside pagination metadata; the metadata is not data. A lone object is one
record, unless it is only a wrapper (``{"data": {...}}``) or a map of counters (an inventory).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from inference.answer_stamps import answer_stamp, collection_tag, route_list
from inference.datakeys import data_keyed, map_rows
from inference.described_lists import described_list
from inference.geometries import is_geometry
from inference.identity import ID_KEYS, is_link_list
from inference.naming import plural, singular, snake
from inference.page_summaries import summary
from inference.search_pages import counted, query_echo

_GENERIC = {
    "data", "results", "result", "items", "records", "rows", "list", "content", "hits", "value",
    "values", "objects", "entries", "nodes", "edges", "payload", "response", "body", "docs",
    "documents", "collection", "elements", "resources", "page", "embedded", "_embedded",
    "chunk",  # a page of a list answered with its own tokens (``{"chunk": [...], "next_batch"}``)
}
_META = {
    "total", "total_count", "totalcount", "count", "skip", "limit", "offset", "page", "pages",
    "per_page", "perpage", "page_size", "pagesize", "total_pages", "totalpages", "next", "previous",
    "prev", "first", "last", "links", "_links", "meta", "pagination", "paging", "cursor",
    "next_cursor", "nextcursor", "has_more", "hasmore", "has_next", "status", "success", "ok",
    "message", "errors", "error", "warnings", "took", "timed_out", "page_info", "pageinfo", "current_page",
    "currentpage", "from", "to", "size", "number", "sort", "query", "version", "code",
    "object", "kind", "_class", "url", "uri", "href", "self", "jsonapi",  # a list's type tag, address (``"object": "list"``)
    "servertime", "timeserver", "exectime", "timeexec", "executiontime", "processingtime",  # the answer's own timing
}


@dataclass
class Unwrapped:
    records: list[dict[str, Any]]
    key: str | None  # the envelope key that held the records, when it names them
    path: str  # JSON path of the records, e.g. "$.products[]"
    many: bool  # a collection (list) rather than one object
    side: bool = False  # records served beside the requested ones (a compound document's "included")
    document: bool = False  # a header of fields beside maps of rows keyed by data (one per answer)
    filters: tuple[tuple[str, str, frozenset[str]], ...] = ()  # ``?<parent>_id=V``: (parent, V, the fields holding V)
    keys_only: bool = False  # the collection's keys listed bare at its address (``{"groups": ["a", "b"]}``)
    key_fields: tuple[str, ...] = ()  # the key attributes the request named (see :func:`inference.rpc.request_keys`)
    json_fields: frozenset[str] = frozenset()  # fields a declared projection serves as JSON values (``select=*``)
    header_keys: tuple[str, ...] = ()  # the id a record declares beside its type tag (one record read at moments)
    asked: frozenset[str] = frozenset()  # the fields the request named, every record holding only those


@lru_cache(maxsize=1 << 14)
def _norm(key: str) -> str:
    return key.lower().replace("-", "_")


def is_generic(key: str) -> bool:
    """A generic name of a list or of what it holds (``items``, ``entry``, ``resource``, ``node``): no entity's."""
    k = _norm(key)
    return k in _GENERIC or plural(k) in _GENERIC


def _is_meta(key: str, value: Any) -> bool:
    return _meta_name(key)


@lru_cache(maxsize=1 << 14)
def _meta_name(key: str) -> bool:
    k = _norm(key)
    return k in _META or k.replace("_", "") in _META or k.startswith(("total", "page", "next", "prev"))


_COUNTER_WORDS = ("count", "total", "cursor", "more", "page", "offset", "limit")
# the answer's own ids and clock, not a record's: ``request_id``, ``traceId``; ``updatetime``, ``timezone``
_ANSWER_IDS = frozenset({"requestid", "traceid", "correlationid"})
_ANSWER_CLOCK = frozenset({"updatetime", "lastupdate", "lastupdated", "lastupdatetime", "timezone"})
_PAGE_BOUNDS = frozenset({"start", "end", "start_index", "end_index"})
_META_WORDS = ("facet", "aggregation", "filter", "sort", "stats", "summary", "params", "query", "timing", "debug")


def _beside_list(key: str, value: Any, list_key: str) -> bool:
    """Metadata beside a page's list whatever its name: a counter or cursor (``ordersCount``,
    ``nextPageToken``); beside a generically named list (``rows``, ``items``) any scalar or list of
    scalars (``"incomplete_results": false``, ``"primary_keys": ["id"]``) and facet or query objects.
    Never an id, which makes the object a record."""
    k, lk = _norm(key), _norm(list_key)
    if (bare := k.replace("_", "")) in _ANSWER_IDS or bare in _ANSWER_CLOCK and not isinstance(value, dict | list):
        return True  # the answer's own id (``request_id``) or clock (``updatetime``, ``timezone``), not a record's
    if k in ("id", "uuid", "_id") or k.endswith(("_id", "id")) and k != "id":
        return False
    if isinstance(value, dict):  # facets, aggregations, the query echoed back; paging metadata objects
        if not value or k.endswith("metadata") or all(_is_meta(sk, sv) and not isinstance(sv, dict | list)
                                                      for sk, sv in value.items()):
            return True  # ``"user": {}`` beside a typed list, ``"response_metadata": {"next_cursor": ""}``
        if lk in _GENERIC and all(not isinstance(sv, dict | list) and not _norm(sk).endswith("id")
                                  for sk, sv in value.items()):
            return True  # the list's own type tag (``"sys": {"type": "Array"}``) beside generic items
        return lk in _GENERIC and any(word in k for word in _META_WORDS) or summary(key, value)
    if isinstance(value, list):  # the columns or key names of the page (``"primary_keys": ["id"]``)
        return lk in _GENERIC and not any(isinstance(v, dict | list) for v in value)
    if k.startswith(lk) or any(word in k for word in _COUNTER_WORDS):
        return True
    if k in _PAGE_BOUNDS and isinstance(value, int) and not isinstance(value, bool):
        return True  # the page's first and last positions (``{"start": 0, "end": 49, "calls": [...]}``)
    return lk in _GENERIC


def _scope(key: str, value: Any, items: list[dict[str, Any]]) -> bool:
    """An object beside a list that every item holds under the same name with the same value (``{"owner": {"id":
    "c1"}, "tokens": [{"id": "t1", "owner": {"id": "c1"}}, ...]}``): the parent the list was filtered by, which
    the items already name; not a record of its own."""
    return isinstance(value, dict) and bool(value) and all(item.get(key) == value for item in items)


def is_annotation(key: str) -> bool:
    """An instance annotation (``@odata.context``, ``Trips@odata.nextLink``, ``@Core.Messages``): control
    information about the answer or a property, spelt ``[property]@namespace.term``; not data."""
    term = key.rpartition("@")[2]
    return "@" in key and "." in term and " " not in term


_CONTEXT_SET = re.compile(r"([A-Za-z_]\w*)(/\$entity)?")


def context_entity_set(body: Any) -> str | None:
    """The entity set an answer's context URL names (``.../$metadata#Airports/$entity``,
    ``...#People``): the table of its records, whatever the address that served them (a function,
    a singleton's navigation)."""
    context = body.get("@odata.context") if isinstance(body, dict) else None
    if not isinstance(context, str) or "#" not in context:
        return None
    match = _CONTEXT_SET.fullmatch(context.rpartition("#")[2])
    return match.group(1) if match else None


_SIDE_KEYS = frozenset({"includes", "included", "linked", "sideloaded", "sideloads"})


def _is_side_loaded(key: str, value: Any) -> bool:
    return _norm(key) in _SIDE_KEYS and isinstance(value, dict) and bool(value) and all(
        isinstance(rows, list) and _all_dicts(rows) for rows in value.values())


def side_loaded(body: Any) -> list[Unwrapped]:
    """Records served beside the requested ones, grouped by their type under an ``includes``-like key
    (``{"items": [...], "includes": {"Asset": [...], "Entry": [...]}}``): one group per type; or named lists
    beside a list page (``{"users": [...], "topic_list": {"topics": [...]}}``): one group per list."""
    if not isinstance(body, dict):
        return []
    if _paged_with_side_lists(body) is not None:
        return [Unwrapped(rows, key, f"$.{key}[]", True, side=True)
                for key, rows in body.items() if isinstance(rows, list) and rows and _all_dicts(rows)]
    return [Unwrapped(rows, kind, f"$.{key}.{kind}[]", True, side=True)
            for key, value in body.items() if _is_side_loaded(key, value)
            for kind, rows in value.items() if rows]


def list_page(key: str, value: Any) -> str | None:
    """``"topic_list": {"can_create_topic": false, "draft_key": "new_topic", "topics": [...]}``: an object named
    ``<x>_list`` holding the list of ``<x>`` records beside scalars (the page's state): the list's key."""
    if not isinstance(value, dict) or not snake(key).endswith("_list"):
        return None
    lists: list[str] = [k for k, v in value.items() if isinstance(v, list) and v and _all_dicts(v)]
    if len(lists) != 1 or singular(snake(lists[0])) != snake(key)[:-5]:
        return None
    if any(isinstance(v, dict) or isinstance(v, list) and k != lists[0] and any(isinstance(x, dict | list) for x in v)
           for k, v in value.items()):
        return None  # an object beside the list: not only the page's state
    return lists[0]


def _paged_with_side_lists(body: dict[str, Any]) -> str | None:
    """The key of the one list page (``topic_list``) of a body that holds it beside named lists of records
    served with it (``users``, the records its rows name) and nothing else but metadata."""
    pages = [k for k, v in body.items() if list_page(k, v) is not None]
    sides = [k for k, v in body.items() if isinstance(v, list) and v and _all_dicts(v)]
    rest = [k for k in body if k not in pages and k not in sides]
    if len(pages) != 1 or not sides or not all(_is_meta(k, body[k]) for k in rest):
        return None
    return pages[0]


def _named_by_route(key: str, body: dict[str, Any], collection: str | None) -> bool:
    """A list named as the route's collection (``{"Id": "…", "Status": "OK", "Invoices": [...]}`` at ``/Invoices`` or
    ``/Invoices/{id}``) beside nothing but scalars and metadata objects: the route's records, the scalars facts of the
    answer (its own id, status, provider, time), not a record holding a child list."""
    if collection is None or snake(key) != snake(collection):
        return False
    return all(not isinstance(v, list) and (not isinstance(v, dict) or _is_meta(k, v)) for k, v in body.items()
               if k != key)


def unwrap(body: Any, path: str = "$", depth: int = 0, collection: str | None = None,
           literals: tuple[str, ...] = ()) -> Unwrapped | None:
    """The records in a response body, or None when it holds no objects; ``collection`` is the last literal segment
    of the route that served it, before any format words ending it (``computer`` of ``/computer/api/json``)."""
    while collection is not None and collection.lower() in _FORMAT_TAIL and len(literals) > 1:
        literals = literals[:-1]
        collection = literals[-1]
    if depth == 0 and _only_geometry(body):
        return None  # a shape served at its own address: a value of its record, no record
    if depth == 0 and isinstance(body, dict) and any(_is_side_loaded(k, v) for k, v in body.items()):
        body = {k: v for k, v in body.items() if not _is_side_loaded(k, v)}
    if depth == 0 and isinstance(body, dict) and any(_answer_limits(k, v, body) for k, v in body.items()):
        body = {k: v for k, v in body.items() if not _answer_limits(k, v, body)}
    page = next((k for k, v in body.items() if list_page(k, v)), None) if isinstance(body, dict) else None
    if page is not None and (depth == 0 and _paged_with_side_lists(body) == page or len(body) == 1):
        listed = list_page(page, body[page])
        assert listed is not None
        return Unwrapped(body[page][listed], listed, f"{path}.{page}.{listed}[]", True)
    if isinstance(body, dict) and any(isinstance(v, list) and is_link_list(v) for v in body.values()):
        body = {k: v for k, v in body.items() if not is_link_list(v)}  # navigation links ([{"rel", "href"}])
    if isinstance(body, dict) and any("@" in k for k in body):
        body = {k: v for k, v in body.items() if not is_annotation(k)}
    if isinstance(body, dict) and len(body) == 1:
        (only, value), = body.items()
        if _norm(only) in _GENERIC and not isinstance(value, dict | list):
            return None  # one property's value ({"value": "San Francisco"}) or a count: no record
    if isinstance(body, list):
        objs = list(body) if _all_dicts(body) else [x for x in body if isinstance(x, dict)]
        if not objs or len(objs) < len(body) / 2:
            return None
        return Unwrapped(objs, None, path + "[]", True)
    if not isinstance(body, dict) or not body or depth > 3:
        return None
    if len(body) == 1 and _matrix(next(iter(body.values()))):
        return None  # {"importances": [[...], [...]]}: a computed matrix, not records
    rows = map_rows(body)
    if rows is not None:  # {"2024-01-02": {...}, ...}: rows keyed by data
        return Unwrapped(rows, None, path + ".*", True)
    if data_keyed(body):  # counters or lookups keyed by data: no records
        return None
    bundled = _bundle(body) if depth == 0 else None
    if bundled is not None:  # {"event": {...}, "events_before": [...], "state": [...], "start", "end"}
        return Unwrapped(bundled[1], bundled[0], f"{path}.*[]", True)
    series = _record_with_maps(body)
    if series is not None:
        return Unwrapped([series], None, path, False, document=True)
    lists = [(k, v) for k, v in body.items() if isinstance(v, list) and v and _all_dicts(v)]
    if depth == 0 and len(lists) == 2 and (described := described_list(lists)) is not None:
        return Unwrapped(described[1], described[0], f"{path}.{described[0]}[]", True)
    empty_lists = [k for k, v in body.items() if isinstance(v, list) and not v]
    list_keys = {k for k, _ in lists}
    others = [k for k in body if k not in list_keys]
    search = len(lists) == 1 and counted(body, lists[0][0])  # a search's page: its echoed query is no record
    if len(lists) == 1 and (depth == 0 and _named_by_route(lists[0][0], body, collection) or collection_tag(body) or all(
            _is_meta(k, body[k]) or _beside_list(k, body[k], lists[0][0]) or _scope(k, body[k], lists[0][1])
            or search and query_echo(body[k], lists[0][1]) for k in others)):
        key, value = lists[0]
        named = None if _norm(key) in _GENERIC or collection_tag(body) else key  # the route names a tagged one's
        nodes = edge_nodes(key, value)
        if nodes is not None:
            return Unwrapped(nodes, named, f"{path}.{key}[].node", True)
        return Unwrapped(value, named, f"{path}.{key}[]", True)
    if depth > 0 and len(lists) == 1 and route_list(body, lists[0][0], literals):  # beside the service's settings
        return Unwrapped(lists[0][1], lists[0][0], f"{path}.{lists[0][0]}[]", True)
    if not lists and empty_lists and all(_is_meta(k, body[k]) or k in empty_lists or len(empty_lists) == 1 and not
                                         isinstance(body[k], dict | list) and _beside_list(k, body[k], empty_lists[0])
                                         for k in body):
        return Unwrapped([], None, path, True)  # a page that came back empty, its counters (``start``) beside it
    # {"data": {...}} and similar single wrappers around the real payload.
    wrappers = [k for k, v in body.items() if isinstance(v, dict | list) and (_norm(k) in _GENERIC or _tagged(body, k))]
    if len(wrappers) > 1:  # {"_embedded": {...}, "page": {...}}: the page counters are metadata
        wrappers = [k for k in wrappers if not _is_meta(k, body[k])]
    if len(wrappers) == 1 and all(_is_meta(k, body[k]) or _tally(body[k]) or answer_stamp(k, body[k])
                                  or _payload_tag(k, wrappers[0]) for k in body if k != wrappers[0]):
        inner = unwrap(body[wrappers[0]], f"{path}.{wrappers[0]}", depth + 1, literals=literals)
        if inner is not None:
            return inner
    if depth > 0 and len(body) == 1:
        (key, value), = body.items()
        if isinstance(value, list | dict):
            inner = unwrap(value, f"{path}.{key}", depth + 1)
            if inner is not None and inner.key is None:
                inner.key = key
            return inner
    wrapped = _resource_wrapper(body, collection if depth == 0 else None)
    if wrapped is not None:  # {"order": {...}}: the key names the one record it holds
        inner = unwrap(body[wrapped], f"{path}.{wrapped}", depth + 1)
        if inner is not None and inner.key is None:
            inner.key = wrapped
        if inner is not None:
            return inner
    if looks_like_map(body):
        return None
    if depth == 0 and "id" in body and any(_norm(k).replace("_", "") in _ANSWER_IDS for k in body):
        # the answer's own id beside a record that has one (``{"id": "p1", ..., "request_id": "r9"}``)
        body = {k: v for k, v in body.items() if _norm(k).replace("_", "") not in _ANSWER_IDS}
    return Unwrapped([body], None, path, False)


def _only_geometry(body: Any) -> bool:
    """A GeoJSON geometry, alone or in wrappers of one member beside metadata (``{"data": {"route": {...}}}``)."""
    while isinstance(body, dict) and not is_geometry(body):
        members = [k for k in body if not _is_meta(k, body[k])]
        if len(members) != 1:
            return False
        body = body[members[0]]
    return isinstance(body, dict)  # the loop stops at a geometry or at no object


#: Words an API appends to a resource's address to ask for a format (``/computer/api/json``, ``/job/x/api/xml``).
_FORMAT_TAIL = frozenset({"api", "json", "xml"})

_OWN_KEY = re.compile(r"^([a-z][a-z0-9]*)_id$")


def _bundle(body: dict[str, Any]) -> tuple[str, list[dict[str, Any]]] | None:
    """An answer bundling records of one kind under several names beside page tokens only (an event with the
    events before and after it and the state at that point: ``{"event": {...}, "events_before": [...],
    "events_after": [...], "state": [...], "start": "t1", "end": "t2"}``): no record of its own but the records
    it holds, when they share most of their fields and a key naming their kind (``event_id``, distinct in every
    record; ``event`` names their table)."""
    groups: list[list[dict[str, Any]]] = []
    for key, value in body.items():
        if isinstance(value, dict) and value and not looks_like_map(value):
            groups.append([value])
        elif isinstance(value, list) and _all_dicts(value):
            groups.append(value)
        elif isinstance(value, dict | list) or not (_is_meta(key, value) or _norm(key) in _PAGE_BOUNDS):
            return None
    records = [r for group in groups for r in group]
    if sum(1 for group in groups if group) < 2 or len(records) < 3:
        return None
    common = set.intersection(*(set(r) for r in records))
    if any(len(common) < 0.6 * len(r) for r in records):
        return None
    for key in sorted(common):
        match = _OWN_KEY.match(snake(key))
        values = [r[key] for r in records]
        if match is None or any(v is None or isinstance(v, dict | list | bool) for v in values):
            continue
        if len({str(v) for v in values}) == len(values):
            return match.group(1), records
    return None


def edge_nodes(key: str, items: list[Any]) -> list[dict[str, Any]] | None:
    """A Relay connection's ``edges`` (``[{"cursor": "...", "node": {...}}]``): the nodes are the records,
    the cursors pagination metadata."""
    if _norm(key) != "edges" or not items:
        return None
    if not all(isinstance(e, dict) and isinstance(e.get("node"), dict) for e in items):
        return None
    return [e["node"] for e in items]


def page_items(obj: dict[str, Any], field: str | None = None) -> list[dict[str, Any]] | None:
    """A page of a list nested in a record (a GraphQL connection ``{totalCount, pageInfo, edges}``, a
    paging object ``{href, items, limit, next, offset, total}``): the one list of objects under a
    generic name, beside pagination metadata only; or, under the record's ``field``, the one list named as that field
    beside a type tag and pagination metadata (``"tags": {"type": "tag.list", "tags": [...]}``). The page stands
    for its items; None when ``obj`` is no such page."""
    lists = [k for k, v in obj.items() if isinstance(v, list)]
    if len(lists) != 1 or len(obj) < 2:
        return None
    key = lists[0]
    own = field is not None and _norm(key) == _norm(field)
    if _norm(key) not in _GENERIC and not own:
        return None
    if not all((_is_meta(k, v) or own and _type_tag(k, v)) and not isinstance(v, list)
               for k, v in obj.items() if k != key):
        return None
    items = obj[key]
    if items and not _all_dicts(items):
        return None
    nodes = edge_nodes(key, items)
    return nodes if nodes is not None else items


_VIEW_ROW = frozenset({"id", "key", "value", "doc"})


def view_documents(records: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The documents a view's rows stand for (``{"id", "key", "value", "doc"}``, a document store's index read at
    ``_all_docs`` or a view): each row's ``doc``, else its ``value`` when that is a document with its own ``_id``;
    rows without either name documents only. None when the records are no such rows."""
    if not records or not all("id" in r and "key" in r and r.keys() <= _VIEW_ROW for r in records):
        return None
    docs = []
    for row in records:
        doc, value = row.get("doc"), row.get("value")
        if isinstance(doc, dict):
            docs.append(doc)
        elif isinstance(value, dict) and "_id" in value:
            docs.append(value)
    return docs


def _type_tag(key: str, value: Any) -> bool:
    return _norm(key) in ("type", "object", "kind") and isinstance(value, str)


def _record_with_maps(body: dict[str, Any]) -> dict[str, Any] | None:
    """``{"Meta Data": {...}, "Time Series (1min)": {"2017-12-18 14:56:00": {...}, ...}}``: one object of
    fields beside maps of rows keyed by data is one record (the fields) with those maps as its
    nested rows."""
    if len(body) < 2 or not all(isinstance(v, dict) and v for v in body.values()):
        return None
    maps = [k for k, v in body.items() if map_rows(v) is not None]
    plain = [k for k in body if k not in maps]
    if not maps or len(plain) != 1:
        return None
    fields = body[plain[0]]
    if data_keyed(fields) or not any(not isinstance(v, dict | list) for v in fields.values()):
        return None
    return {**fields, **{k: body[k] for k in maps if k not in fields}}


#: What a scalar beside an answer's payload, named after it, tells of it (``message-type``, ``message-version``).
_PAYLOAD_TAGS = ("type", "version", "kind", "format", "schema")


def _payload_tag(key: str, payload: str) -> bool:
    """``message-type`` beside ``message``: the payload's type, version or format, named after the payload."""
    return any(_norm(key) == f"{_norm(payload)}_{tag}" for tag in _PAYLOAD_TAGS)


def _tagged(body: dict[str, Any], key: str) -> bool:
    """``{"status": "ok", "message-type": "work", "message-version": "1.0", "message": {...}}``: the one object of
    an answer whose other members are scalars, some naming its type or version after it, is the answer's payload
    (a record, or a page of records), unwrapped as ``data`` is: its name is the envelope's, not a collection's."""
    return isinstance(body[key], dict) and any(_payload_tag(k, key) for k in body) and all(
        k == key or not isinstance(v, dict | list) for k, v in body.items())


def _resource_wrapper(body: dict[str, Any], collection: str | None = None) -> str | None:
    """The key of a one-key resource wrapper (``{"order": {...}}``, with at most metadata beside it, or any scalars
    when it names one of the route's collection: the answer's stamps): the only object member, itself a record."""
    objects = [k for k, v in body.items() if isinstance(v, dict) and v]
    if len(objects) != 1 or _norm(objects[0]) in _GENERIC:
        return None
    key = objects[0]
    named = collection is not None and singular(snake(key)) == singular(snake(collection)) != snake(collection)
    if any(not (_is_meta(k, v) or named) or isinstance(v, dict | list) for k, v in body.items() if k != key) \
            and not _echoed(body, key):
        return None
    inner = body[key]
    if looks_like_map(inner) or not any(not isinstance(v, dict | list) for v in inner.values()):
        return None
    return key


def _echoed(body: dict[str, Any], key: str) -> bool:
    """``{"ts": 1511443964815, "channel": "GENERAL", "message": {"_id": "m1", "rid": "GENERAL", ...}}``: beside one
    record with an id of its own, in an answer with none, scalars that repeat a value of the record (the room a
    message was posted to) or stamp the call's moment (``ts``, ``time``, ``timestamp``) are the call's echoes."""
    inner = body[key]
    if not any(k in inner for k in ID_KEYS) or any(k in body for k in ID_KEYS):
        return False
    held = {str(v) for v in inner.values() if isinstance(v, str | int) and not isinstance(v, bool)}
    return all(isinstance(v, str | int) and not isinstance(v, bool) and (str(v) in held or _norm(k) in _CALL_TIMES)
               for k, v in body.items() if k != key)


_CALL_TIMES = frozenset({"ts", "time", "timestamp"})


def _answer_limits(key: str, value: Any, body: dict[str, Any]) -> bool:
    """``{"query": {...}, "limits": {"categories": 500}}``: beside the answer's payload, in an envelope holding no
    scalar of its own, an object of whole numbers named by a counter word (``limits``, ``counts``, ``totals``) tells
    how the answer was cut or tallied; metadata, no record (a record's own ``counts`` sit beside its scalars)."""
    k = _norm(key)
    if singular(k) not in _COUNTER_WORDS or not isinstance(value, dict) or not value or len(body) < 2:
        return False
    if any(not isinstance(v, int) or isinstance(v, bool) for v in value.values()):
        return False
    return all(isinstance(v, dict | list) and v for other, v in body.items() if other != key)


def _tally(value: Any) -> bool:
    """An object of counters about the answer (``"_shards": {"total": 5, "successful": 5, "failed": 0}``)
    beside a wrapper of the payload: metadata, as the wrapper's own counters are."""
    return isinstance(value, dict) and looks_like_map(value)


def _matrix(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, list) for v in value)


def _all_dicts(items: list[Any]) -> bool:
    """Every item is an object (checked on the types first: one pass in C for the usual case)."""
    return set(map(type, items)) == {dict} or all(isinstance(x, dict) for x in items)


def looks_like_map(obj: dict[str, Any]) -> bool:
    """A dictionary of counters or lookups keyed by data (``{"sold": 11, "pending": 6}``), not a record."""
    if len(obj) < 3:
        return False
    values = list(obj.values())
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return not any(_norm(k) in {"id", "uuid", "_id"} or _norm(k).endswith("_id") for k in obj)
    return False
