"""Relations: embedded references, child/association/join tables and foreign keys.

Run after the collection entities have primary keys, because every rule here compares values with keys:

* a nested object with identity -> an FK column on its owner and, when the entity has no
  endpoint of its own, rows of a table made from the embedded copies;
* an array of objects with fresh ids -> a child table with its own key and an FK to the parent; with ids shared
  between parents -> an entity table plus a join table; with ids of an existing entity -> an association table
  holding the extra attributes; without ids (or ids numbering items by place: :mod:`inference.positions`) -> a child;
* an array of scalar keys of another entity -> a join table;
* FK columns by name (``user_id`` -> ``users.id``) checked against the values, by relation words
  (``reports_to``) and by path nesting (``/posts/{id}/comments`` -> ``comments.post_id``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import partial
from typing import Any

from inference.associations import (
    drop_inverse_joins,
    drop_inverse_lists,
    item_column,
    link_attributes,
    merge_two_sided,
    stub_items_reference,
)
from inference.conventions import are_copies, drop_type_tag, merge_expandable, shared_items, tagged_entity
from inference.copied_refs import copied_entity, same_fields_entity
from inference.documents import drop_projections, drop_settings_documents, settle_embedded_entities
from inference.drafts import Draft, FKDraft, Row, key_text, list_columns_of
from inference.embedded_copies import add_unseen, flatten_into_owners, holder_echo, other_key_form, other_keys
from inference.entities import Collector, PendingArray, PendingObject
from inference.entity_match import only_key_and_times
from inference.identity import ID_KEYS, NATURAL_KEYS, self_addressed
from inference.keys import (
    CONTAINMENT,
    choose_pk,
    composite_unique,
    dedupe_rows,
    merge_rows,
    parent_column,
    pk_of,
    reference_composite_key,
    reference_names,
)
from inference.kind_refs import kind_fks
from inference.linked_stubs import own_linked_entities, own_linked_stubs
from inference.links import (
    addressed_entity,
    addressed_name,
    aliases_join_their_entity,
    details_by_path,
    held_parent_key,
    ids_from_own_links,
    key_determines,
    link_references,
)
from inference.listed_keys import keys_by_name
from inference.listed_refs import listed_kind_fks
from inference.lone_ids import mark_lone_ids
from inference.map_entries import child_composite_key
from inference.merging import fold_aliases, fold_into_embedded, listed_elsewhere, merge_with_relation_lists
from inference.named import integer_keys, named_fks, opaque_keys, same_id_type
from inference.naming import is_plural, plural, singular, snake
from inference.natural_items import natural_records
from inference.own_lists import (
    add_unserved_records,
    labelled_stubs,
    own_records_join,
    owner_prefixed,
    records_of_kinds,
    repeated_list,
    same_kind_tag,
    sort_order,
)
from inference.path_refs import filter_fks, path_fks
from inference.path_values import addressed_values_table
from inference.plain_refs import never_filled_namesakes
from inference.positions import positional
from inference.records import is_annotation
from inference.single_refs import one_reference
from inference.stub_copies import (
    abbreviated_entity,
    contradicted,
    full_name_entity,
    last_word_entity,
    qualifier_entity,
    spelt_alike_entity,
)
from inference.stubs import drop_empty_parents, keyless_elsewhere, polymorphic_fields, role_names, stub_entity
from inference.trees import node_key, tree_name
from inference.unique_refs import unique_form_fks


def resolve(collector: Collector) -> None:
    drafts = collector.drafts
    pending: list[PendingArray | PendingObject] = [i for g in collector.arrays.groups.values() for i in g]
    pending += [i for g in collector.objects.groups.values() for i in g]
    collector.polymorphic = polymorphic_fields(pending)
    details_by_path(drafts, pending)
    aliases_join_their_entity(drafts, pending)
    id_names = reference_names(drafts.values())
    mark_lone_ids(drafts)
    for draft in list(drafts.values()):
        draft.id_names = id_names
        ids_from_own_links(draft)
        draft.pk = choose_pk(draft)
        merge_rows(draft)
        fold_aliases(draft)
    merge_with_relation_lists(drafts, pending, collector.draft)
    pending_refs: list[tuple[Draft, str, Draft, str | None]] = []
    rounds = 0
    while (collector.objects or collector.arrays) and rounds < 8:
        rounds += 1
        _resolve_objects(collector, collector.objects.take(), pending_refs)
        live: list[PendingArray | PendingObject] = [i for g in collector.arrays.groups.values() for i in g]
        live += [i for g in collector.objects.groups.values() for i in g]
        pending_refs = fold_into_embedded(drafts, live, pending_refs)
        _resolve_arrays(collector, collector.arrays.take())
    mark_lone_ids(drafts)
    for draft in drafts.values():
        _finish_keys(draft)
    for owner, column, target, ref in pending_refs:
        ref_col = ref if ref and ref in target.paths else (target.pk[0] if target.pk and len(target.pk) == 1 else None)
        if ref_col:
            owner.add_fk(FKDraft([column], target.name, [ref_col], "embedded object with identity", 0.9))
        if ref and column.endswith("_" + ref):
            merge_expandable(owner, column[: -len(ref) - 1], column)
    for draft in list(drafts.values()):
        own_linked_stubs(collector.drafts, draft)
        link_references(collector.drafts, draft)
        stub_items_reference(collector.drafts, draft)
    own_linked_entities(collector.drafts)
    for draft in list(drafts.values()):
        _scalar_joins(collector, draft)
    for draft in list(drafts.values()):
        path_fks(collector, draft)
        filter_fks(collector, draft)
        kind_fks(collector.drafts, draft)
        named_fks(collector, draft)
        unique_form_fks(collector, draft)
    never_filled_namesakes(drafts)
    listed_kind_fks(drafts)
    for draft in drafts.values():
        child_composite_key(draft)
        reference_composite_key(draft)
        drop_empty_parents(draft)
        drop_type_tag(draft)
    drop_inverse_joins(drafts)
    drop_inverse_lists(drafts)
    merge_two_sided(drafts)
    drop_settings_documents(drafts)
    drop_projections(drafts)
    settle_embedded_entities(drafts)
    for draft in drafts.values():
        _empty_lists_of_objects(collector, draft)


def _empty_lists_of_objects(collector: Collector, draft: Draft) -> None:
    """A list empty in every record (``"fields": []`` of a settings block) whose name holds a filled list of objects
    elsewhere in the capture (an account's ``fields``), or ends as the qualified name of one does (``fee_lines`` beside
    ``tax_lines``), is a list of such objects: one ``jsonb`` value, not ``text[]``."""
    ends = {n.rpartition("_")[2] for n in map(snake, collector.key_sets.object_lists) if "_" in n.strip("_")}
    for col in draft.columns():
        if col in draft.jsonb or not any(collector.key_sets.object_lists & {p.rpartition(".")[2]}
                                         or "_" in (n := snake(p.rpartition(".")[2])).strip("_")
                                         and n.rpartition("_")[2] in ends for p in draft.paths.get(col, ())):
            continue
        values = [v for v in draft.values(col) if v is not None]
        if values and all(v == [] for v in values):
            draft.jsonb.add(col)


def _finish_keys(draft: Draft) -> None:
    if draft.kind in ("join", "association", "child"):
        dedupe_rows(draft)
    if draft.kind in ("join", "association"):
        cols = [c for c in draft.columns()[:2]]
        if draft.pk is None and len(cols) == 2 and composite_unique(draft, cols):
            draft.pk = cols
    elif draft.pk is None and draft.rows:
        draft.pk = choose_pk(draft)
        merge_rows(draft)


# -- nested objects ------------------------------------------------------------------------------


def _resolve_objects(collector: Collector, objects: list[PendingObject],
                     pending_refs: list[tuple[Draft, str, Draft, str | None]]) -> None:
    groups: dict[tuple[str, str], list[PendingObject]] = defaultdict(list)
    for item in objects:
        groups[(item.owner.name, item.field)].append(item)
    roles = role_names(groups, _object_key)
    for (_owner, field), items in groups.items():
        first = items[0]
        ref_key = _object_key(first)
        objs = [i.obj for i in items]  # a group of fields, or a record's address in an entity never served:
        if not key_determines(objs, ref_key) or keyless_elsewhere(first.owner, field, first.path, objs, ref_key) or \
                first.path.rpartition(".")[2] in collector.polymorphic or holder_echo(items, ref_key) or \
                self_addressed(objs, ref_key) and not _find_entity(collector, field, objs, ref_key):  # not a reference
            flatten_into_owners(collector, items, field)
            continue
        target = full_name_entity(collector.drafts, objs, ref_key) \
            or stub_entity(groups, items, ref_key, partial(_find_entity, collector)) \
            or spelt_alike_entity(groups, items, ref_key, partial(_find_entity, collector))
        if target is not None and other_key_form(target, objs, ref_key):  # ids of another form than the table's
            flatten_into_owners(collector, items, field)
            continue
        if target is None and ref_key == "_id" and not any(snake(k) in NATURAL_KEYS for o in objs for k in o) \
                and collector.drafts.get(plural(singular(field.rpartition("_")[2])), first.owner) is first.owner:
            # a document store's subdocument (every nested object gets an ``_id``): a part of its holder, naming no
            # record (no name, no handle, no served table by its name), flattened as objects without identity are
            flatten_into_owners(collector, items, field)
            continue
        if target is None:
            name = addressed_name(objs) or roles.get((_owner, field)) or tree_name(objs, field)
            target = collector.draft(name, "embedded", "embedded object with identity")
        if target.kind == "entity" and target.rows:
            ref = target.ref_values.setdefault(snake(ref_key), set())
            ref.update(key_text(i.obj.get(ref_key)) for i in items)
            add_unseen(collector, target, items, ref_key)
        else:
            for item in items:
                row = Row({}, item.endpoint)
                collector.flatten(item.obj, target, row, "", item.path, item.endpoint, 1)
                target.add_row(row)
                target.endpoints.add(item.endpoint)
        pending_refs.append((first.owner, first.key, target, snake(ref_key)))


def _object_key(item: PendingObject) -> str:
    suffix = item.key[len(item.field) + 1:] if item.key.startswith(item.field + "_") else "id"
    return next((k for k in item.obj if snake(k) == suffix), next(iter(item.obj)))


def _find_entity(collector: Collector, field: str, objs: list[dict[str, Any]], key: str | None,
                 owner: Draft | None = None) -> Draft | None:
    addressed = addressed_entity(collector.drafts, objs)
    if addressed is not None:
        return addressed
    by_name = collector.drafts.get(plural(singular(field))) or abbreviated_entity(collector.drafts, field, objs)
    if by_name is not None and by_name.rows:
        return by_name
    if owner is not None and (rest := owner_prefixed(owner, field)):
        # a recipe's ``recipeCategory`` names the categories: the owner's own name before the entity's
        by_name = collector.drafts.get(plural(singular(rest)))
        if by_name is not None and by_name.rows and by_name is not owner:
            return by_name
    tagged = tagged_entity(collector, objs, key)
    if tagged is not None:
        return tagged
    if key is None:
        return None
    key_col = snake(key)
    fields = {snake(k) for o in objs for k in o}
    if (role := last_word_entity(collector.drafts, field, fields, key_col) or qualifier_entity(
            collector.drafts, field, objs, key)) is not None:
        return role  # ``last_message``: a table's record in a role; ``region_prices``: terms per region
    values = {key_text(o.get(key)) for o in objs} - {""}
    best, best_score = None, 0.0
    # a list named after a resource no table holds (``roles`` of stubs): one stub spelt otherwise is no copy
    least = 1 if owner is not None and is_plural(field) and plural(singular(field)) not in collector.drafts else 2
    for draft in collector.drafts.values():
        if draft.kind not in ("entity", "embedded", "child") or key_col not in draft.paths or not draft.rows:
            continue
        overlap = len(fields & set(draft.paths)) / max(1, len(fields))  # three fields or fewer: all of them
        if len(fields & set(draft.paths)) < min(2, len(fields)) or overlap < (0.6 if len(fields) > 3 else 1) \
                or only_key_and_times(fields, set(draft.paths), key_col):
            continue
        contained = draft.key_hits(values, key_col) / max(1, len(values))
        if contained < CONTAINMENT and same_id_type(values, draft, key_col):
            contained = 1.0  # ids that spell the entity's type (``cGxhbmV0czoyMg==``: planets:22)
        if contained >= CONTAINMENT and overlap + contained > best_score and not contradicted(draft, objs, key, key_col, least):
            best, best_score = draft, overlap + contained
    return best or same_fields_entity(collector, fields, values, objs, key) or copied_entity(collector, owner, objs, key)


# -- arrays of objects ---------------------------------------------------------------------------


def _resolve_arrays(collector: Collector, arrays: list[PendingArray]) -> None:
    groups: dict[tuple[str, str], list[PendingArray]] = defaultdict(list)
    for item in arrays:
        groups[(item.owner.name, item.field)].append(item)
    for (_owner, field), group in groups.items():
        owner = group[0].owner
        owner.dropped.add(field)
        parent_col = parent_column(owner, collector.drafts)
        parent_pk = pk_of(owner)
        items = [(g, obj) for g in group for obj in g.items]
        if records_of_kinds(collector, items) or sort_order(field, [o for _, o in items]) or repeated_list(
                collector, owner, field, group) or one_reference(collector.drafts, owner, field, group):
            continue
        objs = [obj for _, obj in items]
        id_key = positional(group, _common_id_key(objs, field) or node_key(objs, field, parent_pk))
        shaped = _records_of(collector, owner, [obj for _, obj in items]) if id_key is None else None
        if id_key is not None:
            _arrays_with_ids(collector, owner, field, items, id_key, parent_col, parent_pk)
        elif shaped is not None:
            _join_records(collector, owner, field, items, shaped, parent_col, parent_pk)
        else:
            name = f"{owner.singular}_{field}"
            taken = collector.drafts.get(name)
            if taken is not None and taken.kind == "entity" and taken.rows:  # a resource of that name exists
                name = f"{owner.name}_{field}"
            child = collector.draft(name, "child", "array of objects without identity")
            _child_rows(collector, child, owner, items, parent_col, parent_pk, None)


def _records_of(collector: Collector, owner: Draft, objs: list[dict[str, Any]]) -> tuple[Draft, str, str] | None:
    """The entity whose records the objects are, by their shape: each holds the entity's natural key (``user_name``)
    and nearly all their fields are its columns (a navigation expanded in place, such as a person's ``friends``).
    (entity, its key column, the objects' spelling of it), or None."""
    fields = {snake(k) for o in objs for k in o if not is_annotation(k)}
    for draft in collector.drafts.values():
        pk = pk_of(draft) if draft.kind == "entity" and draft.rows else None
        if pk is None or pk not in fields or pk in ID_KEYS:
            continue
        raw = next((k for o in objs for k in o if snake(k) == pk), None)
        if raw is None or any(o.get(raw) is None for o in objs) or other_keys(draft, pk, objs, raw):
            continue
        if len(fields & set(draft.paths)) >= max(3, 0.8 * len(fields)):
            return draft, pk, raw
    return None


def _join_records(collector: Collector, owner: Draft, field: str, items: list[tuple[PendingArray, dict[str, Any]]],
                  shaped: tuple[Draft, str, str], parent_col: str | None, parent_pk: str | None) -> None:
    """Records of another entity listed in a parent: a join to that entity; the records it did not serve are its rows."""
    target, pk, raw = shaped
    if owner_prefixed(owner, field) and plural(singular(owner_prefixed(owner, field))) == target.name:
        field = target.name  # a recipe's ``recipe_category`` lists categories: ``recipe_categories(category_id)``
    join = collector.draft(f"{owner.singular}_{field}", "join", "array of records of another entity")
    item_col = f"{singular(field)}_{pk}"
    add_unserved_records(collector, target, pk, items, raw)
    _child_rows(collector, join, owner, [(p, {raw: o.get(raw)}) for p, o in items], parent_col, parent_pk, (raw, item_col))
    join.add_fk(FKDraft([item_col], target.name, [pk], "array items are records of an entity", 0.85))


def _common_id_key(objs: list[dict[str, Any]], field: str) -> str | None:
    """The identifying key that at least 90% of the objects have (as the first object having it spells it), or None."""
    # Objects mostly share a few sets of keys: each set is looked at once.
    shapes = Counter(tuple(o) for o in objs)
    names = {keys: {snake(k) for k in keys} for keys in shapes}
    words = singular(field).split("_")
    # ``best_trials`` items keyed by ``trial_id``: the field's last words name the entity
    own = [f"{'_'.join(words[i:])}_id" for i in range(len(words))]
    for candidate in (*ID_KEYS, *own):
        hits = sum(n for keys, n in shapes.items() if candidate in names[keys])
        if hits and hits >= 0.9 * len(objs):
            first = next(keys for keys in shapes if candidate in names[keys])  # in the objects' order
            return next(k for k in first if snake(k) == candidate)
    return None


def _arrays_with_ids(collector: Collector, owner: Draft, field: str, items: list[tuple[PendingArray, dict[str, Any]]],
                     id_key: str, parent_col: str | None, parent_pk: str | None) -> None:
    if own_records_join(collector, owner, field, items, id_key, parent_col, parent_pk) or natural_records(
            collector, owner, field, items, id_key, (parent_col, parent_pk),
            lambda d, i, r: _child_rows(collector, d, owner, i, parent_col, parent_pk, r)):
        return
    objs = [obj for _, obj in items]
    ids = {key_text(o.get(id_key)) for o in objs} - {""}
    target = _find_entity(collector, field, objs, id_key, owner)
    if target is not None and target is not owner:
        target_pk = pk_of(target)
        if target_pk and target.key_hits(ids, target_pk) >= CONTAINMENT * len(ids):
            assoc = collector.draft(f"{owner.singular}_{field}", "association",
                                    "array of objects referencing another entity")
            item_col = item_column(owner, target, field, snake(id_key))
            if are_copies(collector, target, target_pk, items, id_key,
                          qualifier_entity(collector.drafts, field, objs, id_key) is target):
                # Nothing but the referenced entity's own fields: a plain many-to-many.
                assoc.kind, assoc.rule = "join", "array of copies of another entity"
                items = [(p, {id_key: obj.get(id_key)}) for p, obj in items]
            else:
                items = link_attributes(target, items, id_key)
            _child_rows(collector, assoc, owner, items, parent_col, parent_pk, (id_key, item_col))
            assoc.add_fk(FKDraft([item_col], target.name, [target_pk], "array items reference an entity", 0.85))
            return
    if target is not None and target is not owner and pk_of(target) == snake(id_key) \
            and (same_kind_tag(target, objs) or labelled_stubs(target, objs)):
        _join_records(collector, owner, field, items, (target, snake(id_key), id_key), parent_col, parent_pk)
        return
    shared, name = shared_items(owner, field, items, id_key, parent_pk)
    if shared and parent_col:
        entity = collector.draft(name, "embedded", "objects shared between parents")
        join = collector.draft(f"{owner.singular}_{field}", "join", "many-to-many through an array of objects")
        item_col = f"{singular(field)}_{snake(id_key)}"
        for pending, obj in items:
            row = Row({}, pending.endpoint)
            collector.flatten(obj, entity, row, "", pending.path, pending.endpoint, 1)
            entity.add_row(row)
            entity.endpoints.add(pending.endpoint)
            jrow = Row({parent_col: pending.parent.values.get(parent_pk or ""), item_col: obj.get(id_key)},
                       pending.endpoint)
            join.add_row(jrow)
            join.endpoints.add(pending.endpoint)
        join.note(parent_col, group_path(items[0][0]))
        join.note(item_col, f"{items[0][0].path}.{id_key}")
        join.add_fk(FKDraft([parent_col], owner.name, [parent_pk or "id"], "array nested in parent", 0.9))
        join.add_fk(FKDraft([item_col], entity.name, [snake(id_key)], "array items with shared ids", 0.85))
        return
    name = listed_elsewhere(collector, items, name)
    child = collector.draft(name, "child", "array of objects with their own ids")
    if child.kind == "entity" and child.rows:
        child.rule = "collection endpoint and nested array"
    _child_rows(collector, child, owner, items, parent_col, parent_pk, None)


def group_path(pending: PendingArray) -> str:
    return pending.path.rsplit(".", 1)[0]


def _child_rows(collector: Collector, child: Draft, owner: Draft, items: list[tuple[PendingArray, dict[str, Any]]],
                parent_col: str | None, parent_pk: str | None, rename: tuple[str, str] | None) -> None:
    child.parent = owner.name
    held = held_parent_key(items, parent_pk) if parent_col and parent_pk else None
    if held is not None:  # the items name their parent themselves: that field is the reference
        parent_col, parent_pk = snake(held), None
        child.add_fk(FKDraft([parent_col], owner.name, [pk_of(owner) or "id"], "array nested in parent", 0.9))
    if parent_col and parent_pk and parent_col != f"{owner.singular}_{parent_pk}" and any(
            snake(k) == parent_col for _, obj in items for k in obj):  # the items' own ``user_id`` is another one
        parent_col = f"{owner.singular}_{parent_pk}"
    if parent_col and parent_pk:
        child.note(parent_col, group_path(items[0][0]))
        child.add_fk(FKDraft([parent_col], owner.name, [parent_pk], "array nested in parent", 0.9))
    if rename:
        child.note(rename[1], f"{items[0][0].path}.{rename[0]}")
    for pending, obj in items:
        row = Row({}, pending.endpoint)
        if parent_col and parent_pk:
            row.values[parent_col] = pending.parent.values.get(parent_pk)
        if rename:
            row.values[rename[1]] = obj.get(rename[0])
            obj = {k: v for k, v in obj.items() if k != rename[0]}
        collector.flatten(obj, child, row, "", pending.path, pending.endpoint, 1)
        child.add_row(row)
        child.endpoints.add(pending.endpoint)


# -- scalar arrays of keys -----------------------------------------------------------------------


def _scalar_joins(collector: Collector, draft: Draft) -> None:
    parent_col = parent_column(draft, collector.drafts) if draft.kind in ("entity", "embedded", "child") else None
    if parent_col is None:
        return
    parent_pk = pk_of(draft)
    list_columns = list_columns_of(draft.rows)
    for col in list(draft.columns()):
        if col not in list_columns:
            continue
        values = draft.values(col)
        lists = [v for v in values if isinstance(v, list)]
        if not lists or len(lists) < len(values) or not any(lists):
            continue
        if not (elems := [e for v in lists for e in v]) or any(isinstance(e, dict | list | bool | float) for e in elems):
            continue
        stem = col[:-4] if col.endswith("_ids") else singular(col) if is_plural(col) else None
        if stem and stem.startswith("id_") and is_plural(col[3:]):
            stem = singular(col[3:])  # ``idMembers``: the id before the entity, as ``member_ids`` after it
        target = collector.drafts.get(plural(stem)) if stem else None
        if target is None and stem and (word := stem.rpartition("_")[2]) != stem and plural(word) in collector.drafts:
            stem, target = (stem if plural(word) == draft.name else word), collector.drafts[plural(word)]  # ``data_x``
        texts = {key_text(e) for e in elems} - {""}
        if target is None and stem and col in _CHILDREN and parent_pk and (
                opaque_keys(texts, draft, parent_pk) or integer_keys(texts, draft, parent_pk)):
            target = draft  # ``kids`` of a comment: the children of a tree are records of its own table
        join_name = f"{draft.singular}_{plural(stem)}" if stem else ""
        if target is None and not is_plural(col):
            target = addressed_values_table(collector.drafts.values(), draft, texts, elems)
            stem, join_name = (singular(target.name), f"{draft.singular}_{plural(col)}") if target else (stem, "")
        target_pk = pk_of(target) if target is not None else None
        if target is None or target is draft and col not in _CHILDREN and stem == singular(draft.name) or target_pk is None:
            continue
        # ``group_ids`` of opaque tokens, as ``group_id`` (see ``named``): the name says whose keys they are
        if (target is not draft or col not in _CHILDREN) and target.key_hits(texts, target_pk) + len(texts & target.path_values) < 0.8 * len(texts) \
                and not keys_by_name(col, stem or "", texts, target, target_pk):
            continue
        assert stem is not None
        item_col = target_pk if target_pk.startswith(singular(target.name) + "_") else f"{stem}_{target_pk}"
        join = collector.draft(join_name, "join", "array of keys of another entity")
        join.note(parent_col, min(draft.paths.get(parent_pk or "", {"$"})))  # the least: the same every run
        join.note(item_col, min(draft.paths[col]) + "[]")
        for row in draft.rows:
            for elem in row.values.get(col) or []:
                join.add_row(Row({parent_col: row.values.get(parent_pk or ""), item_col: elem}, row.endpoint))
                join.endpoints.add(row.endpoint)
        join.add_fk(FKDraft([parent_col], draft.name, [parent_pk or "id"], "array of keys", 0.85))
        join.add_fk(FKDraft([item_col], target.name, [target_pk], "array values are keys", 0.85))
        draft.dropped.add(col)
        _finish_keys(join)


#: Names of the children of a record in a tree (the inverse of its ``parent``), and of the parts of a composite.
_CHILDREN = frozenset({"children", "kids", "child_ids", "children_ids", "subitems", "parts", "subparts", "components"})
