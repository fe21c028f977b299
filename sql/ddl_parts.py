"""Pieces of DDL beyond plain columns, as sqlglot nodes: identifiers, identity columns, Postgres
enum types (and their stand-ins in other dialects), CHECK constraints and index predicates.

How each feature is written per dialect:

==================  ===============================  ==========================  =================
feature             Postgres                         MySQL / MariaDB             SQLite, SQL Server
==================  ===============================  ==========================  =================
identity column     GENERATED {ALWAYS|BY DEFAULT}    AUTO_INCREMENT (a primary   SQLite: the rowid
                    AS IDENTITY                      key column)                 of a sole INTEGER
                                                                                 primary key; SQL
                                                                                 Server: IDENTITY
enum type           CREATE TYPE … AS ENUM            ENUM('a', …) column type    CHECK (c IN (…))
CHECK constraint    CONSTRAINT name CHECK (…)        the same                    the same
partial index       CREATE INDEX … WHERE …           a full index (refused when  … WHERE …
                                                     unique)
==================  ===============================  ==========================  =================

Expressions come from :mod:`sql.expressions`: parsed, checked and regenerated, never pasted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlglot import exp

from kernel.errors import SchemaError
from kernel.schema import Column, Index, Schema, Table
from sql.expressions import dialect_expression, parse_expression


def ident(name: str) -> exp.Identifier:
    """A quoted identifier: the only way a name from a schema document enters a statement."""
    return exp.Identifier(this=name, quoted=True)


def table_ref(name: str) -> exp.Table:
    return exp.Table(this=ident(name))


# identity -----------------------------------------------------------------------------------

def identity_constraint(
    table: str, column: Column, dialect: str, primary_key: Sequence[str] | None
) -> exp.ColumnConstraint | None:
    """How ``column`` generates its values in ``dialect``; SchemaError where the dialect cannot.
    ``primary_key`` None: the column is added to an existing table (Postgres only)."""
    if column.identity is None:
        return None
    pk = list(primary_key or [])
    if dialect == "sqlite":
        if pk != [column.name]:
            raise SchemaError(f"{table}.{column.name}: SQLite generates values only for a table's sole "
                              "INTEGER primary key", table=table, column=column.name)
        return None  # INTEGER PRIMARY KEY is the rowid, which SQLite fills in
    if dialect == "mysql":
        if column.name not in pk:
            raise SchemaError(f"{table}.{column.name}: MySQL's AUTO_INCREMENT needs the column in the "
                              "primary key", table=table, column=column.name)
        return exp.ColumnConstraint(kind=exp.AutoIncrementColumnConstraint())
    return exp.ColumnConstraint(kind=exp.GeneratedAsIdentityColumnConstraint(this=column.identity == "always"))


# enum types ---------------------------------------------------------------------------------

def resolve_enum_types(schema: Schema) -> Schema:
    """The schema with every column's ``enum_type`` spelled out (``enum_mode`` applied), so that a
    table alone says how its enums are made; columns without enum values lose theirs."""
    tables = []
    changed = False
    for table in schema.tables:
        columns = []
        for column in table.columns:
            wanted = schema.enum_type_of(table, column)
            if wanted != column.enum_type:
                column = column.model_copy(update={"enum_type": wanted})
                changed = True
            columns.append(column)
        tables.append(table.model_copy(update={"columns": columns}))
    if not changed:
        return schema
    return schema.model_copy(update={"tables": tables, "enum_mode": "check"})


def enum_types(tables: Iterable[Table]) -> dict[str, list[str]]:
    """Each enum type the (resolved) tables use, with its values, in document order."""
    out: dict[str, list[str]] = {}
    for table in tables:
        for column in table.columns:
            if column.enum_type and column.enum:
                out.setdefault(column.enum_type, list(column.enum))
    return out


def enum_values_node(values: Iterable[str]) -> exp.DataType:
    return exp.DataType(this=exp.DType.ENUM, expressions=[exp.Literal.string(v) for v in values])


def create_enum_type(name: str, values: Iterable[str]) -> exp.Create:
    """``CREATE TYPE "name" AS ENUM ('a', …)`` (Postgres)."""
    return exp.Create(this=exp.Table(this=ident(name)), kind="TYPE", expression=enum_values_node(values))


def enum_type_ref(name: str) -> exp.DataType:
    return exp.DataType(this=exp.DType.USERDEFINED, kind=ident(name))


def native_enum_kind(column: Column, dialect: str) -> exp.DataType | None:
    """The column type of a native enum in ``dialect``, or None where a CHECK stands in for it."""
    if not column.enum_type or not column.enum:
        return None
    if dialect == "postgres":
        return enum_type_ref(column.enum_type)
    if dialect == "mysql":
        return enum_values_node(column.enum)
    return None


# checks and predicates ----------------------------------------------------------------------

def check_node(table: Table, name: str, expression: str, dialect: str) -> exp.Constraint:
    """``CONSTRAINT "name" CHECK (…)`` with the expression parsed against the table's columns."""
    what = f"{table.name}: check {name!r}"
    tree = parse_expression(expression, [c.name for c in table.columns], what=what)
    dialect_expression(tree, dialect, expression, what)  # SchemaError if the dialect cannot say it
    return exp.Constraint(this=ident(name), expressions=[exp.CheckColumnConstraint(this=tree)])


def table_checks(table: Table, dialect: str) -> list[exp.Constraint]:
    return [check_node(table, c.name, c.expression, dialect) for c in table.checks]


def index_predicate(table: str, index: Index, dialect: str, columns: Sequence[str] | None) -> exp.Where | None:
    """The WHERE of a partial index in ``dialect`` (None for a full index, and for MySQL, which has no
    partial indexes: a full index answers the same queries, but a unique one would refuse more).
    ``columns`` are the table's, which the predicate's names resolve against (None: already resolved)."""
    if index.where is None:
        return None
    what = f"{table}: index ({', '.join(index.columns)}) WHERE"
    if dialect == "mysql":
        if index.unique:
            raise SchemaError(f"{what}: MySQL has no partial indexes, and a full unique index would refuse "
                              "rows the partial one accepts", table=table)
        return None
    tree = parse_expression(index.where, columns, what=what)
    dialect_expression(tree, dialect, index.where, what)
    return exp.Where(this=tree)


def index_key(index: Index) -> tuple[str, ...]:
    """How the catalog's names know an index: its columns, and its predicate if partial."""
    return tuple(index.columns) if index.where is None else (*index.columns, "WHERE " + index.where)
