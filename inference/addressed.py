"""Self-addressed records: each record carries a header naming its type and its own address.

Some APIs answer records that describe themselves in a header object (``"attributes": {"type": "Widget",
"url": "/api/v3/objects/Widget/0W1x"}``) whatever route served them: a query, a search, a read by id, a
relationship nested in another record. The address ends in the type and the record's id, so the record is
keyed by that id although the query did not select it, and the records of one answer belong to the tables
their headers name, not to one named by the route (``/query``, ``/search``, ``/recent``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from inference.answer_text import compact
from inference.drafts import key_text
from inference.identity import ID_KEYS, TAG_NAMES
from inference.naming import singular, snake
from inference.records import Unwrapped, is_generic

_ADDRESS = ("url", "href", "self", "uri")
#: Containers deeper than this are not searched for headers (nor copied): records nest a few levels, and a hostile
#: answer nested thousands deep must not exhaust the stack.
_LEVELS = 32


def _member_text(names: Iterable[str]) -> re.Pattern[bytes]:
    """A member of one of ``names`` with a text value, as compact JSON writes it (``"url":"``)."""
    return re.compile(b'"(?:' + b"|".join(re.escape(n.encode()) for n in names) + b')":"')


#: Every header holds both: a tag and an address, each a non-empty text.
_TAG_TEXT, _ADDRESS_TEXT = _member_text(TAG_NAMES), _member_text(_ADDRESS)


def _header(obj: dict[str, Any]) -> tuple[str, str, str] | None:
    """The header of a self-addressed record: (its field, the type it names, the id its address ends in)."""
    found = None
    for field, value in obj.items():
        if not isinstance(value, dict) or not 2 <= len(value) <= 3:
            continue
        tags = [value[k] for k in TAG_NAMES if isinstance(value.get(k), str) and value[k]]
        links = [value[k] for k in _ADDRESS if isinstance(value.get(k), str) and value[k]]
        if len(tags) != 1 or len(links) != 1:
            continue
        parts = [p for p in urlsplit(links[0]).path.split("/") if p]
        if len(parts) < 2 or parts[-2] != tags[0]:
            continue
        if found is not None:
            return None
        found = (field, tags[0], parts[-1])
    return found


def _id_field(obj: dict[str, Any]) -> str | None:
    return next((k for k in obj if k.lower() == "id"), None)


def self_addressed(body: Any, text: bytes | None) -> tuple[Any, list[Unwrapped] | None]:
    """:func:`with_addressed_keys` of the body and :func:`addressed_records` of that, both at the cost of one text
    test when no header can be in the body (neither then changes or finds anything); ``text`` is the body's
    compact JSON (see :mod:`inference.answer_text`)."""
    if not _may_be_headed_text(body, text):
        return body, None
    body = _with_keys(body)
    return body, addressed_records(body)


def with_addressed_keys(body: Any) -> Any:
    """The body with every self-addressed record holding its key: the id its address ends in, as ``Id`` (or the
    spelling the answer's other records use) where the record did not select it. Unchanged when none is."""
    return _with_keys(body) if _may_be_headed(body) else body


def _with_keys(body: Any) -> Any:
    if not _any_headed(body, _LEVELS):
        return body
    body = _copy(body, _LEVELS)
    spelling = _spelling(body, _LEVELS) or "Id"
    _fill(body, spelling, _LEVELS)
    return body


def _may_be_headed(body: Any) -> bool:
    """False when no header can be anywhere in ``body``: its compact JSON lacks a tag or an address member with
    a text value, which every header has. One pass of compiled code over the answer, where the search below
    visits each container in Python; True (search) when the body cannot be written as JSON."""
    return _may_be_headed_text(body, compact(body) if isinstance(body, dict | list) else None)


def _may_be_headed_text(body: Any, text: bytes | None) -> bool:
    """:func:`_may_be_headed` of a body whose compact JSON is ``text`` (None: orjson cannot write it)."""
    if not isinstance(body, dict | list):
        return False
    return text is None or _TAG_TEXT.search(text) is not None and _ADDRESS_TEXT.search(text) is not None


def _any_headed(value: Any, levels: int) -> bool:
    """Whether a self-addressed record is anywhere in ``value``. Runs on every answer: a dict is tested for a header
    only when one of its values could be one (a small object with an address field), and scalars are not visited."""
    if levels <= 0:
        return False
    values: Iterable[Any]
    if isinstance(value, dict):
        values = value.values()
        if any(isinstance(v, dict) and 2 <= len(v) <= 3 and any(k in v for k in _ADDRESS) for v in values) \
                and _header(value) is not None:
            return True
    elif isinstance(value, list):
        values = value
    else:
        return False
    return any(_any_headed(v, levels - 1) for v in values if isinstance(v, dict | list))


def _copy(value: Any, levels: int) -> Any:
    """``value`` with its containers copied down to ``levels`` (deeper ones shared: :func:`_fill` stops there too)."""
    if levels <= 0:
        return value
    if isinstance(value, dict):
        return {k: _copy(v, levels - 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v, levels - 1) for v in value]
    return value


def _spelling(value: Any, levels: int) -> str | None:
    if levels <= 0:
        return None
    if isinstance(value, dict):
        if _header(value) is not None and (field := _id_field(value)) is not None:
            return field
        return next((s for v in value.values() if (s := _spelling(v, levels - 1)) is not None), None)
    if isinstance(value, list):
        return next((s for v in value if (s := _spelling(v, levels - 1)) is not None), None)
    return None


def _fill(value: Any, spelling: str, levels: int) -> None:
    if levels <= 0:
        return
    if isinstance(value, dict):
        header = _header(value)
        if header is not None and _id_field(value) is None:
            value[spelling] = header[2]
        for item in value.values():
            _fill(item, spelling, levels - 1)
    elif isinstance(value, list):
        for item in value:
            _fill(item, spelling, levels - 1)


def addressed_records(body: Any) -> list[Unwrapped] | None:
    """The self-addressed records of an answer (the answer itself, its items, or the items of its one generic
    list beside page counters), one group per type their headers name; None when they are not all such."""
    if isinstance(body, list):
        records, path, many = body, "$[]", True
    elif isinstance(body, dict) and _header(body) is not None:
        records, path, many = [body], "$", False
    elif isinstance(body, dict):
        lists = [k for k, v in body.items() if isinstance(v, list)]
        if len(lists) != 1 or not is_generic(lists[0]) or any(isinstance(v, dict) for v in body.values()):
            return None
        records, path, many = body[lists[0]], f"$.{lists[0]}[]", True
    else:
        return None
    if not records or not all(isinstance(r, dict) for r in records):
        return None
    by_type: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        header = _header(record)
        if header is None:
            return None
        by_type.setdefault(header[1], []).append(record)
    return [Unwrapped(rows, kind, path, many) for kind, rows in by_type.items()]


def addressed_key(record: dict[str, Any]) -> str | None:
    """The field holding a self-addressed record's id (filled by :func:`with_addressed_keys`), None for others."""
    return _id_field(record) if _header(record) is not None else None


def addressed_value(segments: tuple[str, ...], values: tuple[str | None, ...], record: dict[str, Any] | None) -> str | None:
    """The value the address of one record ends in: the route's last parameter; or its last literal segment when a
    field of the record holds it as text (``GET /inventory`` answering ``{"db_name": "inventory", "doc_count": 3}``:
    the path names the record, at an address of its own though no other was read beside it)."""
    if record is None or not values:
        return None
    if values[-1] is not None:
        return values[-1]
    last = segments[-1] if segments else ""
    return last if last and any(isinstance(v, str) and v == last for v in record.values()) else None


def own_read(record: dict[str, Any], singular: str, value: str) -> bool:
    """Whether the record holds ``value``, the last value of the address it was read at, in an id field or in the id
    named for its own kind (``locationId`` of a record read at ``/locations/{id}``): read at its own address."""
    own = f"{singular}_id"
    return any(key_text(v) == value for k, v in record.items() if k in ID_KEYS or snake(k) == own)


def field_named_in_path(segments: tuple[str, ...], values: tuple[str | None, ...], record: dict[str, Any] | None) -> set[str]:
    """The field an address reads one record by when it spells the field's name before its value
    (``/contact/vid/{vid}/profile``, ``/users/email/{email}``): the literal segment names a field of the record, and
    the parameter after it is that field's value; the record is read at several moments by that key, as by an id its
    own header declares. Empty when no segment does so."""
    for i in range(1, len(values) if record is not None else 0):
        value, name = values[i], segments[i - 1]
        if value is None or values[i - 1] is not None or name.startswith("{"):
            continue
        field = next((k for k in record or {} if snake(k) == snake(name)), None)
        held = (record or {}).get(field) if field is not None else None
        if held is not None and not isinstance(held, dict | list | bool) and key_text(held) == value:
            return {snake(field or "")}
    return _parent_named(segments, values, record)


def _parent_named(segments: tuple[str, ...], values: tuple[str | None, ...], record: dict[str, Any] | None) -> set[str]:
    """One record read at a word below its parent's address (``/boards/{id}/summary``) holding the parent's id under
    the parent's name (``board`` or ``board_id``): the parent's one-to-one, read by the parent's key."""
    if record is None or len(values) < 3 or values[-1] is not None or values[-2] is None or values[-3] is not None:
        return set()
    parent = singular(snake(segments[-3]))
    field = next((k for k in record if snake(k) in (parent, f"{parent}_id")), None)
    held = record.get(field) if field is not None else None
    ok = held is not None and not isinstance(held, dict | list | bool) and key_text(held) == values[-2]
    return {snake(field or "")} if ok else set()
