"""Answers wrapped in a named envelope that reports the call's status beside the data.

Some APIs wrap every answer, whatever it holds, in one named object of two parts: a status object about the call
and the payload (``{"ocs": {"meta": {"status": "ok", "statuscode": 100, "message": "OK"}, "data": {...}}}``,
``{"response": {"header": {"code": 0}, "body": [...]}}``). The status object is the answer's, not data; the
payload is what the call read: a record, a list of records, or nothing (``"data": []`` after a write or a
failure, a list of bare names).
"""

from __future__ import annotations

from typing import Any

from inference.records import is_generic

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
