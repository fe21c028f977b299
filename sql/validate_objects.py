"""The checks ``sql.validate`` runs on partial indexes, CHECK constraints, identity columns and
Postgres enum types: what the server would refuse, said before anything is pushed.
"""

from __future__ import annotations

from typing import Protocol

from kernel.errors import SchemaError
from kernel.schema import MAX_IDENTIFIER_BYTES, Schema, Table
from sql.expressions import parse_expression
from sql.limits import enum_check_name, name_problem
from sql.types import TypeName, is_known_type

INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})
_ENUM_BASES = frozenset({"text", "varchar", "char"})


class Report(Protocol):
    def error(self, message: str, table: str | None = None, column: str | None = None) -> None: ...

    def warning(self, message: str, table: str | None = None, column: str | None = None) -> None: ...


def check_index_predicates(table: Table, out: Report) -> None:
    names = [c.name for c in table.columns]
    for index in table.indexes:
        if index.where is None:
            continue
        label = f"index ({', '.join(index.columns)})"
        try:
            parse_expression(index.where, names, what=f"{label} WHERE")
        except SchemaError as exc:
            out.error(exc.message, table.name)


def check_constraints(table: Table, out: Report) -> None:
    names = [c.name for c in table.columns]
    seen: set[str] = set()
    enum_names = {enum_check_name(table.name, c.name): c.name for c in table.columns if c.enum is not None}
    for check in table.checks:
        label = f"check {check.name!r}"
        if not check.name.strip():
            out.error("a check constraint needs a name", table.name)
        elif "\x00" in check.name:
            out.error("check constraint name contains a NUL character", table.name)
        elif problem := name_problem(check.name, "check constraint"):
            out.error(problem, table.name)
        elif check.name in seen:
            out.error(f"two check constraints are named {check.name!r}", table.name)
        elif check.name in enum_names:
            out.error(f"{label} takes the name of the enum check of column {enum_names[check.name]!r}; "
                      "name it otherwise", table.name)
        seen.add(check.name)
        try:
            parse_expression(check.expression, names, what=label)
        except SchemaError as exc:
            out.error(exc.message, table.name)


def check_identity(table: Table, types: dict[str, TypeName], out: Report) -> None:
    for column in table.columns:
        if column.identity is None:
            continue
        own = types.get(column.name)
        if own is not None and (own.base not in INTEGER_TYPES or own.array_dims):
            out.error(f"an identity column must be smallint, integer or bigint, not {own}", table.name, column.name)
        if column.default is not None:
            out.error("an identity column generates its values: remove its default", table.name, column.name)
        if column.nullable:
            out.error("an identity column must be required (NOT NULL)", table.name, column.name)


def check_enum_types(schema: Schema, types: dict[str, dict[str, TypeName]], out: Report) -> None:
    """Enum type names that are valid and free, one set of values per type, values Postgres keeps."""
    tables = {t.name for t in schema.tables}
    values_of: dict[str, tuple[tuple[str, ...], str]] = {}
    for table in schema.tables:
        for column in table.columns:
            if column.enum_type is not None and not column.enum_type.strip():
                out.error("enum type name is empty", table.name, column.name)
                continue
            name = schema.enum_type_of(table, column)
            if name is None or column.enum is None:
                continue
            where = f"{table.name}.{column.name}"
            own = types.get(table.name, {}).get(column.name)
            if own is not None and (own.base not in _ENUM_BASES or own.array_dims):
                out.error(f"a Postgres enum type holds text values; the column type is {own}", table.name,
                          column.name)
            if problem := name_problem(name, "enum type"):
                out.error(problem, table.name, column.name)
            elif is_known_type(name):
                out.error(f"enum type name {name!r} is a built-in type's name", table.name, column.name)
            elif name in tables:
                out.error(f"enum type name {name!r} is a table's name (each table has a type of that name)",
                          table.name, column.name)
            for value in column.enum:
                if len(value.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
                    out.error(f"enum value {value[:20]!r}… is longer than the {MAX_IDENTIFIER_BYTES} bytes an "
                              "enum type keeps", table.name, column.name)
            wanted = tuple(column.enum)
            first = values_of.setdefault(name, (wanted, where))
            if first[0] != wanted:
                out.error(f"enum type {name!r} has values ({', '.join(first[0])}) in {first[1]} but "
                          f"({', '.join(wanted)}) here", table.name, column.name)
            _check_enum_default(column.default, column.enum, table.name, column.name, out)


def _check_enum_default(default: str | None, values: list[str], table: str, column: str, out: Report) -> None:
    from sqlglot import exp

    from sql.ddl import default_expression

    if default is None:
        return
    try:
        node = default_expression(default)
    except SchemaError:
        return  # reported with the other defaults
    while isinstance(node, exp.Cast | exp.Paren):
        node = node.this
    if isinstance(node, exp.Literal) and node.is_string and node.this not in values:
        out.error(f"default {default!r} is not one of the enum values", table, column)
