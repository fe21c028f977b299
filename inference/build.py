"""Turn resolved draft tables into the :class:`kernel.schema.Schema` document, with evidence."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from inference.drafts import Draft, Row, key_text
from inference.empty_lists import type_empty_lists
from inference.naming import clip
from inference.number_shapes import numbers_of_one_shape
from inference.projection import ASKED
from inference.types import SENTINELS, column_type, distinct_values, enum_values, is_missing
from kernel.body_redactor import BodyRedactor
from kernel.markers import is_marker, unkeyed_value
from kernel.schema import MAX_IDENTIFIER_BYTES, Column, Evidence, ForeignKey, Schema, Table

#: The same names ``sql.limits`` refuses (inference does not import sql/).
SYSTEM_COLUMNS = frozenset({"tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"})
OWN_TABLES = frozenset({"wiretable_migrations"})
MAX_COLUMNS = 1600


class _OutputRedactor(BodyRedactor):
    """Redaction of values on their way into the schema; values redacted at the source (a
    capture, a JSONL file) are left as they are."""

    def redact(self, value: Any, force: int = False) -> Any:
        if type(value) is str and is_marker(value):
            return value
        return super().redact(value, force)


_KIND_CONFIDENCE = {"entity": 0.9, "embedded": 0.75, "child": 0.8, "association": 0.8, "join": 0.85}


def build_schema(drafts: list[Draft], name: str) -> Schema:
    # Every value written into the schema passes through it: secrets never leave inference.
    redactor = _OutputRedactor()
    tables = [_table(d, redactor) for d in drafts if (d.rows or d.declared) and d.columns()]
    names = {t.name for t in tables}
    for table in tables:
        table.foreign_keys = [fk for fk in table.foreign_keys if fk.ref_table in names]
    _type_unseen_references(tables)
    _typed_by_namesakes(tables)
    numbers_of_one_shape(tables)
    return Schema(name=name, tables=_pushable_names(tables))


def _typed_by_namesakes(tables: list[Table]) -> None:
    """A column null in every record (typed by its name only, ``text``) whose namesakes in the other tables hold
    values of one type other than text (``data`` a ``jsonb`` document in users, never filled in messages) has that
    type: an API spells one kind of field by one name across its resources."""
    filled: dict[str, set[str]] = {}
    for table in tables:
        for column in table.columns:
            if column.evidence is not None and column.evidence.distinct:
                filled.setdefault(column.name, set()).add(column.type)
    for table in tables:
        own = {c.name: c.type for c in table.columns if c.evidence is not None and c.evidence.distinct}
        for column in table.columns:
            kinds = filled.get(column.name, set())
            if column.type != "text" or column.evidence is None or column.evidence.distinct:
                continue
            if len(kinds) == 1 and (kind := next(iter(kinds))) != "text":
                column.type = kind
            elif (variant := _VARIANT.match(column.name)) and own.get(variant[1], "text") not in ("text", "boolean"):
                column.type = own[variant[1]]  # ``service_id4k`` beside ``service_id``: the same field, another variant
            elif (measure := _unit_sibling(column.name, own)) is not None:
                column.type = measure  # ``quota_size_in_bytes`` beside ``quota_usage_in_bytes``: one measure, one type


def _unit_sibling(name: str, own: dict[str, str]) -> str | None:
    """The one type other than text and boolean of the filled columns of a table whose names end in the same two
    words of three or more (``size_in_bytes`` and ``usage_in_bytes``), or None."""
    words = name.split("_")
    tail = "_" + "_".join(words[-2:])
    kinds = {kind for other, kind in own.items() if other != name and other.endswith(tail)} if len(words) >= 3 else set()
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    return kind if kind not in (None, "text", "boolean") else None


#: A field's variant, its name followed by a tag of digits (and a letter): ``service_id4k``, ``address2``, ``price_2``.
_VARIANT = re.compile(r"^(.+?)_?\d+[a-z]?$")


def _type_unseen_references(tables: list[Table]) -> None:
    """A reference column that never held a value (``parent_run_id`` always null) has the type of
    the key it references, or else of the keys of the schema when they all have one type. A
    reference whose values do not have the key's type (``""`` among timestamps) is left out."""
    by_name = {t.name: t for t in tables}
    # the types of the tables' id keys (``id``, ``*_id``); natural keys (a link, a name) say nothing of ids
    key_types = {c.type for t in tables if t.primary_key and len(t.primary_key) == 1
                 for c in t.columns if c.name == t.primary_key[0] and (c.name == "id" or c.name.endswith("_id"))}
    for table in tables:
        refs = {fk.columns[0]: fk for fk in table.foreign_keys if len(fk.columns) == 1}
        empty = {c.name for c in table.columns if c.evidence is not None and not c.evidence.distinct}
        unseen = {c for c in empty if c not in refs or by_name.get(refs[c].ref_table) is None}
        unseen = {c.name for c in table.columns if c.type == "text" and c.name in unseen} | (empty - unseen)
        for column in table.columns:
            fk = refs.get(column.name)
            target = by_name.get(fk.ref_table) if fk is not None else None
            ref = next((c.type for c in target.columns if c.name == fk.ref_columns[0]), None) if fk and target else None
            if column.name in unseen and ref is not None:  # a name says what it references, siblings only guess
                column.type = ref
            elif column.name in unseen and fk is None and column.name.endswith("_id") and len(key_types) == 1:
                column.type = next(iter(key_types))
            elif fk is not None and ref == "text" and column.type == "uuid":
                column.type = ref  # UUIDs among a table's keys of text: text, as the key they reference
            elif fk is not None and ref is not None and ref != column.type:
                table.foreign_keys.remove(fk)  # Postgres refuses a key of another type


