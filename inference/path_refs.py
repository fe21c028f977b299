"""Foreign keys from paths: a resource nested in the URL (``/posts/{id}/comments``) references the parent the
path names (``comments.post_id -> posts.id``)."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from inference.associations import listed_by_join
from inference.drafts import Draft, FKDraft, Row, key_text
from inference.endpoints import collection_segments, is_action, parse_route
from inference.entities import Collector
from inference.identity import NATURAL_KEYS
from inference.keys import CONTAINMENT, composite_unique, dedupe_rows, pk_of
from inference.links import unseen_parent_column
from inference.naming import plural, singular, snake


def path_fks(collector: Collector, draft: Draft) -> None:
    hinted: dict[str, list[Row]] = defaultdict(list)
    for row in draft.rows:
        if row.hint:
            hinted[row.hint[0]].append(row)
    for parent_name, rows in hinted.items():
        parent = collector.drafts.get(parent_name)
        if parent is None:
            if not {r.hint[1] for r in rows if r.hint} <= {v for p, v, f in draft.filters if p == parent_name and not f}:
                unseen_parent_column(draft, parent_name, rows)  # unless other reads pass the key as a scope
            continue
        pk = pk_of(parent)
        if parent is draft or pk is None:
            continue
        if any(fk.ref_table == parent.name for fk in draft.fks) or listed_by_join(collector.drafts, draft, parent, rows):
            continue
        key, pk = pk, _path_key(parent, pk, {r.hint[1] for r in rows if r.hint})
        if pk != key and _holds_parent_key(draft, parent, key, rows):
            # /users/{uuid}/preferences answering {"user_id": 7, ...}: the record names its parent by the parent's key
            draft.add_fk(FKDraft([f"{parent.singular}_{key}"], parent.name, [key], "resource nested in the URL path", 0.85))
            continue
        if _relation_route(collector, draft, parent, pk, rows):
            continue
        matches = [c for c in draft.columns() if not c.startswith("__")
                   and all(key_text(r.values.get(c)) == r.hint[1] for r in rows if r.hint)]
        matches.sort(key=lambda c: (not c.startswith(parent.singular), c == "id"))
        one_to_one = (parent.singular, f"{parent.singular}_{pk}")  # keyed by its parent's key: a one-to-one
        col = next((c for c in matches if c not in (draft.pk or []) or c in one_to_one), None)
        if col is None and _membership_route(collector, draft, parent, pk, rows):
            continue
        if col is None:
            col = pk if pk.startswith(parent.singular + "_") else f"{parent.singular}_{pk}"
            draft.note(col, "path parameter")
            textual = any(isinstance(r.values.get(pk), str) for r in parent.rows[:50])
            # the reads folded into a row by its key were read beneath the same parent: they hold the key too
            folded = [r for r in draft.raw_rows or [] if r.hint and r.hint[0] == parent_name and col not in r.values]
            for r in rows + folded:
                r.values[col] = (r.hint[1] if textual else _path_value(r.hint[1])) if r.hint else None
        draft.add_fk(FKDraft([col], parent.name, [pk], "resource nested in the URL path", 0.85))


def _holds_parent_key(draft: Draft, parent: Draft, key: str, rows: list[Row]) -> bool:
    """Records read beneath a parent addressed by another of its identifiers (its ``uuid``) that hold
    ``<parent>_<key>``, each a key of the parent."""
    column = f"{parent.singular}_{key}"
    held = {key_text(r.values.get(column)) for r in rows}
    return column in draft.paths and "" not in held and parent.key_hits(held, key) == len(held)


def filter_fks(collector: Collector, draft: Draft) -> None:
    """A list read with ``?<parent>_id=V`` whose records all hold ``V`` in one field references the parent by that
    field, whatever it is called (``item_id`` of comments read with ``?task_id=``), when ``V`` is a served key."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for parent_name, value, fields in (f for f in draft.filters if f[2]):  # a scope (no field holds it) filters nothing
        values, cols = found.setdefault(parent_name, (set(), set(fields)))
        values.add(value)
        cols &= fields
    for parent_name, (values, cols) in found.items():
        parent = collector.drafts.get(parent_name)
        pk = pk_of(parent) if parent is not None and parent.kind == "entity" else None
        taken = {c for fk in draft.fks for c in fk.columns}
        cols = {c for c in cols if c in draft.paths and c not in taken and c not in (draft.pk or [])}
        if parent is None or pk is None or len(cols) != 1 or parent.key_hits(values, pk) < len(values):
            continue
        if any(fk.ref_table == parent.name for fk in draft.fks):
            continue
        draft.add_fk(FKDraft([cols.pop()], parent.name, [pk], "a list filtered by the parent's key in the query", 0.8))


