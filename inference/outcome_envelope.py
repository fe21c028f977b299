"""Answers wrapped with their outcome: ``{"success": true, "data": ..., "notifications": [...], "appVersion": "5"}``.

An answer that declares its own outcome by a boolean flag (``success``, ``ok``) beside one generically named
wrapper (``data``, ``result``) carries the requested payload in that wrapper; lists of records beside it are other
records served with the answer (a side load, each list a table of its own), and the other members (versions,
counters, messages) are the answer's, not data. A payload that is a list of scalars (the ids a reordering
leaves in their new order) holds no records.
"""

from __future__ import annotations

from typing import Any

from inference.records import Unwrapped, is_generic

_OUTCOME_FLAGS = frozenset({"success", "ok", "succeeded"})


def split_outcome(body: Any) -> tuple[Any, list[Unwrapped]]:
    """The payload of an answer wrapped with its outcome (``{wrapper: payload}``) and the records served beside it;
    any other answer as it is, with none beside it."""
    if not isinstance(body, dict) or not any(k.lower() in _OUTCOME_FLAGS and isinstance(v, bool)
                                             for k, v in body.items()):
        return body, []
    wrappers = [k for k in body if k.lower() not in _OUTCOME_FLAGS and is_generic(k)]
    if not wrappers and any(isinstance(v, dict | list) and v for v in body.values()):
        # ``{"channel": {...}, "success": true}``: the flag beside named data is the answer's
        return {k: v for k, v in body.items() if not (k.lower() in _OUTCOME_FLAGS and isinstance(v, bool))}, []
    if len(wrappers) != 1:
        return body, []
    sides = [Unwrapped(rows, key, f"$.{key}[]", True, side=True) for key, rows in body.items()
             if key != wrappers[0] and isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)]
    payload = body[wrappers[0]]
    if isinstance(payload, list) and payload and not any(isinstance(v, dict | list) for v in payload):
        return payload, sides  # ids or values, no record of the payload's own
    return {wrappers[0]: payload}, sides
