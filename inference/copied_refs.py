"""The table a list's objects reference, told by the records' values rather than by names.

- An embedded ``requester: {id, name, email, phone, mobile}`` whose every field is a column of one served table only
  (four fields or more, keys of the same form) is a record of that table the capture did not read otherwise
  (:func:`same_fields_entity`).
- Objects whose ``id`` is the key of a table that names it otherwise (a program's ``wateringTimes``, each
  ``{id, name, duration, …}``, its ``id`` a zone's ``uid`` and its ``name`` that zone's name) reference that table
  when the copied text of nearly every object (80%) agrees with the record of its key (:func:`copied_entity`): the list is an
  association with the attributes the objects add, their copies of the record left out.
"""

from __future__ import annotations

from typing import Any

from inference.drafts import Draft, key_text
from inference.entities import Collector
from inference.keys import pk_of
from inference.naming import snake
from inference.stub_copies import contradicted


def same_fields_entity(collector: Collector, fields: set[str], values: set[str], objs: list[dict[str, Any]],
                       key: str) -> Draft | None:
    """The one served table whose columns hold every field of the objects (four or more) and whose key (``key``)
    holds keys of the objects' form (digits or not), unless the objects' copied text contradicts its records of
    their keys (a category 1 named otherwise than task 1: another resource); else None."""
    key_col = snake(key)
    if len(fields) < 4 or not values:
        return None
    digits = all(v.isdigit() for v in values)
    found = [d for d in collector.drafts.values() if d.kind == "entity" and d.rows and pk_of(d) == key_col
             and fields <= set(d.paths)
             and all(key_text(r.values.get(key_col)).isdigit() == digits for r in d.rows[:50])]
    return found[0] if len(found) == 1 and not contradicted(found[0], objs, key, key_col) else None


def copied_entity(collector: Collector, owner: Draft | None, objs: list[dict[str, Any]], key: str) -> Draft | None:
    """The served table, keyed by a column of another name than ``key``, holding every object's ``key`` value as a
    key, whose record of that key holds the same text as the object in some field, for 80% of the objects at
    least, the texts differing between objects (a name, not a flag); None when no table or more than one fits."""
    values = [key_text(o.get(key)) for o in objs]
    if len(set(values)) < 2 or "" in values:
        return None
    fields = {k: snake(k) for o in objs for k, v in o.items() if k != key and isinstance(v, str) and v}
    found: list[tuple[Draft, set[str]]] = []
    for draft in collector.drafts.values():
        pk = pk_of(draft) if draft.kind == "entity" and draft.rows and draft is not owner else None
        if pk is None or pk == snake(key) or draft.key_hits(set(values), pk) < len(set(values)):
            continue
        records: dict[str, list[dict[str, Any]]] = {}
        for row in draft.rows:
            records.setdefault(key_text(row.values.get(pk)), []).append(row.values)
        copies = {raw for raw, column in fields.items() if column in draft.paths
                  and _copied(objs, key, raw, column, records)}
        if copies:
            found.append((draft, copies))
    if len(found) != 1:
        return None
    target, copies = found[0]
    target.stub_shapes.add(frozenset({key, *copies}))  # the copies name the record: no attributes of the link
    return target


#: The share of the objects whose copied text must agree with their record's (a record renamed between two reads
#: disagrees with the copies read before).
_AGREEING = 0.8


def _copied(objs: list[dict[str, Any]], key: str, raw: str, column: str,
            records: dict[str, list[dict[str, Any]]]) -> bool:
    agreeing = [text for o in objs if isinstance(text := o.get(raw), str)
                and any(r.get(column) == text for r in records.get(key_text(o.get(key)), ()))]
    return len(set(agreeing)) >= 2 and len(agreeing) >= _AGREEING * len(objs)
