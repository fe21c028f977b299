"""Identity of records and the tables they belong to: which key identifies a nested object, which
table a route's records go to, and the parent a nested route names.

``/users/{id}`` and an envelope key ``{"users": [...]}`` name the table ``users``; a nested
``{"id": 3, ...}`` (or a natural key of a known entity, such as ``slug``) is a reference, not a group
of attributes; ``/posts/{id}/comments`` names ``posts`` as the comments' parent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote

from inference.datakeys import is_data_key, is_hostile_key
from inference.drafts import Draft, key_text
from inference.endpoints import (
    WRITE_METHODS,
    Route,
    api_version,
    collection_segments,
    is_action,
    is_endpoint_keyword,
)
from inference.naming import is_plural, plural, singular, snake
from inference.rpc import OPERATION_PARAMS, api_operation
from inference.trees import tree_key

ID_KEYS = ("id", "uuid", "guid", "_id")
#: Field names of a type tag (``"type": "group"``, ``"kind": "Pod"``, ``"object": "charge"``).
TAG_NAMES = ("type", "kind", "object")
NATURAL_KEYS = ("slug", "username", "code", "handle", "key", "sku", "isbn", "symbol", "login", "email", "name")


def first_id_key(name: str, records: list[dict[str, Any]]) -> str | None:
    """The first ``id``-like key (snake_case) among a table's first records, if any."""
    own = f"{singular(name)}_id"
    for record in records[:50]:
        for key in record:
            column = snake(key)
            if column in ID_KEYS or column == own:
                return column
    return None


def key_segments(route: Route, record: dict[str, Any]) -> Route:
    """A literal path segment equal to a value of the returned record is that record's key; so is
    the last segment after a plural collection in an update (``PATCH /labels/bug`` answering the
    renamed label: a write addresses an item, not a collection)."""
    values = {key_text(v) for v in record.values()} - {""}
    if "id" not in record:  # the id a metadata header holds (``{"sys": {"id": "x", ...}, "fields": ...}``)
        values |= {key_text(v["id"]) for v in record.values() if isinstance(v, dict) and len(v) > 3
                   and isinstance(v.get("id"), str)}
    segs, vals = list(route.segments), list(route.values)
    for i in range(1, len(segs)):
        if vals[i] is None and segs[i] in values and not segs[i - 1].startswith("{") \
                and not api_version(segs[i - 1], segs[i]):  # ``/api/4/zone/1``: the API's version, no key
            segs[i], vals[i] = "{key}", segs[i]
    last = len(segs) - 1
    if last > 1 and vals[last] is None and vals[last - 1] is not None and _own_key_value(record, segs[last]):
        segs[last], vals[last] = "{key}", segs[last]  # /repos/{owner}/tide: the record's slug after its owner's key
    if last > 0 and vals[last] is None and not segs[last - 1].startswith("{") and self_linked(route, record):
        segs[last], vals[last] = "{key}", segs[last]  # the record's own link is the address that served it
    if (route.method in ("PATCH", "PUT") and last > 0 and vals[last] is None and not segs[last - 1].startswith("{")
            and is_plural(snake(segs[last - 1])) and not is_plural(snake(segs[last]))):
        segs[last], vals[last] = "{key}", segs[last]
    return Route(route.method, route.host, tuple(segs), tuple(vals))


def _own_key_value(record: dict[str, Any], segment: str) -> bool:
    """Whether a key field of the record (``id``, ``slug``, ``name``, ...) holds the segment's text."""
    return any(key_text(record.get(k)) == segment for k in (*ID_KEYS, *NATURAL_KEYS) if k in record)


