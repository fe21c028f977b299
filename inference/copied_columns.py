"""Copies of a referenced record's name beside the reference: the referenced table's, not the referrer's.

A membership served as ``{"id": 3, "user": 1, "username": "ada"}`` repeats, beside its reference to a user, that
user's own ``username``. The copy is an attribute of the user (rule 4 of the modeling rules: a reference's copied
attributes are not repeated), so the column is left out of the referring table.
"""

from __future__ import annotations

from inference.drafts import Draft, key_text
from inference.identity import NATURAL_KEYS
from inference.types import detect_timestamptz


def drop_copied_names(drafts: dict[str, Draft]) -> None:
    """A text column named as a natural key of a table another column references (``username`` beside ``user`` →
    users), holding in every row the referenced record's own value, is a copy of it: left out."""
    for draft in drafts.values():
        taken = {c for fk in draft.fks for c in fk.columns}
        for fk in draft.fks:
            target = drafts.get(fk.ref_table)
            if target is None or target is draft or len(fk.columns) != 1 or len(fk.ref_columns) != 1 or not target.rows:
                continue
            column, ref = fk.columns[0], fk.ref_columns[0]
            for name in NATURAL_KEYS:
                if name in taken or name in (draft.pk or []) or name == ref or name not in draft.paths \
                        or name not in target.paths or name in draft.dropped:
                    continue
                if _copies(draft, target, column, ref, name):
                    draft.dropped.add(name)


def _copies(draft: Draft, target: Draft, column: str, ref: str, name: str) -> bool:
    records = {key_text(r.values.get(ref)): r.values.get(name) for r in target.rows}
    compared = 0
    for row in draft.rows:
        value = row.values.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or detect_timestamptz(value) is not None:
            return False
        key = key_text(row.values.get(column))
        if key not in records:
            continue  # a record the capture did not read
        if records[key] != value:
            return False
        compared += 1
    return compared > 0
