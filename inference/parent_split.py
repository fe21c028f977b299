"""A collection name nested beneath two parent collections, serving two collections.

``/posts/{id}/revisions`` and ``/pages/{id}/revisions`` both serve ``revisions``. When every record of the name was
read beneath a parent, no record beneath two, and one field of every record holds the key of the parent it was read
beneath (``"parent": 4`` beneath ``/posts/4``, ``"parent": 7`` beneath ``/pages/7``), that field references a
different table by route: the records are the revisions of posts and the revisions of pages, one table per parent
(``post_revisions``, ``page_revisions``), each field referencing one table. A collection whose records are read
beneath several parents with no field holding the parent's key (the comments of a user and of a post, each naming
both) stays one table. Pure: drafts in, drafts out.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import fields

from inference.drafts import Draft, Row, is_key_like, key_text
from inference.entities import Collector
from inference.identity import ID_KEYS
from inference.naming import singular


def split_by_parent(collector: Collector) -> None:
    drafts = collector.drafts
    owners: set[int] | None = None
    for draft in list(drafts.values()):
        if draft.kind != "entity" or not draft.rows or (groups := _by_parent(draft, drafts)) is None:
            continue
        if owners is None:  # records holding lists or objects still to resolve stay as they are
            owners = {id(p.owner) for g in collector.arrays.groups.values() for p in g}
            owners |= {id(p.owner) for g in collector.objects.groups.values() for p in g}
        if id(draft) in owners:
            continue
        if not any(f"{singular(parent)}_{draft.name}" in drafts for parent in groups):
            del drafts[draft.name]
            for parent, rows in groups.items():
                part = part_of(draft, f"{singular(parent)}_{draft.name}", rows)
                drafts[part.name] = part


def _by_parent(draft: Draft, drafts: dict[str, Draft]) -> dict[str, list[Row]] | None:
    """The rows by the parent they were read beneath, when the draft is one collection per parent."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in draft.rows:
        if row.hint is None or row.hint[0] not in drafts or row.hint[0] == draft.name:
            return None
        groups[row.hint[0]].append(row)
    if len(groups) < 2:
        return None
    key = next((k for k in ID_KEYS if all(key_text(r.values.get(k)) for r in draft.rows)), None)
    if key is None:
        return None
    seen: dict[str, str] = {}
    for parent, rows in groups.items():
        for row in rows:
            if seen.setdefault(key_text(row.values[key]), parent) != parent:
                return None  # one record read beneath two parents: one collection
    holding = [c for c in draft.columns() if c != key and not c.startswith("__")
              and all(key_text(r.values.get(c)) == r.hint[1] for r in draft.rows if r.hint)]
    return groups if holding else None


def part_of(draft: Draft, name: str, rows: list[Row]) -> Draft:
    """The draft restricted to ``rows``, under ``name``."""
    part = Draft(name, draft.kind)
    for spec in fields(Draft):  # the draft's evidence, no container shared with the other parts
        value = getattr(draft, spec.name)
        if spec.name != "name":
            setattr(part, spec.name, copy.copy(value) if isinstance(value, set | dict | list) else value)
    part.rows = rows
    part.seen = len(rows)
    part.endpoints = {r.endpoint for r in rows}
    held = {c for r in rows for c in r.values}
    part.paths = {c: set(p) for c, p in draft.paths.items() if c in held}
    part.order = [c for c in draft.order if c in held]
    part.fks, part.key_index, part.ref_values, part.shapes = [], {}, {}, set()
    for row in rows:
        for col, value in row.values.items():
            if is_key_like(col):
                part.index_key(col, value)
    return part
