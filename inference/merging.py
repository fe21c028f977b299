"""One entity served under several names: tables whose rows are the same records are one table.

An API often serves one resource at more than one address: a query or search endpoint
(``/db/-/query?sql=select … from loans``), or a nested route that names it by the last part of its
name (``/work_pools/{name}/queues`` beside ``/work_queues/filter``). Each route names a table of its
own at first. Such a table is the other one when both are keyed by the same column, share key values,
and the rows that share a key agree on the fields they have in common: the same records read twice. Lookup tables that merely look alike (``{id, name}`` categories and regions) disagree on
their shared keys and stay apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from inference.drafts import Draft, Row, key_text
from inference.endpoints import is_action
from inference.identity import TAG_NAMES
from inference.keys import choose_pk, merge_rows
from inference.naming import plural, singular, snake
from inference.relation_lists import fold_relation_lists, relation_joins
from inference.types import is_missing

if TYPE_CHECKING:
    from inference.entities import Collector, PendingArray, PendingObject

#: Share of the smaller table's keys the larger one must hold.
KEY_OVERLAP = 0.5
#: Share of the columns (of the table with fewer) the two must have in common.
COLUMN_OVERLAP = 0.6
#: Share of the shared keys whose rows must agree.
AGREEMENT = 0.8


def merge_same_entities(drafts: dict[str, Draft], pending: list[PendingArray | PendingObject],
                        kinds: tuple[str, ...] = ("entity",)) -> dict[str, Draft]:
    """Fold every table whose rows are records of another table into it (see the module docstring).
    ``pending`` items (nested arrays and objects) owned by a folded table move with its rows. Returns the
    table each folded one went into, by the folded table's name."""
    folded: dict[str, Draft] = {}
    merged = True
    while merged:
        merged = False
        keyed = [d for d in drafts.values() if d.kind in kinds and d.rows and d.pk and len(d.pk) == 1
                 and not d.sampled]
        for a in keyed:
            for b in keyed:
                if a is b or a.pk != b.pk:
                    continue
                if not _abbreviated(b, a) and not _sibling_read(b, a) and not _named_for_relation(b, a, pending) \
                        and not _item_read(b, a) and (
                        not _foldable(b, a) or _keeps(b, a) or not _same_records(a, b)):
                    continue
                keep, fold = a, b
                _fold(keep, fold, pending)
                del drafts[fold.name]
                folded[fold.name] = keep
                folded.update({name: keep for name, into in folded.items() if into is fold})
                merged = True
                break
            if merged:
                break
    return folded


def merge_with_relation_lists(drafts: dict[str, Draft], pending: list[PendingArray | PendingObject],
                              make: Callable[[str, str, str], Draft]) -> None:
    """Tables of the same records merged (:func:`merge_same_entities`), relation lists folded into
    their tables and their joins made; the lists are looked for again once tables are merged, since tables alike
    until merged (two reads of the same records) leave a list's table undecided."""

    lists = fold_relation_lists(drafts, pending, fold_into)
    folded = merge_same_entities(drafts, pending)
    relation_joins(drafts, lists + fold_relation_lists(drafts, pending, fold_into), folded, make)


def fold_into_embedded(drafts: dict[str, Draft], pending: list[PendingArray | PendingObject],
                       refs: list[tuple[Draft, str, Draft, str | None]]) -> list[tuple[Draft, str, Draft, str | None]]:
    """Once embedded records are tables, a table holding only records of another (the accounts a route lists,
    beside the accounts statuses embed) is that table, nested arrays and all. ``refs`` (owner, column, target,
    key) are returned with folded tables replaced by the ones they went into."""
    unkeyed = [d for d in drafts.values() if d.kind == "embedded" and d.pk is None and d.rows]
    for draft in unkeyed:  # keyed for the comparison only: later rounds may add rows
        draft.pk = choose_pk(draft)
    folded = merge_same_entities(drafts, pending, ("entity", "embedded"))
    for draft in unkeyed:
        draft.pk = None
    if not folded:
        return refs
    return [(folded.get(o.name, o), c, folded.get(t.name, t), r) for o, c, t, r in refs]


