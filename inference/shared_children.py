"""One kind of record listed under several holders: one table, not one per holder.

``"contacts": [{"key": 31, "firstName", "email", ...}]`` inside nodes, organizations and networks alike makes, at
first, ``node_contacts``, ``organization_contacts`` and ``network_contacts``: child tables of the same field, keyed by
the same column. When their keys are numbers or UUIDs of one type, never the same under two holders (one numbering
across the API: each contact is one record, held by one holder), and their fields are mostly the same (four beside
the key at least), they are records of one kind: one table named after the field (``contacts``), with a reference to
each holder, empty in the rows of the others. Children of one holder only, keys met under two holders (records
shared between holders, or numbered per holder), keys that are names or addresses (an image's ``url``), different key
names or mostly different fields (``meta_data`` pairs ``{id, key, value}``) stay apart. Pure: drafts in, drafts out.
"""

from __future__ import annotations

import re
from collections import defaultdict

from inference.drafts import Draft, key_text
from inference.merging import fold_into
from inference.naming import singular

RULE = "one kind of record listed under several holders"
#: Share of the fields (of the table with fewer) two holders' children must have in common, beside the key.
_OVERLAP = 0.6
#: Fields beside the key two holders' children must have in common (a ``{id, key, value}`` pair is no kind of record).
_FIELDS = 4
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def share_children(drafts: dict[str, Draft]) -> None:
    groups: dict[tuple[str, str], list[Draft]] = defaultdict(list)
    for draft in drafts.values():
        if draft.kind != "child" or not draft.parent or not draft.pk or len(draft.pk) != 1 or not draft.rows:
            continue
        prefix = singular(draft.parent) + "_"
        if draft.name.startswith(prefix) and len(draft.name) > len(prefix):
            groups[(draft.name[len(prefix):], draft.pk[0])].append(draft)
    for (word, key), members in groups.items():
        if len({m.parent for m in members}) != len(members) or len(members) < 2 or word in drafts:
            continue
        if not _one_kind(members, key):
            continue
        keep = members[0]
        fks = [fk for m in members for fk in m.fks]
        for other in members[1:]:
            fold_into(keep, other, [])
            del drafts[other.name]
        del drafts[keep.name]
        keep.name, keep.parent, keep.rule = word, None, RULE
        keep.fks = []
        for fk in fks:
            if not any(f.columns == fk.columns and f.ref_table == fk.ref_table for f in keep.fks):
                keep.add_fk(fk)
        drafts[word] = keep


def _one_kind(members: list[Draft], key: str) -> bool:
    seen: set[str] = set()
    kinds: set[bool] = set()
    for member in members:
        values = [r.values.get(key) for r in member.rows]
        if not all(isinstance(v, int) and not isinstance(v, bool) or isinstance(v, str) and _UUID.fullmatch(v)
                   for v in values):
            return False  # numbers or UUIDs the API hands out, not names or addresses (an image's ``url``)
        kinds |= {isinstance(v, str) for v in values}
        keys = {key_text(v) for v in values}
        if seen & keys:
            return False
        seen |= keys
    if len(kinds) != 1:
        return False
    fields = [_own_fields(m) - {key} for m in members]
    return all(len(a & b) >= max(_FIELDS, _OVERLAP * min(len(a), len(b)))
               for i, a in enumerate(fields) for b in fields[i + 1:])


def _own_fields(draft: Draft) -> set[str]:
    parent_cols = {c for fk in draft.fks if fk.ref_table == draft.parent for c in fk.columns}
    return draft.data_columns() - parent_cols
