"""A nested object at the root of a tree of records of one kind.

A home's ``rootPlace`` holds its rooms under ``subPlaces``, and they theirs; a catalogue's ``root_category`` its
``children``. Every node, the root among them, is a record of one table (``places``), each naming the node it sits
under (``parent_oid``), and the holder references the root (``root_place_oid``): the tree is identified by the key
that the root and every node below it hold, unique across the tree, even when that key is no ``id`` (``oid``,
``code``, ``key``), and it is named by the kind its lists name (``sub_places``: places), not by the holder's field.
"""

from __future__ import annotations

from typing import Any

from inference.naming import plural, singular, snake

#: Words that put a list's records below the record holding it (``sub_places``, ``child_nodes``, ``children``).
_BELOW = frozenset({"sub", "child", "children", "nested"})
#: Names of a node's own key, best first.
_NODE_KEYS = ("id", "uuid", "guid", "_id", "oid", "uid", "key", "code", "slug")


def _below_lists(obj: dict[str, Any]) -> list[str]:
    """Fields of ``obj`` holding lists of objects under a word that puts them below it."""
    return [k for k, v in obj.items() if isinstance(v, list) and snake(k).split("_")[0] in _BELOW
            and all(isinstance(i, dict) for i in v)]


def _nodes(obj: dict[str, Any], field: str, out: list[dict[str, Any]], depth: int) -> bool:
    out.append(obj)
    if depth > 32:
        return False
    items = obj.get(field)
    if items is None:
        return True
    return isinstance(items, list) and all(isinstance(i, dict) and _nodes(i, field, out, depth + 1) for i in items)


def tree_key(obj: dict[str, Any]) -> str | None:
    """The key of ``obj`` when it is the root of a tree of records (see the module docstring): it lists nodes under
    a word that puts them below it, at least one, and the root and every node hold one key field, a scalar unique
    across the tree; else None."""
    fields = _below_lists(obj)
    if len(fields) != 1 or not obj[fields[0]]:
        return None
    nodes: list[dict[str, Any]] = []
    if not _nodes(obj, fields[0], nodes, 0):
        return None
    by_snake = {snake(k): k for k in obj}
    for name in _NODE_KEYS:
        raw = by_snake.get(name)
        if raw is None:
            continue
        values = [n.get(raw) for n in nodes]
        if all(isinstance(v, str | int) and not isinstance(v, bool) and v != "" for v in values) \
                and len(set(map(str, values))) == len(values):
            return raw
    return None


def tree_name(objs: list[dict[str, Any]], field: str) -> str:
    """The table of the trees ``objs`` are roots of: the kind their lists name after the word that puts them below
    (``sub_places``: ``places``), else the holder's field."""
    lists = {snake(k).partition("_")[2] for o in objs if tree_key(o) is not None for k in _below_lists(o)}
    if len(lists) == 1 and (kind := next(iter(lists))):
        return plural(singular(kind))
    return plural(singular(field))


def node_key(objs: list[dict[str, Any]], field: str, own: str | None) -> str | None:
    """The key of the nodes a tree's record lists below it (``sub_places`` of a place keyed by ``oid``): the record's
    own key, held by every node (the leaves' lists empty); else None."""
    if own is None or snake(field).split("_")[0] not in _BELOW or not objs:
        return None
    raw = next((k for k in objs[0] if snake(k) == own), None)
    if raw is None or not all(isinstance(o.get(raw), str | int) and not isinstance(o.get(raw), bool) for o in objs):
        return None
    return raw
