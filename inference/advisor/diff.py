"""A readable diff between two schemas: what a patch changed, line by line, for review.

Lines start with ``-`` (gone), ``+`` (new) or ``~`` (changed, old → new). Evidence is not compared:
the diff shows what the database would hold and what a reader sees (descriptions).
"""

from __future__ import annotations

from kernel.schema import Column, ForeignKey, Schema, Table

_FIELDS = ("type", "nullable", "unique", "default", "enum", "description")


def _fk(fk: ForeignKey) -> str:
    return f"({', '.join(fk.columns)}) → {fk.ref_table}({', '.join(fk.ref_columns)})"


def _column(table: str, before: Column, after: Column) -> list[str]:
    lines = []
    for name in _FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            lines.append(f"~ {table}.{before.name} {name}: {old} → {new}")
    return lines


def _table(before: Table, after: Table) -> list[str]:
    name = after.name
    lines = []
    if before.description != after.description:
        lines.append(f"~ {name} description: {before.description} → {after.description}")
    if before.primary_key != after.primary_key:
        old = ", ".join(before.primary_key or []) or "none"
        new = ", ".join(after.primary_key or []) or "none"
        lines.append(f"~ {name} primary key: ({old}) → ({new})")
    old_cols = {c.name: c for c in before.columns}
    new_cols = {c.name: c for c in after.columns}
    lines += [f"- {name}.{c} {old_cols[c].type}" for c in old_cols if c not in new_cols]
    lines += [f"+ {name}.{c} {new_cols[c].type}" for c in new_cols if c not in old_cols]
    for c in old_cols.keys() & new_cols.keys():
        lines += _column(name, old_cols[c], new_cols[c])
    old_fks = {_fk(f) for f in before.foreign_keys}
    new_fks = {_fk(f) for f in after.foreign_keys}
    lines += [f"- {name} foreign key {f}" for f in sorted(old_fks - new_fks)]
    lines += [f"+ {name} foreign key {f}" for f in sorted(new_fks - old_fks)]
    return lines


def schema_diff(before: Schema, after: Schema) -> list[str]:
    """Every difference, tables in the order of ``after`` (removed ones first)."""
    old = {t.name: t for t in before.tables}
    new = {t.name: t for t in after.tables}
    lines = [f"- table {t.name} ({len(t.columns)} columns)" for t in before.tables if t.name not in new]
    lines += [f"+ table {t.name} ({len(t.columns)} columns)" for t in after.tables if t.name not in old]
    for table in after.tables:
        if table.name in old:
            lines += _table(old[table.name], table)
    return lines
