"""Checks a Schema before DDL is generated or pushed, and says what is wrong in the user's terms.

``validate_schema`` never raises for a bad document: it returns every :class:`Problem` it finds,
so the editor can show them all at once. An ``error`` means the DDL would fail or be wrong; a
``warning`` means it works but may surprise (a long name that Postgres truncates, a reserved word
that only works because it is quoted). ``check_schema`` raises SchemaError on the first error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from sqlglot import exp

from kernel.errors import SchemaError
from kernel.schema import MAX_IDENTIFIER_BYTES, ForeignKey, Schema, Table
from sql.ddl import default_expression
from sql.limits import (
    MAX_COLUMNS,
    MAX_TABLES,
    NO_EQUALITY,
    column_name_problem,
    enum_value_problem,
    has_nul,
    name_problem,
    table_name_problem,
    type_problem,
)
from sql.types import TypeName, parse_type
from sql.validate_objects import check_constraints, check_enum_types, check_identity, check_index_predicates

# Postgres key words that are reserved (including those that may only be function or type names).
_RESERVED_TEXT = """
    all analyse analyze and any array as asc asymmetric authorization binary both case cast check
    collate collation column concurrently constraint create cross current_catalog current_date
    current_role current_schema current_time current_timestamp current_user default deferrable
    desc distinct do else end except false fetch for foreign freeze from full grant group having
    ilike in initially inner intersect into is isnull join lateral leading left like limit
    localtime localtimestamp natural not notnull null offset on only or order outer overlaps
    placing primary references returning right select session_user similar some symmetric
    system_user table tablesample then to trailing true union unique user using variadic verbose
    when where window with
