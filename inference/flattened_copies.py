"""Flattened copies of a referenced record: its fields are the referenced table's, not the holder's.

An owner embedded in every record (``"user": {"username": "ada", "role": "admin", "created_at": ...}``) read before
any answer served the owners' own table is flattened (``user_username``, ``user_role``, ...); once the table is
known and ``user_username`` references it by its key, the other fields of that object are copies of the user's
columns (rule 4 of the modeling rules: a reference's copied attributes are not repeated) and are left out.
"""

from __future__ import annotations

from inference.drafts import Draft
from inference.naming import snake


def drop_flattened_copies(drafts: dict[str, Draft]) -> None:
    """Beside a reference column read from an embedded object's key (``user.username`` → users.username), the
    columns read from that object's other scalar fields, when every one of them is named as a column of the
    referenced table, are dropped (with any reference read from one of them). One field alone beside the key is
    another name of the record (a stub's ``{"number": 7, "url": ...}``), which may be the one other tables use."""
    for draft in drafts.values():
        copied: set[str] = set()
        for fk in draft.fks:
            target = drafts.get(fk.ref_table)
            if target is None or target is draft or len(fk.columns) != 1 or not target.rows:
                continue
            column = fk.columns[0]
            holders = _holders(draft.paths.get(column, set()), fk.ref_columns[0])
            if not holders:
                continue
            copies = [c for c, paths in draft.paths.items() if c != column and c not in draft.dropped
                      and paths and all(p.rpartition(".")[0] in holders for p in paths)]
            own = {snake(c) for c in target.columns()}
            if len(copies) > 1 and all(snake(_field(draft.paths[c])) in own for c in copies) \
                    and not set(copies) & set(draft.pk or []):
                copied.update(copies)
        if copied:  # a copied field that looked like a reference of its own is the referenced table's
            draft.dropped |= copied
            draft.fks = [fk for fk in draft.fks if not set(fk.columns) & copied]


def _holders(paths: set[str], ref: str) -> set[str]:
    """The paths of the objects a reference was read from, when every path names one object's key field."""
    if not paths or not all("." in p and snake(p.rpartition(".")[2]) == ref for p in paths):
        return set()
    parents = {p.rpartition(".")[0] for p in paths}
    return set() if any(p.endswith(("[]", "$")) for p in parents) else parents


def _field(paths: set[str]) -> str:
    return next(iter(paths)).rpartition(".")[2]
