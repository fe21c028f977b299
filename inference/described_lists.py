"""Answers that describe their records' columns beside them.

Some query answers carry the schema of their records beside the records: ``{"fields": [{"name": "OBJECTID",
"type": "…OID"}, {"name": "ADDRESS", …}], "features": [{"attributes": {"OBJECTID": 1, "ADDRESS": "…"}, …}], …}``.
Of two lists of objects, one whose items each name a column (a ``name``) naming the fields of the other's records
(or of one object every record holds, ``attributes``), four in five of them at least, describes the other: the
described list holds the answer's records, the describing one and the members beside them are the answer's own.
"""

from __future__ import annotations

from typing import Any

#: Share of the described records' fields the describing list must name.
_NAMED = 0.8


def described_list(lists: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]] | None:
    """Of two lists of objects, the one the other describes (see the module docstring), or None."""
    for (_key, schema), (key, items) in (tuple(lists), tuple(reversed(lists))):
        listed = [item.get("name") for item in schema]
        if not all(isinstance(n, str) for n in listed):
            continue  # a column's name is text: a list naming things otherwise describes nothing here
        names: set[Any] = set(listed)
        if len(names) < 2:
            continue
        if any(_named(names, fields) for fields in _field_sets(items)):
            return key, items
    return None


def _field_sets(items: list[Any]) -> list[set[str]]:
    """The records' fields, and the fields of an object every record holds under one name."""
    first = items[0]
    found = [set().union(*(set(item) for item in items))]
    for member, value in first.items():
        if isinstance(value, dict) and all(isinstance(item.get(member), dict) for item in items):
            found.append(set().union(*(set(item[member]) for item in items)))
    return found


def _named(names: set[Any], fields: set[str]) -> bool:
    return len(fields) >= 2 and len(fields & names) >= _NAMED * len(fields)
