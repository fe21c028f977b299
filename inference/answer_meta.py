"""Metadata an answer carries beside a record, which is no column of its entity.

Search engines and document stores answer a record together with facts about the answer itself:

* a write's acknowledgement: the operation's outcome (``"result": "created"``) and counters of the copies that
  took it (``"_shards": {"total": 2, "successful": 2, "failed": 0}``), fields only write answers carry;
* a search hit's relevance (``"_score": 1.38``), a number only the search answer gives a record that its own
  address serves without it;
* a lookup's status flag (``"found": true``) in every answer of a read by key;
* counts of related rows computed on request (``"count": {"posts": 8}``, ``"_count": {"comments": 2}``): an object
  named as a count whose members are integers named after plural nouns, the rows of another table counted;
* a write's answer that is only a receipt (``{"ok": true, "id": "d1", "rev": "1-a"}``): no record at all, dropped
  as the answer is read (:func:`acknowledges`).

Run on the collected rows, before keys are chosen: the rows still say which route and method answered them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from inference.drafts import Draft, Row, key_text
from inference.endpoints import WRITE_METHODS
from inference.identity import ID_KEYS
from inference.naming import is_plural, snake
from inference.records import is_generic

#: Outcomes of a write, as acknowledgements spell them (``created``, ``noop``, ``not_found``).
_OUTCOMES = frozenset({"created", "updated", "deleted", "noop", "not_found", "removed", "replaced", "upserted",
                       "unchanged"})
#: Route segments of a search (``/_search``, ``/things/search``, ``/query``, ``/find``).
_SEARCH = re.compile(r"^_?(search|query|find|filter)", re.I)
#: Names of a lookup's status flag.
_LOOKUP_FLAGS = frozenset({"found", "exists"})
_ID_COLUMNS = ("id", "uuid", "guid", "key")


def drop_answer_metadata(draft: Draft) -> None:
    """Mark the columns of ``draft`` that are facts about an answer, not about its record, as dropped."""
    _drop_related_counts(draft)
    rows = draft.rows
    if len(rows) < 2:
        return
    writes = [r for r in rows if r.values.get("__write__")]
    reads = [r for r in rows if not r.values.get("__write__")]
    if writes and reads:
        _drop_acknowledgements(draft, writes, reads)
    if reads:
        _drop_hit_scores(draft, reads)
        _drop_lookup_flags(draft, reads)
    _drop_nested_page_counters(draft)


#: Names of an object of counts of related rows.
_COUNT_OBJECTS = frozenset({"count", "_count", "counts", "_counts"})


def _drop_related_counts(draft: Draft) -> None:
    """Columns flattened from an object named as a count (``count.posts``, ``_count.comments``) whose every value is
    an integer, each under a plural noun: counts of related rows computed on request, no field of the record."""
    for column, paths in draft.paths.items():
        if column in draft.dropped or not paths or not all(_related_count(p) for p in paths):
            continue
        values = [v for v in draft.values(column) if v is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            draft.dropped.add(column)


def _related_count(path: str) -> bool:
    parent, _, leaf = path.rpartition(".")
    return parent.rpartition(".")[2].lower() in _COUNT_OBJECTS and is_plural(snake(leaf)) and leaf.isidentifier()


#: Counters of a page of a list (``{"total_count", "entries", "offset", "limit"}``).
_PAGE_COUNTERS = frozenset({"total_count", "total", "offset", "limit", "page", "per_page", "page_size", "count"})


def _drop_nested_page_counters(draft: Draft) -> None:
    """A record's nested page of a list (a folder's ``item_collection: {total_count, entries, offset, limit}``): its
    counters say how the page was cut, metadata as an envelope's (the listed records go their own way)."""
    under: dict[str, list[str]] = defaultdict(list)
    for paths in draft.paths.values():
        for path in paths:
            parent, _, leaf = path.rpartition(".")
            if parent.count(".") >= 1:
                under[parent].append(leaf)
    for parent, leaves in under.items():
        names = {snake(leaf) for leaf in leaves}
        if len(leaves) >= 2 and ({"offset", "limit"} <= names and names <= _PAGE_COUNTERS or _counted_and_done(names)):
            draft.dropped.update(c for c, paths in draft.paths.items() if any(p.rpartition(".")[0] == parent for p in paths))


#: A page's flag saying whether it is the last (``{"totalSize": 3, "done": true, "records": [...]}``).
_PAGE_FLAGS = frozenset({"done", "has_more", "has_next", "is_last", "last_page"})


def _counted_and_done(names: set[str]) -> bool:
    """A nested page's total and its is-it-the-last flag, nothing else beside its list: how the page was cut."""
    return names <= _PAGE_COUNTERS | _PAGE_FLAGS | {"total_size"} and bool(names & _PAGE_FLAGS) and bool(
        names & {"total_size", "total_count", "total", "count"})


def _held(rows: list[Row], column: str) -> bool:
    return any(r.values.get(column) is not None for r in rows)


def _drop_acknowledgements(draft: Draft, writes: list[Row], reads: list[Row]) -> None:
    """Fields only write answers carry: an outcome word, or an object of counters about the write."""
    only_written = [c for c in draft.columns() if _held(writes, c) and not any(c in r.values for r in reads)]
    groups: dict[str, list[str]] = defaultdict(list)
    for column in only_written:
        values = [r.values[column] for r in writes if r.values.get(column) is not None]
        if all(isinstance(v, str) and v.lower() in _OUTCOMES for v in values):
            draft.dropped.add(column)
            continue
        paths = draft.paths.get(column, set())
        parents = {p.rpartition(".")[0] for p in paths}
        if len(parents) == 1 and all(type(v) is int for v in values):
            groups[next(iter(parents))].append(column)
    for parent, columns in groups.items():
        # every field of that object is a counter only writes carry (``_shards.total``, ``.successful``, ``.failed``)
        under = [c for c, paths in draft.paths.items() if any(p.rpartition(".")[0] == parent for p in paths)]
        if parent.count(".") >= 1 and len(columns) >= 2 and set(under) == set(columns):
            draft.dropped.update(columns)


