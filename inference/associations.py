"""Many-to-many and one-to-many relations that an API serves from both of their sides.

* An array of reference stubs (``"berries": [{"name": "cheri", "url": ".../berry/1/"}]``) lists rows
  of the entity served at the links' route: a join table ``(parent key, <entity>_id)``, not copies
  of a name and a link.
* A join table that only repeats, from the parent's side, a reference the listed rows already hold
  (a firmness listing its berries, each berry naming its firmness) is the inverse side of that
  one-to-many: it adds nothing and is left out.
* The two sides of one association, each nested in its own parent (a berry's flavors with their
  potency, a flavor's berries with the same potency), are one association table; so are the two sides of a
  many-to-many served as arrays of keys (a user's ``groups``, a group's ``users``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from inference.drafts import Draft, FKDraft, Row, key_text
from inference.keys import composite_unique, dedupe_rows, pk_of
from inference.links import LINK_FIELDS, STUB_COPIES, link_id, link_route
from inference.naming import singular
from inference.relation_lists import RULE as RELATION_LIST
from inference.types import is_missing

_ROWS_KINDS = ("child", "association", "join")


def stub_items_reference(drafts: dict[str, Draft], draft: Draft) -> None:
    """Rows of an array of stubs whose own link addresses another table's detail route reference
    that table: ``url`` becomes ``<entity>_id`` and the stub's copied name goes."""
    if draft.kind != "child" or not draft.parent:
        return
    columns = draft.columns()
    field = next((f for f in LINK_FIELDS if f in columns), None)
    parent_fks = [fk for fk in draft.fks if fk.ref_table == draft.parent]
    if field is None or not parent_fks or set(columns) - {field, *STUB_COPIES, *parent_fks[0].columns}:
        return
    links = [v for v in draft.values(field) if v is not None]
    routes = {found[0] if (found := link_route(v)) is not None else "" for v in links}
    if not links or "" in routes:
        return
    target = next((t for t in drafts.values() if t is not draft and t.pk == ["id"] and routes <= t.endpoints), None)
    if target is None:
        return
    fk_col = f"{target.singular}_id"
    for row in draft.rows:
        row.values[fk_col] = link_id(row.values.pop(field, None), target.endpoints)
        for copy in STUB_COPIES:
            row.values.pop(copy, None)
    draft.dropped.update({field, *STUB_COPIES})
    draft.note(fk_col, f"{field} (link)")
    draft.kind, draft.rule, draft.pk = "join", "array of links to rows of another entity", None
    draft.add_fk(FKDraft([fk_col], target.name, ["id"], "link to the row of the entity served at it", 0.85))
    dedupe_rows(draft)
    pair = [parent_fks[0].columns[0], fk_col]
    if composite_unique(draft, pair):
        draft.pk = pair


def drop_inverse_joins(drafts: dict[str, Draft]) -> None:
    """Leave out join tables that are the inverse side of a reference the listed rows hold; so are associations
    (a parent's short list of ``{id, <summary>...}``) whose listed rows, wherever they name a parent, name the one
    listing them: the summary repeats what the listed rows serve."""
    for join in list(drafts.values()):
        if join.kind not in ("join", "association") or len(join.fks) != 2 or not join.parent \
                or join.kind == "join" and len(join.columns()) != 2:
            continue
        parent_fk = next((fk for fk in join.fks if fk.ref_table == join.parent), None)
        item_fk = next((fk for fk in join.fks if fk is not parent_fk), None)
        target = drafts.get(item_fk.ref_table) if item_fk is not None else None
        if parent_fk is None or item_fk is None or target is None:
            continue
        back = next((fk for fk in target.fks if fk.ref_table == join.parent and len(fk.columns) == 1), None)
        if back is not None and _inverse_of(join, parent_fk.columns[0], item_fk, target, back.columns[0]):
            del drafts[join.name]


def _inverse_of(join: Draft, parent_col: str, item_fk: FKDraft, target: Draft, back_col: str) -> bool:
    """Each listed row appears under one parent only, and wherever it names its parent itself
    (``back_col``), it names the one that lists it (at least once)."""
    item_col, key = item_fk.columns[0], item_fk.ref_columns[0]
    parents: dict[str, set[str]] = defaultdict(set)
    for row in join.rows:
        parents[key_text(row.values.get(item_col))].add(key_text(row.values.get(parent_col)))
    if any(len(p) > 1 for p in parents.values()):
        return False
    named = {key_text(r.values.get(key)): key_text(r.values.get(back_col)) for r in target.rows
             if not is_missing(r.values.get(back_col))}
    checked = [(named[item], ps) for item, ps in parents.items() if item in named]
    return bool(checked) and all(own in ps for own, ps in checked)


