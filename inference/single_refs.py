"""A list holding one reference at most: a to-one reference served as a list.

Some serializers serve a to-one relation as a list of one object naming the referenced record by its key alone
(``"updated_by": [{"user_id": 4}]``, ``[]`` when there is none). Every record holding one item at most, over many
records, and every item holding nothing but a key of a served table, the list is one reference column named after
the field (its value the key, null for an empty list), not a join table of one row per record.
"""

from __future__ import annotations

from collections.abc import Mapping

from inference.drafts import Draft, FKDraft, key_text
from inference.entities import PendingArray
from inference.keys import CONTAINMENT, pk_of
from inference.naming import snake

#: Records holding one item needed before a list of one item at most is read as a to-one reference.
MIN_HOLDERS = 5


def one_reference(drafts: Mapping[str, Draft], owner: Draft, field: str, group: list[PendingArray]) -> bool:
    """True when the lists of ``group`` (``field`` of ``owner``'s records) hold one object at most each, each of one
    key naming a served table's key (``user_id`` of ``users.id``) and holding one of its values, in ``MIN_HOLDERS``
    records at least: ``field`` is then a column of the owner holding that value (null where the list is empty), with
    a foreign key to that table."""
    if len(group) < MIN_HOLDERS or any(len(p.items) != 1 or len(p.items[0]) != 1 for p in group):
        return False
    keys = {next(iter(p.items[0])) for p in group}
    if len(keys) != 1:
        return False
    key = keys.pop()
    values = [p.items[0][key] for p in group]
    if not all(isinstance(v, int | str) and not isinstance(v, bool) for v in values):
        return False
    target = next((d for d in drafts.values() if d is not owner and d.kind == "entity" and d.rows
                   and (pk := pk_of(d)) is not None and snake(key) == f"{d.singular}_{pk}"), None)
    target_pk = pk_of(target) if target is not None else None
    texts = {key_text(v) for v in values}
    if target is None or target_pk is None or target.key_hits(texts, target_pk) < CONTAINMENT * len(texts):
        return False
    owner.dropped.discard(field)
    for row in owner.rows + [r for r in owner.raw_rows or [] if r not in owner.rows]:
        if row.values.get(field) == []:
            row.values[field] = None
    for pending, value in zip(group, values, strict=True):
        pending.parent.values[field] = value
    owner.note(field, pending.path.removesuffix("[]") + "." + key)
    owner.add_fk(FKDraft([field], target.name, [target_pk], "a list of one reference at most", 0.8))
    return True
