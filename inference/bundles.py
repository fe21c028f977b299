"""Answers that bundle collections: ``{"devices": [...], "user": {...}}``, each member a collection of its own.

An answer object holding no scalar of its own, only named lists of records and named objects (``{"devices":
[...], "user": {...}}``, within an envelope or not), is no record: nothing in it identifies or describes one
thing. Members named as an answer's own (``meta``, ``links``, a list's page ``topic_list``) and objects every
listed record repeats (the scope the list was read in) keep the answer what it was. Each member is served with the answer: a list is records of the collection its name says, an object one
record of the table its name says (``user`` → ``users``). A record with child lists always holds scalars (its
key at least), which keeps it one record.
"""

from __future__ import annotations

from typing import Any

from inference.identity import is_link_list
from inference.records import Unwrapped, _meta_name, is_generic, list_page, looks_like_map


def _records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and v for v in value)


def _record(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and not looks_like_map(value) and any(
        not isinstance(v, dict | list) for v in value.values())


def _inner(body: Any, path: str) -> tuple[Any, str]:
    """Below generic wrappers whose siblings are scalars (the answer's status, its timing): the payload."""
    for _ in range(3):
        if not isinstance(body, dict):
            break
        wrappers = [k for k, v in body.items() if isinstance(v, dict) and is_generic(k)]
        if len(wrappers) != 1 or any(isinstance(v, dict | list) for k, v in body.items() if k != wrappers[0]):
            break
        body, path = body[wrappers[0]], f"{path}.{wrappers[0]}"
    return body, path


def answer_bundle(body: Any) -> list[Unwrapped] | None:
    """The collections of an answer that bundles them (see the module docstring), or None."""
    inner, path = _inner(body, "$")
    if not isinstance(inner, dict) or len(inner) < 2 or any(is_generic(k) or _meta_name(k) for k in inner):
        return None
    lists = [k for k, v in inner.items() if _records(v)]
    if not lists or not all(k in lists or _record(v) for k, v in inner.items()):
        return None
    if any(is_link_list(inner[k]) for k in lists) or any(list_page(k, v) for k, v in inner.items()):
        return None
    if any(all(item.get(k) == v for item in inner[listed]) for k, v in inner.items() if k not in lists
           for listed in lists):
        return None  # the object every listed record names: the scope of the list
    return [Unwrapped(v, k, f"{path}.{k}[]", True) if k in lists else Unwrapped([v], k, f"{path}.{k}", False, side=True)
            for k, v in inner.items()]