def shared_key_segments(route: Route, records: list[dict[str, Any]]) -> Route:
    """A literal path segment equal to a value every listed record holds in one field (``/queues/QU1/members``
    answering members whose ``queue_sid`` is ``QU1``) is the parent's key, whatever its spelling."""
    segs, vals = list(route.segments), list(route.values)
    # the literal segments that could be a parent's key; usually none of the records' values
    literals = {segs[i] for i in range(1, len(segs) - 1) if vals[i] is None and not segs[i - 1].startswith("{")}
    first = records[0]
    found = {text for k, v in first.items() if not isinstance(v, dict | list) and (text := key_text(v)) in literals}
    if not found:
        return route
    shared = {key_text(v) for k, v in first.items() if not isinstance(v, dict | list) and key_text(v) in found
              and all(r.get(k) == v for r in records[1:])}
    for i in range(1, len(segs) - 1):
        if vals[i] is None and segs[i] in shared and not segs[i - 1].startswith("{"):
            segs[i], vals[i] = "{key}", segs[i]
    return Route(route.method, route.host, tuple(segs), tuple(vals))


def _link_segments(link: str) -> list[str]:
    path = link.partition("?")[0].partition("#")[0]
    if "://" in path:
        path = "/" + path.partition("://")[2].partition("/")[2]
    raw = [s for s in path.split("/") if s]
    if raw and len(raw[-1]) > 5 and raw[-1][-5:].lower() == ".json":
        raw[-1] = raw[-1][:-5]
    return raw


def self_linked(route: Route, record: dict[str, Any]) -> bool:
    """A link among the record's fields (``"uri": "/v1/Queues/QU1.json"``) naming the very path that
    answered it: the record's own address, whose last segment is its key (the link, a column, holds it)."""
    raw = [v if v is not None else s for s, v in zip(route.segments, route.values, strict=True)]
    return len(raw) > 1 and any(isinstance(v, str) and v.count("/") >= len(raw) - 1 and _link_segments(v) == raw
                                for k, v in record.items() if isinstance(k, str))


def identity_key(obj: dict[str, Any], field: str, known_keys: dict[str, str]) -> str | None:
    """The key that identifies a nested object, or None when it is just a group of attributes."""
    return usable_key(obj, identity_candidates(tuple(obj), field, known_keys)) or tree_key(obj)


def usable_key(obj: dict[str, Any], candidates: tuple[str, ...]) -> str | None:
    """The first of ``candidates`` (keys of ``obj``) whose value can identify it."""
    for key in candidates:
        if _scalar_key(obj[key]):
            return key
    return None


def identity_candidates(keys: tuple[str, ...], field: str, known_keys: dict[str, str]) -> tuple[str, ...]:
    """The keys of an object that would identify it, best first: ``id``-like keys, the field's own
    ``<field>_id``, then natural keys (``slug``) of known entities. Remembered per key set."""
    return _candidates(keys, field, tuple(known_keys.items()))