def _id_column(draft: Draft) -> str | None:
    return next((c for c in _ID_COLUMNS if c in draft.paths), None)


@lru_cache(maxsize=1 << 12)
def _search_route(template: str) -> bool:
    return any(_SEARCH.match(seg) for seg in template.partition(" ")[2].strip("/").split("/"))


def _drop_hit_scores(draft: Draft, reads: list[Row]) -> None:
    """A number only a search route's answer gives records that are read without it elsewhere."""
    key = _id_column(draft)
    if key is None or not any(_search_route(e) for e in {r.endpoint for r in reads}):
        return
    found = [r for r in reads if _search_route(r.endpoint)]
    elsewhere = [r for r in reads if not _search_route(r.endpoint)]
    if not found or not elsewhere:
        return
    keys_elsewhere = {key_text(r.values.get(key)) for r in elsewhere if r.values.get(key) is not None}
    for column in draft.columns():
        if column == key or any(column in r.values for r in elsewhere):
            continue
        values = [r.values[column] for r in found if r.values.get(column) is not None]
        if not values or not all(type(v) in (int, float) for v in values):
            continue
        if any(key_text(r.values.get(key)) in keys_elsewhere for r in found if column in r.values):
            draft.dropped.add(column)


def _drop_lookup_flags(draft: Draft, reads: list[Row]) -> None:
    """``found: true`` in every answer of a read by key, and in no listing of the same records."""
    for column in draft.columns():
        if column not in _LOOKUP_FLAGS:
            continue
        holding = [r for r in reads if column in r.values]
        values: list[Any] = [r.values[column] for r in holding]
        by_key = all(r.endpoint.endswith("}") for r in holding)
        if values and all(v is True for v in values) and by_key and len(holding) < len(reads):
            draft.dropped.add(column)


#: Flags a write's answer reports its outcome by (``{"ok": true}``, ``{"success": true, "errors": []}``).
_OUTCOME_FLAGS = frozenset({"ok", "success", "succeeded", "acknowledged", "created", "updated", "deleted"})
#: What a receipt may name beside the outcome: the written record's id and revision.
_RECEIPT_KEYS = frozenset({*ID_KEYS, "rev", "_rev", "revision", "version", "etag"})


_ID_ONLY = frozenset(ID_KEYS)


def acknowledges(method: str, answers: list[list[dict[str, Any]]]) -> bool:
    """Whether the records an answer to a write hold only acknowledge it, and so are no data: a delete's answer that
    only confirms it (``{"id": "rec1", "deleted": true}``, a type tag beside), or any write's receipt (see
    :func:`_receipt`)."""
    if method == "DELETE" and all(map(_deletion, answers)):
        return True
    if method == "POST" and answers and all(len(a) == 1 and a[0].keys() <= _ID_ONLY for a in answers):
        return True  # a creation answered by the new record's key alone (``{"id": "u7"}``)
    return (method in WRITE_METHODS or method == "DELETE") and all(map(_receipt, answers))


def _deletion(records: list[dict[str, Any]]) -> bool:
    return all(len(r) <= 3 and any(isinstance(v, bool) for v in r.values())
               and all(isinstance(v, bool) or k in ID_KEYS or k in ("object", "type", "kind") for k, v in r.items())
               for r in records)


def _receipt(records: list[dict[str, Any]]) -> bool:
    """A write's answer that only reports its outcome: a true/false outcome flag (``ok``, ``success``) beside at most
    the written record's id and revision and an empty list of errors (``{"ok": true, "id": "d1", "rev": "1-a"}``,
    ``{"id": "r1", "success": true, "errors": []}``)."""
    return bool(records) and all(
        any(k in _OUTCOME_FLAGS and isinstance(v, bool) for k, v in r.items())
        and all(k in _OUTCOME_FLAGS and isinstance(v, bool) or k in _RECEIPT_KEYS and isinstance(v, str | int)
                or k == "errors" and v == [] for k, v in r.items())
        for r in records)


#: Names of how many records a query matched (``{"count": 30551}``).
_MATCH_COUNTS = frozenset({"count", "total", "total_count", "num_found"})


def query_summary(answer: Any) -> bool:
    """``{"count": 30551}``, ``{"objectIdFieldName": "OBJECTID", "objectIds": [70193, ...]}``: an answer that only
    says how many records a query matched, or lists their ids beside the name of the field they are or under a name
    of no table (``ids``, ``object_ids``, ``item_ids``), describes records read elsewhere (a query's count-only or
    ids-only form), no record of its own. Ids named after a table (``follower_ids``) may be a relation's and stay."""
    if not isinstance(answer, dict) or not answer:
        return False
    counted = listed = named = False
    for key, value in answer.items():
        name = snake(key) if isinstance(key, str) else ""
        if name in _MATCH_COUNTS and type(value) is int:
            counted = True
        elif (name == "ids" or name.endswith("_ids")) and isinstance(value, list) \
                and all(type(v) in (int, str) for v in value):
            listed = True
            named = named or name == "ids" or is_generic(name[:-4])  # ``object_ids``: of records, whichever table's
        elif name.endswith("_field_name") and isinstance(value, str):
            named = True
        else:
            return False
    return counted and not listed and not named or listed and named