def _abbreviated(fold: Draft, keep: Draft) -> bool:
    """``/t/57.json`` answering a topic: a route naming its collection by one letter (``t``, ``u``, ``c``) abbreviates
    it, so its records belong to the table whose columns they share (three in five of either's), read at a
    full name."""
    if len(fold.name) > 2 or len(keep.name) <= 2 or not fold.endpoints:
        return False
    if not all(len(seg) == 1 for t in fold.endpoints for seg in [_last_literal(t)]):
        return False
    cols_fold = fold.data_columns()
    cols_keep = keep.data_columns()
    return len(cols_fold & cols_keep) >= max(3, COLUMN_OVERLAP * max(len(cols_fold), len(cols_keep)))


def _sibling_read(fold: Draft, keep: Draft) -> bool:
    """``GET /projects/{id}/my-role`` beside ``GET /projects/{id}/members``: a record read one at a time at a word
    after a parent's address, with no field the rows of a collection listed under the same parent lack, is a row of
    that collection (the signed-in user's membership) when, under every parent both were read under, the collection
    holds each of its records under the same key with agreeing fields. Parents under which the collection was never
    listed say nothing either way."""
    if fold.listed or not keep.listed or not fold.pk or fold.pk != keep.pk or len(fold.pk) != 1 or not fold.endpoints:
        return False
    listed_under = {t.partition(" ")[2].strip("/").rpartition("/")[0] for t in keep.endpoints if t.startswith("GET ")}
    for template in fold.endpoints:
        method, _, path = template.partition(" ")
        segs = path.strip("/").split("/")
        if method != "GET" or len(segs) < 3 or segs[-1].startswith("{") or not segs[-2].startswith("{") \
                or segs[-3].startswith("{") or "/".join(segs[:-1]) not in listed_under:
            return False
    cols_fold = fold.data_columns()
    cols_keep = keep.data_columns()
    if len(cols_fold) < 3 or not cols_fold <= cols_keep:
        return False
    pk = fold.pk[0]
    held = {(r.hint, key_text(r.values.get(pk))): r for r in keep.rows}
    parents = {r.hint for r in keep.rows}
    compared = 0
    for row in fold.rows:
        if row.hint not in parents:
            continue
        other = held.get((row.hint, key_text(row.values.get(pk))))
        if other is None or not _agree(row, other, cols_fold - {pk}):
            return False
        compared += 1
    return compared > 0


def _item_read(fold: Draft, keep: Draft) -> bool:
    """``GET /queue/item/{id}`` beside ``GET /queue`` answering ``{"items": [...]}``: a record read one at a time at
    the singular of the list's name after the list's address (the same words after both: ``/api/json``), keyed as
    the listed records and holding most of their fields, is one of them, though the list did not hold it then."""
    if fold.listed or not keep.listed or not fold.pk or fold.pk != keep.pk or len(fold.pk) != 1 or not fold.endpoints:
        return False
    lists = {(t.partition(" ")[2].rstrip("/"), p.split("[]")[0][2:]) for t in keep.endpoints if t.startswith("GET ")
             for p in keep.paths.get(keep.pk[0], ()) if p.startswith("$.") and "[]" in p}
    for template in fold.endpoints:
        method, _, path = template.partition(" ")
        segs = path.strip("/").split("/")
        at = next((i for i, s in enumerate(segs) if s.startswith("{")), 0)
        if method != "GET" or at < 2 or segs[at - 1].startswith("{") or any(s.startswith("{") for s in segs[at + 1:]):
            return False
        listed_at = "/" + "/".join(segs[:at - 1] + segs[at + 1:])
        if not any(at_ == listed_at and snake(key) == plural(snake(segs[at - 1])) for at_, key in lists):
            return False
    cols_fold = fold.data_columns()
    cols_keep = keep.data_columns()
    return len(cols_fold & cols_keep) >= max(3, COLUMN_OVERLAP * min(len(cols_fold), len(cols_keep)))