def _path_key(parent: Draft, pk: str, values: set[str]) -> str:
    """The parent's column the path values name: its key, or else a unique column holding them all
    (``/issues/{number}/comments`` when issues are keyed by ``id``)."""
    if parent.key_hits(values, pk) >= CONTAINMENT * len(values):
        return pk
    for col in parent.columns():
        if col == pk or col.startswith("__") or col in parent.jsonb:
            continue
        column = [key_text(v) for v in parent.values(col)]
        if "" in column or len(set(column)) < len(column) or not values <= set(column):
            continue
        return col
    return _natural_key(parent, pk, values) or pk


def _natural_key(parent: Draft, pk: str, values: set[str]) -> str | None:
    """Words (``core-team``) addressing a parent keyed by numbers, none of them among the records served: the
    parent's natural key (``slug``, ``code``, ...) unique in every record, the key such addresses spell."""
    if any(v.isdigit() for v in values) or not all(key_text(v).isdigit() for v in parent.values(pk)):
        return None
    columns = [(col, [key_text(v) for v in parent.values(col)]) for col in NATURAL_KEYS if col in parent.columns()]
    for col, column in columns:
        if column and "" not in column and len(set(column)) == len(column):
            return col
    # a slug unique only within its owner (``/projects/<org>/<project>``) repeats across owners: still the key words
    # name, rather than the numbers of the parent's key
    return next((col for col, column in columns if column and "" not in column and col == "slug"), None)


def _path_value(text: str) -> Any:
    return int(text) if re.fullmatch(r"-?\d{1,18}", text) else text


def _relation_route(collector: Collector, draft: Draft, parent: Draft, pk: str, rows: list[Row]) -> bool:
    """``/statuses/{id}/favourited_by`` answering accounts that the API serves elsewhere too: the route lists a
    relation of the parent by a name of its own, not the parent's children, so its rows make an association
    ``<parent>_<relation>`` (``status_favourited_by(status_id, account_id)``), not a column of the accounts.
    False (nothing done) when the route's last segment names the table, or every record came from it."""
    own = pk_of(draft)
    segments = {parts[-1] for t in draft.endpoints if t.startswith("GET ")
                and len(parts := t.partition(" ")[2].strip("/").split("/")) >= 3
                and parts[-2].startswith("{") and not parts[-1].startswith("{")
                and (plural(singular(snake(parts[-3]))) == parent.name or parts[-3] in parent.aliases)}
    if own is None or len(segments) != 1 or len(rows) == len(draft.rows):
        return False
    segment = next(iter(segments))
    relation = snake(segment)
    if not relation or plural(singular(relation)) == draft.name or draft.name.endswith(
            relation) or relation in draft.aliases or is_action(segment):
        return False
    return _join_of_route(collector, draft, parent, pk, rows, relation)


def _membership_route(collector: Collector, draft: Draft, parent: Draft, pk: str, rows: list[Row]) -> bool:
    """``/groups/{id}/users`` answering users that hold nothing of the group, where users are a collection of
    their own too (``/users`` read or written): the route lists the parent's members, a many-to-many relation
    (``group_users(group_id, user_id)``), not a column of the users (a record belongs to one parent only when it
    says so, as ``post.user_id`` at ``/users/{id}/posts``)."""
    if pk_of(draft) is None or len(rows) == len(draft.rows):
        return False
    routes = [parse_route(t.partition(" ")[0], "http://h" + t.partition(" ")[2]) for t in draft.endpoints]
    own_route = any(len(literals := collection_segments(r)) == 1 and not any(s.startswith("{") for s in r.segments)
                    and plural(singular(snake(literals[0][1]))) == draft.name for r in routes)
    return own_route and _join_of_route(collector, draft, parent, pk, rows, draft.name)


def _join_of_route(collector: Collector, draft: Draft, parent: Draft, pk: str, rows: list[Row], relation: str) -> bool:
    own = pk_of(draft)
    assert own is not None
    parent_col = pk if pk.startswith(parent.singular + "_") else f"{parent.singular}_{pk}"
    own_col = own if own.startswith(draft.singular + "_") else f"{draft.singular}_{own}"
    if own_col == parent_col:
        return False
    textual = any(isinstance(r.values.get(pk), str) for r in parent.rows[:50])
    join = collector.draft(f"{parent.singular}_{relation}", "join", "relation of a resource listed at its own route")
    join.parent = parent.name
    for row in rows:
        if row.hint and row.values.get(own) is not None:
            value = row.hint[1] if textual else _path_value(row.hint[1])
            join.add_row(Row({parent_col: value, own_col: row.values[own]}, row.endpoint))
            join.endpoints.add(row.endpoint)
    join.note(parent_col, "path parameter")
    join.note(own_col, f"{draft.name}.{own}")
    join.add_fk(FKDraft([parent_col], parent.name, [pk], "resource nested in the URL path", 0.85))
    join.add_fk(FKDraft([own_col], draft.name, [own], "records listed at a relation route", 0.85))
    dedupe_rows(join)
    join.pk = [parent_col, own_col] if composite_unique(join, [parent_col, own_col]) else None
    return True