def merge_two_sided(drafts: dict[str, Draft]) -> None:
    """One association served from both sides: tables of rows nested in two parents that reference
    each other's parent, with the same other fields, become one table (the names of the side whose
    reference columns are named after their tables are kept)."""
    tables = [d for d in drafts.values() if d.kind in _ROWS_KINDS and d.parent and len(d.fks) == 2
              and all(len(fk.columns) == 1 for fk in d.fks)]
    for a in tables:
        for b in tables:
            if a is b or a.name not in drafts or b.name not in drafts or a.parent == b.parent:
                continue
            cols_a, cols_b = _by_target(a), _by_target(b)
            if cols_a.keys() != cols_b.keys() or {a.parent, b.parent} != set(cols_a):
                continue
            rest_a = set(a.columns()) - set(cols_a.values())
            rest_b = set(b.columns()) - set(cols_b.values())
            if rest_a != rest_b or not (_inverse_words(drafts, a, b) or _one_pairing(tables, a, b)):
                continue
            keep, fold = (a, b) if (_canonical(a), _agent(drafts, a)) >= (_canonical(b), _agent(drafts, b)) else (b, a)
            _fold(keep, fold, _by_target(fold), _by_target(keep))
            del drafts[fold.name]
    _merge_inverse_self_relations(drafts)
    _merge_key_arrays(drafts)


def _verb(drafts: dict[str, Draft], join: Draft) -> tuple[str, bool] | None:
    """The verb a relation listed at a route of its own is named by, and whether its word is the verb's agent noun:
    ``followers`` -> (``follow``, True); ``followed_boards``, ``following`` -> (``follow``, False); None for a
    relation not so named. A pair of them with one verb, an agent noun against a participle, are one relation
    read from its two sides (the followers of a board, the boards a person follows)."""
    parent = drafts.get(join.parent or "")
    if join.rule != RELATION_LIST or parent is None or not join.name.startswith(parent.singular + "_"):
        return None
    word = join.name[len(parent.singular) + 1:]
    head = word.split("_")[0]
    if head == word and head.endswith("ers") and len(head) > 6:
        return head[:-3], True
    for end in ("ed", "ing"):
        if head.endswith(end) and len(head) > len(end) + 3:
            return head[:-len(end)], False
    return None


def _agent(drafts: dict[str, Draft], join: Draft) -> bool:
    verb = _verb(drafts, join)
    return verb is not None and verb[1]


def _inverse_words(drafts: dict[str, Draft], a: Draft, b: Draft) -> bool:
    """Whether two relations are named by one verb, one as its agent noun and the other as a participle."""
    va, vb = _verb(drafts, a), _verb(drafts, b)
    return va is not None and vb is not None and va[0] == vb[0] and va[1] != vb[1]


def _merge_inverse_self_relations(drafts: dict[str, Draft]) -> None:
    """Between records of one table, a relation listed under one verb's participle (``/people/{id}/following``)
    is the other side of the one listed under its agent noun (``/people/{id}/followers``): its pairs, turned
    round, are rows of that join (``person_followers(person_id, follower_id)``)."""
    joins = [d for d in drafts.values() if d.kind == "join" and d.rule == RELATION_LIST and len(d.fks) == 2
             and len(d.columns()) == 2 and {fk.ref_table for fk in d.fks} == {d.parent}]
    for agent in joins:
        for other in joins:
            if agent is other or agent.parent != other.parent or agent.name not in drafts \
                    or other.name not in drafts or not _agent(drafts, agent) \
                    or not _inverse_words(drafts, agent, other):
                continue
            keep_own, keep_other = _sides(drafts, agent)
            fold_own, fold_other = _sides(drafts, other)
            if not keep_own or not fold_own:
                continue
            rename = {fold_own: keep_other, fold_other: keep_own}
            for row in other.rows:
                agent.rows.append(Row({rename.get(k, k): v for k, v in row.values.items()}, row.endpoint, row.hint))
            agent.endpoints |= other.endpoints
            dedupe_rows(agent)
            pair = [keep_own, keep_other]
            agent.pk = pair if composite_unique(agent, pair) else None
            del drafts[other.name]