def _named_for_relation(fold: Draft, keep: Draft, pending: list[PendingArray | PendingObject]) -> bool:
    """``{"mentions": [{"_id", "rid", "msg", "mentions": [{"_id", "username"}], ...}]}``: a list whose records each
    hold a list of its own name, of other records (not a tree of one kind), names how they relate to the request (the
    messages mentioning someone), not what they are: they are records of the table holding every other field of
    theirs under the same key, four at least."""
    from inference.entities import PendingArray  # entities imports this module

    if fold.listed is False or fold.pk != keep.pk or not fold.pk:
        return False
    inner = [i for i in pending if isinstance(i, PendingArray) and i.owner is fold and i.field == fold.name]
    cols_fold = fold.data_columns()
    if not inner or any(snake(k) in cols_fold - set(fold.pk) for i in inner for o in i.items for k in o):
        return False  # no such list, or its items share the records' fields: a tree of one kind
    cols_keep = keep.data_columns()
    return len(cols_fold) >= 4 and cols_fold <= cols_keep


def _last_literal(template: str) -> str:
    segs = [s for s in template.partition(" ")[2].strip("/").split("/") if s and not s.startswith("{")]
    return segs[-1] if segs else ""


def _same_records(a: Draft, b: Draft) -> bool:
    assert a.pk is not None
    pk = a.pk[0]
    cols_a = a.data_columns()
    cols_b = b.data_columns()
    if len(cols_a & cols_b) < COLUMN_OVERLAP * min(len(cols_a), len(cols_b)) or len(cols_a & cols_b) < 3:
        return False
    if _tagged_apart(a, b):
        return False
    rows_a = {key_text(r.values.get(pk)): r for r in a.rows}
    rows_b = {key_text(r.values.get(pk)): r for r in b.rows}
    shared = rows_a.keys() & rows_b.keys() - {""}
    if len(shared) < KEY_OVERLAP * min(len(rows_a), len(rows_b)):
        return False
    common = (cols_a & cols_b) - {pk}
    agreeing = sum(1 for k in shared if _agree(rows_a[k], rows_b[k], common))
    return agreeing >= AGREEMENT * len(shared)


def _own_tag(draft: Draft) -> str | None:
    """The one type tag every record of a table gives itself (``"type": "lead"``), if any."""
    for tag in TAG_NAMES:
        values = {r.values.get(tag) for r in draft.rows}
        if len(values) == 1 and isinstance(value := next(iter(values)), str) and value:
            return value
    return None


def _tagged_apart(a: Draft, b: Draft) -> bool:
    """Records that each name their own type, one type per table (``"type": "user"`` at ``/users``, ``"type":
    "lead"`` at ``/leads``), are of two kinds, however alike their fields and keys: two tables."""
    tag_a, tag_b = _own_tag(a), _own_tag(b)
    return tag_a is not None and tag_b is not None and tag_a != tag_b


def _agree(a: Row, b: Row, columns: set[str]) -> bool:
    compared = differ = 0
    for col in columns:
        va, vb = a.values.get(col), b.values.get(col)
        if is_missing(va) or is_missing(vb) or isinstance(va, dict | list) or isinstance(vb, dict | list):
            continue
        compared += 1
        differ += key_text(va) != key_text(vb)
    return compared > 0 and differ <= 0.25 * compared


def _view_rank(draft: Draft) -> int:
    """How much a table looks like a view of another: 2 served as maps keyed by data, 1 only by
    query, search or filter routes, 0 a collection of its own. The lower ranked table is kept."""
    if draft.keyed_view:
        return 2
    return 1 if all(is_action(template.rsplit("/", 1)[-1]) for template in draft.endpoints) else 0


