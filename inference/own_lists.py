"""Records of a table listed inside one of its own records under a qualified name, or as stubs of its served records.

A topic lists ``suggested_topics``, an article ``related_articles``: objects with ids whose fields are the
table's own columns, named by a qualifier before the table's name. They are records of that very table (the ones
the capture never served become its rows, with the fields the list shows) and the list is a join of the table
with itself, ``<record>_<field>(topic_id, suggested_topic_id)``, not a child table copying the columns. So is a list
of stubs (``{id, name}``) of records the table served, whatever its name, each stub agreeing with its record.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from inference.drafts import Draft, FKDraft, Row, key_text
from inference.entities import Collector, PendingArray
from inference.identity import TAG_NAMES
from inference.keys import CONTAINMENT, pk_of
from inference.links import held_parent_key
from inference.naming import plural, singular, snake

#: Share of the listed objects' fields that must be columns of the table.
SHARED_FIELDS = 0.8
#: Share of a listed object's fields that a row of its parent's list must hold alike for the object to repeat it.
REPEATED = 0.9


def _names_table(field: str, table: str) -> bool:
    """``suggested_topics`` names ``topics`` by its last words, after a qualifier."""
    words = field.split("_")
    return any(plural(singular("_".join(words[i:]))) == table for i in range(1, len(words)))


def add_unserved_records(collector: Collector, target: Draft, pk: str,
                         items: list[tuple[PendingArray, dict[str, Any]]], id_key: str) -> None:
    """The listed records ``target`` did not serve itself (no row holds their ``id_key`` as its ``pk``) become its
    rows, unless its rows are a sample already."""
    known = {key_text(r.values.get(pk)) for r in target.rows}
    for pending, obj in items:
        key = key_text(obj.get(id_key))
        if key and key not in known and not target.sampled:
            known.add(key)
            row = Row({}, pending.endpoint)
            collector.flatten(obj, target, row, "", pending.path, pending.endpoint, 1)
            target.add_row(row)
            if target.raw_rows is not None:
                target.raw_rows.append(row)


def own_records_join(collector: Collector, owner: Draft, field: str, items: list[tuple[PendingArray, dict[str, Any]]],
                     id_key: str, parent_col: str | None, parent_pk: str | None) -> bool:
    """Make the join of ``owner`` with itself that ``field`` lists, when its items are ``owner``'s records (see the
    module docstring); or add the items to the table whose own records of ``owner`` they are (:func:`listed_own`);
    False (nothing done) otherwise."""
    if listed_own(collector, owner, field, items, id_key, parent_pk):
        return True
    own = pk_of(owner)
    if not parent_col or not parent_pk or own is None or snake(id_key) != own:
        return False
    fields = {snake(k) for _, obj in items for k in obj}
    named = (_names_table(field, owner.name) or _listed_by_ids(owner, field, items, id_key)
             or snake(field).split("_")[0] in _BELOW) and len(fields) >= 3
    # the items' own list of that name (``sub_tasks`` in each sub-task) is the owner's list, no column of its rows
    if not (named and len(fields & {*owner.paths, field}) >= SHARED_FIELDS * len(fields) or _copies_of_own(owner, own, items)):
        return False
    if _subtree(owner, field, own, items, id_key, parent_pk):
        add_unserved_records(collector, owner, own, items, id_key)
        _parent_keys(owner, own, items, id_key, parent_pk)
        return True
    item_col = f"{singular(field)}_{own}"
    join = collector.draft(f"{owner.singular}_{field}", "join", "array of records of the parent's own table")
    join.parent = owner.name
    add_unserved_records(collector, owner, own, items, id_key)
    for pending, obj in items:
        join.add_row(Row({parent_col: pending.parent.values.get(parent_pk), item_col: obj.get(id_key)}, pending.endpoint))
        join.endpoints.add(pending.endpoint)
    join.note(parent_col, items[0][0].path.rsplit(".", 1)[0])
    join.note(item_col, f"{items[0][0].path}.{id_key}")
    join.add_fk(FKDraft([parent_col], owner.name, [parent_pk], "array nested in parent", 0.9))
    join.add_fk(FKDraft([item_col], owner.name, [own], "array items are records of the parent's own table", 0.85))
    return True


#: Words qualifying a list of a record's own kind as the ones under it (``child_steps``, ``sub_tasks``).
_BELOW = frozenset({"child", "children", "sub", "nested"})


def _listed_by_ids(owner: Draft, field: str, items: list[tuple[PendingArray, dict[str, Any]]], id_key: str) -> bool:
    """``ancestors`` beside ``ancestor_ids``: a list of objects whose ids the holder also lists in its
    ``<singular>_ids`` column, every one of them: the holder's list of records by id, spelt out."""
    column = f"{singular(snake(field))}_ids"
    for pending, obj in items:
        held = pending.parent.values.get(column)
        if not isinstance(held, list) or key_text(obj.get(id_key)) not in {key_text(v) for v in held}:
            return False
    return bool(items)


