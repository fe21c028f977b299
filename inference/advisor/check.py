"""Checking a patch against the schema and the captured samples, before anything changes.

Every check either returns quietly or raises :class:`Rejected` with a reason a person can act on.
What is checked, per patch:

- names (renames): plain snake_case identifiers (letters, digits, ``_``), at most 63 bytes, unique
  among their siblings. Anything else, SQL text included, is refused. Reserved words (``order``)
  pass: DDL always quotes identifiers, and schema validation warns about them.
- ``change_type``: a known Postgres type that every observed value fits (:mod:`.fit`).
- ``set_enum``: a text column whose every observed value is one of the proposed values.
- ``add_foreign_key``: every observed value of the columns is an observed key of the target.
- ``set_primary_key``: present and non-null in every observed row, and unique.
- ``merge_tables``: the same primary key, at least half of the smaller table's other columns in
  common with the same types, and rows with the same key that agree on every shared column.
- ``mark_server_generated``: a type the schema can generate (timestamps, dates, uuids).

After a patch passes, :mod:`.apply` performs it on a copy and refuses it still if the schema's
own validation finds a new error (a foreign key whose types no longer match, for example).
"""

from __future__ import annotations

import re
from typing import Any

from inference.advisor.fit import first_misfit
from inference.advisor.patches import (
    AddForeignKey,
    ChangeType,
    MarkServerGenerated,
    MergeTables,
    Patch,
    RemoveForeignKey,
    RenameColumn,
    RenameTable,
    SetDescription,
    SetEnum,
    SetPrimaryKey,
)
from inference.advisor.samples import Samples, TableSamples
from inference.drafts import key_text
from inference.types import is_missing
from kernel.errors import SchemaError
from kernel.schema import MAX_IDENTIFIER_BYTES, Column, Schema, Table
from kernel.types import TypeName, parse_type

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
MAX_DESCRIPTION = 500
GENERATED_DEFAULTS = {"timestamptz": "now()", "timestamp": "now()", "date": "current_date",
                      "uuid": "gen_random_uuid()"}
_TEXT_BASES = {"text", "varchar", "char"}


