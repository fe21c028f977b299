"""Copies of a record's own key inside an object it holds, which are no columns of the record.

A record may hold an object about itself whose members repeat its own key (a device's ``last_state: {"uuid":
"<the device's id>", "device_uuid": "<the same>", "battery": 80, ...}``): the object is the record's own state,
flattened into it, and its copies of the key say nothing the key does not (rule 4: copied attributes are not
repeated). Run after the keys are chosen.
"""

from __future__ import annotations

from inference.drafts import Draft, key_text
from inference.identity import ID_KEYS


def _parent(path: str) -> str:
    return path.rpartition(".")[0]


def drop_own_key_copies(draft: Draft) -> None:
    """Mark as dropped the columns flattened from an object nested in ``draft``'s records whose own id (``id``,
    ``uuid``) is the record's own single-column key in every row: that id and its other copies of the key (and
    references made of them); only keys that cannot agree by chance: texts that are no numbers (small integers of two
    tables agree in any sample)."""
    if draft.kind != "entity" or not draft.pk or len(draft.pk) != 1 or not draft.rows:
        return
    pk = draft.pk[0]
    own_paths = draft.paths.get(pk, set())
    if len(own_paths) != 1:
        return
    base = _parent(next(iter(own_paths))) + "."
    keys = [key_text(r.values.get(pk)) for r in draft.rows]
    if not all(keys) or len(set(keys)) != len(keys) or any(k.lstrip("-").isdigit() for k in keys):
        return
    copies = {column: paths for column, paths in draft.paths.items()
              if column != pk and column not in draft.dropped and len(paths) == 1
              and all(p.startswith(base) and "." in p[len(base):] for p in paths)
              and all(key_text(r.values.get(column)) == k for r, k in zip(draft.rows, keys, strict=True))}
    # only in an object whose own id is the record's key: the record's own state, not another record naming it
    selves = {_parent(p) for paths in copies.values() for p in paths if p.rpartition(".")[2] in ID_KEYS}
    copies = {c: paths for c, paths in copies.items() if _parent(next(iter(paths))) in selves}
    if copies:
        draft.dropped |= set(copies)
        draft.fks = [fk for fk in draft.fks if not set(copies) & set(fk.columns)]
