"""Relations served only as lists beneath a record, of records of a table served elsewhere.

``/posts/{id}/likers``, ``/people/{id}/followers``, ``/boards/{id}/watchers`` answer records of a table the API
serves at addresses of its own (``/people/me``, ``/people/{id}``): the same key, the same fields. Such a list
names a relation of the parent record, not a table: its records are rows of that table, and each read is a join
``<parent>_<relation>(<parent>_id, <table>_id)`` (``post_likers(post_id, person_id)``; between records of one
table, the second column is named after the relation: ``person_followers(person_id, follower_id)``), not a new
table copying the records' fields with a column of the parent's key.

The list qualifies when it is a list (not one record) read only beneath parents (``/<parents>/{id}/<word>``) the
capture serves; its records hold no field with the parent's key (children naming their parent belong to it: rule 7)
nor the parent itself; no route addresses a record by key beneath the word (``/folders/{id}/articles``: a
collection of its own); and one table served as a collection or by key (not only at ``/me``) holds its fields: its
columns are among the records' and most of the records' are among its, two fields beside the key at least (or the
word ends in the table's name: ``owned_boards``); fields the table lacks are optional ones (absent from some
records), never a field every record holds (the relation's own attribute, such as a member's ``access_level``). The
joins are made once entities are merged (:func:`relation_joins`), so that the tables they reference are the merged
ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inference.drafts import Draft, FKDraft, Row, key_text
from inference.keys import composite_unique, dedupe_rows, pk_of
from inference.naming import plural, singular, snake

if TYPE_CHECKING:
    from inference.entities import PendingArray, PendingObject

RULE = "a relation listed beneath a record, of records served elsewhere"
#: Share of the list's columns the table must hold.
_OVERLAP = 0.6


@dataclass
class RelationList:
    """The pairs one relation word listed beneath one parent table: (parent key, record key, endpoint)."""

    parent: str
    word: str
    target: str
    pairs: list[tuple[str, object, str]] = field(default_factory=list)


def _relation_route(template: str) -> tuple[str, str] | None:
    """``GET /a/{id}/b`` -> (``a``, ``b``): a word after a parent's address, else None."""
    method, _, path = template.partition(" ")
    segs = path.strip("/").split("/")
    if method != "GET" or len(segs) < 3 or segs[-1].startswith("{") or not segs[-2].startswith("{") \
            or segs[-3].startswith("{"):
        return None
    return segs[-3], segs[-1]


def _parent(drafts: dict[str, Draft], segment: str) -> Draft | None:
    name = plural(singular(snake(segment)))
    found = drafts.get(name) or next((d for d in drafts.values() if segment in d.aliases or name in d.aliases), None)
    return found if found is not None and found.kind == "entity" and found.pk and len(found.pk) == 1 else None


def _target(drafts: dict[str, Draft], draft: Draft, words: set[str]) -> Draft | None:
    """The one served table whose records the list holds (see the module docstring)."""
    assert draft.pk is not None
    key = draft.pk[0]
    cols = draft.data_columns()
    textual = {isinstance(r.values.get(key), str) for r in draft.rows}
    best: list[tuple[int, Draft]] = []
    for target in drafts.values():
        if target is draft or target.kind != "entity" or target.pk != draft.pk or not target.rows:
            continue
        if all(_relation_route(t) is not None for t in target.endpoints):
            continue  # listed beneath parents only itself
        if not target.listed and not any("{" in t for t in target.endpoints):
            continue  # one record read at a name (``/me``): whose it is is decided by the tables it joins later
        own = target.data_columns()
        shared = own & cols
        if not own <= cols or len(shared) < _OVERLAP * len(cols) or textual != {
                isinstance(r.values.get(key), str) for r in target.rows}:
            continue
        named = all(snake(w).endswith(target.name) for w in words)
        if len(shared - {key}) < 2 and not named:
            continue
        extra = cols - own
        if any(all(r.values.get(c) is not None for r in draft.rows) for c in extra):
            continue  # a field of every record the table lacks: the relation's own attribute
        best.append(((own == cols) * 2 + named, target))
    best.sort(key=lambda p: -p[0])
    if not best or len(best) > 1 and best[0][0] == best[1][0]:
        return None
    return best[0][1]


Pending = list["PendingArray | PendingObject"]


def fold_relation_lists(drafts: dict[str, Draft], pending: Pending,
                        fold_into: Callable[[Draft, Draft, Pending], None]) -> list[RelationList]:
    """Fold every list of records served elsewhere into their table (``fold_into(table, list, pending)``); the
    relations the lists named are returned."""
    found: list[RelationList] = []
    addressed = _addressed_collections(drafts)
    for draft in list(drafts.values()):
        if draft.kind != "entity" or not draft.listed or not draft.pk or len(draft.pk) != 1 or not draft.endpoints:
            continue
        routes = {t: _relation_route(t) for t in draft.endpoints}
        if any(r is None for r in routes.values()) or any(r.hint is None for r in draft.rows):
            continue
        parents = {seg: _parent(drafts, seg) for seg, _ in filter(None, routes.values())}
        if any(p is None or p is draft for p in parents.values()):
            continue
        if _names_parent(draft) or any(plural(singular(snake(w))) in addressed for _, w in filter(None, routes.values())):
            continue
        target = _target(drafts, draft, {w for _, w in filter(None, routes.values())})
        if target is None:
            continue
        key = draft.pk[0]
        lists: dict[tuple[str, str], RelationList] = {}
        for row in draft.raw_rows or draft.rows:
            route = routes.get(row.endpoint)
            if route is None or row.hint is None or row.values.get(key) is None:
                continue
            parent = parents[route[0]]
            assert parent is not None
            relation = lists.setdefault((parent.name, route[1]), RelationList(parent.name, route[1], target.name))
            relation.pairs.append((row.hint[1], row.values[key], row.endpoint))
        for row in draft.every_row():
            row.hint = None
        fold_into(target, draft, pending)
        del drafts[draft.name]
        found.extend(lists.values())
    return found


