"""A list empty in every record, named after a served table: a relation to that table, no row of it seen.

A page's ``"tags": []`` beside a served ``tags`` table is the page's list of tags, which happened to be empty
wherever the capture read it, not a column of text or of JSON, when the list is known as a relation: the same field
of another table lists rows of that table (a post's ``tags`` made ``post_tags``), or another list of the same
records lists rows of a table (a post's ``categories`` made ``post_categories``). It is a join table
``<owner>_<list>`` (``page_tags``) of the owner's key and the listed table's key, with no rows, as the same list
would have made had it held any. An empty list of a table that lists nothing else stays as it is (a task's
``labels`` may be names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inference.drafts import Draft, FKDraft
from inference.naming import plural, snake

if TYPE_CHECKING:
    from inference.entities import Collector

RULE = "a list empty in every record, named after a served table"


def empty_relations(collector: Collector) -> None:
    drafts = collector.drafts
    for owner in list(drafts.values()):
        if owner.kind != "entity" or not owner.pk or len(owner.pk) != 1:
            continue
        for column in owner.columns():
            target = drafts.get(column) or drafts.get(plural(snake(column)))
            if target is None or target is owner or target.kind != "entity" or not target.pk or len(target.pk) != 1:
                continue
            if not _known_relation(drafts, owner, column, target):
                continue
            values = [v for v in owner.values(column) if v is not None]
            name = f"{owner.singular}_{column}"
            if not values or any(v != [] for v in values) or name in drafts:
                continue
            own, listed = f"{owner.singular}_{owner.pk[0]}", f"{target.singular}_{target.pk[0]}"
            join = drafts[name] = Draft(name=name, kind="join", rule=RULE, parent=owner.name, declared=True)
            for key, (table, pk) in ((own, (owner.name, owner.pk)), (listed, (target.name, target.pk))):
                join.note(key, next(iter(sorted(owner.paths.get(column, {"$"})))))
                join.add_fk(FKDraft([key], table, list(pk), RULE, 0.6))
            join.pk = [own, listed]
            owner.dropped.add(column)


def _known_relation(drafts: dict[str, Draft], owner: Draft, column: str, target: Draft) -> bool:
    joins = [d for d in drafts.values() if d.kind in ("join", "association", "child") and d is not owner]
    same_field = any(d.name.endswith("_" + column) and any(fk.ref_table == target.name for fk in d.fks) for d in joins)
    return same_field or any(d.kind == "join" and len(d.fks) == 2 and {fk.ref_table for fk in d.fks} - {owner.name}
                             and any(fk.ref_table == owner.name for fk in d.fks) for d in joins)
