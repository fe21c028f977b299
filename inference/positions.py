"""Ids that number a parent's list items by their place in it, no identity of their own.

Some APIs number the objects of a record's list from 0 in each record (a download's ``trackers``, each with
``id: 0``, ``id: 1``, … in every download): the id is the item's position within its parent, the same ids recur
under every parent, and two items of one id under two parents are two rows. Such a list is a child table of its
parent with no key of its own (eval rule 6), its ``id`` a column, no reference to another table holding ids 0, 1, ….
"""

from __future__ import annotations

from typing import Any

from inference.entities import PendingArray


def positional(group: list[PendingArray], id_key: str | None) -> str | None:
    """``id_key``, unless the lists of ``group`` number their items by position: under every parent the items'
    ids are the integers 0, 1, … in their order, under two parents at least, one list holding two items or more;
    None then (no identifying key)."""
    if id_key is None:
        return None
    lists = [pending.items for pending in group if pending.items]
    if len(lists) < 2 or all(len(items) < 2 for items in lists):
        return id_key
    return None if all(_numbered(items, id_key) for items in lists) else id_key


def _numbered(items: list[dict[str, Any]], id_key: str) -> bool:
    ids = [item.get(id_key) for item in items]
    return all(type(v) is int for v in ids) and ids == list(range(len(ids)))
