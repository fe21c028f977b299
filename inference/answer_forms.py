"""Answers whose values are spelt in a protocol's own form, read as the plain values they stand for.

- Typed attribute values (as DynamoDB's JSON protocol and its streams spell an item): every attribute of a record
  is an object of one member naming its type, ``{"S": "text"}``, ``{"N": "101"}``, ``{"BOOL": true}``,
  ``{"NULL": true}``, ``{"L": [...]}``, ``{"M": {...}}``, ``{"SS": [...]}``, ``{"NS": [...]}``; they are the
  plain text, number, boolean, null, list and object they carry.
- A table served column-wise (``{"fields": [names], "data": [[values], ...]}``) is its records (see
  :mod:`inference.column_tables`).
- A JSON-RPC answer's records are its ``result`` (see :mod:`inference.rpc`).
- A verbose entity answer (``{"d": {"results": [{"__metadata": {...}, ...}]}}``) is its compact form (see
  :mod:`inference.verbose_entities`).
- GraphQL root fields and relationships named by a table's conventional suffixes (as Hasura names them): a read by
  primary key ``<table>_by_pk`` (``<table>ByPk``) is a record of ``<table>``; an aggregate ``<table>_aggregate``
  (``<table>Aggregate``) ``{"aggregate": {...}, "nodes": [...]}`` is computed, no record: its ``nodes`` are the rows
  of ``<table>`` (kept under that name where the record does not hold it already), its ``aggregate`` nothing.
"""

from __future__ import annotations

import re
from typing import Any

from inference.answer_text import compact
from inference.column_tables import column_wise
from inference.endpoints import Route, parse_route
from inference.lazy_values import lazy_payloads_in
from inference.rpc import call_body, request_keys, rpc_answer, rpc_route
from inference.verbose_entities import verbose_answer
from kernel.calls import body_operation
from kernel.exchange import Exchange

_SCALAR_TAGS = frozenset({"S", "N", "B", "BOOL", "NULL"})
_LIST_TAGS = frozenset({"L", "SS", "NS", "BS"})
_TAGS = _SCALAR_TAGS | _LIST_TAGS | {"M"}
_MAX_DEPTH = 32


def read_call(exchange: Exchange) -> tuple[Route, Any, bytes | None, tuple[str, ...]]:
    """The route of an exchange's request (see :func:`inference.rpc.call_route`), its answer read as plain values,
    that answer's compact JSON (see :mod:`inference.answer_text`) and the key attributes the request named (see
    :func:`inference.rpc.request_keys`)."""
    request = exchange.request
    path_route = parse_route(request.method, request.url)
    call = call_body(request)
    route = rpc_route(path_route, request.headers, call) or path_route
    body = exchange.response.body
    answer, text = plain_answer(body, compact(body))
    if route is not path_route and isinstance(answer, dict) and len(answer) == 1:
        (inner,) = answer.values()  # {"Item": {...}}: the one record the call read, its table the one it names
        if isinstance(inner, dict):
            answer, text = inner, compact(inner)
    elif route is not path_route and isinstance(answer, dict) and body_operation(call) is not None:
        # {"arguments": {...}, "result": "success", "tag": 1}: the call's one object beside its status and tag
        inner = [v for v in answer.values() if isinstance(v, dict | list)]
        if len(inner) == 1 and isinstance(inner[0], dict):
            answer, text = inner[0], compact(inner[0])
    return route, answer, text, request_keys(route, exchange.request.body)


def plain_answer(body: Any, text: bytes | None) -> tuple[Any, bytes | None]:
    """The answer with its protocol's forms read as plain values (see the module), and the compact JSON of that
    (``text``: the body's, written once; None when orjson cannot write it)."""
    plain = verbose_answer(rpc_answer(body))
    if isinstance(plain, dict) and isinstance(data := plain.get("data"), dict) and _graphql_answer(plain) \
            and _may_name_suffixed(text if plain is body else compact(data)):
        plain = {**plain, "data": _graphql_fields(data, 0)}
    plain = column_wise(_plain_records(plain))
    if plain is not body:
        text = compact(plain)
    answer = lazy_payloads_in(plain, text)
    return answer, text if answer is plain else compact(answer)