def _safe(name: str, used: set[str], reserved: frozenset[str]) -> str:
    """``name`` as written when Postgres keeps it (63 bytes at most), else cut; off the reserved names, and unused
    (a suffix otherwise)."""
    whole = clip(name, MAX_IDENTIFIER_BYTES)
    if whole not in used and whole not in reserved:
        used.add(whole)  # a name Postgres keeps as it is written
        return whole
    base = clip(name, MAX_IDENTIFIER_BYTES - 5)  # room for a suffix when two names collide
    candidate, n = (base if base not in reserved else f"{base}_1"), 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    used.add(candidate)
    return candidate


def _pushable_names(tables: list[Table]) -> list[Table]:
    """Every table and column name one that pushes and re-pushes as written: long names are cut
    (Postgres would cut them differently on every push), system column names and wiretable's own
    table names get a suffix; keys, foreign keys and indexes follow the renames."""
    used_tables: set[str] = set()
    table_names = {t.name: _safe(t.name, used_tables, OWN_TABLES) for t in tables}
    column_names: dict[str, dict[str, str]] = {}
    for table in tables:
        used: set[str] = set()
        column_names[table.name] = {c.name: _safe(c.name, used, SYSTEM_COLUMNS) for c in table.columns}
    if all(k == v for k, v in table_names.items()) and all(
            k == v for names in column_names.values() for k, v in names.items()):
        return tables
    for table in tables:
        own = column_names[table.name]
        for column in table.columns:
            column.name = own[column.name]
        table.primary_key = [own.get(c, c) for c in table.primary_key] if table.primary_key else table.primary_key
        for fk in table.foreign_keys:
            fk.columns = [own.get(c, c) for c in fk.columns]
            fk.ref_columns = [column_names.get(fk.ref_table, {}).get(c, c) for c in fk.ref_columns]
            fk.ref_table = table_names.get(fk.ref_table, fk.ref_table)
        for index in table.indexes:
            index.columns = [own.get(c, c) for c in index.columns]
        table.name = table_names[table.name]
    return tables


