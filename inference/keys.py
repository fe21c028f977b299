"""Primary keys by statistics, and merging the rows that describe the same record.

A primary key is a column that is present and non-null in every row and identifies it: rows that
share its value describe the same record (a list view and a detail view agree on their common
fields). Identifier-like names are preferred: ``id``, ``<table>_id``, ``uuid``, then natural keys
(``slug``, ``code``, ``username``…).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from inference.drafts import Draft, Row, key_text
from inference.identity import NATURAL_KEYS
from inference.naming import singular
from inference.path_values import addressed_by
from inference.types import is_missing
from kernel.markers import is_marker

AGREEMENT = 0.8
#: Share of a reference's values a key must hold to be its target.
CONTAINMENT = 0.5
_ORDINAL = re.compile(r"^\d{1,3}[a-z]?_(?=[a-z])")
URL_KEYS = ("url", "href", "uri", "self", "self_url", "resource_uri", "resource_url")
#: A file's or folder's full path: unique where a name is unique only within its folder.
_PATH_KEYS = ("path", "full_path", "file_path")
#: An id spelt with its type's prefix (``tr_7UhSN1zuXS``, ``price_1Pg…``).
TYPED_ID = re.compile(r"^([a-z]{2,12}_)[A-Za-z0-9]{8,}$")
_JOINED_KEYS = frozenset(k for k in NATURAL_KEYS if k not in ("name", "email"))
_CODE_SUFFIXES = ("_code", "_key", "_slug", "_handle")
#: Ids named for the act of referring, not for an entity referred to: the record's own handle (an ingredient's
#: ``reference_id``, by which its recipe's steps point at it), never a reference to a table of ``references``.
_SELF_REFERENCES = ("reference_id", "ref_id")
#: A device's serial number: its maker's identifier, unique among devices.
_SERIALS = ("serial", "serial_number", "serial_no")
#: Names a record is shown under: its key when no id names it, and only when they tell every record apart.
_NAME_KEYS = ("name", "email", "mail", "display_name")


def pk_candidates(draft: Draft) -> list[str]:
    own = f"{draft.singular}_id"
    ranked: list[tuple[int, int, int, str]] = []
    for pos, column in enumerate(draft.columns()):
        if column.startswith("__") or column in draft.jsonb:
            continue
        col = _ORDINAL.sub("", column)  # a numbered label (``01. symbol``) is named by its word
        if col in ("id", own) or col == f"{draft.singular}_uuid" or column in draft.header_keys:
            rank = 0
        elif col.endswith("_id") and draft.singular.startswith(col[:-3] + "_") and draft.kind == "entity":
            rank = 0  # study_summaries keyed by study_id: the table names a view of that entity
        elif draft.parent and col.endswith("_id") and draft.singular == f"{singular(draft.parent)}_{col[:-3]}":
            rank = 0  # a contact's ``attachments`` keyed by ``attachment_id``: the items' id named for what they are
        elif glued_own_id(draft.singular, col) or split_own_id(draft.singular, col):
            rank = 0  # ``grpid`` of measure groups, ``sid`` of subscriptions: its own id, a word glued to ``id``
        elif col in ("uuid", "guid", "_id", "uid", "oid", f"{draft.singular}_key", f"{draft.singular}_code") \
                or col in draft.id_names or col in _SELF_REFERENCES or col == f"{draft.singular.rpartition('_')[2]}_url":
            rank = 1
        elif draft.kind == "entity" and _hardware_key(draft, column):
            rank = 1  # a device's hardware (MAC) address: unique by construction, whatever the field's name
        elif draft.id_keys_only:
            continue
        elif col in NATURAL_KEYS and col not in ("name", "email") or col.replace("_", "") in _JOINED_KEYS \
                or col == "short_name" or col in _SERIALS:  # a short name is a record's handle, a serial a device's
            rank = 2  # ``user_name`` (from ``UserName``) is a username
        elif col in _NAME_KEYS:
            rank = 4  # a record known by the name it is shown under (a node's ``displayName``) when no id names it
        elif col in URL_KEYS or col in _PATH_KEYS:
            rank = 3  # a hyperlinked API's own address of the record (``"url": ".../people/1/"``)
        elif col.endswith(_CODE_SUFFIXES) and draft.kind == "entity":
            rank = 5  # a code of a standard scheme (``icao_code``, ``isbn_key``) when nothing better identifies
        elif col.endswith("_id") and draft.kind != "entity":
            continue
        else:
            continue
        # beside ``id``, a ``<singular>_id`` is the record's id in another system: ``id`` is tried first
        ranked.append((rank, int(col != "id"), pos, column))
    if not ranked and draft.lone_id is not None and not draft.id_keys_only:
        ranked.append((6, 1, 0, draft.lone_id))  # ``dev_id`` of a device: the one id field, naming no table
    return [c for *_, c in sorted(ranked)]


_WORD = re.compile(r"^[a-z]{2,8}$")
#: An opaque id: letters with digits (``R7x2``), or a long run of word characters (``ACaaaa…``), one word.
_TOKEN = re.compile(r"^(?=.*[A-Za-z])((?=.*\d)[\w.-]+|[\w.-]{16,})$")


def reference_names(drafts: Iterable[Draft]) -> frozenset[str]:
    """Names that a family of reference columns ends in: ``<entity>_<name>`` under two entities or more
    (``order_ref``, ``item_ref``) holding id-like tokens (letters with digits or 16 word characters, one word), beside a ``<name>``
    column of some table. Such a name is an id name: a table's ``<name>`` is ranked as a key like ``uuid``."""
    drafts = list(drafts)
    columns = {c for d in drafts for c in d.columns()}
    prefixes: dict[str, set[str]] = defaultdict(set)
    for draft in drafts:
        for column in draft.columns():
            prefix, _, name = column.rpartition("_")
            if not prefix or prefix.startswith("_") or name == "id" or not _WORD.match(name) or name not in columns:
                continue
            if prefix not in prefixes[name] and _tokens(draft, column):
                prefixes[name].add(prefix)
    return frozenset(name for name, seen in prefixes.items() if len(seen) >= 2) | _own_codes(drafts)


