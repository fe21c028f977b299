"""Edits checked against the captured values: a column whose type, length, NOT NULL or enum the
values seen in the traffic (kept in each column's evidence) do not fit gets a warning naming the
table, the column and a failing value - the push would reject those rows."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from kernel.schema import Column, Schema
from sql.validate import Problem

_LENGTH = re.compile(r"^(?:varchar|character varying|char|character)\s*\(\s*(\d+)\s*\)$", re.I)
_INTEGERS = {"smallint": 2**15, "integer": 2**31, "int": 2**31, "int4": 2**31, "bigint": 2**63, "int8": 2**63,
             "serial": 2**31, "bigserial": 2**63}
_NUMERIC = re.compile(r"^(?:numeric|decimal)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$", re.I)


def _misfit(column: Column, value: Any) -> str | None:
    """Why ``value`` does not fit ``column`` (None when it fits or cannot be judged here)."""
    kind = (column.type or "").strip().lower()
    if value is None:
        return None
    if column.enum and kind in ("enum", "text") and str(value) not in column.enum:
        return "is not one of the enum's values"
    if (m := _LENGTH.match(kind)) and len(str(value)) > int(m.group(1)):
        return f"is longer than {m.group(1)} characters"
    if kind in _INTEGERS:
        if isinstance(value, bool) or not isinstance(value, int | str):
            return "is not an integer"
        try:
            number = int(str(value))
        except ValueError:
            return "is not an integer"
        return None if -_INTEGERS[kind] <= number < _INTEGERS[kind] else f"is out of range for {kind}"
    if (m := _NUMERIC.match(kind)):
        try:
            amount = float(str(value))
        except ValueError:
            return "is not a number"
        digits = int(m.group(1)) - int(m.group(2) or 0)
        return None if abs(amount) < 10**digits else f"has more than {digits} digits before the point"
    if kind in ("boolean", "bool") and not isinstance(value, bool) and str(value).lower() not in (
            "true", "false", "t", "f", "0", "1"):
        return "is not a boolean"
    if kind == "uuid":
        try:
            uuid.UUID(str(value))
        except ValueError:
            return "is not a uuid"
    if kind == "date" and isinstance(value, str):
        try:
            date.fromisoformat(value[:10])
        except ValueError:
            return "is not a date"
    if kind in ("timestamptz", "timestamp", "timestamp with time zone") and isinstance(value, str):
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return "is not a timestamp"
    return None


def sample_problems(schema: Schema) -> list[Problem]:
    """Warnings for columns the captured values (their evidence) do not fit."""
    out: list[Problem] = []
    for table in schema.tables:
        pk = set(table.primary_key or [])
        for column in table.columns:
            ev = column.evidence
            if ev is None:
                continue
            where = f"{table.name}.{column.name}"
            if (not column.nullable or column.name in pk) and ev.nulls:
                out.append(Problem("warning", f"{where}: NOT NULL, but {ev.nulls} of {ev.samples} captured values "
                                   "are null (those rows would be skipped)", table.name, column.name))
            for value in ev.examples:
                why = _misfit(column, value)
                if why:
                    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
                    out.append(Problem("warning", f"{where}: the captured value {shown} {why} "
                                       f"({column.type}); such rows would be skipped", table.name, column.name))
                    break
    return out