@lru_cache(maxsize=1 << 15)
def _candidates(keys: tuple[str, ...], field: str, known: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    known_keys = dict(known)
    by_snake: dict[str, str] = {}
    for k in keys:
        by_snake[snake(k)] = k
    order = [*ID_KEYS, f"{singular(field)}_id"]
    natural = known_keys.get(plural(singular(field)))
    if natural:
        order.append(natural)
    elif "_" in field and (entity := known_keys.get(plural(singular(field.rpartition("_")[2])))):
        order.append(snake(entity))  # ``associated_company: {company_id, ...}``: a role before a served entity
    order += [k for k in sorted(set(known_keys.values()) - set(ID_KEYS)) if k in NATURAL_KEYS]
    found: list[str] = []
    for name in order:
        if name in by_snake and by_snake[name] not in found:
            found.append(by_snake[name])
    return tuple(found)


def _scalar_key(value: Any) -> bool:
    return bool(key_text(value)) and not isinstance(value, float | bool)


@lru_cache(maxsize=1 << 14)
def irregular_keys(keys: tuple[Any, ...]) -> bool:
    """Keys that are data rather than field names (or too many of them to be fields)."""
    if len(keys) > 60 or any(map(is_hostile_key, keys)):
        return True
    # Maps are keyed by data throughout; a record may have a symbol or two (``"+1"``, ``"-1"``).
    return sum(map(is_data_key, keys)) * 2 >= len(keys)


def is_link_map(obj: dict[str, Any]) -> bool:
    """Hypermedia links: every member is a link object (``{"href": url, ...}``) or a list of them."""
    return bool(obj) and all(_link(v) for v in obj.values())


def _link(v: Any) -> bool:
    # At module level: a recursive function defined in the call would be a reference cycle left to the
    # garbage collector at every call.
    if isinstance(v, list):
        return bool(v) and all(_link(x) for x in v)
    return isinstance(v, dict) and isinstance(v.get("href"), str)


def without_stub_tag(obj: dict[str, Any]) -> dict[str, Any]:
    """``{"hash": "1fbd04", "type": "commit", "links": {"self": …}}``: one key, its entity's type tag and its own
    link, a stub of a record never served. Flattened, it leaves the key: the tag is the referenced record's, not a
    fact of the record holding the stub (an object without a link, ``{"name": "main", "type": "branch"}``, keeps it)."""
    tags = [k for k in TAG_NAMES if isinstance(obj.get(k), str)]
    rest = [k for k in obj if k not in tags and k != "links"]
    if (len(tags) == 1 and len(rest) == 1 and isinstance(obj.get("links"), dict) and is_link_map(obj["links"])
            and isinstance(obj[rest[0]], str | int) and not isinstance(obj[rest[0]], bool)):
        return {k: v for k, v in obj.items() if k != tags[0]}
    return obj


#: Names of a link's relation and of its target (RFC 8288 and Atom ``rel``/``href``, FHIR's ``relation``/``url``).
_LINK_RELATIONS = ("rel", "relation")
_LINK_TARGETS = ("href", "url", "uri")


def is_link_list(value: Any) -> bool:
    """A list of hypermedia links (``[{"href": url, "rel": "self", "method": "GET"}]``, ``[{"relation": "next",
    "url": ...}]``): every item names its relation and its target address beside link attributes only (scalars:
    a method, a media type, a title). Navigation, not data, in PayPal's, Spring HATEOAS', Atom's and FHIR's answers."""
    if not isinstance(value, list) or not value:
        return False
    for item in value:
        if not isinstance(item, dict) or len(item) > 6 or any(isinstance(v, dict | list) for v in item.values()):
            return False
        if not any(isinstance(item.get(k), str) for k in _LINK_RELATIONS):
            return False
        if not any(isinstance(t := item.get(k), str) and (t.startswith("/") or "://" in t) for k in _LINK_TARGETS):
            return False
    return True


def irregular(obj: dict[str, Any]) -> bool:
    """Objects keyed by data rather than by field names are stored whole, as jsonb; so are entries of one shape
    keyed by name (``{"temp": {"high", "low"}, "wind": {"high", "low"}, …}``, see :func:`uniform_entries`)."""
    return len(obj) > 60 or irregular_keys(tuple(obj)) or uniform_entries(obj)


#: Entries of one shape that make an object a table of them rather than a record's fields.
_UNIFORM_ENTRIES = 6


def uniform_entries(obj: dict[str, Any]) -> bool:
    """Six members or more that are objects of the same fields (two or more, scalars, no id), the others (two or a
    quarter of those at most) anything: a table keyed by the members' names (highs and lows by measure), not fields
    to flatten."""
    shapes: dict[tuple[str, ...], int] = {}
    for value in obj.values():
        if isinstance(value, dict) and all(not isinstance(x, dict | list) for x in value.values()):
            shapes[tuple(sorted(value))] = shapes.get(tuple(sorted(value)), 0) + 1
    shape, entries = max(shapes.items(), key=lambda item: item[1], default=((), 0))
    return entries >= _UNIFORM_ENTRIES and len(obj) - entries <= max(2, entries // 4) and len(shape) >= 2 \
        and not any(k in ID_KEYS for k in shape)


#: Collections describing the records of a kind rather than holding them (``/types/user``: the user types).
_DESCRIPTORS = frozenset({"types", "kinds", "schemas", "definitions", "fields", "templates"})


#: Path words naming the requester's own record (``/users/me``).
_REQUESTER = frozenset({"me", "self", "myself", "current"})
#: Path words that alone name the signed-in user's own record (``/me``).
_OWN_USER = frozenset({"me", "myself", "whoami"})
#: Path words after a collection naming the requester as the owner of the records listed (``/tasks/user``: mine).
_OWNED_BY_REQUESTER = frozenset({"user", "mine", "my", "own"})
#: An operation named by a verb and what it reads (``get-sources-assigned-to-stock``, ``listOrdersByDate``).
_READ_PHRASE = re.compile(r"^(?:get|list|find|fetch|search|query)_([a-z][a-z0-9]*)(?:_|$)")

#: An operation named by a read verb glued to what it reads (``getstationsdata``), spelt in lower case alone.
_GLUED_READ = re.compile(r"^(?:get|list|fetch|find|read|query|search)([a-z][a-z0-9]{3,})$")


def entity_name(route: Route, envelope_key: str | None) -> str | None:
    """The table a route's records belong to: the envelope key, else the collection segment."""
    return _entity_name(route.segments, envelope_key)


@lru_cache(maxsize=1 << 12)
def _entity_name(segs: tuple[str, ...], envelope_key: str | None) -> str | None:
    literals = collection_segments(Route("GET", "", segs, (None,) * len(segs)))
    if envelope_key:
        key = snake(envelope_key)
        if key.startswith("all_") and len(key) > 4:
            key = key[4:]  # a GraphQL list field (``allPeople``) names the records it lists
        if key.endswith("_list") and len(key) > 5:
            key = key[:-5]  # ``media_list``: a list of media
        if len(literals) >= 2 and key == f"{singular(snake(literals[-2][1]))}_{snake(literals[-1][1])}":
            key = snake(literals[-1][1])  # ``queue_members`` at /queues/{id}/members: the route's collection
        elif literals and is_plural(last := snake(literals[-1][1])) and key.endswith("_" + last):
            key = last  # ``latest_posts`` at /posts: a selection of the route's collection
        # {"shelf": {...}} at /shelves/4: the route spells the plural the envelope key implies
        same = [snake(seg) for _i, seg in literals if singular(snake(seg)) == key and is_plural(snake(seg))]
        return same[-1] if same else plural(key)
    if (read := _read_phrase(segs)) is not None:
        return read
    if not literals:
        return _glued_read(segs)
    index, name = literals[-1]
    # /rooms.get, /users.info: a method called on the plural before its dot (an RPC over dotted addresses)
    if "." in name and is_plural(noun := snake(name.partition(".")[0])) and name.replace(".", "").isalpha():
        return noun
    # /users/list/active: a word after an action qualifies it (which users), it names no collection
    if len(literals) >= 2 and index >= 1 and is_action(segs[index - 1]) and not is_plural(snake(name)) \
            and is_plural(snake(literals[-2][1])) and literals[-2][0] < index - 1:
        index, name = literals[-2]
    # /me, /api/v1/me: the signed-in user's own record, with no collection before the word, is one of the users
    if len(literals) == 1 and index == len(segs) - 1 and name.lower() in _OWN_USER:
        return "users"
    # /users/me, /accounts/self: the requester's own record, one of the collection before the word
    if len(literals) >= 2 and index == len(segs) - 1 and literals[-2][0] == index - 1 and name.lower() in _REQUESTER \
            and is_plural(snake(literals[-2][1])):
        return snake(literals[-2][1])
    # /tasks/user, /tasks/mine: the requester's own records of the collection before the word, no "user" resource
    if len(literals) >= 2 and index == len(segs) - 1 and literals[-2][0] == index - 1 \
            and name.lower() in _OWNED_BY_REQUESTER and is_plural(snake(literals[-2][1])):
        return snake(literals[-2][1])
    # /meta/types/user: a kind's descriptors (types, schemas, fields) named after the kind, not records of it
    if len(literals) >= 2 and index == len(segs) - 1 and literals[-2][0] == index - 1 and not is_plural(snake(name)) \
            and snake(literals[-2][1]) in _DESCRIPTORS:
        return f"{snake(name)}_{snake(literals[-2][1])}"
    # /posts/user/5: a collection filtered by a field, not a "user" resource.
    if len(literals) >= 2 and index == len(segs) - 2 and segs[-1].startswith("{"):
        prev_index, prev = literals[-2]
        if prev_index == index - 1 and is_plural(snake(prev)) and not is_plural(snake(name)):
            name = prev
    return plural(snake(name))


def _read_phrase(segs: tuple[str, ...]) -> str | None:
    """``/inventory/get-sources-assigned-to-stock/4``, ``/getUsers``: an operation named by a read verb and the plural
    it reads, the route's last word, answers records of that collection (the words after it say which, and a value
    after it is the operation's argument, no parent of the records)."""
    last = next((seg for seg in reversed(segs) if not seg.startswith("{")), None)
    match = _READ_PHRASE.match(snake(last)) if last is not None and "(" not in last else None
    return match.group(1) if match is not None and is_plural(match.group(1)) else None


def _glued_read(segs: tuple[str, ...]) -> str | None:
    """``/api/getstationsdata``: an operation named by a read verb glued, with no separator or case, to the resource
    it reads, the route's last word and no collection before it, answers records of that resource."""
    match = _GLUED_READ.match(segs[-1]) if segs else None
    if match is None or is_action(rest := match.group(1)) or rest.startswith("by"):
        return None
    return plural(rest)


def qualified_collection(name: str, records: list[dict[str, Any]]) -> str:
    """``/publicRooms`` listing records that each hold their own ``room_id``: a route naming a selection of a
    collection (which rooms) by a qualifier before its plural; records keyed by the last word's reference name
    (``<singular>_id``, present and distinct in every record) are that collection's (``rooms``)."""
    tagged = _qualified_by_tag(name, records)
    if tagged is not None:
        return tagged
    qualifier, _, last = name.rpartition("_")
    if not qualifier or not records or not is_plural(last) or singular(last) == last:
        return name
    if all(len(r) >= 2 and all(snake(k).endswith("_id") for k in r) for r in records):
        return name  # rows of references only (``product_id``, ``category_id``): a join table's links
    key = f"{singular(last)}_id"
    values = [next((v for k, v in r.items() if snake(k) == key), None) for r in records]
    if any(v is None or isinstance(v, dict | list | bool) for v in values) or len(set(map(key_text, values))) < len(values):
        return name
    return last


def _qualified_by_tag(name: str, records: list[dict[str, Any]]) -> str | None:
    """``/files/{id}/versions`` listing records each tagged ``"type": "file_version"``: the tag names their kind in
    full, the route by its last word only (``versions``), so the table is the tag's (``file_versions``)."""
    if not records or not is_plural(name) or any(not isinstance(r.get("type"), str) for r in records):
        return None
    tags = {snake(r["type"]) for r in records}
    tag = tags.pop() if len(tags) == 1 else ""
    return plural(tag) if tag.endswith("_" + singular(name)) else None


def operation_name(route: Route, url: str, many: bool = False) -> str | None:
    """One address serving many operations (``/query?function=TIME_SERIES_INTRADAY``,
    ``/rest?method=photos.search``): with no collection in the path, the operation the query names is
    the table (``time_series_intraday``); a list's, beside the API it belongs to, the collection it names (see
    :func:`inference.rpc.api_operation`)."""
    if "?" not in url or _names_collection(route):
        return None  # a collection in the path names the table
    params = dict(parse_qsl(url.split("?", 1)[1].split("#", 1)[0]))
    value = next((params[p] for p in OPERATION_PARAMS if params.get(p)), None)
    if not value or not any(c.isalpha() for c in value):
        return None
    return (api_operation(params, value) if many else None) or snake(value)


def _names_collection(route: Route) -> bool:
    return _plural_literal(route.segments)


@lru_cache(maxsize=1 << 12)
def _plural_literal(segments: tuple[str, ...]) -> bool:
    literals = collection_segments(Route("GET", "", segments, (None,) * len(segments)))
    return any(is_plural(snake(seg)) for _i, seg in literals)


def action_collection(route: Route, record: dict[str, Any]) -> str | None:
    """``POST /tickets/7/close`` answering the ticket: the collection (``tickets``) whose row the
    record is. The last segment is a verb-like literal after ``{param}`` of a plural collection, and
    the record carries that parameter in an id key. A read there (``GET /projects/7/my-role``) is no
    action: it names what it reads about the record, a table of its own unless its records are the
    collection's (see :func:`inference.merging.merge_same_entities`)."""
    segs, vals = route.segments, route.values
    if len(segs) < 3 or segs[-1].startswith("{") or not segs[-2].startswith("{") or segs[-3].startswith("{"):
        return None
    action, collection, value = snake(segs[-1]), snake(segs[-3]), vals[-2]
    if value is None or route.method == "GET" or is_plural(action) or not is_plural(collection):
        return None
    if any(key_text(record.get(k)) == value for k in ID_KEYS if k in record):
        return collection
    return None


def operation_outcome(route: Route, groups: list[Any]) -> bool:
    """``POST /users/{id}/lifecycle/activate`` answering ``{"activationUrl", "activationToken"}``: a write to a verb
    after a record's address answering one object without a key or a reference of its own reports what the
    operation did (a token, a link to follow), no record of a table. An answer holding the record (its id) is
    that record (see :func:`action_collection`)."""
    segs = route.segments
    if route.method not in WRITE_METHODS or len(segs) < 3 or segs[-1].startswith("{") or is_plural(snake(segs[-1])):
        return False
    if not any(s.startswith("{") for s in segs[:-1]) or not groups:
        return False
    return all(not g.many and len(g.records) == 1 and not any(
        isinstance(v, dict | list) or k in ID_KEYS or snake(k) == "id" or snake(k).endswith("_id")
        for k, v in g.records[0].items()) for g in groups)


def query_filters(url: str, records: list[dict[str, Any]]) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """``/comments?task_id=T1`` answering comments that each hold ``T1`` in a field (``item_id``): the list was
    filtered by a parent's key; the parent table, the key and the fields (other than ids) holding it in every record.
    A key no record holds (``?userId=U1``, whose view of the records was read) comes with no field: a scope."""
    if "?" not in url or not records:
        return ()
    out = []
    for param, value in parse_qsl(url.split("?", 1)[1].split("#", 1)[0]):
        name = snake(param)
        if not name.endswith("_id") or len(name) < 5 or not value:
            continue
        fields = frozenset(snake(k) for k, v in records[0].items() if k not in ID_KEYS and not isinstance(v, dict | list)
                           and key_text(v) == value and all(key_text(r.get(k)) == value for r in records))
        out.append((plural(name[:-3]), value, fields))
    return tuple(out)


def parent_hint(route: Route, name: str, records: list[dict[str, Any]] | tuple[()] = ()) -> tuple[str, str] | None:
    """``/posts/{id}/comments`` and ``/comments/post/{id}``: the parent resource and its key. An
    operation called on a resource (``/People('x')/Ns.GetFavoriteAirline()``) answers no child of it.
    A last value that one of the listed ``records`` holds as its own key (``/rooms/{r}/context/{e}`` answering
    event ``e`` with the events around it) addresses that record, not a parent."""
    segs, vals = route.segments, route.values
    if segs and segs[-1].endswith(")"):
        return None
    own = (*ID_KEYS, f"{singular(name)}_id")
    for i in range(len(segs) - 1, 0, -1):
        value = vals[i]
        if value is None or segs[i - 1].startswith("{") or i > 1 and is_endpoint_keyword(segs[i - 1]):
            continue
        if not any(c.isalpha() for c in segs[i - 1]):
            continue  # ``/past/2018-06-04/2``: a date (or a number) before a value names no parent collection
        if records and i == len(segs) - 1 and any(key_text(r.get(k)) in (value, unquote(value))
                                                   for r in records for k in own if k in r):
            continue
        parent = plural(snake(segs[i - 1]))
        if parent == name or _read_phrase(segs[: i]) == name:
            continue  # ``/get-sources-assigned-to-stock/4``: the argument of an operation reading the table
        return parent, value
    return None


def self_addressed(objs: list[dict[str, Any]], key: str) -> bool:
    """Nested objects that hold, beside their id, only their own address (a link ending in that id) and
    type tags (``"container": {"containerId": "g1", "url": "https://host/groups/g1", "type": "group"}``):
    they say where the record lives, and when the entity they name is never served they are flattened
    into it (``container_container_id``, ``container_url``, ``container_type``)."""
    linked = False
    for obj in objs:
        own = key_text(obj.get(key))
        for field, value in obj.items():
            if field == key or "@" in field:
                continue
            if isinstance(value, str) and own and value.rstrip("/").endswith("/" + own):
                linked = True
            elif not (isinstance(value, str) and (snake(field) in TAG_NAMES or snake(field).endswith("_type"))):
                return False
    return linked


def served_key_segments(route: Route, drafts: Mapping[str, Draft]) -> Route:
    """``/teams/platform/tasks`` after ``/teams`` served a team whose ``slug`` is ``platform``: a literal path segment
    after a served collection, followed by more of the path, that equals a natural key (``slug``, ``code``, ``key``,
    ``name``, ...) of a record it serves addresses that record, the parent of what is read beneath it; so does a
    hyphenated slug (``core-team``) there followed by a collection (``/teams/core-team/tasks``)."""
    segs, vals = list(route.segments), list(route.values)
    for i in range(1, len(segs) - 1):
        if vals[i] is not None or segs[i - 1].startswith("{") or not is_plural(snake(segs[i - 1])):
            continue
        parent = drafts.get(plural(snake(segs[i - 1])))
        if parent is None or not parent.rows:
            continue
        slug = _SLUG.match(segs[i]) is not None and vals[i + 1] is None and is_plural(snake(segs[i + 1]))
        if slug or any(key_text(row.values.get(k)) == segs[i] for row in parent.rows[:500] for k in NATURAL_KEYS):
            segs[i], vals[i] = "{key}", segs[i]
        elif _scoped_slug(segs, vals, i):  # ``/projects/<org>/<project>/issues``: the project within its owner
            segs[i:i + 2], vals[i:i + 2] = ["{key}"], [segs[i + 1]]
            return served_key_segments(Route(route.method, route.host, tuple(segs), tuple(vals)), drafts)
    return Route(route.method, route.host, tuple(segs), tuple(vals))


def _scoped_slug(segs: list[str], vals: list[str | None], i: int) -> bool:
    """Two plain words in a row after a served collection, the second a hyphenated slug, then a collection
    (``/projects/acme/web-app/issues``, ``/repos/octocat/hello-world/pulls``): the record is addressed by its slug
    within its owner's (the first word), and what is read beneath it belongs to it."""
    return (i + 2 < len(segs) and vals[i] is None and vals[i + 1] is None and vals[i + 2] is None
            and not is_plural(snake(segs[i])) and _SLUG.match(segs[i + 1]) is not None
            and is_plural(snake(segs[i + 2])) and not segs[i].startswith("{"))


_SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
