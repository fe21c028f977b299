"""A record with no id but one field named ``<word>_id`` that names no table: that field is its id.

``{"dev_id": "usb1", "dev_title": "USB Disk 1", ...}``, ``{"name_id": "usb1p1", ...}``: APIs name a record's own id
by an abbreviation or a word of its own (``dev_id`` of a device, ``name_id`` of a partition). When the records have
no better key (no ``id``, ``uuid``, natural key or code), their one ``*_id`` field that is no reference (its word
names no table of the capture, ``user_id`` beside a served ``users`` would) keys them when it is present, non-null
and unique in every record (eval rule 10). Ranked last, after every other key name.
"""

from __future__ import annotations

from collections.abc import Mapping

from inference.drafts import Draft
from inference.naming import plural, singular


def mark_lone_ids(drafts: Mapping[str, Draft]) -> None:
    """Set each draft's ``lone_id``: its one ``*_id`` column whose word names no draft, or None."""
    names = set(drafts) | {d.singular for d in drafts.values()}
    for draft in drafts.values():
        refs = {c for fk in draft.fks for c in fk.columns}
        ids = [c for c in draft.columns() if c.endswith("_id") and not c.startswith("__") and c not in draft.jsonb
               and c not in refs]
        word = ids[0][:-3].rpartition("_")[2] if len(ids) == 1 else ""
        draft.lone_id = ids[0] if word and not names & {word, plural(word), singular(word), ids[0][:-3],
                                                         plural(ids[0][:-3])} else None
