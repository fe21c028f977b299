"""What of a request names the operation of a call over one address, and its table.

Calls of a remote procedure over one address (the AWS JSON protocols' ``X-Amz-Target: <Service>.<Operation>`` on
``POST /``, JSON-RPC's ``{"jsonrpc": "2.0", "method": ...}``) name their operation in a header or in the body and
their table in the body. Inference reads these names (:mod:`inference.rpc`); a reader that keeps no request headers
nor bodies (``capture.har_answers``) keeps just them, through :func:`call_parts`: the operation headers, and of the
body only the fields that name the operation, the table and the key attributes (a ``Key``'s names, not its values).
Of a bulk deletion (``POST /things-delete``, ``DELETE /things`` with a body) it keeps the names of the fields its
listed records are named by, not their values (:func:`deletion_names`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

#: a header naming the operation (``X-Amz-Target``, ``SOAPAction``, ``X-Operation``, ``X-RPC-Method``)
OPERATION_HEADER = re.compile(r"target|action|operation|method", re.I)
#: ``<Service>.<Operation>`` (``DynamoDB_20120810.Query``) or ``<Operation>``
OPERATION_VALUE = re.compile(r"^(?:[A-Za-z][\w-]*\.)?([A-Z][A-Za-z0-9]+)$")
#: body fields naming the table a call reads or writes (lower case, without underscores)
TABLE_FIELDS = frozenset({"tablename", "table", "collection", "collectionname"})
#: A route's last word naming a bulk deletion: ``<collection>-delete``, ``<collection>Delete``, ``bulk-delete``.
DELETION = re.compile(
    r"^(?P<name>.*?)[-_]?(?:(?:bulk|batch|mass)[-_]?)?(?:delete|remove|destroy)(?:[-_]?(?:many|all|bulk|batch))?$", re.I)
_NAMING = ("jsonrpc", "method", "KeyConditionExpression", "ExpressionAttributeNames")
#: body fields naming the operation of a call over one address whose body is an envelope of the call
OPERATION_FIELDS = frozenset({"method", "action", "op", "operation", "command"})
#: the other fields of such an envelope: the operation's arguments, the protocol's version, a tag or id the answer
#: echoes
ENVELOPE_FIELDS = frozenset({"jsonrpc", "params", "arguments", "args", "parameters", "tag", "id", "version"})
#: a body that may name its operation in a field (see ``OPERATION_FIELDS``), tested on its text
OPERATION_TEXT = re.compile(r'"(?:method|action|op|operation|command)"\s*:\s*"')


def body_operation(body: Any) -> str | None:
    """The operation a request body names when the body is only the envelope of a call (``{"method":
    "orders-get", "arguments": {...}, "tag": 1}``: one operation field, a text, beside the arguments, a version,
    a tag or id), else None."""
    if not isinstance(body, dict) or not body.keys() <= OPERATION_FIELDS | ENVELOPE_FIELDS:
        return None
    named = [v for k, v in body.items() if k in OPERATION_FIELDS]
    return named[0] if len(named) == 1 and isinstance(named[0], str) and named[0] else None


#: a form-encoded body (``application/x-www-form-urlencoded``): ``name=value`` pairs joined by ``&``
FORM_TEXT = re.compile(r"^[\w.\[\]%-]+=[^&=]*(?:&[\w.\[\]%-]+=[^&=]*)*$")
#: the name of an operation as a form spells it (``getmeas``, ``orders.list``, ``get_users``), no value of data
_OPERATION_NAME = re.compile(r"^[A-Za-z][a-z]*(?:[A-Z][a-z]*)*(?:[._-][A-Za-z][a-z]*(?:[A-Z][a-z]*)*)*$")


def form_operation(text: Any) -> dict[str, str] | None:
    """Of a form-encoded request body (``action=getmeas&startdate=1693000000``) naming its operation in one field
    (see ``OPERATION_FIELDS``), that field alone (``{"action": "getmeas"}``): the envelope of the call, read as a
    JSON body's is (:func:`body_operation`), the operation's arguments left out; None for any other text. The
    operation is a name of letters (words joined by ``.``, ``_`` or ``-``), so no value of data or secret is kept."""
    if not isinstance(text, str) or len(text) > 4096 or not FORM_TEXT.match(text.strip()):
        return None
    named = [(k, v) for k, v in parse_qsl(text.strip(), keep_blank_values=True) if k in OPERATION_FIELDS]
    if len(named) != 1 or len(named[0][1]) > 64 or not _OPERATION_NAME.match(named[0][1]):
        return None
    return {named[0][0]: named[0][1]}


def operation_headers(headers: dict[str, str]) -> dict[str, str]:
    """The headers that name an operation (see ``OPERATION_HEADER`` and ``OPERATION_VALUE``)."""
    return {name: value for name, value in headers.items()
            if OPERATION_HEADER.search(name) and OPERATION_VALUE.match(value.strip().strip('"'))}


def table_field(key: str, value: Any) -> bool:
    return isinstance(value, str) and bool(value) and key.lower().replace("_", "") in TABLE_FIELDS


def call_parts(body: Any) -> dict[str, Any] | None:
    """The fields of a request body that name a call's operation, table and key attributes, or None."""
    if not isinstance(body, dict):
        return None
    kept = {k: v for k, v in body.items() if k in _NAMING or table_field(k, v)}
    if body_operation(body) is not None:
        kept.update((k, v) for k, v in body.items() if k in OPERATION_FIELDS)
    params = body.get("params")
    if isinstance(params, dict):
        kept["params"] = {k: v for k, v in params.items() if table_field(k, v)}
    key = body.get("Key")
    if isinstance(key, dict):
        kept["Key"] = dict.fromkeys(key)
    return kept


def deletion_names(body: Any) -> list[dict[str, None]] | None:
    """The field names of the flat objects a body lists (bare or under its one key, ``{"sourceItems": [...]}``), each
    object's names without their values; None unless every listed object holds only scalars."""
    if isinstance(body, dict) and len(body) == 1:
        (body,) = body.values()
    if not isinstance(body, list) or not body or not all(isinstance(item, dict) and item for item in body):
        return None
    if any(isinstance(v, dict | list) for item in body for v in item.values()):
        return None
    return [dict.fromkeys(item) for item in body]
