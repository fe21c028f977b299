"""Captured records shaped to fit a schema, so a push can load them as sample data.

:func:`sample_records` re-runs the collection that inference runs (through
:func:`inference.advisor.samples.collect_samples`, read-only) and maps its flattened rows onto the
tables and columns of a schema that the user may have edited since:

- tables match by name first, then by the captured table that shares most column names (the same
  rule the advisor checks patches with, :meth:`Samples.aligned`); columns match by name, then by
  the name with case and underscores ignored;
- child, join and association tables get the rows inference built for them from their parents'
  arrays, so their keys are the parents' keys;
- every value is converted to fit its column's type (ISO timestamps, epoch seconds or
  milliseconds in time-named columns, uuid, integers within range, numeric precision, booleans,
  arrays element by element, JSON text for json/jsonb, varchar lengths, enumerations). A row
  holding a value that cannot fit, a redaction marker in a non-text column among them, is dropped
  and counted; rows that repeat a key already kept are dropped too, so that what the push loads
  is what it reports;
- a missing key stays missing (the column's default applies), and at most ``limit_per_table``
  rows are kept per table, rows whose parents are kept coming first.

Pure: the exchanges are consumed as a stream, nothing touches disk or a database. The exchanges
must be the redacted ones (a JSONL capture, or :func:`capture.har.iter_har_exchanges`), because
the values themselves are what is returned.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from inference.advisor.samples import collect_samples
from inference.types import is_epoch, is_missing, time_named
from kernel.errors import SchemaError
from kernel.exchange import Exchange
from kernel.schema import Column, Schema, Table
from sql.ddl import table_order
from sql.types import TypeName, parse_type

#: Rows kept per table unless the caller says otherwise.
DEFAULT_LIMIT = 1_000

_MARKER = "[REDACTED:"
_INT_RANGES = {"smallint": 2**15, "integer": 2**31, "bigint": 2**63}
_TEXT_BASES = frozenset({"text", "varchar", "char"})
_BOOL_TEXTS = {"true": True, "t": True, "yes": True, "y": True, "1": True,
               "false": False, "f": False, "no": False, "n": False, "0": False}
_INT_TEXT = re.compile(r"^[+-]?\d+$")
_ZONE_WORD = re.compile(r"\s*(UTC|GMT)$", re.I)


@dataclass
class SampleRecords:
    """Records per schema table, ready for :func:`sql.apply.push` ``records=``, and what was left out."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Rows dropped per table because a value did not fit its column (or repeated a key).
    dropped: dict[str, int] = field(default_factory=dict)
    #: The first reason a row of each table was dropped, for the report.
    reasons: dict[str, str] = field(default_factory=dict)
    #: Per table, each reason rows were dropped for and how many.
    why: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Rows left out per table past ``limit_per_table``.
    over_limit: dict[str, int] = field(default_factory=dict)
    #: Schema tables that no captured rows matched.
    unmatched: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.records.values())


#: A value fitted to a scalar column type: what the push's INSERT receives.
Fitted = str | int | float | bool | date | datetime | None


class Unfit(ValueError):
    """A value that cannot be stored in its column; the row is dropped."""


def sample_records(exchanges: Iterable[Exchange], schema: Schema,
                   limit_per_table: int = DEFAULT_LIMIT) -> SampleRecords:
    """The captured rows of ``exchanges`` for each table of ``schema`` (see the module docstring)."""
    if limit_per_table < 0:
        raise ValueError("limit_per_table must not be negative")
    samples = collect_samples(exchanges).aligned(schema)
    out = SampleRecords()
    parent_keys: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    for table in table_order(schema.tables):
        captured = samples.table(table.name)
        if captured is None or not captured.rows:
            out.unmatched.append(table.name)
            continue
        rows = _fitted_rows(table, captured.rows, out)
        rows = _prefer_known_parents(table, rows, parent_keys)
        if len(rows) > limit_per_table:
            out.over_limit[table.name] = len(rows) - limit_per_table
            rows = rows[:limit_per_table]
        out.records[table.name] = rows
        for other in schema.tables:
            for fk in other.foreign_keys:
                if fk.ref_table == table.name:
                    ref = (table.name, tuple(fk.ref_columns))
                    parent_keys[ref] = {k for r in rows if (k := _key(r, fk.ref_columns)) is not None}
    return out


