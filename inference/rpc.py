"""Calls of a remote procedure over one address: the operation named in a header or in the body.

Protocols such as the AWS JSON protocols (``POST /`` with ``X-Amz-Target: <Service>.<Operation>``) and JSON-RPC
(``{"jsonrpc": "2.0", "method": "orders.list", "params": {...}}``) serve every call at one address, so the path
names no collection. The table is named in the request body (a ``TableName``/``table``/``collection`` field, at its
top or among the JSON-RPC ``params``), else by the resource the operation names (``orders.list``, ``ListOrders``).
:func:`rpc_route` gives such a call the route it would have had as a REST call (``GET /<table>``, ``POST`` for an
operation that writes), so its answer's records are read as rows of that table. A body that is only a call's
envelope (``{"method": "torrent-get", "arguments": {...}, "tag": 1}``, no ``jsonrpc`` member) is read alike, the
collection named by the words beside the operation's verb; its answer's one object beside a status and a tag
(``{"arguments": {...}, "result": "success", "tag": 1}``) is what the call read.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from inference.endpoints import Route, parse_route
from inference.naming import plural, snake
from kernel.calls import OPERATION_VALUE, body_operation, form_operation, operation_headers, table_field
from kernel.exchange import Request

_READ_VERBS = ("List", "Get", "Describe", "Query", "Scan", "Search", "Find", "Fetch", "Read", "BatchGet", "Select")
_WRITE_VERBS = ("Put", "Update", "Delete", "Create", "BatchWrite", "Write", "Insert", "Remove", "Set", "Add",
                "Modify", "Upsert", "Transact")
_METHOD_PARTS = re.compile(r"[./_:]")
#: the qualifier of a read by an attribute (``…ById``, ``…ByNumber``)
_BY_QUALIFIER = re.compile(r"By[A-Z]\w*$")


def rpc_route(route: Route, headers: dict[str, str], body: Any) -> Route | None:
    """The REST-like route of a call at one address whose operation is named in a header or in the body, or None
    when the call is no such call or names no table."""
    if route.method != "POST":
        return None
    operation = _header_operation(headers) if not route.segments else None
    if operation is not None:
        table = _body_table(body) or _operation_resource(operation)
        return _route(route, table, operation) if table else None
    if isinstance(body, dict) and isinstance(method := body.get("method"), str) and "jsonrpc" in body:
        params = body.get("params")
        table = _body_table(body) or _body_table(params) or _method_resource(method)
        return _route(route, table, method) if table else None
    operation = body_operation(body)
    return _operation_route(route, operation) if operation is not None else None


def _header_operation(headers: dict[str, str]) -> str | None:
    for value in operation_headers(headers).values():
        if (match := OPERATION_VALUE.match(value.strip().strip('"'))) is not None:
            return match.group(1)
    return None


def _body_table(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    return next((value for key, value in body.items() if table_field(key, value)), None)


def _verb(operation: str) -> str | None:
    return next((v for v in _WRITE_VERBS + _READ_VERBS if operation.startswith(v)), None)


def _operation_resource(operation: str) -> str | None:
    """``ListOrders`` → ``Orders``; an operation with no verb before a noun names no resource."""
    verb = _verb(operation)
    rest = operation[len(verb):] if verb in _READ_VERBS else ""
    return rest if rest[:1].isupper() else None


def _method_resource(method: str) -> str | None:
    """``orders.list``, ``orders/list``, ``orders_list`` → ``orders``; ``getOrders`` → ``Orders``; a namespaced
    method whose last part is a verb and a noun (``shop_getOrderById``, ``shop.getOrderLines``) → that noun
    (``Order``, ``OrderLines``), the namespace before it naming no resource."""
    parts = [p for p in _METHOD_PARTS.split(method) if p]
    last = parts[-1] if parts else method
    verb = _verb(last[:1].upper() + last[1:])
    rest = _BY_QUALIFIER.sub("", last[len(verb):]) if verb else ""
    if rest[:1].isupper():
        return rest
    return parts[-2] if len(parts) >= 2 else None


def _route(route: Route, table: str, operation: str) -> Route:
    name = operation.rpartition(".")[2]
    verb = _verb(name[:1].upper() + name[1:])
    method = "POST" if verb in _WRITE_VERBS or name.lower() in ("create", "update", "delete", "insert") else "GET"
    return Route(method, route.host, (table,), (None,))


#: verbs of an operation named in a call's envelope (``torrent-get``, ``orders.list``, ``get_users``), read and write
_READ_WORDS = frozenset({"get", "list", "find", "fetch", "query", "search", "read", "describe", "show", "all"})
_WRITE_WORDS = frozenset({"set", "add", "create", "update", "delete", "remove", "start", "stop", "put", "insert",
                          "upsert", "modify", "move", "rename", "close", "open", "save", "edit", "patch", "write"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _operation_route(route: Route, operation: str) -> Route | None:
    """The route of a call whose body is an envelope naming its operation (see
    :func:`kernel.calls.body_operation`): ``torrent-get``, ``orders.list``, ``get_users``, ``listOrders`` read the
    collection the words beside the verb name (``GET /torrent``), ``torrent-stop`` writes it (``POST``); None when
    the operation names no verb, or no noun beside it (``session-stats``, ``ping``)."""
    words = [w.lower() for w in _WORDS.findall(operation)]
    verbs = [i for i, w in enumerate(words) if w in _READ_WORDS or w in _WRITE_WORDS]
    if not verbs or len(words) < 2:
        return None
    at = 0 if verbs[0] == 0 else verbs[-1] if verbs[-1] == len(words) - 1 else verbs[0]
    noun = words[at + 1:] if at == 0 else words[:at]
    if not noun or any(w in _READ_WORDS or w in _WRITE_WORDS for w in noun):
        return None
    method = "GET" if words[at] in _READ_WORDS else "POST"
    return Route(method, route.host, ("_".join(noun),), (None,))


#: query parameters naming the API or service an operation of one address belongs to
#: (``?api=Shop.Catalog.Product&method=list``)
_API_PARAMS = ("api", "service", "module", "interface")
#: query parameters naming the operation of one address (``/query?function=TIME_SERIES_INTRADAY``)
OPERATION_PARAMS = ("function", "method", "action", "op", "operation", "cmd", "command")


def api_operation(params: dict[str, str], operation: str) -> str | None:
    """An operation named in a query beside the API it belongs to (``api=Shop.Catalog.Product&method=list``): the
    collection the method names beside its verb (``list_item``: ``items``), else the API's last word
    (``products``); None when no API is named beside the operation."""
    api = next((params[p] for p in _API_PARAMS if params.get(p)), None)
    if api is None or not any(c.isalpha() for c in api):
        return None
    words = [w.lower() for w in _WORDS.findall(operation)]
    noun = [w for w in words if w not in _READ_WORDS and w not in _WRITE_WORDS]
    if noun and len(noun) < len(words):
        return plural("_".join(noun))
    parts = [s for s in re.split(r"[./:]", api) if any(c.isalpha() for c in s)]
    return plural(snake(parts[-1])) if parts else None


def api_listed(url: str, record: dict[str, Any]) -> str | None:
    """One object answering a list operation of a named API (``api=Shop.Catalog.Product&method=list`` answering
    ``{"products": [...], "can_edit": true}``): the field holding the list of the collection the API names, the
    flags beside it the answer's own; None otherwise."""
    if "?" not in url:
        return None
    params = dict(parse_qsl(url.split("?", 1)[1].split("#", 1)[0]))
    operation = next((params[p] for p in OPERATION_PARAMS if params.get(p)), None)
    name = api_operation(params, operation) if operation else None
    return next((k for k, v in record.items() if name is not None and snake(k) == name and isinstance(v, list) and v
                 and all(isinstance(r, dict) for r in v)), None)