def _graphql_answer(body: dict[str, Any]) -> bool:
    return all(k in ("data", "errors", "extensions") for k in body)


_BY_KEY = ("_by_pk", "ByPk")
_AGGREGATE = ("_aggregate", "Aggregate")
#: A member named by a table's suffixes, as compact JSON writes it: the text ``":`` (a literal, searched fast) after
#: one of them.
_SUFFIXED_KEY = re.compile(rb'":(?:(?<=_by_pk":)|(?<=ByPk":)|(?<=_aggregate":)|(?<=Aggregate":))')


def _may_name_suffixed(text: bytes | None) -> bool:
    """False when no member anywhere in the answer's ``data`` is named by a table's suffixes: ``text``, the compact
    JSON of the answer (or of its ``data``), lacks every key ending in one. One pass of compiled code over the
    answer, where :func:`_graphql_fields` rebuilds it in Python; True (rebuild) when the answer cannot be written
    as JSON (None)."""
    return text is None or _SUFFIXED_KEY.search(text) is not None


def _graphql_fields(obj: dict[str, Any], depth: int) -> dict[str, Any]:
    """``obj`` with its members named by a table's suffixes read as the module says, at every depth."""
    if depth > _MAX_DEPTH:
        return obj
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, list):
            value = [_graphql_fields(v, depth + 1) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            value = _graphql_fields(value, depth + 1)
        base = next((key[: -len(s)] for s in _BY_KEY + _AGGREGATE if key.endswith(s) and len(key) > len(s)), None)
        if base is None or not isinstance(value, dict):
            out[key] = value
        elif key.endswith(_BY_KEY):
            out.setdefault(base, value)
        elif "aggregate" in value or "nodes" in value:
            if isinstance(nodes := value.get("nodes"), list) and base not in obj:
                out.setdefault(base, nodes)
        else:
            out[key] = value
    return out


def _typed(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (tag, inner), = value.items()
    if tag in _LIST_TAGS:
        return isinstance(inner, list)
    if tag == "M":
        return isinstance(inner, dict)
    return tag in _SCALAR_TAGS and not isinstance(inner, dict | list)


def _typed_record(obj: Any) -> bool:
    """A record every attribute of which is a typed value, one at least naming a type other than a map's."""
    if not isinstance(obj, dict) or not obj or not _typed(next(iter(obj.values()))):
        return False  # most records: their first attribute no typed value
    return all(_typed(v) for v in obj.values()) \
        and any(next(iter(v)) != "M" for v in obj.values())


def _plain_records(body: Any) -> Any:
    """The records of an answer (the answer itself, a list of it, or a member holding one or a list of them)
    with their typed values read; anything else as it is."""
    if _typed_record(body):
        return _record(body, 0)
    if isinstance(body, list) and body and all(_typed_record(x) for x in body):
        return [_record(x, 0) for x in body]
    if isinstance(body, dict) and any(_typed_record(v) or isinstance(v, list) and v and _typed_record(v[0])
                                      for v in body.values()):
        return {k: _plain_records(v) for k, v in body.items()}
    return body


def _record(obj: dict[str, Any], depth: int) -> dict[str, Any]:
    return {k: _value(v, depth + 1) for k, v in obj.items()}


def _value(typed: Any, depth: int) -> Any:
    if not _typed(typed) or depth > _MAX_DEPTH:
        return typed
    (tag, inner), = typed.items()
    if tag == "N":
        return _number(inner)
    if tag == "NULL":
        return None
    if tag == "NS":
        return [_number(x) for x in inner]
    if tag == "L":
        return [_value(x, depth + 1) for x in inner]
    if tag == "M":
        return {k: _value(v, depth + 1) for k, v in inner.items()}
    return inner


def _number(text: Any) -> Any:
    """``"101"`` → 101, ``"2.5"`` → 2.5; a text that is no number stays a text."""
    if not isinstance(text, str):
        return text
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text