def _subtree(owner: Draft, field: str, own: str, items: list[tuple[PendingArray, dict[str, Any]]], id_key: str,
             parent_pk: str) -> bool:
    """``child_steps``, ``sub_tasks``: records of the owner's own table listed under a word that puts them below it, each
    under one parent only (no key listed twice), not records the owner's table served itself: a tree, each child
    naming its parent (``parent_<key>``), no join of the table with itself."""
    if snake(field).split("_")[0] not in _BELOW or parent_pk != own:
        return False
    keys = [key_text(obj.get(id_key)) for _, obj in items]
    return all(keys) and len(set(keys)) == len(keys) and not _copies_of_own(owner, own, items)


def _parent_keys(owner: Draft, own: str, items: list[tuple[PendingArray, dict[str, Any]]], id_key: str,
                 parent_pk: str) -> None:
    """Each listed child's row names the record it was listed under (``parent_<key>``), a reference to the table."""
    column = f"parent_{own}"
    rows = {key_text(r.values.get(own)): r for r in owner.rows}
    for pending, obj in items:
        row = rows.get(key_text(obj.get(id_key)))
        if row is not None:
            row.values[column] = pending.parent.values.get(parent_pk)
    owner.note(column, items[0][0].path.rsplit(".", 1)[0] + "." + own)
    owner.add_fk(FKDraft([column], owner.name, [own], "records of the table's own kind listed below one of them", 0.85))


def _copies_of_own(owner: Draft, own: str, items: list[tuple[PendingArray, dict[str, Any]]]) -> bool:
    """Stubs of records the owner's table served itself (``"artists": [{"Id": "a1", "Name": "Ann"}]`` in an item,
    beside the item ``a1`` named ``Ann``), whatever the list's name: every id a served key, every other field one of its
    columns holding the same value there."""
    rows = {key_text(r.values.get(own)): r for r in owner.rows}
    for _pending, obj in items:
        row = rows.get(key_text(obj.get(next((k for k in obj if snake(k) == own), ""))))
        if row is None or len(obj) < 2:
            return False
        if any(snake(k) != own and (isinstance(v, dict | list) or key_text(row.values.get(snake(k))) != key_text(v))
               for k, v in obj.items()):
            return False
    return bool(items)


def sort_order(field: str, objs: list[dict[str, Any]]) -> bool:
    """``"order": [{"by": "type", "direction": "ASC"}]`` beside a page's entries: how the page is sorted, metadata of
    the answer (as its offset and limit), no data."""
    return snake(field).rpartition("_")[2] in ("order", "sort", "ordering") and all(
        set(map(snake, o)) <= {"by", "field", "direction", "order", "property"} and "direction" in map(snake, o)
        for o in objs)


def records_of_kinds(collector: Collector, items: list[tuple[PendingArray, dict[str, Any]]]) -> bool:
    """A list mixing records of several kinds, each tagged with its type beside its id (a folder's entries: folders
    and files), where every tag names a served table keyed by ``id``: the items are rows of those tables (the ones
    they did not serve themselves), not a child table of entries. False (nothing done) otherwise."""
    by_tag: dict[str, list[tuple[PendingArray, dict[str, Any]]]] = defaultdict(list)
    for pending, obj in items:
        tag, key = obj.get("type"), obj.get("id")
        if not isinstance(tag, str) or not isinstance(key, str | int) or isinstance(key, bool) or key == "":
            return False
        by_tag[tag].append((pending, obj))
    targets = {tag: collector.drafts.get(plural(snake(tag))) for tag in by_tag}
    if len(by_tag) < 2 or any(t is None or t.kind != "entity" or not t.rows or pk_of(t) != "id" for t in targets.values()):
        return False
    for tag, group in by_tag.items():
        target = targets[tag]
        assert target is not None
        add_unserved_records(collector, target, "id", group, "id")
    return True


