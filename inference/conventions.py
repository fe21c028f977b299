"""Conventions of how APIs serve references and type tags, applied while relations are resolved.

* an expandable reference, served as a key or as the embedded object, is one foreign-key column;
* a field that repeats the table's own name in every record is a type tag, not data;
* an object tagged with an entity's name (``{"id": "9", "type": "people"}``) references it;
* an array whose items repeat the referenced entity's records is a plain many-to-many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from inference.drafts import Draft, Row, key_text
from inference.entities import Collector, PendingArray
from inference.identity import TAG_NAMES
from inference.naming import plural, singular, snake


def merge_expandable(draft: Draft, field: str, column: str) -> None:
    """A reference served either as the key (``"customer": "cus_1"``) or as the embedded object
    (``"customer": {"id": "cus_1", ...}``) is one foreign-key column."""
    if field == column or field not in draft.paths or field in draft.dropped:
        return
    moved = False
    for row in draft.rows + [r for r in draft.raw_rows or [] if r not in draft.rows]:
        value = row.values.get(field)
        if field in row.values and not isinstance(value, dict | list | bool | float):
            row.values.pop(field)
            if value is not None or column not in row.values:
                row.values[column] = value
            moved = True
    if moved:
        draft.dropped.add(field)
        for path in draft.paths.get(field, ()):
            draft.note(column, path)


#: Field names of a record's own type tag (``"object": "charge"``, ``"kind": "Pod"``, HAL's ``"resource"``).
TAG_FIELDS = frozenset({*TAG_NAMES, "resource"})


def drop_type_tag(draft: Draft) -> None:
    """A text field holding the table's own name in every record that has it is not data when it only
    addresses the collection (``"_index": "books"``) or tags only the references that carried it (a
    JSON:API ``{type, id}`` linkage read as a record, missing from the records served themselves). A
    type tag (``object``, ``type``, ``kind``, ``*_type``) that every record holds itself (``"object":
    "charge"`` in each charge) is served data and stays a column."""
    if draft.samples < 2:
        return
    names = {draft.name, draft.singular}
    # Each column's one text value so far (None once it has another value), in one pass over the rows.
    first: dict[str, str | None] = {}
    held: dict[str, int] = {}
    for row in draft.rows:
        for col, value in row.values.items():
            held[col] = held.get(col, 0) + 1
            if col not in first:
                first[col] = value if isinstance(value, str) else None
            elif first[col] is not None and value != first[col]:
                first[col] = None
    for col in draft.columns():
        if col in (draft.pk or []):
            continue
        if (col in TAG_FIELDS or col.endswith("_type")) and held.get(col, 0) == len(draft.rows):
            continue
        value = first.get(col)
        if value is not None and snake(value) in names:
            draft.dropped.add(col)


def tagged_entity(collector: Collector, objs: list[dict[str, Any]], key: str | None) -> Draft | None:
    """The entity the objects name by a type tag: a text field with one value throughout, and that
    value is an entity's name (``{"id": "9", "type": "people"}``)."""
    if not objs:
        return None
    for field, value in objs[0].items():
        if field == key or not isinstance(value, str) or any(o.get(field) != value for o in objs):
            continue
        draft = collector.drafts.get(plural(singular(snake(value))))
        if draft is not None and draft.rows and draft.kind == "entity":
            return draft
    return None


def copies_of(target: Draft, pk: str, objs: list[dict[str, Any]], id_key: str) -> bool:
    """Every item repeats the referenced entity's record: each of its plain fields is a column of the
    entity, with the same value there (at most one in ten may differ: a record read at another
    moment). Nested objects and lists are left out of the comparison; items whose record was not
    captured are judged by the others, which must be at least half of them."""
    rows = {key_text(r.values.get(pk)): r.values for r in target.rows}
    compared = differ = found = 0
    for obj in objs:
        row = rows.get(key_text(obj.get(id_key)))
        if row is None:
            continue
        found += 1
        for key, value in obj.items():
            if key == id_key or isinstance(value, dict | list):
                continue
            if snake(key) not in row:
                return False
            compared += 1
            differ += row[snake(key)] != value
    return bool(objs) and 2 * found >= len(objs) and differ <= 0.1 * compared


def shared_items(owner: Draft, field: str, items: list[tuple[PendingArray, dict[str, Any]]], id_key: str,
                 parent_pk: str | None) -> tuple[bool, str]:
    """Whether the items of ``owner``'s array ``field``, with ids of their own, are records shared between
    parents (one id under several parents, its copies agreeing), and the name of their table: the entity
    the field names, or ``<parent>_<field>`` for items whose ids are unique only within their parent."""
    if all(pair_item(obj) for _, obj in items):  # metadata pairs ({"id", "key", "value"}): each owner's own
        return False, f"{owner.singular}_{field}"
    owners_per_id: dict[str, set[str]] = defaultdict(set)
    for pending, obj in items:
        owners_per_id[key_text(obj.get(id_key))].add(key_text(pending.parent.values.get(parent_pk)) if parent_pk else
                                                     str(id(pending.parent)))
    shared = any(len(v) > 1 for v in owners_per_id.values())
    if shared and (not copies_agree([obj for _, obj in items], id_key) or per_parent_tally(owners_per_id, items, id_key)):
        return False, f"{owner.singular}_{field}"
    return shared, plural(singular(field))