def _table(draft: Draft, redactor: _OutputRedactor) -> Table:
    names = [c for c in draft.columns() if not c.startswith("__")]
    overflow = len(names) > MAX_COLUMNS
    if overflow:  # Postgres refuses more: keys first, then the first fields seen; the rest in one jsonb
        keep = {*(draft.pk or ()), *(c for fk in draft.fks for c in fk.columns)}
        names = [c for c in names if c in keep] + [c for c in names if c not in keep]
        names = names[: MAX_COLUMNS - 1]
    present = _gather(draft.rows, names)
    raw = _gather(draft.raw_rows, names) if draft.raw_rows else present
    raw_count = len(draft.raw_rows or draft.rows)
    unasked = _unasked(draft.raw_rows or draft.rows, names)
    columns = [_column(draft, c, present[c], raw[c], raw_count - unasked.get(c, 0), redactor) for c in names]
    _typed_by_siblings(columns, {c for c in names if all(is_missing(v) for v in present[c])})
    type_empty_lists(columns, {c.name for c in columns if c.type == "text[]" and c.name not in draft.jsonb
                               and _only_empty_lists(present[c.name])})
    fk_cols = {c for fk in draft.fks for c in fk.columns}
    for col in columns:
        if draft.pk and col.name in draft.pk:
            col.nullable = False
            col.unique = len(draft.pk) == 1
        if col.name in fk_cols:
            col.enum = None
        if col.name in draft.alternate_keys:
            col.unique = True
    table_paths = sorted({p for ps in draft.paths.values() for p in ps})[:8]
    if overflow:
        columns.append(Column(name=_free_name("other_fields", names), type="jsonb", evidence=Evidence(
            samples=draft.samples, rule=f"fields past the first {MAX_COLUMNS - 1} of "
                                        f"{len(draft.columns())} (Postgres allows {MAX_COLUMNS} columns)")))
    return Table(
        name=draft.name,
        columns=columns,
        primary_key=list(draft.pk) if draft.pk else None,
        foreign_keys=[
            ForeignKey(
                columns=fk.columns,
                ref_table=fk.ref_table,
                ref_columns=fk.ref_columns,
                on_delete="cascade" if draft.kind in ("child", "association", "join") and fk.rule.startswith("array")
                else "no action",
                evidence=Evidence(
                    endpoints=sorted(draft.endpoints)[:10],
                    paths=sorted({p for c in fk.columns for p in draft.paths.get(c, ())})[:8],
                    samples=draft.samples,
                    rule=fk.rule,
                    confidence=fk.confidence,
                ),
            )
            for fk in draft.fks
        ],
        evidence=Evidence(
            endpoints=sorted(draft.endpoints)[:20],
            paths=table_paths,
            samples=draft.samples,
            distinct=max(len(draft.rows), _indexed_distinct(draft, draft.pk[0]) if draft.pk and len(draft.pk) == 1 else 0),
            rule=draft.rule,
            confidence=_KIND_CONFIDENCE.get(draft.kind, 0.7),
        ),
    )


def _unasked(rows: list[Row], names: list[str]) -> dict[str, int]:
    """Per column, the records that lack it because their read named the fields it wanted and not this one
    (``?include=id,title``): such a record says nothing of the column, so it makes it neither null nor missing."""
    out: dict[str, int] = {}
    for row in rows:
        asked = row.values.get(ASKED)
        if not asked:
            continue
        for name in names:
            if name not in row.values and name not in asked and not any(name.startswith(a + "_") for a in asked):
                out[name] = out.get(name, 0) + 1
    return out


def _only_empty_lists(values: list[Any]) -> bool:
    """Some ``[]`` among the values and nothing else but nulls: a list empty wherever it was read."""
    return any(type(v) is list for v in values) and all(v == [] or is_missing(v) for v in values)


def _free_name(name: str, taken: list[str]) -> str:
    n = 2
    candidate = name
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    return candidate


def _indexed_distinct(draft: Draft, column: str) -> int:
    """Past the row cap, a key-like column's distinct values over every record (0 when unknown):
    the kept rows alone would understate them."""
    keys = draft.key_index.get(column)
    return len(keys) if draft.sampled and keys is not None and not keys.overflow else 0


def _gather(rows: list[Row], names: list[str]) -> dict[str, list[Any]]:
    """Each column's values in row order, from rows that have it; one pass over the rows."""
    out: dict[str, list[Any]] = {name: [] for name in names}
    get = out.get
    for row in rows:
        for name, value in row.values.items():
            values = get(name)
            if values is not None:
                values.append(value)
    return out


def _few_texts(uniq: Iterable[Any], most: int = 8) -> bool:
    """False when the distinct values hold more distinct texts than ``enum_values`` accepts in an
    enumeration (it would answer None); checked first, it spares scanning every value."""
    texts: set[str] = set()
    for value in uniq:
        if isinstance(value, str) and value != "" and not is_missing(value):
            texts.add(value)
            if len(texts) > most:
                return False
    return True