def _addressed_collections(drafts: dict[str, Draft]) -> set[str]:
    """Collections whose records some route addresses by key (``/folders/{id}/...``): tables of their own."""
    out = set()
    for draft in drafts.values():
        for template in draft.endpoints:
            segs = template.partition(" ")[2].strip("/").split("/")
            out |= {plural(singular(snake(a))) for a, b in zip(segs, segs[1:], strict=False)
                    if b.startswith("{") and not a.startswith("{")}
    return out


def _names_parent(draft: Draft) -> bool:
    """Whether a field of every record read beneath a parent holds that parent's key (children naming it)."""
    rows = [r for r in draft.rows if r.hint]
    if any(key_text(r.values.get(c)) == r.hint[1] for r in rows if r.hint for c in draft.pk or []):
        return True  # the parent itself among the records: a read of it, not of a relation
    return any(all(key_text(r.values.get(c)) == r.hint[1] for r in rows if r.hint)
               for c in draft.data_columns() if c not in (draft.pk or []))


def relation_joins(drafts: dict[str, Draft], lists: list[RelationList], folded: dict[str, Draft],
                   make: Callable[[str, str, str], Draft]) -> None:
    """The join tables of the relations :func:`fold_relation_lists` found, between the tables as merged
    (``make``: the collector's maker of drafts)."""
    for relation in lists:
        parent = drafts.get(folded[relation.parent].name if relation.parent in folded else relation.parent)
        target = drafts.get(folded[relation.target].name if relation.target in folded else relation.target)
        if parent is None or target is None or (pk := pk_of(parent)) is None or (own := pk_of(target)) is None:
            continue
        parent_col = pk if pk.startswith(parent.singular + "_") else f"{parent.singular}_{pk}"
        own_col = own if own.startswith(target.singular + "_") else f"{target.singular}_{own}"
        if own_col == parent_col:
            own_col = f"{singular(snake(relation.word))}_{own}"
        name = f"{parent.singular}_{snake(relation.word)}"
        if own_col == parent_col or name in drafts or _held_by_one(relation, parent, pk, target, own):
            continue
        join = make(name, "join", RULE)
        join.parent = parent.name
        textual = any(isinstance(r.values.get(pk), str) for r in parent.rows[:50])
        for value, record, endpoint in relation.pairs:
            parent_value: object = value if textual or not value.lstrip("-").isdigit() else int(value)
            join.add_row(Row({parent_col: parent_value, own_col: record}, endpoint))
            join.endpoints.add(endpoint)
        join.note(parent_col, "path parameter")
        join.note(own_col, f"{target.name}.{own}")
        join.add_fk(FKDraft([parent_col], parent.name, [pk], "resource nested in the URL path", 0.85))
        join.add_fk(FKDraft([own_col], target.name, [own], RULE, 0.85))
        dedupe_rows(join)
        join.pk = [parent_col, own_col] if composite_unique(join, [parent_col, own_col]) else None


#: A relation word's participle that gives each listed record one holder, and the holder's noun
#: (``/people/{id}/owned_boards``: each board has one owner).
_HOLDERS = {"owned": "owner", "created": "creator", "authored": "author"}


def _held_by_one(relation: RelationList, parent: Draft, pk: str, target: Draft, own: str) -> bool:
    """``/<parents>/{id}/owned_<records>``: the records the parent holds, each held by one (no record listed under
    two parents): a reference ``owner_<key>`` on each record listed, not a join table. Returns whether it was made."""
    head, _, rest = snake(relation.word).partition("_")
    noun = _HOLDERS.get(head)
    if noun is None or rest != target.name and rest not in target.aliases:
        return False
    holder: dict[str, str] = {}
    for value, record, _ in relation.pairs:
        if holder.setdefault(key_text(record), value) != value:
            return False
    col = f"{noun}_{pk}"
    if col in target.paths:
        return False
    textual = any(isinstance(r.values.get(pk), str) for r in parent.rows[:50])
    for row in target.every_row():
        held = holder.get(key_text(row.values.get(own)))
        if held is not None:
            row.values[col] = held if textual or not held.lstrip("-").isdigit() else int(held)
    target.note(col, "path parameter")
    target.add_fk(FKDraft([col], parent.name, [pk], "records a parent holds, each held by one", 0.8))
    return True
