"""Embedded copies of an entity's records: the ones its own endpoints never served are its records too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inference.drafts import Draft, Row, key_text
from inference.naming import snake

if TYPE_CHECKING:
    from inference.entities import Collector, PendingObject


def add_unseen(collector: Collector, target: Draft, items: list[PendingObject], ref_key: str) -> None:
    """Embedded copies of records that the entity's own endpoints never served are records of
    the entity too (with only the fields the copy shows)."""
    pk = target.pk[0] if target.pk and len(target.pk) == 1 else None
    if pk != snake(ref_key) or target.sampled:
        return
    known = {key_text(r.values.get(pk)) for r in target.rows}
    for item in items:
        key = key_text(item.obj.get(ref_key))
        if not key or key in known:
            continue
        known.add(key)
        row = Row({}, item.endpoint)
        collector.flatten(item.obj, target, row, "", item.path, item.endpoint, 1)
        target.add_row(row)
        if target.raw_rows is not None:
            target.raw_rows.append(row)
