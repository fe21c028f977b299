"""A field never filled that other tables fill with plain keys: a reference spelt as they spell it.

A field null in every record of one table (a media item's ``"post": null``) is renamed ``<field>_id`` when it names
a table, as a nested object left empty would be (``"tenant": null`` for ``"tenant": {"id": …}``). An API names one
field one way: when other tables hold a field of that very name as plain keys (a comment's ``"post": 4``), the empty
one is that same plain reference, keeps its name and references the table those keys name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from inference.agents import agent_role
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


def never_filled_namesakes(drafts: dict[str, Draft]) -> None:
    """A field named as an agent's role (``owner``, ``assignee``, ``created_by``: a person), null in every record of one
    table (a label's ``"owner": null``), whose namesake in other tables references one table alike in all of them (a
    folder's and a note's ``owner`` → users): the same reference, left empty here. The API names one field one way, and
    its people are one table; a name that references different tables elsewhere, or names no agent (a rack's
    ``group_id`` beside a tenant's), says nothing."""
    targets: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
    for other in drafts.values():
        for fk in other.fks:
            if len(fk.columns) == 1 and fk.ref_table != other.name:
                targets.setdefault(fk.columns[0], set()).add((fk.ref_table, tuple(fk.ref_columns)))
    for draft in drafts.values():
        taken = {c for fk in draft.fks for c in fk.columns}
        for col in draft.columns():
            found = targets.get(col, set())
            if len(found) != 1 or col in taken or col in draft.jsonb or draft.pk == [col] or col.startswith("__"):
                continue
            table, columns = next(iter(found))
            if not agent_role(col.removesuffix(f"_{columns[0]}")) or table == draft.name or table not in drafts or any(v is not None for v in draft.values(col)):
                continue
            draft.add_fk(FKDraft([col], table, list(columns), "never filled; the same field references the table elsewhere",
                                 0.5))