def _keeps(a: Draft, b: Draft) -> bool:
    """Whether ``a`` rather than ``b`` is kept when both may be the other's name: not the one served
    as maps keyed by data, else the longer name (``work_queues`` over ``queues``), else the table
    less like a view (``_view_rank``)."""
    if a.keyed_view != b.keyed_view:
        return b.keyed_view
    if a.name.endswith("_" + b.name) or b.name.endswith("_" + a.name):
        return a.name.endswith("_" + b.name)
    return _view_rank(a) < _view_rank(b)


def _foldable(fold: Draft, keep: Draft) -> bool:
    """Whether ``fold`` may be another name of ``keep``: it is served only by query, search or filter
    routes (``/db/-/query``, ``/things/search``) or as maps keyed by data, or its name is the last
    part of ``keep``'s (``queues`` of ``work_queues``). Two plain collections stay two tables however alike."""
    if fold.keyed_view:  # records served as a map keyed by another table's ids (``{flow_id: next run}``)
        return True
    if keep.name.endswith("_" + fold.name):
        return True
    if fold.name.endswith("_" + keep.name):
        return False  # the other way round: the longer name is kept
    return (all(is_action(template.rsplit("/", 1)[-1]) for template in fold.endpoints) or _contained(fold, keep)
            or all(_operation_on(template, keep.name) for template in fold.endpoints) or _named_alike(fold, keep))


def _named_alike(fold: Draft, keep: Draft) -> bool:
    """Two collections keyed by texts (no numbers: those of lookups coincide) whose records under every key both hold
    agree on their name (``"name": "general"`` of the room ``GENERAL`` read as a joined channel): one collection
    served at two addresses (the joined channels among the rooms), folded into the one holding more records."""
    if fold.pk is None or keep.pk != fold.pk or len(keep.rows) < len(fold.rows):
        return False
    pk = fold.pk[0]
    rows_keep = {key_text(r.values.get(pk)): r for r in keep.rows}
    shared = [(r, rows_keep[k]) for r in fold.rows if (k := key_text(r.values.get(pk))) in rows_keep and k]
    if not shared or any(not isinstance(r.values.get(pk), str) or r.values[pk].lstrip("-").isdigit() for r in fold.rows):
        return False
    return all(any(c != pk and c.rpartition("_")[2] in _NAMES and isinstance(v, str) and len(v) >= 3
                   and o.values.get(c) == v for c, v in r.values.items()) for r, o in shared)


#: Last words of the fields naming a record for people (``name``, ``display_name``, ``title``).
_NAMES = frozenset({"name", "title", "label"})


def _operation_on(template: str, collection: str) -> bool:
    """``POST /statuses/{id}/reblog``: an operation called on a record of ``collection``, whose answer (here
    the new status that reblogs it) may be a record of that collection; so may a read of a word after the
    record's address (``GET /tickets/{id}/details``)."""
    method, _, path = template.partition(" ")
    segments = path.strip("/").split("/")
    return (method in ("POST", "GET") and len(segments) >= 3 and snake(segments[-3]) == collection
            and segments[-2].startswith("{") and not segments[-1].startswith("{"))


def _contained(fold: Draft, keep: Draft) -> bool:
    """Every record of ``fold`` is one ``keep`` holds under the same key, and ``keep`` holds more: a route
    answering a few of another table's records (the signed-in account, the accounts that liked a post)."""
    if fold.pk is None or keep.pk != fold.pk:
        return False
    pk = fold.pk[0]
    keys_fold = {key_text(r.values.get(pk)) for r in fold.rows} - {""}
    keys_keep = {key_text(r.values.get(pk)) for r in keep.rows} - {""}
    return bool(keys_fold) and keys_fold <= keys_keep and len(keys_keep) > len(keys_fold)


def fold_into(keep: Draft, fold: Draft, pending: list[PendingArray | PendingObject]) -> None:
    """``fold``'s rows, evidence, routes and pending items become ``keep``'s (the caller drops ``fold``)."""
    _fold(keep, fold, pending)