"""
RESERVED_WORDS = frozenset(_RESERVED_TEXT.split())


@dataclass(frozen=True)
class Problem:
    level: Literal["error", "warning"]
    message: str
    table: str | None = None
    column: str | None = None

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def _where(table: str | None, column: str | None = None) -> str:
    if table is None:
        return "schema"
    return f"{table}.{column}" if column is not None else table


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, message: str, table: str | None = None, column: str | None = None) -> None:
        self.problems.append(Problem("error", f"{_where(table, column)}: {message}", table, column))

    def warning(self, message: str, table: str | None = None, column: str | None = None) -> None:
        self.problems.append(Problem("warning", f"{_where(table, column)}: {message}", table, column))

    def name(self, name: str, kind: str, table: str | None, column: str | None = None) -> bool:
        if not name or not name.strip():
            self.error(f"{kind} name is empty", table, column)
            return False
        if "\x00" in name:
            self.error(f"{kind} name contains a NUL character", table, column)
            return False
        problem = name_problem(name, kind) or (column_name_problem(name) if kind == "column" else None) or (
            table_name_problem(name) if kind == "table" else None)
        if problem:
            self.error(problem, table, column)
            return False
        if name.lower() in RESERVED_WORDS:
            self.warning(f"{kind} name {name!r} is a reserved word; it works only quoted", table, column)
        return True


def _truncated(name: str) -> str:
    return name.encode("utf-8")[:MAX_IDENTIFIER_BYTES].decode("utf-8", errors="ignore")


def _duplicates(names: list[str]) -> list[str]:
    counts = Counter(_truncated(n) for n in names if n)
    return [n for n, count in counts.items() if count > 1]


def _types(table: Table, out: _Collector) -> dict[str, TypeName]:
    types: dict[str, TypeName] = {}
    for column in table.columns:
        try:
            types[column.name] = parse_type(column.type)
        except SchemaError as exc:
            out.error(exc.message, table.name, column.name)
            continue
        problem = type_problem(types[column.name])
        if problem:
            out.error(problem, table.name, column.name)
    return types


def _check_limits(table: Table, types: dict[str, TypeName], out: _Collector) -> None:
    """What the server refuses past the document's own rules: too many columns, keys on types
    without equality, NUL characters in text it sends."""
    if len(table.columns) > MAX_COLUMNS:
        out.error(f"a table can have at most {MAX_COLUMNS} columns, this one has {len(table.columns)}", table.name)
    keyed = set(table.primary_key or []) | {c.name for c in table.columns if c.unique}
    keyed |= {name for index in table.indexes if index.unique for name in index.columns}
    for name in sorted(keyed):
        own = types.get(name)
        if own is not None and own.base in NO_EQUALITY and not own.array_dims:
            out.error(f"type {own} has no equality, so it cannot be a key or unique", table.name, name)
    if has_nul(table.description):
        out.error("description contains a NUL character", table.name)
    for column in table.columns:
        if has_nul(column.description) or has_nul(column.default) or any(map(has_nul, column.enum or [])):
            out.error("description, default or enum value contains a NUL character", table.name, column.name)


def _check_table(
    table: Table, schema: Schema, types: dict[str, dict[str, TypeName]], out: _Collector
) -> None:
    if not out.name(table.name, "table", table.name or None):
        return
    if not table.columns:
        out.error("a table needs at least one column", table.name)
    for column in table.columns:
        if not out.name(column.name, "column", table.name, column.name or None):
            continue
        if column.enum is not None:
            _check_enum(column.enum, types.get(table.name, {}).get(column.name), table.name, column.name, out)
        if column.default is not None:
            try:
                expression = default_expression(column.default)
            except SchemaError as exc:
                out.error(exc.message, table.name, column.name)
            else:
                _check_default(expression, column.default, types[table.name].get(column.name),
                               table.name, column.name, out)
    for name in _duplicates([c.name for c in table.columns]):
        out.error(f"duplicate column name {name!r}", table.name, name)
    _check_limits(table, types.get(table.name, {}), out)

    if table.primary_key is not None:
        if not table.primary_key:
            out.error("primary key lists no columns", table.name)
        for name in table.primary_key:
            pk_column = table.column(name)
            if pk_column is None:
                out.error(f"primary key column {name!r} does not exist", table.name, name)
            elif pk_column.nullable:
                out.error("primary key column is nullable", table.name, name)

    for index in table.indexes:
        if not index.columns:
            out.error("index lists no columns", table.name)
        for name in index.columns:
            if table.column(name) is None:
                out.error(f"index column {name!r} does not exist", table.name, name)
    check_index_predicates(table, out)
    check_constraints(table, out)
    check_identity(table, types.get(table.name, {}), out)

    for fk in table.foreign_keys:
        _check_foreign_key(table, fk, schema, types, out)

    if table.audit_timestamps:
        for name in ("created_at", "updated_at"):
            own = types[table.name].get(name)
            if own is not None and own.base not in ("timestamptz", "timestamp"):
                out.error(f"audit timestamps need {name} to be a timestamp, not {own}", table.name, name)
    if table.rls is not None and table.rls.preset == "owner":
        owner = table.rls.owner_column
        if not owner:
            out.error("row-level security 'owner' needs an owner column", table.name)
        elif table.column(owner) is None:
            out.error(f"row-level security owner column {owner!r} does not exist", table.name, owner)


_NUMERIC = {"smallint", "integer", "bigint", "numeric", "real", "double precision"}


def _check_enum(values: list[str], own: TypeName | None, table: str, column: str, out: _Collector) -> None:
    if not values:
        out.error("enum has no values", table, column)
        return
    if any(not v for v in values):
        out.error("enum has an empty value", table, column)
    for value in sorted({v for v in values if values.count(v) > 1}):
        out.warning(f"enum value {value!r} is listed twice", table, column)
    problem = enum_value_problem(values, own)
    if problem:
        out.error(problem, table, column)


def _check_default(expression: exp.Expression, text: str, own: TypeName | None, table: str, column: str,
                   out: _Collector) -> None:
    """Defaults that Postgres would refuse for the column's type, said before the push fails."""
    if own is None or own.array_dims:
        return
    node = expression
    while isinstance(node, exp.Paren | exp.Neg):
        node = node.this
    if isinstance(node, exp.Literal) and node.is_string:
        if own.base in _NUMERIC:
            try:
                float(node.this)
            except ValueError:
                out.error(f"default {text!r} is not a number", table, column)
        elif own.base == "boolean" and node.this.lower() not in ("true", "false", "t", "f", "yes", "no", "1", "0"):
            out.error(f"default {text!r} is not a boolean", table, column)
    else:
        timeish = isinstance(node, exp.CurrentTimestamp | exp.CurrentDate | exp.CurrentTime)
        misfit = (
            (isinstance(node, exp.Uuid) and own.base not in ("uuid", "text", "varchar"))
            or (timeish and (own.base in _NUMERIC or own.base in ("boolean", "uuid", "jsonb", "json", "bytea")))
            or (isinstance(node, exp.Literal) and own.base in ("boolean", "uuid", "date", "timestamptz", "timestamp"))
            or (isinstance(node, exp.Boolean) and own.base not in ("boolean", "text", "varchar"))
        )
        if misfit:
            out.error(f"default {text!r} does not fit type {own}", table, column)