#: A code: a short word of capitals and digits (``OUTPUT2``, ``NZD``), as reference data is keyed by.
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,15}$")


def own_code(draft: Draft, column: str) -> bool:
    """``column`` is a code its table names by its first word and others reference (see ``_own_codes``): references
    to the table are spelt as it is (``tax_type``), not after the table (``tax_rate_tax_type``)."""
    return column in draft.id_names and column.partition("_")[0] == draft.singular.partition("_")[0]


def _own_codes(drafts: list[Draft]) -> frozenset[str]:
    """Codes a table names by its first word (``tax_type`` of ``tax_rates``: every row holds one, each unique), which
    another table's columns are named after (``tax_type``, ``payable_tax_type`` after a role): the key the API's
    records reference it by, so it keys the table rather than a ``name``."""
    found: set[str] = set()
    for draft in drafts:
        first = draft.singular.partition("_")[0]
        for column in draft.columns():
            head, _, last = column.partition("_")
            if head != first or not last or last in ("id", "ids", "name") or len(draft.rows) < 2:
                continue
            held = [row.values.get(column) for row in draft.rows]
            if not all(isinstance(v, str) and _CODE.match(v) for v in held) or len(set(held)) < len(held):
                continue
            others = {c for d in drafts if d is not draft for c in d.columns()}
            if column in others or any(c.endswith("_" + column) for c in others):
                found.add(column)
    return frozenset(found)


def _tokens(draft: Draft, column: str) -> bool:
    """Some value, and every unredacted value an id-like token (``R7x2``, not ``Ann``, ``2024-01-02`` nor a link)."""
    seen = False
    for row in draft.rows:
        value = row.values.get(column)
        if is_missing(value) or is_marker(value):
            continue
        if not isinstance(value, str) or _TOKEN.match(value) is None:
            return False
        seen = True
    return seen


