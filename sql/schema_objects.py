"""Edits of a table's indexes, CHECK constraints, identity columns and enum types, as plain
functions beside :mod:`kernel.schema_ops` (which they extend where expressions are involved).

What a person types (a CHECK's expression, an index predicate, a name) is checked here and refused
with a SchemaError that says what is wrong, before it reaches the document; a programmer mistake
(an unknown table or column) is a ValueError. Renaming or deleting a column follows into the
expressions that name it.
"""

from __future__ import annotations

from collections.abc import Sequence

from kernel.errors import SchemaError
from kernel.schema import Check, Column, EnumMode, Identity, Index, Schema, Table
from kernel.schema_ops import column_named, delete_column, rename_column, table_named
from sql.expressions import parse_expression, referenced_columns, rename_in
from sql.limits import default_name, name_problem

INTEGER_TYPES = ("smallint", "integer", "bigint")


def add_index(schema: Schema, table_name: str, columns: Sequence[str], *, unique: bool = False,
              where: str | None = None) -> Index:
    table = table_named(schema, table_name)
    if not columns:
        raise SchemaError("pick at least one column for the index", table=table_name)
    for name in columns:
        column_named(table, name)
    where = (where or "").strip() or None
    if where is not None:
        parse_expression(where, [c.name for c in table.columns], what="index predicate")
    index = Index(columns=list(columns), unique=unique, where=where)
    if index in table.indexes:
        raise SchemaError(f"{table_name} already has this index", table=table_name)
    table.indexes.append(index)
    return index


def remove_index(schema: Schema, table_name: str, position: int) -> Index:
    return table_named(schema, table_name).indexes.pop(position)


def add_check(schema: Schema, table_name: str, name: str | None, expression: str) -> Check:
    """A named CHECK; without a name it is named as Postgres would name it (``<table>_check``)."""
    table = table_named(schema, table_name)
    parse_expression(expression, [c.name for c in table.columns], what="check")  # refuses what would not push
    taken = {c.name for c in table.checks}
    name = (name or "").strip() or _free_name(table, taken)
    if problem := name_problem(name, "check constraint"):
        raise SchemaError(problem, table=table_name)
    if name in taken:
        raise SchemaError(f"{table_name} already has a check named {name!r}", table=table_name)
    check = Check(name=name, expression=expression.strip())
    table.checks.append(check)
    return check


def _free_name(table: Table, taken: set[str]) -> str:
    n = 0
    while (name := default_name(table.name, None, "check" + (str(n) if n else ""))) in taken:
        n += 1
    return name


def remove_check(schema: Schema, table_name: str, name: str) -> None:
    table = table_named(schema, table_name)
    table.checks = [c for c in table.checks if c.name != name]


def set_identity(schema: Schema, table_name: str, column_name: str, identity: Identity | None) -> None:
    """Make an integer column generate its values (it becomes NOT NULL, without a default), or not."""
    column = column_named(table_named(schema, table_name), column_name)
    if identity is not None:
        if column.type not in INTEGER_TYPES:
            raise SchemaError(f"only {', '.join(INTEGER_TYPES)} columns can be identity columns",
                              table=table_name, column=column_name)
        column.nullable = False
        column.default = None
    column.identity = identity


def set_enum_mode(schema: Schema, mode: EnumMode) -> None:
    schema.enum_mode = mode


def set_enum_type(schema: Schema, table_name: str, column_name: str, name: str | None) -> None:
    """Name the Postgres enum type a column's values make (None: the schema's ``enum_mode`` decides)."""
    column = column_named(table_named(schema, table_name), column_name)
    column.enum_type = (name or "").strip() or None


def rename_column_everywhere(schema: Schema, table_name: str, old: str, new: str,
                             column: Column | None = None) -> None:
    """:func:`kernel.schema_ops.rename_column`, and the CHECKs and index predicates that name it."""
    table = table_named(schema, table_name)
    names = [c.name for c in table.columns]
    duplicate = names.count(old) > 1
    if old != new and not duplicate:
        for check in table.checks:
            check.expression = rename_in(check.expression, names, old, new)
        for index in table.indexes:
            if index.where is not None:
                index.where = rename_in(index.where, names, old, new)
    rename_column(schema, table_name, old, new, column)


def delete_column_everywhere(schema: Schema, table_name: str, name: str) -> None:
    """:func:`kernel.schema_ops.delete_column`, and the CHECKs and partial indexes that name it."""
    table = table_named(schema, table_name)
    names = [c.name for c in table.columns]
    table.checks = [c for c in table.checks if not _names(c.expression, names, name)]
    table.indexes = [i for i in table.indexes if i.where is None or not _names(i.where, names, name)]
    delete_column(schema, table_name, name)


def _names(text: str, columns: list[str], name: str) -> bool:
    try:
        return name in referenced_columns(parse_expression(text, columns))
    except SchemaError:
        return False
