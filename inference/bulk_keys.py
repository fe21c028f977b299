"""Keys named by a bulk deletion: the fields a request names its records by when it deletes several at once.

An API that deletes records in bulk (``POST /source-items-delete``, ``POST /things/bulk-delete``, ``DELETE /things``
with a body) is sent the records to delete by their keys alone: ``{"items": [{"sku": "a", "bin": "b"}, ...]}``.
When every listed object holds the same two or three scalar fields, those fields are the key of the collection the
route names, the fields that tell its records apart (a composite key where the records have no id of their own).
"""

from __future__ import annotations

from typing import Any

from inference.endpoints import parse_route
from inference.naming import snake
from kernel.calls import DELETION, deletion_names

#: Fields too many for a key: a deletion names its records, it does not describe them.
MAX_KEY_FIELDS = 3


def deletion_keys(method: str, url: str, body: Any) -> tuple[str, tuple[str, ...]] | None:
    """The collection a bulk deletion names and the fields (snake case) its listed records are named by, or None when
    the request is no such deletion."""
    if method not in ("POST", "DELETE") or body is None:
        return None
    items = deletion_names(body)
    if items is None:
        return None
    fields = tuple(items[0])
    if not 2 <= len(fields) <= MAX_KEY_FIELDS or any(tuple(item) != fields for item in items):
        return None
    literals = [s for s in parse_route(method, url).segments if not s.startswith("{")]
    if not literals:
        return None
    match = DELETION.match(literals[-1])
    if method == "POST" and match is None:
        return None
    name = match.group("name").strip("-_") if match is not None else literals[-1]
    if not name and len(literals) >= 2:
        name = literals[-2]  # ``/things/bulk-delete``
    return (snake(name), tuple(snake(f) for f in fields)) if name else None
