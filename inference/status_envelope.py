"""Answers wrapped in a named envelope that reports the call's status beside the data.

Some APIs wrap every answer, whatever it holds, in one named object of two parts: a status object about the call
and the payload (``{"ocs": {"meta": {"status": "ok", "statuscode": 100, "message": "OK"}, "data": {...}}}``,
``{"response": {"header": {"code": 0}, "body": [...]}}``). The status object is the answer's, not data; the
payload is what the call read: a record, a list of records, or nothing (``"data": []`` after a write or a
failure, a list of bare names).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inference.drafts import Draft
from inference.naming import snake
from inference.records import Unwrapped, is_generic

#: The mark of a row made of a bare listed key.
LISTED_KEY = "__listed_key__"

#: Names of a status object's outcome members (``status``, ``statuscode``, ``rc``, ``success``).
_OUTCOME = frozenset({"status", "statuscode", "status_code", "code", "rc", "result", "success", "ok", "error"})
#: Names of the status object itself, beside the payload.
_STATUS_OBJECTS = frozenset({"meta", "status", "header", "headers", "info", "result", "response_info"})


def _status_object(key: str, value: Any) -> bool:
    """``"meta": {"status": "ok", "statuscode": 100, "message": "OK"}``: scalars only, one of them an outcome."""
    return (key.lower() in _STATUS_OBJECTS and isinstance(value, dict) and bool(value)
            and not any(isinstance(v, dict | list) for v in value.values())
            and any(k.lower().replace("-", "_") in _OUTCOME for k in value))


def status_payload(body: Any) -> tuple[bool, Any]:
    """Whether ``body`` is a named status envelope, and then its payload (the body itself otherwise)."""
    if not isinstance(body, dict) or len(body) != 1:
        return False, body
    (name, inner), = body.items()
    if not isinstance(inner, dict) or len(inner) != 2 or is_generic(name):
        return False, body
    payloads = [k for k in inner if is_generic(k)]
    if len(payloads) != 1 or not any(_status_object(k, v) for k, v in inner.items() if k != payloads[0]):
        return False, body
    return True, inner[payloads[0]]


def holds_records(payload: Any) -> bool:
    """A payload holding some object: not an empty list, a list of names or an object of lists of names only."""
    if isinstance(payload, list):
        return any(isinstance(v, dict) for v in payload)
    if isinstance(payload, dict):
        return bool(payload) and not all(isinstance(v, list) and not any(isinstance(x, dict) for x in v)
                                         for v in payload.values())
    return False


def listed_keys(payload: Any, method: str, segments: Sequence[str]) -> Unwrapped | None:
    """A collection's keys listed bare at its own address (``GET /groups`` answering ``{"groups": ["admin",
    "staff"]}``): one row per key, its ``id``; rows that stand only until records of the collection are read (see
    :func:`drop_listed_keys`)."""
    if method != "GET" or not segments or any(s.startswith("{") for s in segments) or not isinstance(payload, dict) \
            or len(payload) != 1:
        return None  # under a parameter (``/users/{id}/roles``) the names are one record's, no rows of a table
    (key, names), = payload.items()
    if snake(key) != snake(segments[-1]) or not isinstance(names, list) or not names \
            or not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        return None
    return Unwrapped([{"id": n} for n in names], key, f"$.{key}[]", True, keys_only=True)


def drop_listed_keys(draft: Draft) -> None:
    """The rows of bare listed keys (see :func:`listed_keys`) of a table whose records were read: those name no
    record the capture did not read in full, and would leave every other column nullable."""
    if any(not r.values.get(LISTED_KEY) for r in draft.rows):
        draft.rows = [r for r in draft.rows if not r.values.get(LISTED_KEY)]


#: The lists of a delta answer, by the change they report; the ones gone are no rows.
_CHANGES = frozenset({"update", "updated", "updates", "create", "created", "add", "added", "changed", "upserted"})
_GONE = frozenset({"remove", "removed", "delete", "deleted", "destroyed"})


def delta_records(body: Any) -> list[Any] | None:
    """A delta answer (``{"update": [...], "remove": [...]}``, ``{"created": [...], "updated": [...], "deleted":
    [...]}``, an outcome flag beside) lists the records that changed since a point and those gone: the changed ones
    are records of the collection read, the lists their groups only; the ones gone (often bare ids) are no rows.
    None for any other answer."""
    if not isinstance(body, dict):
        return None
    lists = {k: v for k, v in body.items() if isinstance(v, list)}
    flags = [k for k, v in body.items() if isinstance(v, bool)]  # the outcome (``"success": true``)
    if len(lists) < 2 or len(lists) + len(flags) != len(body) \
            or not all(k.lower() in _CHANGES or k.lower() in _GONE for k in lists):
        return None
    records = [r for k, v in lists.items() if k.lower() in _CHANGES for r in v]
    return records if records and all(isinstance(r, dict) for r in records) else None