_NONE = type(None)
#: Columns named like identifiers, credentials, personal data or entity names hold open sets:
#: the values seen are examples, never the allowed list (a CHECK would refuse the next one).
_OPEN_SET_WORDS = frozenset(
    {
        "id", "ids", "uuid", "guid", "key", "hash", "token", "secret", "password", "name", "email", "mail",
        "phone", "mobile", "username", "login", "user", "title", "slug", "sku", "ip", "model", "code",
        "serial", "iban", "ssn", "card", "account", "handle", "url", "path", "host", "domain",
    }
)  # fmt: skip
_ENUM_MIN_SAMPLES = 12
_IDENTIFIER_LIKE = re.compile(r"@|\d{5}|^[0-9a-fA-F-]{8,}$|^[A-Za-z0-9_-]{20,}$")


def _holds_secret(uniq: list[Any], redactor: _OutputRedactor) -> bool:
    """True when some distinct scalar value is hidden by redaction (a secret found by its value)."""
    values = [v for v in uniq if type(v) is str or type(v) is int]
    if redactor.unchanged(values):  # the column test: True only when no value can change
        return False
    redact = redactor.redact
    return any(redact(v) != v for v in values)


def _enum_name_ok(name: str) -> bool:
    return name.rsplit("_", 1)[-1] not in _OPEN_SET_WORDS


def _closed_set(enum: list[str], present: list[Any], redactor: _OutputRedactor) -> bool:
    """An enumeration only from a small, closed set: no value seen just once (a single sighting
    hints at more unseen ones), no identifier-, personal- or secret-looking value."""
    if any(_IDENTIFIER_LIKE.search(v) or redactor.redact(v) != v for v in enum):
        return False  # a redacted value is no enumeration value (as when redacted at the source)
    counts = dict.fromkeys(enum, 0)
    for value in present:
        if value in counts:
            counts[value] += 1
    return min(counts.values()) >= 2 and sum(counts.values()) >= _ENUM_MIN_SAMPLES


def _false_for_none(uniq: list[Any]) -> bool:
    """``false`` where the other values are texts (``"parent": "ABCD2345"`` or ``false``), no ``true`` among them:
    the API's spelling of "none", as PHP-style APIs write it, no boolean value."""
    kinds = {type(v) for v in uniq if v is not None}
    return kinds == {bool, str} and True not in uniq and all(
        v.lower() not in ("true", "false") for v in uniq if isinstance(v, str))


def _null_texts(values: list[Any]) -> int:
    """How many of the values (texts and None only) are null sentinel texts."""
    # filter(None, ...) leaves out None and "", neither of which is a sentinel text.
    return sum(map(SENTINELS.__contains__, map(str.strip, filter(None, values))))


def _missing_count(values: list[Any]) -> int:
    """How many of the values are missing (``is_missing``: None or a null sentinel text)."""
    kinds = set(map(type, values))
    if str not in kinds:
        return values.count(None) if _NONE in kinds else 0
    if kinds <= {str, _NONE}:
        return values.count(None) + _null_texts(values)
    return values.count(None) + _null_texts([v for v in values if isinstance(v, str)])


def _distinct_count(uniq: list[Any]) -> int:
    """How many different key texts (``key_text``) the distinct values that are not missing
    have; numbers and their texts count once."""
    kinds = set(map(type, uniq))
    nones = 1 if _NONE in kinds else 0  # the values are distinct: None is there once at most
    kinds.discard(_NONE)
    if kinds == {int}:  # distinct integers, none missing: as many texts
        return len(uniq) - nones
    if kinds == {str}:  # a null text is missing; every other text is its own key text
        return len(uniq) - nones - _null_texts(uniq)
    if kinds == {float} and not any(map(math.isnan, filter(None, uniq))):  # distinct numbers: distinct texts
        return len(uniq) - nones
    return len({key_text(v) if not isinstance(v, dict | list) else repr(v) for v in uniq if not is_missing(v)})


def _typed_by_siblings(columns: list[Column], empty: set[str]) -> None:
    """A column null in every record whose name ends in the last word of two or more filled columns of one type
    (``edited_on`` beside ``created_on`` and ``updated_on``, timestamps) takes their type: the table's own naming
    convention says what it would hold. Names that say nothing shared keep the type their name gives."""
    by_word: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for col in columns:
        if col.name not in empty and "_" in col.name.strip("_"):
            word = col.name.rpartition("_")[2]
            by_word.setdefault(word, set()).add(col.type)
            counts[word] = counts.get(word, 0) + 1
    filled = {col.name: col.type for col in columns if col.name not in empty}
    for col in columns:
        word = col.name.rpartition("_")[2] if "_" in col.name.strip("_") else ""
        kinds = by_word.get(word, set())
        if col.name in empty and col.type == "text" and (repeated := _type_of_repeated_field(col.name, filled)):
            col.type = repeated
            continue
        if col.name in empty and col.type == "text" and counts.get(word, 0) >= 2 and len(kinds) == 1 \
                and (kind := next(iter(kinds))) not in ("text", "jsonb"):
            col.type = kind