def identifies(draft: Draft, column: str, strict: bool = False, id_like: bool = False) -> bool:
    """Present and non-null everywhere, and rows sharing a value agree on their other fields.

    One value shared by every row identifies only an ``id_like`` column (one record seen through
    a list and a detail view); any other column must also tell rows apart."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in draft.rows:
        value = row.values.get(column)
        if is_missing(value) or isinstance(value, dict | list | bool | float) or value == "":
            return False
        groups[key_text(value)].append(row)
    if not groups:
        return False
    shared = [g for g in groups.values() if len(g) > 1]
    if not shared:
        return True
    if strict:  # a name shared by two records is none's key; one record read twice, whole, still has one
        return all(_copies(g) for g in shared)
    agreeing = sum(1 for g in shared if _agree(g))
    if id_like and len(groups) >= 10 and len(shared) - agreeing <= 0.05 * len(groups):
        return True  # an id telling nearly all its records apart; a stray read disagrees (another moment, a stale copy)
    return agreeing / len(shared) >= AGREEMENT and (len(groups) > 1 or id_like and agreeing == len(shared))


def _copies(rows: list[Row]) -> bool:
    """Rows that are one record read again, field for field."""
    first = {k: v for k, v in rows[0].values.items() if not k.startswith("__")}
    return all({k: v for k, v in r.values.items() if not k.startswith("__")} == first for r in rows[1:])


def _agree(rows: list[Row]) -> bool:
    """Rows that share a key value describe one record; a write's answer may have changed it."""
    read = [r for r in rows if not r.values.get("__write__")]
    if len(read) < 2:
        return True
    rows = read
    first = rows[0].values
    mismatches = total = 0
    for row in rows[1:]:
        for col, value in row.values.items():
            if col.startswith("__") or col not in first:
                continue
            total += 1
            mismatches += first[col] != value
    return total == 0 or mismatches / total <= 0.25


def glued_own_id(singular: str, column: str) -> bool:
    """``<word>id`` in lower case, one word, whose word (three letters at least) ends the table's singular name:
    ``orderid`` of ``orders``, ``grpid`` of ``measuregrps`` (an abbreviated last word of it), or begins its last word
    (``shipid`` of ``shipments``, ``invid`` of ``account_invoices``); or whose one letter is the name's initial
    (``sid`` of ``subscriptions``, ``pid`` of ``programs``)."""
    word = column[:-2] if column.endswith("id") and column.isalnum() and column.islower() else ""
    name, last = singular.replace("_", ""), singular.rpartition("_")[2]
    return word.isalpha() and (len(word) >= 3 and (name.endswith(word) or last.startswith(word))
                               or len(word) == 1 and name[:1] == word)


def split_own_id(singular: str, column: str) -> bool:
    """``<words>_id`` whose words, run together, spell the table's singular name as the path spells it in one word:
    ``installed_app_id`` of ``installedapps`` (an ``installedAppId`` read at ``/installedapps``), its own id."""
    words = column[:-3] if column.endswith("_id") else ""
    return "_" in words and "_" not in singular and words.replace("_", "") == singular