def _sides(drafts: dict[str, Draft], join: Draft) -> tuple[str, str]:
    """A self-relation's column of the record listing (named after its table) and of the listed one; empty
    texts when neither column is so named."""
    parent = drafts[join.parent or ""]
    cols = [fk.columns[0] for fk in join.fks]
    own = next((c for c in cols if c.startswith(parent.singular + "_")), "")
    return own, next((c for c in cols if c != own), "") if own else ""


_KEY_ARRAYS = "array of keys of another entity"


def _merge_key_arrays(drafts: dict[str, Draft]) -> None:
    """A many-to-many served from both sides as arrays of keys (a user's ``groups`` naming groups, a group's
    ``users`` naming users) is one association: the two join tables, between the same two tables, whose pairs
    mostly agree (half of the fewer pairs at least are on both sides), become one, the pairs of both."""
    joins = [d for d in drafts.values() if d.kind == "join" and d.rule == _KEY_ARRAYS and len(d.fks) == 2
             and len(d.columns()) == 2 and all(len(fk.columns) == 1 for fk in d.fks)]
    for a in joins:
        for b in joins:
            if a.name >= b.name or a.name not in drafts or b.name not in drafts:
                continue
            cols_a, cols_b = _by_target(a), _by_target(b)
            if cols_a.keys() != cols_b.keys() or len(cols_a) != 2:
                continue
            tables = sorted(cols_a)
            pairs_a, pairs_b = _pairs(a, [cols_a[t] for t in tables]), _pairs(b, [cols_b[t] for t in tables])
            if not pairs_a or not pairs_b or 2 * len(pairs_a & pairs_b) < min(len(pairs_a), len(pairs_b)):
                continue
            rename = {cols_b[t]: cols_a[t] for t in tables}
            for row in b.rows:
                a.rows.append(Row({rename.get(k, k): v for k, v in row.values.items()}, row.endpoint, row.hint))
            a.endpoints |= b.endpoints
            for col in b.columns():
                for path in sorted(b.paths[col]):
                    a.note(rename.get(col, col), path)
            a.kind, a.rule = "association", "one many-to-many served from both of its sides as arrays of keys"
            dedupe_rows(a)
            pair = [cols_a[t] for t in tables]
            a.pk = a.pk if a.pk is not None and composite_unique(a, a.pk) else pair if composite_unique(a, pair) else None
            del drafts[b.name]


def _one_pairing(tables: list[Draft], a: Draft, b: Draft) -> bool:
    """Relations listed at routes of their own (``/people/{id}/followed_boards``, ``/boards/{id}/watchers``) are
    two sides of one when no other relation between the same two tables could be either's other side, or their
    pairs agree; arrays nested in records are their sides whatever else there is."""
    if a.rule != RELATION_LIST and b.rule != RELATION_LIST:
        return True
    targets = set(_by_target(a))
    rivals = [d for d in tables if d is not a and d is not b and set(_by_target(d)) == targets]
    if not rivals:
        return True
    tables_ = sorted(targets)
    pairs_a = _pairs(a, [_by_target(a)[t] for t in tables_])
    pairs_b = _pairs(b, [_by_target(b)[t] for t in tables_])
    return bool(pairs_a and pairs_b) and 2 * len(pairs_a & pairs_b) >= min(len(pairs_a), len(pairs_b))


def _pairs(draft: Draft, columns: list[str]) -> set[tuple[str, ...]]:
    return {tuple(key_text(r.values.get(c)) for c in columns) for r in draft.rows}


def _by_target(draft: Draft) -> dict[str, str]:
    return {fk.ref_table: fk.columns[0] for fk in draft.fks}


def _canonical(draft: Draft) -> int:
    """How many of the reference columns are named ``<table's singular>_<key>``."""
    return sum(1 for fk in draft.fks if fk.columns[0] == f"{singular(fk.ref_table)}_{fk.ref_columns[0]}")


def _fold(keep: Draft, fold: Draft, fold_cols: dict[str, str], keep_cols: dict[str, str]) -> None:
    rename = {fold_cols[t]: keep_cols[t] for t in keep_cols}
    for row in fold.rows:
        row.values = {rename.get(k, k): v for k, v in row.values.items()}
        keep.rows.append(row)
    keep.endpoints |= fold.endpoints
    for col in fold.columns():
        for path in sorted(fold.paths[col]):
            keep.note(rename.get(col, col), path)
    keep.kind, keep.rule = "association", "one association served from both of its sides"
    dedupe_rows(keep)
    if keep.pk is not None and not composite_unique(keep, keep.pk):
        keep.pk = None
    pair = [keep_cols[keep.parent or ""], *[c for t, c in keep_cols.items() if t != keep.parent]]
    if keep.pk is None and composite_unique(keep, pair):
        keep.pk = pair


