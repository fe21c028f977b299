"""The schema as a mermaid ``erDiagram``: entities with their typed attributes and keys, and one
relationship line per foreign key.

Mermaid accepts only a narrow alphabet in entity names and attribute types, so names are made
safe (anything else becomes ``_``; clashes get a numeric suffix) and the original name is shown
as the entity's alias label when it differs. The text is deterministic for a given schema, so
the editor can skip re-rendering when nothing changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kernel.schema import Schema, Table

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_LABEL_UNSAFE = re.compile(r'["\[\]\n\r]')


def _safe(name: str) -> str:
    safe = _UNSAFE.sub("_", name) or "_"
    return safe if safe[0].isalpha() else "t_" + safe


class _Names:
    def __init__(self) -> None:
        self.taken: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, name: str) -> str:
        if name in self.taken:
            return self.taken[name]
        base = candidate = _safe(name)
        n = 2
        while candidate in self.used:
            candidate, n = f"{base}_{n}", n + 1
        self.used.add(candidate)
        self.taken[name] = candidate
        return candidate


def _type(text: str) -> str:
    """``numeric(10,2)`` → ``numeric_10_2``, ``text[]`` → ``text_array``: mermaid-safe words."""
    text = text.replace("[]", "_array")
    return re.sub(r"_+", "_", _UNSAFE.sub("_", text)).strip("_") or "unknown"


def _entity(table: Table, entity: str, names: _Names) -> list[str]:
    pk = set(table.primary_key or [])
    fks = {c for fk in table.foreign_keys for c in fk.columns}
    label = _LABEL_UNSAFE.sub("_", table.name)
    head = f'    {entity}["{label}"] {{' if label != entity else f"    {entity} {{"
    lines = [head]
    column_names = _Names()
    for column in table.columns:
        keys = [k for k, on in (("PK", column.name in pk), ("FK", column.name in fks),
                                ("UK", column.unique and column.name not in pk)) if on]
        line = f"        {_type(column.type)} {column_names(column.name)}"
        if keys:
            line += " " + ", ".join(keys)
        if column_names(column.name) != column.name:
            line += f' "{_LABEL_UNSAFE.sub("_", column.name)}"'
        lines.append(line)
    lines.append("    }")
    return lines


def er_diagram(schema: Schema, tables: Iterable[str] | None = None) -> str:
    """Mermaid erDiagram text for ``schema``, or only for the named ``tables`` and their
    foreign keys between them (the editor's neighbourhood view of a large schema)."""
    keep = None if tables is None else set(tables)
    shown = [t for t in schema.tables if keep is None or t.name in keep]
    names = _Names()
    lines = ["erDiagram"]
    for table in shown:
        lines += _entity(table, names(table.name), names)
    shown_names = {t.name for t in shown}
    for table in shown:
        for fk in table.foreign_keys:
            if fk.ref_table not in shown_names:
                continue
            nullable = any((c := table.column(name)) is not None and c.nullable for name in fk.columns)
            parent = "|o" if nullable else "||"
            label = _LABEL_UNSAFE.sub("_", ", ".join(fk.columns)) or "fk"
            lines.append(f'    {names(fk.ref_table)} {parent}--o{{ {names(table.name)} : "{label}"')
    return "\n".join(lines) + "\n"


def neighbourhood(schema: Schema, table: str) -> list[str]:
    """``table`` and every table it references or that references it."""
    out = {table}
    for t in schema.tables:
        for fk in t.foreign_keys:
            if t.name == table:
                out.add(fk.ref_table)
            if fk.ref_table == table:
                out.add(t.name)
    return [t.name for t in schema.tables if t.name in out]