def choose_pk(draft: Draft) -> list[str] | None:
    if draft.named_keys and (named := named_key(draft)) is not None:
        return named
    own: tuple[str, ...] = (f"{draft.singular}_id", f"{draft.singular}_uuid", "id", "uuid", "guid", "_id")
    for rank_col in pk_candidates(draft):
        if glued_own_id(draft.singular, rank_col) or split_own_id(draft.singular, rank_col):
            own = (*own, rank_col)
        if rank_col in URL_KEYS and (addressed := _addressed_field(draft)) is not None:
            return addressed  # the field the record's own address names it by, before a link to that address
        strict = rank_col in _NAME_KEYS
        # a record's own link identifies it as an id does, even when one record is all that was seen
        if identifies(draft, rank_col, strict=strict, id_like=rank_col in own or rank_col in URL_KEYS
                      or rank_col in draft.id_names):
            return [rank_col]
        if rank_col in own and (_typed_ids(draft, rank_col) or _addressed_ids(draft, rank_col)
                                or _hardware_ids(draft, rank_col)):
            return [rank_col]
        if rank_col not in own and _hardware_key(draft, rank_col):
            return [rank_col]  # hardware addresses telling nearly all records apart: re-reads of one may disagree
        if rank_col in draft.header_keys and _everywhere(draft, rank_col):
            return [rank_col]  # the id a record's own header declares, though reads at other moments differ
        if strict and addressed_by(draft, rank_col) and identifies(draft, rank_col):
            return [rank_col]  # a name the API's paths address its records by: reads at other moments may differ
    return _addressed_field(draft)


def _addressed_field(draft: Draft) -> list[str] | None:
    """A record without an id read at its own address, one of whose fields holds the path's last value (``version``
    of the release read at ``/releases/wat-release``): that field keys the table when it tells every row apart, as
    the address does (the first such field in the records' order)."""
    addressed = [r for r in draft.rows if "__path_key__" in r.values]
    if not addressed or draft.id_keys_only:
        return None
    for col in draft.columns():
        if col.startswith("__") or col in draft.jsonb:
            continue
        if all(key_text(r.values.get(col)) == r.values["__path_key__"] for r in addressed) and identifies(draft, col):
            return [col]
    return None


def _everywhere(draft: Draft, column: str) -> bool:
    return all(not is_missing(v := r.values.get(column)) and not isinstance(v, dict | list | bool) and v != ""
               for r in draft.rows)


def _addressed_ids(draft: Draft, column: str) -> bool:
    """Ids that never repeat within one route's answers, one record read at its own address (``GET /bins/{id}``
    answering the bin of that id), identify their records though a list and the detail disagree on its fields: the
    detail addressed the record by that id, so the two reads are one record at two moments. Reads sharing an id
    must still agree on some other field (what did not change): a record differing in every field is not recognised,
    unless the id is named for the table's own kind (``location_id`` of locations, read at ``/locations/{id}``)."""
    seen: set[tuple[str, str]] = set()
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in draft.rows:
        value = row.values.get(column)
        if is_missing(value) or isinstance(value, dict | list | bool | float) or value == "":
            return False
        if (row.endpoint, key_text(value)) in seen:
            return False
        seen.add((row.endpoint, key_text(value)))
        groups[key_text(value)].append(row)
    return any(row.values.get("__addressed__") for row in draft.rows) and (column == f"{draft.singular}_id" or all(
        _share_a_field(rows, column) for rows in groups.values() if len(rows) > 1))


def _share_a_field(rows: list[Row], column: str) -> bool:
    first = rows[0].values
    return any(not col.startswith("__") and col != column and not is_missing(value)
               and all(r.values.get(col) == value for r in rows[1:]) for col, value in first.items())


def _typed_ids(draft: Draft, column: str) -> bool:
    """Ids that all spell one type prefix (``tr_…``) and never repeat within one route's answers
    identify their records even when reads at other moments and routes disagree on the fields (a
    payment listed before it was updated)."""
    seen: set[tuple[str, str]] = set()
    prefixes: set[str] = set()
    for row in draft.rows:
        value = row.values.get(column)
        if not isinstance(value, str):
            return False
        match = TYPED_ID.match(value)
        if match is None or (row.endpoint, value) in seen:
            return False
        prefixes.add(match.group(1))
        seen.add((row.endpoint, value))
    return len(prefixes) == 1


#: A hardware (MAC) address, ``12:34:56:ab:cd:ef`` or ``12-34-56-AB-CD-EF``.
_HARDWARE_ADDRESS = re.compile(r"^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$", re.I)