class Rejected(Exception):  # noqa: N818 - a verdict, not a failure of the program
    """A patch that does not hold; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def show(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_name(name: str, kind: str, taken: set[str]) -> None:
    if not _NAME.match(name):
        raise Rejected(f"{kind} name {show(name, 60)} is not a plain snake_case identifier "
                       "(lower-case letters, digits and _)")
    if len(name.encode()) > MAX_IDENTIFIER_BYTES:
        raise Rejected(f"{kind} name {name!r} is longer than {MAX_IDENTIFIER_BYTES} bytes")
    if name in taken:
        raise Rejected(f"{kind} name {name!r} is already used")


def _table(schema: Schema, name: str) -> Table:
    table = schema.table(name)
    if table is None:
        raise Rejected(f"there is no table {name!r}")
    return table


def _column(table: Table, name: str) -> Column:
    column = table.column(name)
    if column is None:
        raise Rejected(f"table {table.name} has no column {name!r}")
    return column


def _samples(samples: Samples, table: str) -> TableSamples:
    found = samples.table(table)
    if found is None or not found.rows:
        raise Rejected(f"no captured samples of table {table} to check this against")
    return found


def _type(text: str) -> TypeName:
    try:
        return parse_type(text)
    except SchemaError as exc:
        raise Rejected(exc.message) from exc


def check_patch(patch: Patch, schema: Schema, samples: Samples) -> None:
    """Raise :class:`Rejected` unless ``patch`` holds on ``schema`` and the captured samples."""
    if not patch.rationale.strip():
        raise Rejected("the patch gives no rationale")
    match patch:
        case RenameTable():
            _table(schema, patch.table)
            if patch.new_name == patch.table:
                raise Rejected(f"table is already named {patch.table!r}")
            check_name(patch.new_name, "table", {t.name for t in schema.tables})
        case RenameColumn():
            table = _table(schema, patch.table)
            _column(table, patch.column)
            if patch.new_name == patch.column:
                raise Rejected(f"column is already named {patch.column!r}")
            check_name(patch.new_name, "column", {c.name for c in table.columns})
        case SetDescription():
            table = _table(schema, patch.table)
            if patch.column is not None:
                _column(table, patch.column)
            text = patch.description.strip()
            if not text or len(text) > MAX_DESCRIPTION or any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
                raise Rejected(f"a description must be 1..{MAX_DESCRIPTION} printable characters")
        case ChangeType():
            _check_type(patch, schema, samples)
        case SetEnum():
            _check_enum(patch, schema, samples)
        case AddForeignKey():
            _check_add_fk(patch, schema, samples)
        case RemoveForeignKey():
            table = _table(schema, patch.table)
            if not any(fk.columns == patch.columns and fk.ref_table == patch.ref_table for fk in table.foreign_keys):
                raise Rejected(f"table {table.name} has no foreign key ({', '.join(patch.columns)}) → {patch.ref_table}")
        case SetPrimaryKey():
            _check_pk(patch, schema, samples)
        case MergeTables():
            _check_merge(patch, schema, samples)
        case MarkServerGenerated():
            table = _table(schema, patch.table)
            column = _column(table, patch.column)
            base = _type(column.type)
            if base.array_dims or base.base not in GENERATED_DEFAULTS:
                raise Rejected(f"{column.type} columns cannot get a generated default here "
                               "(only timestamps, dates and uuids)")
            if any(patch.column in fk.columns for fk in table.foreign_keys):
                raise Rejected(f"{table.name}.{patch.column} is a foreign key; its values come from another table")
            if column.default is not None:
                raise Rejected(f"{table.name}.{patch.column} already has the default {column.default}")
        case _:
            raise TypeError(f"not a patch: {patch!r}")


def _check_type(patch: ChangeType, schema: Schema, samples: Samples) -> None:
    table = _table(schema, patch.table)
    column = _column(table, patch.column)
    new = _type(patch.new_type)
    if new == _type(column.type):
        raise Rejected(f"{table.name}.{column.name} is already {new}")
    values = _samples(samples, table.name).values(column.name)
    misfit = first_misfit(values, new)
    if misfit is not None:
        bad = sum(1 for v in values if first_misfit([v], new) is not None)
        raise Rejected(f"{bad} of {len(values)} observed values of {table.name}.{column.name} do not fit {new} "
                       f"(e.g. {show(misfit[0])})")
    if column.enum and new.base not in _TEXT_BASES:
        raise Rejected(f"{table.name}.{column.name} has enumerated values; only a text type keeps them")


def _check_enum(patch: SetEnum, schema: Schema, samples: Samples) -> None:
    table = _table(schema, patch.table)
    column = _column(table, patch.column)
    kind = _type(column.type)
    if kind.base not in _TEXT_BASES or kind.array_dims:
        raise Rejected(f"{table.name}.{column.name} is {column.type}; only text columns take enumerated values")
    if not patch.values or len(set(patch.values)) != len(patch.values):
        raise Rejected("enumerated values must be a non-empty list without repeats")
    if any(not v or len(v) > 64 for v in patch.values):
        raise Rejected("enumerated values must be 1..64 characters each")
    observed = {key_text(v) if not isinstance(v, str) else v for v in
                _samples(samples, table.name).values(column.name)}
    if not observed:
        raise Rejected(f"no observed values of {table.name}.{column.name} to check the enumeration against")
    outside = sorted(observed - set(patch.values))
    if outside:
        raise Rejected(f"{len(outside)} observed value(s) of {table.name}.{column.name} are not in the enumeration "
                       f"(e.g. {show(outside[0])})")


def _tuples(samples: TableSamples, columns: list[str]) -> list[tuple[str, ...] | None]:
    """Each row's key tuple as text, or None when one of its values is missing."""
    out: list[tuple[str, ...] | None] = []
    for row in samples.rows:
        values = [row.get(c) for c in columns]
        texts = tuple(key_text(v) for v in values)
        out.append(None if any(is_missing(v) for v in values) or "" in texts else texts)
    return out