def listed_by_join(drafts: dict[str, Draft], draft: Draft, parent: Draft, rows: list[Row]) -> bool:
    """``/artists/{id}/top-tracks`` answering tracks whose own ``artists`` name that artist: the route
    filters by a many-to-many the rows carry themselves, and adds no column."""
    own = pk_of(draft)
    if own is None:
        return False
    for join in drafts.values():
        if join.kind not in ("join", "association") or join.parent != draft.name:
            continue
        mine = next((fk for fk in join.fks if fk.ref_table == draft.name and len(fk.columns) == 1), None)
        theirs = next((fk for fk in join.fks if fk.ref_table == parent.name and len(fk.columns) == 1), None)
        if mine is None or theirs is None:
            continue
        pairs = {(key_text(r.values.get(mine.columns[0])), key_text(r.values.get(theirs.columns[0])))
                 for r in join.rows}
        if all((key_text(r.values.get(own)), r.hint[1]) in pairs for r in rows if r.hint):
            return True
    return False


def link_attributes(target: Draft, items: list[tuple[Any, dict[str, Any]]],
                    id_key: str) -> list[tuple[Any, dict[str, Any]]]:
    """Items of an association without the fields of the stub that names the referenced record (a participant's
    ``username`` and ``avatar_template``, the fields ``created_by`` stubs of the same users carry, beside its own
    ``post_count``): those fields are the reference; the link's own attributes stay."""
    keys = [set(obj) for _, obj in items]
    stub = {k for shape in target.stub_shapes if id_key in shape and all(shape <= ks for ks in keys) for k in shape}
    stub.discard(id_key)
    if not stub:
        return items
    return [(pending, {k: v for k, v in obj.items() if k not in stub}) for pending, obj in items]


def item_column(owner: Draft, target: Draft, field: str, key: str) -> str:
    """The column of an association's reference to ``target``: named after the table it references
    (``participants: [{id, ...}]`` of users -> ``user_id``), or after the field when that is the owner's own
    name (a person's ``friends`` among people)."""
    name = target.singular if target.singular != owner.singular else singular(field)
    return f"{name}_{key}"


def drop_inverse_lists(drafts: dict[str, Draft]) -> None:
    """An array column of keys of another table's rows, each of which references back the record that lists it
    (a planet's ``residents``, every resident's ``homeworld`` that planet), is the inverse side of that one-to-many:
    it repeats the reference the listed rows hold, and is left out as an inverse join table is."""
    lists: dict[str, list[str]] = {}
    for table in drafts.values():
        pk = pk_of(table)
        if pk is None:
            continue
        rows: dict[str, dict[str, Any]] | None = None
        for fk in table.fks:
            target = drafts.get(fk.ref_table)
            if target is None or target is table or len(fk.columns) != 1:
                continue
            if target.name not in lists:
                lists[target.name] = [c for c in target.columns() if _list_column(target, c)]
            for column in lists[target.name]:
                rows = rows if rows is not None else {key_text(r.values.get(pk)): r.values for r in table.rows}
                if _lists_back(target, column, rows, fk.columns[0], fk.ref_columns[0]):
                    target.dropped.add(column)


def _list_column(draft: Draft, column: str) -> bool:
    """Whether the first value the column holds is a list."""
    return isinstance(next((r.values[column] for r in draft.rows if r.values.get(column) is not None), None), list)


def _lists_back(target: Draft, column: str, rows: dict[str, dict[str, Any]], ref: str, key: str) -> bool:
    """Whether every listed key found among ``rows`` names a row whose ``ref`` is the listing record's ``key``
    (three found at least; the others were not captured). A list none of whose first ``_PROBE`` items is a row
    lists something else."""
    found = seen = 0
    for record in target.rows:
        items = record.values.get(column)
        if not isinstance(items, list) or not all(isinstance(i, str | int) for i in items):
            if items is not None:
                return False
            continue
        own = key_text(record.values.get(key))
        for item in items:
            seen += 1
            row = rows.get(key_text(item))
            if row is None:
                if seen >= _PROBE and not found:
                    return False
                continue
            if key_text(row.get(ref)) != own:
                return False
            found += 1
    return found >= 3


_PROBE = 200