def _hardware_ids(draft: Draft, column: str) -> bool:
    """Ids that are all hardware (MAC) addresses, unique by construction, identify their devices wherever they are
    read: a device listed under two others (a module seen by two stations) is one device read twice, though the
    two reads disagree on its readings."""
    return bool(draft.rows) and all(isinstance(v := r.values.get(column), str) and _HARDWARE_ADDRESS.match(v)
                                    for r in draft.rows)


def _hardware_key(draft: Draft, column: str) -> bool:
    """A field of any name holding a hardware (MAC) address in every record, three quarters of the records at
    least holding one of their own (three or more): the devices' key, a record read twice (at two moments, by two
    services) naming its device by it; a field naming few devices (the one a record hangs off) is no key."""
    if not _hardware_ids(draft, column):  # first: it stops at the first value that is no address
        return False
    held = {key_text(r.values.get(column)) for r in draft.rows}
    return len(held) >= 3 and 4 * len(held) >= 3 * len(draft.rows)


def composite_unique(draft: Draft, columns: list[str]) -> bool:
    seen: set[tuple[str, ...]] = set()
    for row in draft.rows:
        key = tuple(key_text(row.values.get(c)) for c in columns)
        if "" in key or key in seen:
            return False
        seen.add(key)
    return bool(seen)


def fill_row(draft: Draft, target: Row, row: Row) -> None:
    """Fill ``target`` with the fields another read of the same record (``row``) holds and it lacks; a read that held
    a field null stays a null read (``draft.filled_nulls``), while a field a read lacks is filled: the record has it."""
    for col, value in row.values.items():
        if col.startswith("__"):
            continue
        if (target.values.get(col, value) is None or col not in target.values and target.values.get("__write__")) \
                and value is not None:  # a write's answer lacking a field a read holds: the record lacked it then
            draft.filled_nulls[col] = draft.filled_nulls.get(col, 0) + 1
        if is_missing(target.values.get(col)) and not is_missing(value) or col not in target.values:
            target.values[col] = value
    if row.values.get("__write__"):
        for col in [c for c, v in target.values.items() if c not in row.values and v is not None and c[:2] != "__"]:
            draft.filled_nulls[col] = draft.filled_nulls.get(col, 0) + 1


def merge_rows(draft: Draft) -> None:
    """Fold rows that share the primary key into one, keeping every field seen."""
    draft.had_rows_before_merge = max(draft.had_rows_before_merge, len(draft.rows))
    if draft.raw_rows is None:
        draft.raw_rows = list(draft.rows)
    if not draft.pk or len(draft.pk) != 1:
        return
    column = draft.pk[0]
    merged: dict[str, Row] = {}
    order: list[Row] = []
    for row in draft.rows:
        key = key_text(row.values.get(column))
        target = merged.get(key)
        if target is None:
            merged[key] = row
            order.append(row)
            continue
        fill_row(draft, target, row)
        if target.hint is None:
            target.hint = row.hint
    draft.rows = order


def dedupe_rows(draft: Draft) -> None:
    """Drop exact repeats (the same child rows reached through a list and a detail view)."""
    seen: set[str] = set()
    kept: list[Row] = []
    for row in draft.rows:
        key = repr(sorted((k, repr(v)) for k, v in row.values.items()))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    draft.rows = kept


def named_key(draft: Draft) -> list[str] | None:
    """The key of a table whose reads named key attributes in the request (a read by ``Key``, a query on a partition
    key ``ForumName = :f``): those attributes when they tell its distinct records apart; one attribute alone, it and
    the first other column, in the records' order, that with it does (the sort key a query on the partition key
    leaves unnamed)."""
    named = [c for c in draft.columns() if c in draft.named_keys]
    if not named or not draft.rows:
        return None
    if len(named) > 1 or _tells_apart(draft, named):
        return named if _tells_apart(draft, named) else None
    return next(([named[0], c] for c in draft.columns() if c != named[0] and _tells_apart(draft, [named[0], c])), None)