_PAIR = frozenset({"key", "value"})


def pair_item(obj: dict[str, Any]) -> bool:
    """A metadata pair: a ``key`` and a ``value``, with at most an id of its own beside them (``{"id": 7, "key":
    "gift_wrap", "value": "yes"}``); lists of them under different owners are each owner's attributes, never one
    table of records shared between owners."""
    return obj.keys() >= _PAIR and len(obj.keys() - _PAIR) <= 1 and (obj.keys() - _PAIR) <= {"id", "_id", "uuid"}


def per_parent_tally(owners_per_id: dict[str, set[str]], items: list[tuple[PendingArray, dict[str, Any]]],
                     id_key: str) -> bool:
    """Items whose ids are one fixed set listed under every parent (three or more) that lists any, with some
    field that differs between the parents (``actions: [{"id": 2, "count": 5}, {"id": 3, "count": 0}]`` in each
    post): a tally per kind, each parent's own rows, not records shared between them."""
    parents = set().union(*owners_per_id.values())
    if len(parents) < 3 or len(owners_per_id) < 2 or any(v != parents for v in owners_per_id.values()):
        return False
    first: dict[str, dict[str, Any]] = {}
    for _pending, obj in items:
        seen = first.setdefault(key_text(obj.get(id_key)), obj)
        if any(not isinstance(v, dict | list) and seen.get(k) != v for k, v in obj.items()):
            return True
    return False


def copies_agree(objs: list[dict[str, Any]], key: str) -> bool:
    """Objects listed under several parents with one id are copies of one record only when they agree:
    each plain field the same in every copy of an id (at most one in ten may differ). Field definitions
    that reuse a name (``{"id": "title", "required": true}`` in one content type, ``false`` in another)
    are each their parent's, not one record. Objects holding nothing plain but the id are judged by what they nest
    (a device's ``{"id": "main", "capabilities": [...]}``, other capabilities in each device: each device's own)."""
    first: dict[str, dict[str, Any]] = {}
    compared = differ = nested = 0
    for obj in objs:
        seen = first.setdefault(key_text(obj.get(key)), obj)
        if seen is obj:
            continue
        for field, value in obj.items():
            if field != key and not isinstance(value, dict | list):
                compared += 1
                differ += seen.get(field) != value
            elif field != key:
                nested += seen.get(field) != value
    return differ <= 0.1 * compared and (compared > 0 or nested == 0)


def are_copies(collector: Collector, target: Draft, pk: str, items: list[tuple[PendingArray, dict[str, Any]]],
               id_key: str, terms: bool = False) -> bool:
    """Items of a nested array that reference ``target`` are copies of its records, to be listed by a plain
    join: they repeat the entity's own fields (:func:`copies_of`), or every field they hold is determined by
    the id (the same wherever an id recurs, and some id does), as a record's attributes are and a link's
    own attributes (a quantity in a cart) are not. Such fields the entity did not serve (it was read
    through a projection, ``?fields=name``) become its columns, on the row of that id."""
    objs = [obj for _, obj in items]
    if copies_of(target, pk, objs, id_key):
        return True
    if terms:  # the holder's terms per record (``region_prices``): no attributes of the records, though they agree
        return False
    first: dict[str, dict[str, Any]] = {}
    recurs = False
    for obj in objs:
        seen = first.setdefault(key_text(obj.get(id_key)), obj)
        if seen is obj:
            continue
        recurs = True
        if seen.keys() != obj.keys() or any(isinstance(v, dict | list) or seen[k] != v for k, v in obj.items()):
            return False
    if not recurs or target.sampled:
        return False
    rows = {key_text(r.values.get(pk)): r for r in target.rows}
    for pending, obj in items:
        key = key_text(obj.get(id_key))
        fresh = Row({}, pending.endpoint)
        collector.flatten(obj, target, fresh, "", pending.path, pending.endpoint, 1)
        row = rows.get(key)
        if row is None:  # a record the entity never served itself
            rows[key] = fresh
            target.add_row(fresh)
            if target.raw_rows is not None:
                target.raw_rows.append(fresh)
        else:
            for col, value in fresh.values.items():
                row.values.setdefault(col, value)
    return True


#: Generic names of a record's kind (``label`` of a span, ``type``, ``kind``, ``category``).
KIND_NAMES = frozenset({"label", "type", "kind", "category"})


def types_table(drafts: Mapping[str, Draft], draft: Draft, col: str) -> str | None:
    """The served table of the records' types (``span_types`` of ``spans``) a column with a generic name of a
    record's kind (``label``) may reference, its values told apart from the other tables' keys by that name."""
    name = f"{draft.singular}_types"
    return name if col in KIND_NAMES and name in drafts else None
