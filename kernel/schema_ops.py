"""Edits of a Schema, as plain functions: the editor's buttons and the advisor's patches use them.

Each function changes the schema in place and keeps it consistent: renaming a table or column
follows it into primary keys, indexes, the row-level-security owner column and the foreign keys of
every table; deleting one removes what referred to it. They raise ``ValueError`` for programmer
mistakes (an unknown table) and do no I/O.
"""

from __future__ import annotations

from kernel.schema import Column, ForeignKey, OnDelete, Schema, Table


def table_named(schema: Schema, name: str) -> Table:
    table = schema.table(name)
    if table is None:
        raise ValueError(f"no table {name!r}")
    return table


def column_named(table: Table, name: str) -> Column:
    column = table.column(name)
    if column is None:
        raise ValueError(f"no column {name!r} in {table.name!r}")
    return column


def unique_name(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


# tables -----------------------------------------------------------------------------------

def add_table(schema: Schema, name: str | None = None) -> Table:
    """A new table with a uuid primary key, as Studio starts one with an id."""
    name = unique_name(name or "new_table", {t.name for t in schema.tables})
    table = Table(
        name=name,
        columns=[Column(name="id", type="uuid", nullable=False, default="gen_random_uuid()")],
        primary_key=["id"],
    )
    schema.tables.append(table)
    return table


def rename_table(schema: Schema, old: str, new: str, table: Table | None = None) -> None:
    """Rename ``old`` (or the given ``table`` object, when names clash while typing)."""
    table = table or table_named(schema, old)
    if old == new:
        return
    table.name = new
    for other in schema.tables:
        for fk in other.foreign_keys:
            if fk.ref_table == old:
                fk.ref_table = new


def delete_table(schema: Schema, name: str) -> int:
    """Remove the table and every foreign key pointing at it; returns how many were removed."""
    table = table_named(schema, name)
    schema.tables.remove(table)
    removed = 0
    for other in schema.tables:
        kept = [fk for fk in other.foreign_keys if fk.ref_table != name]
        removed += len(other.foreign_keys) - len(kept)
        other.foreign_keys = kept
    return removed


def duplicate_table(schema: Schema, name: str) -> Table:
    source = table_named(schema, name)
    copy = source.model_copy(deep=True)
    copy.name = unique_name(f"{name}_copy", {t.name for t in schema.tables})
    for fk in copy.foreign_keys:
        if fk.ref_table == name:
            fk.ref_table = copy.name
    schema.tables.insert(schema.tables.index(source) + 1, copy)
    return copy


def set_primary_key(schema: Schema, table_name: str, columns: list[str]) -> None:
    """Set the (single or composite) primary key; its columns become NOT NULL."""
    table = table_named(schema, table_name)
    ordered = [c.name for c in table.columns if c.name in columns]
    table.primary_key = ordered or None
    for name in ordered:
        column_named(table, name).nullable = False


# columns ----------------------------------------------------------------------------------

def add_column(schema: Schema, table_name: str, name: str | None = None, type_text: str = "text") -> Column:
    table = table_named(schema, table_name)
    column = Column(name=unique_name(name or "new_column", {c.name for c in table.columns}), type=type_text)
    table.columns.append(column)
    return column


def rename_column(schema: Schema, table_name: str, old: str, new: str, column: Column | None = None) -> None:
    """Rename ``old`` (or the given ``column`` object) and every key, index and reference naming it.

    When another column of the table still bears ``old`` (the renamed one was a duplicate name),
    keys and references are left to that other column.
    """
    table = table_named(schema, table_name)
    column = column or column_named(table, old)
    if old == new:
        return
    column.name = new
    if any(c.name == old for c in table.columns if c is not column):
        return  # the column was a duplicate: keys and references name the other one

    def swap(names: list[str]) -> list[str]:
        return [new if n == old else n for n in names]

    if table.primary_key:
        table.primary_key = swap(table.primary_key)
    for index in table.indexes:
        index.columns = swap(index.columns)
    for fk in table.foreign_keys:
        fk.columns = swap(fk.columns)
    if table.rls is not None and table.rls.owner_column == old:
        table.rls.owner_column = new
    for other in schema.tables:
        for fk in other.foreign_keys:
            if fk.ref_table == table_name:
                fk.ref_columns = swap(fk.ref_columns)


def delete_column(schema: Schema, table_name: str, name: str) -> None:
    table = table_named(schema, table_name)
    table.columns.remove(column_named(table, name))
    if table.primary_key and name in table.primary_key:
        table.primary_key = [c for c in table.primary_key if c != name] or None
    table.indexes = [i for i in table.indexes if name not in i.columns]
    table.foreign_keys = [fk for fk in table.foreign_keys if name not in fk.columns]
    for other in schema.tables:
        other.foreign_keys = [
            fk for fk in other.foreign_keys if not (fk.ref_table == table_name and name in fk.ref_columns)
        ]


def move_column(schema: Schema, table_name: str, name: str, delta: int) -> None:
    table = table_named(schema, table_name)
    column = column_named(table, name)
    i = table.columns.index(column)
    j = max(0, min(len(table.columns) - 1, i + delta))
    table.columns.insert(j, table.columns.pop(i))


def set_enum_values(schema: Schema, table_name: str, name: str, values: list[str] | None) -> None:
    column = column_named(table_named(schema, table_name), name)
    column.enum = None if values is None else [v.strip() for v in values]


# foreign keys -----------------------------------------------------------------------------

def foreign_key_of(table: Table, column: str) -> ForeignKey | None:
    return next((fk for fk in table.foreign_keys if fk.columns == [column]), None)


def set_foreign_key(schema: Schema, table_name: str, column: str, ref_table: str, ref_column: str,
                    on_delete: OnDelete = "no action") -> ForeignKey:
    """Point ``column`` at ``ref_table.ref_column``, replacing its previous single-column key."""
    table = table_named(schema, table_name)
    column_named(table, column)
    table.foreign_keys = [fk for fk in table.foreign_keys if fk.columns != [column]]
    fk = ForeignKey(columns=[column], ref_table=ref_table, ref_columns=[ref_column], on_delete=on_delete)
    table.foreign_keys.append(fk)
    return fk


def remove_foreign_key(schema: Schema, table_name: str, column: str) -> None:
    table = table_named(schema, table_name)
    table.foreign_keys = [fk for fk in table.foreign_keys if fk.columns != [column]]


def key_candidates(table: Table) -> list[str]:
    """Columns a foreign key may point at: the primary key's and the unique ones."""
    pk = table.primary_key or []
    single = pk if len(pk) == 1 else []
    return [c.name for c in table.columns if c.name in single or c.unique]
