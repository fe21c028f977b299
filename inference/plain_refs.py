"""A field never filled that other tables fill with plain keys: a reference spelt as they spell it.

A field null in every record of one table (a media item's ``"post": null``) is renamed ``<field>_id`` when it names
a table, as a nested object left empty would be (``"tenant": null`` for ``"tenant": {"id": …}``). An API names one
field one way: when other tables hold a field of that very name as plain keys (a comment's ``"post": 4``), the empty
one is that same plain reference, keeps its name and references the table those keys name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from inference.drafts import Draft, FKDraft, key_text

if TYPE_CHECKING:
    from inference.entities import Collector

Target = Callable[["Collector", Draft, str, set[str]], "tuple[Draft, str] | None"]


def plain_reference(collector: Collector, draft: Draft, col: str, by_name: Target) -> bool:
    """Whether ``col`` (never filled in ``draft``) is a plain field elsewhere; its reference, if any, is added."""
    values: set[str] = set()
    for other in collector.drafts.values():
        if other is draft or col not in other.paths or col in other.jsonb:
            continue
        held = [v for v in other.values(col) if v is not None]
        if any(isinstance(v, dict | list | bool | float) for v in held):
            return False
        values |= {key_text(v) for v in held}
    if not values:
        return False
    if (target := by_name(collector, draft, col, values)) is not None:
        draft.add_fk(FKDraft([col], target[0].name, [target[1]], "never filled; the same field holds keys elsewhere", 0.5))
    return True