def _check_foreign_key(
    table: Table, fk: ForeignKey, schema: Schema, types: dict[str, dict[str, TypeName]], out: _Collector
) -> None:
    label = f"foreign key ({', '.join(fk.columns)}) → {fk.ref_table}"
    if not fk.columns:
        out.error(f"{label} lists no columns", table.name)
        return
    if len(fk.columns) != len(fk.ref_columns):
        out.error(f"{label} has {len(fk.columns)} column(s) but references {len(fk.ref_columns)}", table.name)
        return
    target = schema.table(fk.ref_table)
    if target is None:
        out.error(f"{label} references a missing table {fk.ref_table!r}", table.name)
        return
    missing = False
    for local, remote in zip(fk.columns, fk.ref_columns, strict=True):
        if table.column(local) is None:
            out.error(f"{label}: column {local!r} does not exist", table.name, local)
            missing = True
        if target.column(remote) is None:
            out.error(f"{label}: referenced column {fk.ref_table}.{remote} does not exist", table.name, local)
            missing = True
    if missing:
        return
    for local, remote in zip(fk.columns, fk.ref_columns, strict=True):
        mine, theirs = types[table.name].get(local), types[fk.ref_table].get(remote)
        if mine is not None and theirs is not None and mine != theirs:
            out.error(
                f"{label}: type {mine} does not match {fk.ref_table}.{remote} ({theirs})", table.name, local
            )
    keys = [set(target.primary_key or [])]
    keys += [{c.name} for c in target.columns if c.unique]
    keys += [set(i.columns) for i in target.indexes if i.unique and i.where is None]
    if set(fk.ref_columns) not in keys:
        out.error(
            f"{label}: referenced columns ({', '.join(fk.ref_columns)}) are not a primary key or unique",
            table.name,
        )
    if fk.on_delete == "set null":
        for local in fk.columns:
            column = table.column(local)
            if column is not None and not column.nullable:
                out.warning(f"{label} is ON DELETE SET NULL but the column is NOT NULL", table.name, local)


def validate_schema(schema: Schema) -> list[Problem]:
    """Every problem in ``schema``: errors first in document order, then warnings."""
    out = _Collector()
    if not schema.tables:
        out.warning("the schema has no tables")
    if len(schema.tables) > MAX_TABLES:
        out.error(f"one push can create at most {MAX_TABLES} tables (the server's lock table runs out); "
                  f"this schema has {len(schema.tables)}: split it")
    for name in _duplicates([t.name for t in schema.tables]):
        out.error(f"duplicate table name {name!r}", name)
    types = {t.name: _types(t, out) for t in schema.tables}
    for table in schema.tables:
        _check_table(table, schema, types, out)
    check_enum_types(schema, types, out)
    return sorted(out.problems, key=lambda p: p.level != "error")


def schema_errors(schema: Schema) -> list[str]:
    """The messages of the errors in ``schema`` (what makes it unusable), in document order."""
    return [p.message for p in validate_schema(schema) if p.level == "error"]


def check_schema(schema: Schema) -> list[Problem]:
    """Raise SchemaError naming the first error; return the warnings otherwise."""
    problems = validate_schema(schema)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        first = errors[0]
        raise SchemaError(f"invalid schema: {first.message}{more}", table=first.table, column=first.column)
    return problems