def _fitted_rows(table: Table, rows: Sequence[Mapping[str, Any]], out: SampleRecords) -> list[dict[str, Any]]:
    sources = _column_sources(table, rows)
    unique_sets = [list(table.primary_key)] if table.primary_key else []
    unique_sets += [[c.name] for c in table.columns if c.unique and [c.name] != table.primary_key]
    unique_sets += [list(ix.columns) for ix in table.indexes if ix.unique]
    seen: list[set[tuple[str, ...]]] = [set() for _ in unique_sets]
    kept: list[dict[str, Any]] = []
    for row in rows:
        try:
            fitted = {column.name: _fit(row[source], column)
                      for column, source in sources if source in row}
        except Unfit as exc:
            _drop(out, table.name, str(exc))
            continue
        keys = [_key(fitted, cols) for cols in unique_sets]
        if any(k is not None and k in s for k, s in zip(keys, seen, strict=True)):
            _drop(out, table.name, "a key repeated by an earlier row")
            continue
        for k, s in zip(keys, seen, strict=True):
            if k is not None:
                s.add(k)
        kept.append(fitted)
    return kept


def _drop(out: SampleRecords, table: str, reason: str) -> None:
    out.dropped[table] = out.dropped.get(table, 0) + 1
    out.reasons.setdefault(table, reason)
    counts = out.why.setdefault(table, {})
    counts[reason] = counts.get(reason, 0) + 1


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _column_sources(table: Table, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Column, str]]:
    """Each column and the captured field that feeds it: the same name, else the same when case
    and underscores are ignored."""
    fields: list[str] = []
    known: set[str] = set()
    for row in rows:
        for name in row:
            if name not in known:
                known.add(name)
                fields.append(name)
    loose: dict[str, str] = {}
    for name in fields:
        loose.setdefault(_norm(name), name)
    pairs: list[tuple[Column, str]] = []
    for column in table.columns:
        source = column.name if column.name in known else loose.get(_norm(column.name))
        if source is not None:
            pairs.append((column, source))
    return pairs


def _prefer_known_parents(table: Table, rows: list[dict[str, Any]],
                          parent_keys: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]]) -> list[dict[str, Any]]:
    """Rows whose every foreign key points at a kept parent row first (stable), so a limit keeps them."""
    fks = [fk for fk in table.foreign_keys if fk.ref_table != table.name]
    if not fks:
        return rows

    def complete(row: dict[str, Any]) -> bool:
        for fk in fks:
            key = _key(row, fk.columns)
            if key is not None and key not in parent_keys.get((fk.ref_table, tuple(fk.ref_columns)), set()):
                return False
        return True

    return sorted(rows, key=lambda r: not complete(r))


