"""Stubs of one entity spelt alike in several places, and fields that add nothing.

An API embeds the same short form of an entity under several roles of one record (``created_by``,
``last_poster``: ``{"id", "username", "avatar_template"}``). When one role's stubs are found to be records of a
served table, the others of exactly the same shape are that table's too, though their ids were never served.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inference.drafts import Draft, key_text
from inference.identity import TAG_NAMES
from inference.naming import plural, singular, snake

#: A stub names its entity by its shape only when it carries at least this many fields (a bare id names nothing).
MIN_STUB_FIELDS = 3


def _shape(objs: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(k for o in objs for k in o)


def same_shape_entity(groups: dict[tuple[str, str], list[Any]], items: list[Any], key: str | None,
                      find: Callable[[str, list[dict[str, Any]], str | None], Draft | None]) -> Draft | None:
    """The served table another group of objects of exactly the shape of ``items`` names (``find(field, objects,
    key)`` resolves a group), or None. Objects with fewer than ``MIN_STUB_FIELDS`` fields name nothing by their shape."""
    shape = _shape([i.obj for i in items])
    if len(shape) < MIN_STUB_FIELDS:
        return None
    targets: dict[str, Draft] = {}
    for other in groups.values():
        if other is items or not shape.issuperset(other[0].obj) or _shape([i.obj for i in other]) != shape:
            continue  # (a key of its first object beyond the shape: another shape, told without a pass)
        target = find(other[0].field, [i.obj for i in other], key)
        if target is not None and target.kind == "entity" and target.rows:
            targets[target.name] = target
    return next(iter(targets.values())) if len(targets) == 1 else None


def stub_entity(groups: dict[tuple[str, str], list[Any]], items: list[Any], key: str | None,
                find: Callable[[str, list[dict[str, Any]], str | None], Draft | None]) -> Draft | None:
    """The table the objects of ``items`` reference: the one ``find`` gives them, else the one that objects of
    exactly their shape name (:func:`same_shape_entity`). A served table notes their shape as a stub of its
    records (see :func:`inference.associations.link_attributes`)."""
    objs = [i.obj for i in items]
    target = find(items[0].field, objs, key)
    if target is None or not {snake(k) for k in _shape(objs)} <= set(target.paths):
        target = own_kind(items, key) or target  # a table lacking some of their fields is no better than the owner
    target = target or same_shape_entity(groups, items, key, find)
    if target is not None and target.kind == "entity" and target.rows and len(shape := _shape(objs)) >= MIN_STUB_FIELDS:
        target.stub_shapes.add(shape)
    return target


def own_kind(items: list[Any], key: str | None) -> Draft | None:
    """A reference expanded in place: objects under a field that other records of the owner serve as a plain key
    (a collection's ``parent_id`` served as ``1``, and as ``{id, description, parent_id}`` when expanded), holding that
    very field themselves, whose every field (three or more, the key among them) is a column of the owner's table,
    keyed as it is: records of that same table one step up a tree, though the capture never served the very record.
    Objects whose field never holds a plain key (a wrapper repeating its name, ``source_id: {id, source_id}``) are not."""
    owner = items[0].owner
    shape = {snake(k) for k in _shape([i.obj for i in items])}
    field = snake(items[0].field)
    if key is None or owner.kind != "entity" or not owner.rows or owner.pk != [snake(key)]:
        return None
    plain = any(not p.endswith("." + key) for p in owner.paths.get(field, ()))
    return owner if plain and len(shape) >= MIN_STUB_FIELDS and field in shape <= set(owner.paths) else None


def drop_empty_parents(draft: Draft) -> None:
    """A field that is null or an empty object in every record but flattened or referenced elsewhere
    adds nothing. A sibling whose name only extends it (``province`` beside ``province_code``, both read
    from one object) does not make it a parent: some column must be read from under it."""
    columns = draft.columns()
    # Every name that some column extends with "_...", found in one pass (linear in the names).
    parents = {c[:i] for c in columns for i, char in enumerate(c) if char == "_" and i}
    for col in columns:
        if col in parents and all(v is None or v == {} for v in draft.values(col)) and _has_children(draft, col):
            draft.dropped.add(col)


def _has_children(draft: Draft, col: str) -> bool:
    """Whether a column extending ``col``'s name is read from under one of ``col``'s paths, or ``col`` has no
    JSON path to compare (a reference column)."""
    own = {p for p in draft.paths.get(col, ()) if p.startswith("$")}
    if not own:
        return True
    prefixes = tuple(p + sep for p in own for sep in (".", "["))
    return any(c.startswith(col + "_") and any(p.startswith(prefixes) for p in draft.paths.get(c, ()))
               for c in draft.paths)


def _tag_value(objs: list[dict[str, Any]]) -> str | None:
    """The one text value every object holds under a type-tag field (``"type": "user"``), or None."""
    for tag in TAG_NAMES:
        values = [o.get(tag) for o in objs]
        if isinstance(value := values[0] if values else None, str) and value and all(v == value for v in values):
            return value
    return None


def role_names(groups: dict[tuple[str, str], list[Any]], key_of: Callable[[Any], str]) -> dict[tuple[str, str], str]:
    """One table name for the brief objects of one entity held under several roles (``owner``, ``reporter``,
    ``author``: each ``{uuid, display_name, nickname, type}``): groups under different field names whose objects
    have exactly one shape of ``MIN_STUB_FIELDS`` fields or more and one key field are the same entity when they
    carry the same type tag value or share a key value. The name is the tag's plural, else the first role's."""
    info: list[tuple[tuple[str, str], tuple[frozenset[str], str], str | None, set[str]]] = []
    for gkey, items in groups.items():
        objs = [i.obj for i in items]
        shape = _shape(objs)
        if len(shape) < MIN_STUB_FIELDS or any(frozenset(o) != shape for o in objs):
            continue
        key = key_of(items[0])
        info.append((gkey, (shape, key), _tag_value(objs), {key_text(o.get(key)) for o in objs} - {""}))
    cluster = list(range(len(info)))

    def root(i: int) -> int:
        while cluster[i] != i:
            i = cluster[i]
        return i
    for i, (_g, form, tag, keys) in enumerate(info):
        for j in range(i):
            other = info[j]
            if other[1] == form and (tag is not None and tag == other[2] or keys & other[3]):
                cluster[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(info)):
        members.setdefault(root(i), []).append(i)
    names: dict[tuple[str, str], str] = {}
    for group in members.values():
        if len({info[i][0][1] for i in group}) < 2:
            continue
        tags = {info[i][2] for i in group}
        tag = next(iter(tags)) if len(tags) == 1 else None
        name = plural(singular(snake(tag))) if tag else plural(singular(info[group[0]][0][1]))
        names.update((info[i][0], name) for i in group)
    return names


def keyless_elsewhere(owner: Draft, field: str, path: str, objs: list[dict[str, Any]], key: str) -> bool:
    """An object with its key in some reads and without it in others (a detail read's ``conversation_message`` has an
    ``id``, the list's copies none, so their fields were flattened into the owner as ``conversation_message_subject``):
    a key that not every occurrence holds identifies nothing, so the object is part of its owner, flattened
    everywhere (rule 10: a key is present in every record)."""
    raw = path.rpartition(".")[2]
    for k in {k for obj in objs for k, v in obj.items() if k != key and not isinstance(v, dict | list)}:
        col = f"{field}_{snake(k)}"
        if any(p.endswith(f".{raw}.{k}") for p in owner.paths.get(col, ())):
            return True
    return False


def polymorphic_fields(pending: list[Any]) -> set[str]:
    """Field names whose stubs' type tags differ (``"author": {"type": "admin", "id": "25"}`` on a message,
    ``{"type": "user", ...}`` on a reply, anywhere in the capture): such a field holds records of several tables,
    none of which it references alone, so its tag and key stay columns of the owner (``author_type``,
    ``author_id``). Only stubs count (a tag, a key, a name at most), and a field some of whose objects carry no tag
    is none of these."""
    tags: dict[str, set[str]] = {}
    untagged: set[str] = set()
    stack: list[tuple[Any, str]] = [(i.obj, i.path.rpartition(".")[2]) if hasattr(i, "obj") else (i.items, "")
                                    for i in pending]
    while stack:  # a loop, not a recursion: a hostile capture may nest deeper than the interpreter's stack
        value, field = stack.pop()
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict | list):
                    stack.append((item, field))
            continue
        if not isinstance(value, dict):
            continue
        if field and len(value) <= 3:
            tag: str | None = None
            for name in TAG_NAMES:
                if isinstance(found := value.get(name), str):
                    tag = found
                    break
            if tag is not None:
                tags.setdefault(field, set()).add(tag)
            else:
                untagged.add(field)
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                stack.append((inner, key))
    return {field for field, seen in tags.items() if len(seen) > 1 and field not in untagged}
