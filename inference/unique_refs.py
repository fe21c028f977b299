"""References told by values of a form unique across a database: object ids, hardware addresses.

A 24-digit hexadecimal object id (MongoDB's ``ObjectId``) or a hardware (MAC) address names one thing wherever it
is read: no two tables' keys share one. A column whose values all have such a form, every one held by one table's
key, or by a column of one table that tells its rows apart and whose name the column ends in (``client_mac`` and
a table's ``mac``), references that table, though its name names no table (``user_id`` holding the ``_id`` of
clients): the values, not the name, say what it holds. A column beside its type (``author_id`` and
``author_type``) references one of several tables, no one table.
"""

from __future__ import annotations

import re

from inference.abbreviated_refs import abbreviated_fks
from inference.drafts import Draft, FKDraft, key_text
from inference.entities import Collector
from inference.keys import pk_of

#: A 24-digit hexadecimal object id, or a hardware (MAC) address.
_UNIQUE_FORM = re.compile(r"^(?:[0-9a-f]{24}|[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4})$", re.I)


def unique_form_fks(collector: Collector, draft: Draft) -> None:
    """Add the references of ``draft``'s columns holding values of a unique form (see the module), and of its
    abbreviated id columns (:mod:`inference.abbreviated_refs`)."""
    abbreviated_fks(collector, draft)
    taken = {c for fk in draft.fks for c in fk.columns}
    for col in draft.columns():
        if col in taken or col.startswith("__") or col in draft.jsonb or col in (draft.pk or ()):
            continue
        first = next((text for r in draft.rows if col in r.values and (text := key_text(r.values[col]))), "")
        if not _UNIQUE_FORM.match(first):
            continue  # the first value held tells most columns apart, before every value is read
        values = {key_text(v) for v in draft.values(col)} - {""}
        if not all(_UNIQUE_FORM.match(v) for v in values) or _own_keys(draft, col):
            continue
        if "_" in col and f"{col.rpartition('_')[0]}_type" in draft.paths:
            continue  # ``author_id`` beside ``author_type``: a polymorphic reference, its table told by the type
        found = [(target, key) for target in collector.drafts.values() for key in _keys(target, col)
                 if (target is not draft or key != col) and target.key_hits(values, key) == len(values)]
        if len(found) == 1:
            target, key = found[0]
            if key != pk_of(target):
                target.alternate_keys.add(key)
            draft.add_fk(FKDraft([col], target.name, [key], "values of a unique form held by one table's key", 0.8))


def _keys(target: Draft, col: str) -> list[str]:
    """The columns of ``target`` that tell its rows apart and that ``col`` may name: its key (``col`` ending in
    ``_id``), or a column ``col`` ends in (``mac`` of ``client_mac``) holding a value in every row, once."""
    if target.kind != "entity" or not target.rows:
        return []
    pk = pk_of(target)
    keys = [pk] if pk is not None and col.endswith("_" + pk.lstrip("_").rpartition("_")[2]) else []
    for other in target.columns():
        if other == pk or other.startswith("__") or not (col == other or col.endswith("_" + other)):
            continue
        held = [key_text(r.values.get(other)) for r in target.rows]
        if "" not in held and len(set(held)) == len(held):
            keys.append(other)
    return keys


def _own_keys(draft: Draft, col: str) -> bool:
    """Every row of ``draft`` holds its own key in ``col``: another name of the key, no reference."""
    pk = pk_of(draft)
    return pk is not None and all(key_text(r.values.get(col)) == key_text(r.values.get(pk)) for r in draft.rows)