def _type_of_repeated_field(name: str, filled: dict[str, str]) -> str | None:
    """``source_discoverable`` null in every record beside a filled ``discoverable`` boolean: a nested object
    repeating fields of its record (a settings block, a draft) holds what they hold. The longest ending of the name,
    after whole words, that is a filled column of another type than text gives the type; the record's own key is no
    such field (``external_id`` beside ``id`` is another system's id, not the record's)."""
    words = name.strip("_").split("_")
    for i in range(1, len(words)):
        kind = filled.get(ending := "_".join(words[i:]))
        if kind is not None and ending not in ("id", "uuid", "guid", "uid"):
            return kind if kind not in ("text", "jsonb") else None
    return None


def _column(draft: Draft, name: str, present: list[Any], raw: list[Any], raw_count: int,
            redactor: _OutputRedactor) -> Column:
    """``present``: the column's values in the rows that have it; ``raw``: the same over every
    record as served, before list and detail views were merged (nullability looks at those);
    ``raw_count``: how many such records there are."""
    if name in draft.secret:
        # Values under a credential-named key: judged exactly as if redacted at the source.
        force = redactor.sensitive(name) or 1
        present = [redactor.redact(v, force) for v in present]
        raw = [redactor.redact(v, force) for v in raw]
    uniq = distinct_values(present)
    if name not in draft.secret and _holds_secret(uniq, redactor):
        # Secrets found by value (card numbers, cloud keys): judged as if redacted at the source.
        present = [redactor.redact(v) for v in present]
        raw = [redactor.redact(v) for v in raw]
        uniq = distinct_values(present)
    missing = raw_count - len(raw)
    if _false_for_none(uniq):  # ``"parent": false`` among keys: PHP-style APIs spell "none" as false
        present = [v for v in present if v is not False]
        raw = [None if v is False else v for v in raw]
        uniq = [v for v in uniq if v is not False]
    # A record without the column counts as a null as well as missing (as it always has).
    nulls = _missing_count(raw) + missing + draft.filled_nulls.get(name, 0) if raw_count else 0
    ctype = "jsonb" if name in draft.jsonb else column_type(uniq, name, distinct=True)
    if ctype.endswith("[][]"):
        ctype = "jsonb"  # Postgres arrays are one-dimensional (and nested lists may be ragged)
    if ctype not in ("text", "jsonb"):
        # An empty string where the other values are numbers, dates or booleans is an absent value.
        nulls += raw.count("")
    enum = enum_values(present) if ctype == "text" and _few_texts(uniq) and _enum_name_ok(name) else None
    if enum and not _closed_set(enum, present, redactor):
        enum = None
    examples: list[Any] = []
    seen: set[str] = set()
    for value in present:
        if is_missing(value) or value == "":
            continue
        text = repr(value)
        if text not in seen:
            seen.add(text)
            # Redacted values are shown by their fixed markers: the same in every run.
            value = redactor.redact(value)
            value = unkeyed_value(value)
            if is_marker(value) and value in examples:
                continue
            examples.append(value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "...")
        if len(examples) == 3:
            break
    distinct = _distinct_count(uniq)
    if name not in draft.secret:
        distinct = max(distinct, _indexed_distinct(draft, name))
    return Column(
        name=name,
        type=ctype,
        nullable=bool(missing or nulls),
        enum=enum,
        evidence=Evidence(
            endpoints=sorted(draft.endpoints)[:10],
            paths=sorted(draft.paths.get(name, ()))[:8],
            samples=draft.samples,
            nulls=nulls + missing,
            distinct=distinct,
            examples=examples,
            rule="observed values" if not enum else "observed values; few distinct values (enumeration)",
            confidence=round(min(0.95, 0.5 + 0.05 * len(present)), 2),
        ),
    )