def _tells_apart(draft: Draft, columns: list[str]) -> bool:
    """No two different records share the values of ``columns`` (the same record read twice shares them), every
    record holds them."""
    seen: dict[tuple[str, ...], str] = {}
    for row in draft.rows:
        key = tuple(key_text(row.values.get(c)) for c in columns)
        body = repr(sorted((k, repr(v)) for k, v in row.values.items() if not k.startswith("__")))
        if "" in key or seen.setdefault(key, body) != body:
            return False
    return bool(seen)


def reference_composite_key(draft: Draft) -> None:
    """A record with no key of its own that names two entities (``inventory_levels`` of an item at
    a location) is identified by that pair when no two records share it; one that names one entity, a different
    record of it in each of three records at least (the stock of each product), by that reference."""
    if draft.kind != "entity" or draft.pk is not None or not draft.rows:
        return
    refs = [fk.columns[0] for fk in draft.fks if len(fk.columns) == 1]
    if len(refs) not in (1, 2):
        return
    read = [r for r in draft.rows if not r.values.get("__write__")]  # a write may repeat a pair it updated
    if len(refs) == 1 and len(read) < 3:
        return
    if all(not is_missing(r.values.get(c)) for r in draft.rows for c in refs) and unique_pairs(read, refs):
        # a table named after one record it references (a transaction's receipts) is keyed by that reference alone
        named = [c for fk in draft.fks if len(fk.columns) == 1 and (c := fk.columns[0]) in refs
                 and (t := singular(fk.ref_table)) and draft.singular.startswith(t + "_") and c == f"{t}_{fk.ref_columns[0]}"]
        draft.pk = named if len(refs) == 2 and len(named) == 1 and unique_pairs(read, named) else refs


def unique_pairs(rows: list[Row], columns: list[str]) -> bool:
    pairs = [tuple(key_text(r.values.get(c)) for c in columns) for r in rows]
    return bool(pairs) and len(set(pairs)) == len(pairs)


def _cells(rows: list[Row]) -> int:
    """How many values ``rows`` hold, in a plain loop (compiled, it reads each row's values directly)."""
    cells = 0
    for row in rows:
        cells += len(row.values)
    return cells


def pk_of(draft: Draft) -> str | None:
    if draft.pk is None and draft.rows:
        # A draft without a key is asked again for every column that might refer to it: its
        # rows are judged again only when they changed since the last judgement.
        state = (id(draft.rows), len(draft.rows), len(draft.order), len(draft.dropped), len(draft.jsonb),
                 draft.kind, _cells(draft.rows))
        if draft.keyless_state == state:
            return None
        draft.pk = choose_pk(draft)
        merge_rows(draft)
        draft.keyless_state = state if draft.pk is None else None
    return draft.pk[0] if draft.pk and len(draft.pk) == 1 else None


def parent_column(draft: Draft, drafts: dict[str, Draft] | None = None) -> str | None:
    """The column a child or an association names its parent by: ``<singular>_<key>``, or the key itself when it is
    named for the table already. A child of a top table keyed by a key of its own other than a bare ``id`` is named
    without that table's name (an order's ``line_items`` keyed by ``uid``: ``line_item_uid``; a setup's ``devices``
    keyed by ``device_url``: ``device_device_url``); one keyed by ``id``, or a child of a child, keeps the whole name
    (``refund_line_item_id``)."""
    pk = pk_of(draft)
    if pk is None:
        return None
    if pk.startswith(draft.singular + "_") or pk.endswith("_id") and draft.singular.startswith(pk[:-3] + "_") \
            or own_code(draft, pk) or pk.isalpha() and pk == draft.singular.rpartition("_")[2] + "id":
        return pk  # study_summaries keyed by study_id: children carry study_id; tax_type of tax rates; pageid
    own, parent = draft.singular, drafts.get(draft.parent) if drafts is not None and draft.parent else None
    if draft.kind == "child" and pk != "id" and parent is not None and parent.kind != "child" \
            and own.startswith(parent.singular + "_"):
        own = own[len(parent.singular) + 1:]
    return f"{own}_{pk}"