def same_kind_tag(target: Draft, objs: list[dict[str, Any]]) -> bool:
    """Objects each tagged with the one type every served record of ``target`` gives itself (``{"type": "label", "id",
    "name"}`` items beside ``/labels`` answering records tagged ``label``), stubs of a key and a label at most, are records
    of that table, whichever of them the capture served: a list of them in a parent is a many-to-many, not a child
    table (full records listed in a parent, as an album's page of its tracks, may be its children)."""
    for tag in TAG_NAMES:
        values = {r.values.get(tag) for r in target.rows}
        if len(values) == 1 and isinstance(kind := next(iter(values)), str) and kind:
            return bool(objs) and all(o.get(tag) == kind and len(o) <= 3 for o in objs)
    return False


def repeated_list(collector: Collector, owner: Draft, field: str, group: list[PendingArray]) -> bool:
    """A list in a child's items that repeats, item for item, the list of the same name their parent holds (each
    media source's ``media_streams``, the item's own ``media_streams`` again, nearly every field alike): a copy, kept
    whole as a ``jsonb`` value of the child, no second table of the same rows. False (nothing done) otherwise."""
    if owner.kind != "child" or not owner.parent:
        return False
    table = collector.drafts.get(f"{singular(owner.parent)}_{field}")
    if table is None or table.kind != "child" or table.parent != owner.parent or not table.rows:
        return False
    held = [{c: key_text(v) for c, v in r.values.items() if not c.startswith("__")} for r in table.rows]
    for pending in group:
        for obj in pending.items:
            scalars = {snake(k): key_text(v) for k, v in obj.items() if not isinstance(v, dict | list)}
            if not scalars or not any(sum(row.get(c) == v for c, v in scalars.items()) >= REPEATED * len(scalars)
                                      for row in held):
                return False
    owner.dropped.discard(field)
    owner.jsonb.add(field)
    for pending in group:
        pending.parent.values[field] = pending.items
        owner.note(field, pending.path.removesuffix("[]"))
    return True


#: Most fields a listed object may have to be a stub of a record rather than a record of its own.
_STUB_FIELDS = 4


def labelled_stubs(target: Draft, objs: list[dict[str, Any]]) -> bool:
    """Small objects (``{id, name, slug}``, four fields at most) carrying every column the listed ``target`` serves
    (``/categories`` answering ``{id, name, slug}``), under a field that names it: stubs of its records, whichever of
    them the capture served; a list of them in a parent is a many-to-many, not a child table of copies."""
    columns = {c for c in target.columns() if not c.startswith("__")}
    if not objs or len(columns) < 2 or len(columns) > _STUB_FIELDS:
        return False
    return all(len(o) <= _STUB_FIELDS and columns <= {snake(k) for k in o} for o in objs)


def owner_prefixed(owner: Draft, field: str) -> str:
    """What a field names after its owner's own name (``category`` of a recipe's ``recipe_category``), or ''."""
    own = f"{owner.singular}_"
    return snake(field)[len(own):] if snake(field).startswith(own) else ""


def listed_own(collector: Collector, owner: Draft, field: str, items: list[tuple[PendingArray, dict[str, Any]]],
               id_key: str, parent_pk: str | None) -> bool:
    """Records a parent lists that name the parent themselves (``"ticket": 7``), of the table the list is named as,
    read at an address nested under the parent's records (``/tickets/{id}/remarks``) and holding their keys: the
    parent's own records, each under one parent, rows of that table (the ones it did not serve), no association of
    the two. False (nothing done) otherwise."""
    if not parent_pk or held_parent_key(items, parent_pk) is None:
        return False
    ids = {key_text(obj.get(id_key)) for _, obj in items} - {""}
    target = collector.drafts.get(plural(singular(snake(field))))
    if target is not None and target is not owner and target.kind == "entity" and target.rows:
        pk = pk_of(target)
        if ids and pk is not None and _served_under(owner, target) \
                and target.key_hits(ids, pk) >= CONTAINMENT * len(ids):
            add_unserved_records(collector, target, pk, items, id_key)
            return True
    return False


def _served_under(owner: Draft, target: Draft) -> bool:
    """``target`` is read at an address nested under one of ``owner``'s records."""
    bases = {e.partition(" ")[2].rstrip("/") + "/{" for e in owner.endpoints}
    return any(e.partition(" ")[2].startswith(base) for e in target.endpoints for base in bases)
