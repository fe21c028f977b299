"""Load sample records into freshly pushed tables, in foreign-key order, inside the push's transaction.

Only tables created by the same push are seeded, so existing data is never touched. Values are
``CAST('<text>' AS <column type>)`` literals built from sqlglot nodes (lists become ``ARRAY[...]``,
objects JSON text); keys the table lacks are ignored. A record whose foreign key points at a
parent row that is not being loaded, or that lacks a required value, is skipped (and counted)
rather than failing the push;
duplicate keys keep the first record (``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from sql.ddl import ident, table_order
from sql.model import Schema, Table
from sql.plan import effective_table
from sql.types import parse_type, to_datatype

Records = Mapping[str, Sequence[Mapping[str, Any]]]
BATCH = 500


@dataclass
class SeedReport:
    loaded: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.loaded and not self.skipped:
            return "no sample records loaded"
        parts = [f"{t}: {n}" for t, n in self.loaded.items()]
        text = "loaded sample records (" + ", ".join(parts) + ")"
        if any(self.skipped.values()):
            text += "; skipped " + ", ".join(f"{t}: {n}" for t, n in self.skipped.items() if n)
        return text


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _value(value: Any, type_text: str) -> exp.Expression:
    if value is None:
        return exp.Null()
    dtype = to_datatype(type_text)
    parsed = parse_type(type_text)
    if parsed.array_dims == 1 and isinstance(value, list):
        element = to_datatype(str(parsed.element))
        items = [
            exp.Null() if v is None else exp.Cast(this=exp.Literal.string(_text(v)), to=element.copy())
            for v in value
        ]
        return exp.Cast(this=exp.Array(expressions=items), to=dtype)
    return exp.Cast(this=exp.Literal.string(_text(value)), to=dtype)


def _key(record: Mapping[str, Any], columns: Sequence[str]) -> tuple[str, ...] | None:
    values = [record.get(c) for c in columns]
    if any(v is None for v in values):
        return None
    return tuple(_text(v) for v in values)


def insert_statements(schema: Schema, records: Records, tables: Sequence[str]) -> tuple[list[str], SeedReport]:
    """INSERTs for the records of ``tables`` (new tables of this push), parents before children."""
    report = SeedReport()
    chosen = [effective_table(t) for t in schema.tables if t.name in set(tables) and records.get(t.name)]
    loaded_keys: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    statements: list[str] = []
    for table in table_order(chosen):
        rows = _admissible(table, records[table.name], loaded_keys, {t.name for t in chosen}, report)
        refs = {(fk.ref_table, tuple(fk.ref_columns)) for t in chosen for fk in t.foreign_keys}
        for ref in refs:
            if ref[0] == table.name:
                loaded_keys[ref] = {k for r in rows if (k := _key(r, ref[1])) is not None}
        statements += _inserts(table, rows)
        report.loaded[table.name] = len(rows)
    return statements, report


def _admissible(
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    loaded: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]],
    seeded: set[str],
    report: SeedReport,
) -> list[Mapping[str, Any]]:
    kept = []
    required = [c.name for c in table.columns if not c.nullable and c.default is None]
    for row in rows:
        ok = all(row.get(name) is not None for name in required)
        for fk in table.foreign_keys:
            key = _key(row, fk.columns)
            if key is None or not ok:
                continue
            parents = loaded.get((fk.ref_table, tuple(fk.ref_columns)))
            if fk.ref_table not in seeded or parents is None or key not in parents:
                ok = False
                break
        if ok:
            kept.append(row)
    report.skipped[table.name] = len(rows) - len(kept)
    return kept


def _inserts(table: Table, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    columns = [c for c in table.columns if any(c.name in r for r in rows)]
    if not columns:
        return out
    for start in range(0, len(rows), BATCH):
        values = exp.Values(
            expressions=[
                exp.Tuple(expressions=[_value(r.get(c.name), c.type) for c in columns])
                for r in rows[start : start + BATCH]
            ]
        )
        insert = exp.Insert(
            this=exp.Schema(this=exp.Table(this=ident(table.name)), expressions=[ident(c.name) for c in columns]),
            expression=values,
            conflict=exp.OnConflict(action=exp.var("DO NOTHING")),
        )
        out.append(insert.sql("postgres"))
    return out