def _check_add_fk(patch: AddForeignKey, schema: Schema, samples: Samples) -> None:
    table = _table(schema, patch.table)
    target = _table(schema, patch.ref_table)
    if not patch.columns or len(patch.columns) != len(patch.ref_columns):
        raise Rejected("a foreign key needs as many referenced columns as columns, at least one")
    for name in patch.columns:
        _column(table, name)
    for name in patch.ref_columns:
        _column(target, name)
    if any(fk.columns == patch.columns for fk in table.foreign_keys):
        raise Rejected(f"{table.name}({', '.join(patch.columns)}) already has a foreign key")
    mine = _samples(samples, table.name)
    theirs = _samples(samples, target.name)
    label = f"{table.name}({', '.join(patch.columns)})"
    ref_label = f"{target.name}({', '.join(patch.ref_columns)})"
    if len(patch.columns) == 1:
        local = {key_text(v) for v in mine.values(patch.columns[0])} - {""}
        known = theirs.key_texts(patch.ref_columns[0])
    else:
        local = {"\x1f".join(t) for t in _tuples(mine, patch.columns) if t is not None}
        known = {"\x1f".join(t) for t in _tuples(theirs, patch.ref_columns) if t is not None}
    if not local:
        raise Rejected(f"no observed values of {label} to check the relation against")
    missing = sorted(local - known)
    if missing:
        raise Rejected(f"{len(missing)} of {len(local)} observed values of {label} are not observed in "
                       f"{ref_label} (e.g. {show(missing[0])}): the samples contradict this relation")


def _check_pk(patch: SetPrimaryKey, schema: Schema, samples: Samples) -> None:
    table = _table(schema, patch.table)
    if not patch.columns or len(set(patch.columns)) != len(patch.columns):
        raise Rejected("a primary key needs at least one column, each named once")
    for name in patch.columns:
        _column(table, name)
    if table.primary_key == patch.columns:
        raise Rejected(f"the primary key of {table.name} is already ({', '.join(patch.columns)})")
    tuples = _tuples(_samples(samples, table.name), patch.columns)
    nulls = sum(1 for t in tuples if t is None)
    if nulls:
        raise Rejected(f"({', '.join(patch.columns)}) is missing or null in {nulls} of {len(tuples)} observed rows")
    seen: set[tuple[str, ...]] = set()
    for t in tuples:
        assert t is not None
        if t in seen:
            raise Rejected(f"({', '.join(patch.columns)}) is not unique: {show(', '.join(t))} occurs more than once")
        seen.add(t)


def _check_merge(patch: MergeTables, schema: Schema, samples: Samples) -> None:
    source, into = _table(schema, patch.table), _table(schema, patch.into)
    if source.name == into.name:
        raise Rejected("a table cannot be merged into itself")
    if not source.primary_key or source.primary_key != into.primary_key:
        raise Rejected(f"{source.name} and {into.name} do not share a primary key, so their rows cannot be matched")
    for column in source.columns:
        other = into.column(column.name)
        if other is not None and _type(other.type) != _type(column.type):
            raise Rejected(f"{column.name} is {column.type} in {source.name} but {other.type} in {into.name}")
    key = source.primary_key
    shared = [c.name for c in source.columns if into.column(c.name) is not None and c.name not in key]
    smaller = min(len(source.columns), len(into.columns)) - len(key)
    if len(shared) * 2 < smaller or not shared:
        raise Rejected(f"{source.name} and {into.name} share {len(shared)} column(s) besides the key; "
                       "too few for one entity")
    rows_in = _samples(samples, into.name)
    by_key = {t: row for t, row in zip(_tuples(rows_in, key), rows_in.rows, strict=True) if t is not None}
    src = _samples(samples, source.name)
    for t, row in zip(_tuples(src, key), src.rows, strict=True):
        other_row = by_key.get(t) if t is not None else None
        if other_row is None:
            continue
        for name in shared:
            a, b = row.get(name), other_row.get(name)
            if not is_missing(a) and not is_missing(b) and _same(a) != _same(b):
                raise Rejected(f"rows with the same key {show(', '.join(t or ()))} disagree on {name} "
                               f"({show(a, 20)} vs {show(b, 20)})")


def _same(value: Any) -> str:
    return repr(value) if isinstance(value, dict | list) else key_text(value) or str(value)
