"""Plan, then apply: the typed edits that take a live database towards a desired Schema.

:func:`diff` compares the live structure (read by ``introspect``) with the document and returns
frozen edits. It is additive only: it creates missing tables, adds missing columns, indexes and
the foreign keys of new tables and new columns. Anything it will not do (change a column's type,
drop anything) is reported as a note, never done silently. :class:`Plan` turns the edits into
SQL for a dialect; applying it is ``sql.apply``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from sql import ddl
from sql.model import Column, ForeignKey, Index, Schema, Table
from sql.types import dialect_types, parse_type
from wiretable.errors import SchemaError


@dataclass(frozen=True)
class AddTable:
    table: Table


@dataclass(frozen=True)
class AddColumn:
    table: str
    column: Column
    # NOT NULL without a default cannot be added to a table that may hold rows; such columns are
    # added as nullable and the plan says so in its notes.
    as_nullable: bool = False


@dataclass(frozen=True)
class AddIndex:
    table: str
    index: Index


@dataclass(frozen=True)
class AddForeignKey:
    table: str
    foreign_key: ForeignKey


Edit = AddTable | AddColumn | AddIndex | AddForeignKey


@dataclass(frozen=True)
class Plan:
    edits: tuple[Edit, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def created_tables(self) -> tuple[str, ...]:
        return tuple(e.table.name for e in self.edits if isinstance(e, AddTable))

    @property
    def added_columns(self) -> tuple[tuple[str, str], ...]:
        return tuple((e.table, e.column.name) for e in self.edits if isinstance(e, AddColumn))

    @property
    def is_empty(self) -> bool:
        return not self.edits

    def expressions(self, dialect: str = "postgres") -> list[exp.Expression]:
        types = dialect_types(dialect)
        inline = not types.alter_add_foreign_key
        new_tables = [e.table for e in self.edits if isinstance(e, AddTable)]
        out: list[exp.Expression] = [
            ddl.create_table(t, types, inline_foreign_keys=inline) for t in ddl.table_order(new_tables)
        ]
        for edit in self.edits:
            if isinstance(edit, AddColumn):
                out.append(ddl.add_column(edit.table, edit.column, dialect, force_nullable=edit.as_nullable))
        out += [ddl.create_index(e.table, e.index, dialect) for e in self.edits if isinstance(e, AddIndex)]
        for edit in self.edits:
            if isinstance(edit, AddForeignKey):
                if inline and edit.table in {t.name for t in new_tables}:
                    continue
                if inline:
                    raise SchemaError(
                        f"{dialect} cannot add a foreign key to an existing table", table=edit.table
                    )
                out.append(ddl.add_foreign_key(edit.table, edit.foreign_key))
        return out

    def statements(self, dialect: str = "postgres") -> list[str]:
        return [e.sql(dialect) for e in self.expressions(dialect)]


def _fk_key(fk: ForeignKey) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    return tuple(fk.columns), fk.ref_table, tuple(fk.ref_columns)


def _same_type(a: str, b: str) -> bool:
    try:
        return parse_type(a) == parse_type(b)
    except SchemaError:
        return a == b


def _diff_table(live: Table, wanted: Table, edits: list[Edit], notes: list[str]) -> None:
    added: set[str] = set()
    for column in wanted.columns:
        existing = live.column(column.name)
        if existing is None:
            as_nullable = not column.nullable and column.default is None
            if as_nullable:
                notes.append(f"{wanted.name}.{column.name}: added as nullable (the table may hold rows)")
            edits.append(AddColumn(wanted.name, column, as_nullable=as_nullable))
            added.add(column.name)
        elif not _same_type(existing.type, column.type):
            notes.append(
                f"{wanted.name}.{column.name}: type {existing.type} kept (the document says {column.type})"
            )
        elif existing.nullable != column.nullable:
            state = "nullable" if existing.nullable else "NOT NULL"
            notes.append(f"{wanted.name}.{column.name}: kept {state}")
    live_indexes = {(tuple(i.columns), i.unique) for i in live.indexes}
    for index in wanted.indexes:
        if (tuple(index.columns), index.unique) not in live_indexes:
            edits.append(AddIndex(wanted.name, index))
    live_fks = {_fk_key(fk) for fk in live.foreign_keys}
    for fk in wanted.foreign_keys:
        if _fk_key(fk) in live_fks:
            continue
        if set(fk.columns) <= added:
            edits.append(AddForeignKey(wanted.name, fk))
        else:
            notes.append(
                f"{wanted.name}: foreign key ({', '.join(fk.columns)}) → {fk.ref_table} not added"
                " to existing columns"
            )


def diff(current: Schema, desired: Schema) -> tuple[list[Edit], list[str]]:
    """The additive edits from ``current`` to ``desired``, and notes on what is left alone."""
    edits: list[Edit] = []
    notes: list[str] = []
    new_tables: list[Table] = []
    for wanted in desired.tables:
        live = current.table(wanted.name)
        if live is None:
            new_tables.append(wanted)
            edits.append(AddTable(wanted))
        else:
            _diff_table(live, wanted, edits, notes)
    for table in new_tables:
        edits += [AddIndex(table.name, i) for i in table.indexes]
        edits += [AddForeignKey(table.name, fk) for fk in table.foreign_keys]
    return edits, notes


def plan(current: Schema, desired: Schema) -> Plan:
    edits, notes = diff(current, desired)
    return Plan(tuple(edits), tuple(notes))