def key_text(value: object) -> str:
    """The text a key value is compared by (as ``sql.seed`` compares them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _key(row: Mapping[str, Any], columns: Sequence[str]) -> tuple[str, ...] | None:
    values = [row.get(c) for c in columns]
    if any(v is None for v in values):
        return None
    return tuple(key_text(v) for v in values)


# -- fitting one value to one column --------------------------------------------------------------


def _fit(value: Any, column: Column) -> Any:
    try:
        kind = parse_type(column.type)
    except SchemaError:
        kind = None
    if value is None:
        return None
    if kind is None:  # a type this module does not know: only plain text is passed on
        if isinstance(value, str) and _MARKER not in value:
            return value
        raise Unfit(f"{column.name}: no conversion to {column.type}")
    fitted = _fit_array(value, kind, column.name) if kind.array_dims else fit_value(value, kind, column.name)
    if column.enum and fitted is not None and str(fitted) not in column.enum:
        raise Unfit(f"{column.name}: {_show(value)} is not one of its enumerated values")
    return fitted


def _fit_array(value: Any, kind: TypeName, name: str) -> list[Any] | None:
    if kind.array_dims > 1:
        raise Unfit(f"{name}: arrays of {kind.array_dims} dimensions are not loaded")
    items = value if isinstance(value, list) else [value]
    return [None if item is None else fit_value(item, kind.element, name) for item in items]


def fit_value(value: object, kind: TypeName, name: str = "") -> Fitted:
    """``value`` converted to a plain value that casts to the scalar type ``kind`` (None for a
    missing value); raises an internal error, turned into a dropped row, when it cannot."""
    base = kind.base
    if base in _TEXT_BASES:
        return _fit_text(value, kind, name)
    if base in ("json", "jsonb"):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        if _MARKER in value:
            raise Unfit(f"{name}: a redacted value cannot be stored as {kind}")
        if is_missing(value):
            return None
    fitter = _FITTERS.get(base)
    if fitter is None:
        if isinstance(value, str):
            return value
        raise Unfit(f"{name}: {_show(value)} does not fit {kind}")
    try:
        return fitter(value, kind, name)
    except (ValueError, TypeError, OverflowError, InvalidOperation, OSError):
        raise Unfit(f"{name}: {_show(value)} does not fit {kind}") from None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fit_text(value: Any, kind: TypeName, name: str) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if kind.params and len(text) > kind.params[0]:
        raise Unfit(f"{name}: {_show(value)} is longer than {kind}")
    return text


def _integer(value: Any, kind: TypeName, name: str) -> int:
    if isinstance(value, bool):
        raise TypeError("a boolean is no integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("a fraction is no integer")
        value = int(value)
    elif isinstance(value, str):
        if not _INT_TEXT.match(value.strip()):
            raise ValueError("not an integer")
        value = int(value.strip())
    if not isinstance(value, int):
        raise TypeError("not an integer")
    limit = _INT_RANGES[kind.base]
    if not -limit <= value < limit:
        raise OverflowError("out of range")
    return value


def _numeric(value: Any, kind: TypeName, name: str) -> int | float | str:
    if isinstance(value, bool | dict | list):
        raise TypeError("not a number")
    number = Decimal(value.strip()) if isinstance(value, str) else Decimal(repr(value))
    if not number.is_finite():
        if kind.base == "numeric" and kind.params:
            raise ValueError("not finite")
        return str(value)
    if kind.base == "numeric" and kind.params:
        precision, scale = kind.params[0], kind.params[1] if len(kind.params) > 1 else 0
        whole = abs(number).to_integral_value(rounding="ROUND_DOWN")
        if len(str(whole).lstrip("0")) > precision - scale:
            raise OverflowError("too many digits")
    return value.strip() if isinstance(value, str) else value


def _boolean(value: Any, kind: TypeName, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOL_TEXTS:
        return _BOOL_TEXTS[value.strip().lower()]
    raise ValueError("not a boolean")


def _uuid(value: Any, kind: TypeName, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError("not a uuid")
    return str(UUID(value.strip()))


def _instant(value: Any, name: str) -> datetime | date:
    """A point in time from ISO text, or from epoch seconds or milliseconds in a time-named column."""
    if isinstance(value, str) and _INT_TEXT.match(value.strip()):
        value = int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not (time_named(name) and is_epoch(value)):
            raise ValueError("a number is a point in time only as an epoch value in a time-named column")
        seconds = value / 1000 if value >= 1e11 else value
        return datetime.fromtimestamp(seconds, UTC)
    if not isinstance(value, str):
        raise TypeError("not a point in time")
    text = value.strip()
    zone = _ZONE_WORD.search(text)
    if zone:
        text = text[: zone.start()] + "+00:00"
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # Postgres keeps microseconds
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def _timestamp(value: Any, kind: TypeName, name: str) -> str:
    moment = _instant(value, name)
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if kind.base == "timestamp" and moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def _date(value: Any, kind: TypeName, name: str) -> str:
    moment = _instant(value, name)
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _time(value: Any, kind: TypeName, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError("not a time of day")
    return time.fromisoformat(value.strip()).isoformat()


_FITTERS = {
    "smallint": _integer, "integer": _integer, "bigint": _integer,
    "numeric": _numeric, "real": _numeric, "double precision": _numeric,
    "boolean": _boolean, "uuid": _uuid,
    "timestamp": _timestamp, "timestamptz": _timestamp, "date": _date, "time": _time,
}
