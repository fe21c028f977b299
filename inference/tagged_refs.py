"""References spelt with their table's tag: ``t3_abc`` names a record of the table of kind ``t3``.

Where records are served wrapped with their kind (``{kind: "t3", data}``, see :mod:`inference.typed_things`), the
tables are named by the kinds, and APIs that tag records so spell a reference to one as its kind, ``_`` and its id
(Reddit's fullnames: a comment's ``link_id`` ``t3_abc``, its ``subreddit_id`` ``t5_xyz``). A text column every value of
which is so tagged with one tag that names a table (``t3``: ``t3s``) references that table by the field spelling each
of its records' own tagged name (``name``: unique, every value tagged with that tag), a key beside its primary key,
whether or not the capture read the records it names.
"""

from __future__ import annotations

import re

from inference.drafts import Draft, FKDraft
from inference.naming import plural, snake

RULE = "a reference spelt with its table's tag"
_TAGGED = re.compile(r"([a-z][a-z0-9]{0,7})_[A-Za-z0-9]+")


def tagged_refs(drafts: dict[str, Draft]) -> None:
    for draft in drafts.values():
        taken = {fk.columns[0] for fk in draft.fks}
        for col in draft.columns():
            if col in taken or col in (draft.pk or []) or col in draft.jsonb:
                continue
            listed = [v for v in draft.values(col) if v is not None]
            if not listed or not all(isinstance(v, str) and _TAGGED.fullmatch(v) for v in listed):
                continue
            tags = {str(v).partition("_")[0] for v in listed}
            target = drafts.get(plural(snake(next(iter(tags))))) if len(tags) == 1 else None
            if target is None or target is draft or not target.rows:
                continue
            key = _holding_field(target, next(iter(tags)) + "_")
            if key is not None:
                draft.add_fk(FKDraft([col], target.name, [key], RULE, 0.8))
                if key not in (target.pk or []):
                    target.alternate_keys.add(key)


def _holding_field(target: Draft, tag: str) -> str | None:
    """The one column of ``target`` spelling each record's own tagged name (unique, every value tagged)."""
    found = []
    for col in target.columns():
        held = [v for v in target.values(col) if v is not None]
        if held and all(isinstance(v, str) and v.startswith(tag) for v in held) and len(set(held)) == len(held):
            found.append(col)
    return found[0] if len(found) == 1 else None
