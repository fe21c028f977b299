"""Load sample records into freshly pushed tables, in foreign-key order, inside the push's transaction.

Only tables created by the same push are seeded, so existing data is never touched and a re-push
(which creates nothing) loads nothing. Values are ``CAST('<text>' AS <column type>)`` literals
built from sqlglot nodes (lists become ``ARRAY[...]``, objects JSON text; a json/jsonb value that
is not JSON text is stored as a JSON string); keys the table lacks are ignored, and a column with
a default takes it where a record lacks the key (or holds null for a NOT NULL column). A record
whose foreign key points at a parent row that is not being loaded, that lacks a required value,
or that repeats a primary key already loaded, is skipped (and counted) rather than failing the
push; rows of a table that refers to itself are ordered parents first. Other duplicate keys keep
the first record (``ON CONFLICT DO NOTHING``). Any other failure fails the push, which rolls back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from kernel.schema import Column, ForeignKey, Schema, Table
from sql.ddl import ident, table_order
from sql.plan import effective_table
from sql.types import parse_type, to_datatype

Records = Mapping[str, Sequence[Mapping[str, Any]]]
BATCH = 500
_DEFAULT = exp.var("DEFAULT")


@dataclass
class SeedReport:
    """Rows loaded and skipped per table (tables of the push that had records)."""

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

    def add_skipped(self, counts: Mapping[str, int]) -> SeedReport:
        """A copy that also counts ``counts`` (rows left out before seeding) for its tables."""
        skipped = {t: n + (counts.get(t, 0)) for t, n in self.skipped.items()}
        return SeedReport(dict(self.loaded), skipped)

    def lines(self) -> list[str]:
        """One ``table: N loaded, M skipped`` line per table, in load order."""
        return [f"{t}: {n} loaded, {self.skipped.get(t, 0)} skipped" for t, n in self.loaded.items()]


# Postgres text and jsonb cannot hold a NUL character (U+0000): it is left out of loaded values,
# which would otherwise fail the whole push.
_JSON_NUL = "\\u0000"


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).replace(_JSON_NUL, "")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\x00", "")


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return json.dumps(value, ensure_ascii=False).replace(_JSON_NUL, "")
        return value.replace(_JSON_NUL, "").replace("\x00", "")
    return json.dumps(value, ensure_ascii=False).replace(_JSON_NUL, "")


def _value(value: Any, type_text: str) -> exp.Expression:
    if value is None:
        return exp.Null()
    dtype = to_datatype(type_text)
    parsed = parse_type(type_text)
    if parsed.array_dims == 1 and isinstance(value, list):
        element = to_datatype(str(parsed.element))
        as_text = _json_text if parsed.base in ("json", "jsonb") else _text
        items = [
            exp.Null() if v is None else exp.Cast(this=exp.Literal.string(as_text(v)), to=element.copy())
            for v in value
        ]
        return exp.Cast(this=exp.Array(expressions=items), to=dtype)
    if parsed.array_dims == 0 and parsed.base in ("json", "jsonb"):
        return exp.Cast(this=exp.Literal.string(_json_text(value)), to=dtype)
    return exp.Cast(this=exp.Literal.string(_text(value)), to=dtype)


def _key(record: Mapping[str, Any], columns: Sequence[str]) -> tuple[str, ...] | None:
    values = [record.get(c) for c in columns]
    if any(v is None for v in values):
        return None
    return tuple(_text(v) for v in values)


def _admitted(schema: Schema, records: Records,
              tables: Sequence[str]) -> tuple[list[tuple[Table, list[Mapping[str, Any]]]], SeedReport]:
    report = SeedReport()
    wanted = set(tables)
    chosen = [effective_table(t) for t in schema.tables if t.name in wanted and records.get(t.name)]
    seeded = {t.name for t in chosen}
    loaded_keys: dict[tuple[str, tuple[str, ...]], set[tuple[str, ...]]] = {}
    refs = {(fk.ref_table, tuple(fk.ref_columns)) for t in chosen for fk in t.foreign_keys}
    out: list[tuple[Table, list[Mapping[str, Any]]]] = []
    for table in table_order(chosen):
        rows = _admissible(table, records[table.name], loaded_keys, seeded, report)
        for ref in refs:
            if ref[0] == table.name:
                loaded_keys[ref] = {k for r in rows if (k := _key(r, ref[1])) is not None}
        out.append((table, rows))
        report.loaded[table.name] = len(rows)
    return out, report


def seed_report(schema: Schema, records: Records, tables: Sequence[str]) -> SeedReport:
    """What :func:`insert_statements` reports for the same arguments, without building the SQL."""
    return _admitted(schema, records, tables)[1]


def insert_statements(schema: Schema, records: Records, tables: Sequence[str]) -> tuple[list[str], SeedReport]:
    """INSERTs for the records of ``tables`` (new tables of this push), parents before children."""
    admitted, report = _admitted(schema, records, tables)
    statements: list[str] = []
    for table, rows in admitted:
        statements += _inserts(table, rows)
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
    pk = list(table.primary_key or [])
    seen_pk: set[tuple[str, ...]] = set()
    for row in rows:
        ok = all(row.get(name) is not None for name in required)
        for fk in table.foreign_keys:
            key = _key(row, fk.columns)
            if key is None or not ok or fk.ref_table == table.name:
                continue
            parents = loaded.get((fk.ref_table, tuple(fk.ref_columns)))
            if fk.ref_table not in seeded or parents is None or key not in parents:
                ok = False
                break
        if ok and pk:
            pk_key = _key(row, pk)
            if pk_key is not None and pk_key in seen_pk:
                ok = False
            elif pk_key is not None:
                seen_pk.add(pk_key)
        if ok:
            kept.append(row)
    self_refs = [fk for fk in table.foreign_keys if fk.ref_table == table.name]
    if self_refs:
        kept = _parents_first(kept, self_refs)
    report.skipped[table.name] = len(rows) - len(kept)
    return kept


def _parents_first(rows: list[Mapping[str, Any]], fks: Sequence[ForeignKey]) -> list[Mapping[str, Any]]:
    """Rows of a table that refers to itself, each after the row it refers to; rows whose parent
    is absent (or part of a cycle) are left out."""
    ordered: list[Mapping[str, Any]] = []
    emitted = {(tuple(fk.ref_columns)): set[tuple[str, ...]]() for fk in fks}
    pending = list(rows)
    while pending:
        waiting = []
        for row in pending:
            if all((key := _key(row, fk.columns)) is None or key in emitted[tuple(fk.ref_columns)]
                   or key == _key(row, fk.ref_columns) for fk in fks):
                ordered.append(row)
                for columns, keys in emitted.items():
                    if (own := _key(row, columns)) is not None:
                        keys.add(own)
            else:
                waiting.append(row)
        if len(waiting) == len(pending):
            break
        pending = waiting
    return ordered


def _cell(row: Mapping[str, Any], column: Column) -> exp.Expression:
    value = row.get(column.name)
    if column.default is not None and (column.name not in row or (value is None and not column.nullable)):
        return _DEFAULT.copy()
    return _value(value, column.type)


def _inserts(table: Table, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    columns = [c for c in table.columns if any(c.name in r for r in rows)]
    if not columns:
        return out
    for start in range(0, len(rows), BATCH):
        values = exp.Values(
            expressions=[
                exp.Tuple(expressions=[_cell(r, c) for c in columns])
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


def data_report(schema: Schema, records: Records, created_tables: Sequence[str],
                dropped: Mapping[str, int] | None = None) -> SeedReport:
    """Rows a push that created ``created_tables`` loaded (or, dry, would load) from ``records``,
    per table; ``dropped`` adds rows left out before seeding (values that did not fit)."""
    return seed_report(schema, records, created_tables).add_skipped(dropped or {})


def data_report_lines(schema: Schema, records: Records, created_tables: Sequence[str], *,
                      dropped: Mapping[str, int] | None = None, reasons: Mapping[str, str] | None = None,
                      dry_run: bool = False) -> list[str]:
    """The per-table lines the CLI prints after a push with sample data."""
    report = data_report(schema, records, created_tables, dropped)
    if not report.loaded:
        if not created_tables:
            return ["sample data: nothing loaded, the push created no tables "
                    "(data is only loaded into the tables a push creates)"]
        return ["sample data: nothing loaded, no captured records match the created tables"]
    head = "sample data (would load):" if dry_run else "sample data:"
    lines = [head] + [f"  {line}" for line in report.lines()]
    for table, reason in (reasons or {}).items():
        if table in report.loaded:
            lines.append(f"  {table}: skipped a row: {reason}")
    return lines