def _fold(keep: Draft, fold: Draft, pending: list[PendingArray | PendingObject]) -> None:
    for row in fold.rows:
        keep.rows.append(row)
        if keep.raw_rows is not None:
            keep.raw_rows.append(row)
    for col, paths in fold.paths.items():
        for path in sorted(paths):
            keep.note(col, path)
    keep.endpoints |= fold.endpoints
    keep.aliases |= {fold.name, *fold.aliases}  # references may still use the other name
    keep.jsonb |= fold.jsonb
    keep.filters |= fold.filters
    keep.secret |= fold.secret
    keep.seen += fold.seen
    for item in pending:
        if item.owner is fold:
            item.owner = keep
    merge_rows(keep)


def listed_elsewhere(collector: Collector, items: list[tuple[PendingArray, dict[str, Any]]], name: str) -> str:
    """``post_stream.posts`` in a topic, with ids of their own: the ``posts`` a route lists, when their fields
    are that table's (the array's own key names it, not the object it is flattened from)."""
    name = _own_child_name(collector, items, name)
    raw = plural(singular(snake(items[0][0].path.removesuffix("[]").rsplit(".", 1)[-1])))
    target = collector.drafts.get(raw)
    if raw == name or target is None or target.kind != "entity" or not target.rows:
        return name
    fields = {snake(k) for _, obj in items for k in obj}
    return raw if len(fields & set(target.columns())) >= 0.6 * len(fields) else name


def _own_child_name(collector: Collector, items: list[tuple[PendingArray, dict[str, Any]]], name: str) -> str:
    """Items with a bare id of their own under a field that another owner's items already make a child table of (an
    order's ``line_items`` and a refund's ``line_items``), none of their ids among that table's: records of their
    own owner, ``<owner>_<field>``, not rows of the other owner's child table; ids named for what the field lists
    (``attachment_id`` in ``attachments``) alike: each owner's own attachments, keyed by that id."""
    owner, field = items[0][0].owner, items[0][0].field
    id_key = next((k for k in items[0][1] if snake(k) in ("id", "uuid", "_id", f"{singular(snake(field))}_id")), None)
    taken = collector.drafts.get(name)
    if id_key is None or taken is None or taken.kind != "child" or taken.parent in (None, owner.name) or not taken.rows:
        return name
    ids = {key_text(obj.get(id_key)) for _, obj in items} - {""}
    if not ids or taken.key_hits(ids, snake(id_key)):
        return name
    return f"{owner.singular}_{field}"


def fold_aliases(draft: Draft) -> None:
    """``study_name`` in the list's records and ``name`` in the detail's, never both in one answer and equal wherever
    one record was read both ways: the list and the detail name one field differently. The shorter name is folded into
    the qualified one (``<qualifier>_<name>``), one column."""
    if not draft.pk or len(draft.rows) == len(draft.raw_rows or []):
        return  # no record was read twice
    where = {c: {p.rpartition(".")[0] for p in paths} for c, paths in draft.paths.items()}
    columns = [c for c in draft.columns() if not c.startswith("__") and c not in draft.pk and c not in draft.dropped]
    for short in columns:
        for long in columns:
            if not long.endswith("_" + short) or long.startswith("_"):
                continue
            if where.get(short, set()) & where.get(long, set()) or not any(
                    p.rpartition(".")[2] == long for p in draft.paths.get(long, ())):
                continue  # one object holds both, or the long name joins a nested object's: two fields
            both = [r for r in draft.rows if not is_missing(r.values.get(short)) and not is_missing(r.values.get(long))]
            if both and all(r.values[short] == r.values[long] for r in both):
                for row in draft.rows:
                    value = row.values.pop(short, None)
                    if is_missing(row.values.get(long)) and value is not None:
                        row.values[long] = value
                draft.dropped.add(short)
