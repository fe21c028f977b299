"""Items listed under a served table's name whose ``id`` does not identify them, named by a natural key instead.

A release's ``projects: [{"id": 1861017, "slug": "test-1", "name", ...}, {"id": 1861017, "slug": "test-2", ...}]``:
one id shared by items of different natural keys identifies nothing (rule 10), while the field names a
served table (``projects``) holding a natural key the items spell (``slug``). The items are that table's
records, referenced by that key: an association ``<owner>_<field>(<owner key>, <singular>_<natural key>, ...)``
holding only the link's own attributes (``new_groups``), not the fields the table's records hold themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inference.drafts import Draft, FKDraft, key_text
from inference.entities import Collector, PendingArray
from inference.naming import plural, singular, snake

#: Natural keys that name a record in place of an id, best first.
_NATURAL = ("slug", "code", "key", "handle", "username")

Items = list[tuple[PendingArray, dict[str, Any]]]


def natural_records(collector: Collector, owner: Draft, field: str, items: Items, id_key: str,
                    parent: tuple[str | None, str | None],
                    child_rows: Callable[[Draft, Items, tuple[str, str]], None]) -> bool:
    """Make the association when the items' id determines nothing and the field names a served table keyed by a
    natural key they all hold; False (nothing done) otherwise. ``child_rows(draft, items, rename)`` adds the
    rows with the owner's reference ``parent`` (column, owner's key)."""
    objs = [obj for _, obj in items]
    target = collector.drafts.get(plural(singular(snake(field))))
    if target is None or target is owner or target.kind != "entity" or not target.rows or not all(parent):
        return False
    for natural in _NATURAL:
        raw = next((k for k in objs[0] if snake(k) == natural), None)
        if raw is not None and natural in target.paths and all(key_text(o.get(raw)) for o in objs):
            break
    else:
        return False
    named: dict[str, set[str]] = {}
    for obj in objs:
        named.setdefault(key_text(obj.get(id_key)), set()).add(key_text(obj.get(raw)))
    if not any(len(names) > 1 for names in named.values()):
        return False  # the id tells the items apart as their natural key does: it identifies them
    copied = {k for o in objs for k in o if k != raw and snake(k) in target.paths}
    assoc = collector.draft(f"{owner.singular}_{field}", "association", "records of a table named by a natural key")
    item_col = f"{target.singular}_{natural}"
    child_rows(assoc, [(p, {k: v for k, v in o.items() if k not in copied}) for p, o in items], (raw, item_col))
    assoc.add_fk(FKDraft([item_col], target.name, [natural], "items named by the table's natural key", 0.8))
    return True
