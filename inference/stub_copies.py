"""Stubs whose copied names contradict a table's records: references to another resource.

A reference is often served as a stub of the record it names, its key beside a copy of the record's name
(``"tracker": {"id": 1, "name": "Bug"}``). Small integer keys fit many tables: when the records of the same keys
in a served table hold other names (status 1 is ``New``, 2 ``In Progress``), the stubs are no copies of them and
name another resource, one the capture served only through its stubs.
"""

from __future__ import annotations

from typing import Any

from inference.drafts import Draft, key_text
from inference.naming import snake

#: Objects compared at least before their copies may contradict a table.
MIN_COMPARED = 2


def contradicted(draft: Draft, objs: list[dict[str, Any]], key: str, key_col: str) -> bool:
    """Whether most objects whose ``key`` is a record of ``draft`` (two at least) hold no text field as that record
    does, among the text fields both hold."""
    texts = {k: snake(k) for o in objs for k, v in o.items() if k != key and isinstance(v, str) and v}
    texts = {raw: col for raw, col in texts.items() if col in draft.paths and col != key_col}
    if not texts:
        return False
    records: dict[str, list[dict[str, Any]]] = {}
    for row in draft.rows:
        records.setdefault(key_text(row.values.get(key_col)), []).append(row.values)
    compared = agreeing = 0
    for obj in objs:
        found = records.get(key_text(obj.get(key)))
        held = [(obj[raw], col) for raw, col in texts.items() if isinstance(obj.get(raw), str) and obj[raw]]
        if found and held:
            compared += 1
            agreeing += any(r.get(col) == value for value, col in held for r in found)
    return compared >= MIN_COMPARED and agreeing * 2 < compared