def call_route(request: Request) -> Route:
    """The route of a request: its path's, or for a call over one address the route :func:`rpc_route` gives it."""
    route = parse_route(request.method, request.url)
    return rpc_route(route, request.headers, call_body(request)) or route


def call_body(request: Request) -> Any:
    """The request's body as a call reads it: its JSON, else of a POSTed form naming its operation in a field
    (``action=getmeas&…``) that field (:func:`kernel.calls.form_operation`), read as a JSON envelope's."""
    if request.body is not None or not request.body_text or request.method != "POST":
        return request.body
    if "x-www-form-urlencoded" not in (request.content_type or "").lower():
        return None
    return form_operation(request.body_text)


def rpc_answer(body: Any) -> Any:
    """A JSON-RPC answer's ``result`` (``{"jsonrpc": "2.0", "id": 1, "result": [...]}``), else the answer as it is."""
    if isinstance(body, dict) and "jsonrpc" in body and "result" in body:
        return body["result"]
    return body


_CONDITION = re.compile(r"(#?[A-Za-z_][\w.]*)\s*=\s*:")


def request_keys(route: Route, body: Any) -> tuple[str, ...]:
    """The key attributes a read names in its body (snake case): the attributes of its ``Key`` object (a read by
    key), else those its ``KeyConditionExpression`` sets equal to a value (a query on a partition key, ``#n``
    placeholders read from ``ExpressionAttributeNames``). None for a read whose route is its path's."""
    if route.method != "GET" or not isinstance(body, dict):
        return ()
    key = body.get("Key")
    if isinstance(key, dict) and key:
        return tuple(snake(k) for k in key)
    condition = body.get("KeyConditionExpression")
    if not isinstance(condition, str):
        return ()
    names = body.get("ExpressionAttributeNames")
    names = names if isinstance(names, dict) else {}
    found = [names.get(n, n) for n in _CONDITION.findall(condition)]
    return tuple(snake(n) for n in found if isinstance(n, str) and not n.startswith("#"))
