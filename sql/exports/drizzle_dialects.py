"""What the drizzle export shares across dialects (CHECK, index and key names, CHECK and index
predicates), and for SQLite and MySQL the column builders of ``schema.ts`` and drizzle-kit's snapshots.

A MySQL column is spelled as wiretable's MySQL DDL spells it (``sql.types``: uuid as ``char(36)``,
text in a key as ``varchar(255)``, timestamps as ``datetime(6)``, numeric as ``decimal(38,10)``),
so that ``schema.ts``, its snapshot and the migrations (wiretable's own DDL) describe one database.
The snapshots are drizzle-kit's formats (SQLite version 6, MySQL version 5) for the exported
``schema.ts``, so ``drizzle-kit generate`` on the exported folder finds nothing to migrate.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlglot import exp

from kernel.schema import Column, Index, Schema, Table
from sql.ddl import column_def, key_columns, referenced_columns, resolve_enum_types, table_order
from sql.ddl import column_type as ddl_column_type
from sql.exports.common import column_type, js_string
from sql.expressions import expression_sql
from sql.limits import enum_check_name
from sql.types import DType, TypeName

_NS = uuid.UUID("5d7e1b0c-9f3a-4c61-8d2e-4a7b6c1e9f20")
_SQLITE: dict[str, str] = {
    "smallint": "integer", "integer": "integer", "bigint": "integer", "boolean": "integer",
    "numeric": "numeric", "real": "real", "double precision": "real", "bytea": "blob",
}
#: sqlglot type -> (mysql-core builder, snapshot type, option taking the first parameter)
_MYSQL: dict[DType, tuple[str, str, str | None]] = {
    DType.SMALLINT: ("smallint", "smallint", None), DType.INT: ("int", "int", None),
    DType.BIGINT: ("bigint", "bigint", None), DType.DECIMAL: ("decimal", "decimal", "precision"),
    DType.FLOAT: ("float", "float", None), DType.DOUBLE: ("double", "double", None),
    DType.LONGTEXT: ("longtext", "longtext", None), DType.VARCHAR: ("varchar", "varchar", "length"),
    DType.CHAR: ("char", "char", "length"), DType.BOOLEAN: ("boolean", "boolean", None),
    DType.DATE: ("date", "date", None), DType.TIME: ("time", "time", None),
    DType.DATETIME: ("datetime", "datetime", "fsp"), DType.JSON: ("json", "json", None),
    DType.LONGBLOB: ("longblob", "longblob", None), DType.VARBINARY: ("varbinary", "varbinary", "length"),
}
CUSTOM = {"bytea", "longblob"}  # builders that drizzle-orm lacks: written as customType


def check_sql(column: Column, dialect: str = "postgresql") -> str:
    """The CHECK of an enum column, as wiretable's DDL writes it (MySQL quotes with backticks)."""
    values = ", ".join("'" + v.replace("'", "''") + "'" for v in column.enum or [])
    quote = "`" if dialect == "mysql" else '"'
    return f"{quote}{column.name.replace(quote, quote * 2)}{quote} IN ({values})"


def unique_alone(table: Table, column: Column) -> bool:
    """A UNIQUE of its own: a column that is the whole primary key is unique already, and the
    DDL (like this export) adds no second index for it."""
    return column.unique and table.primary_key != [column.name]


def check_name(table: Table, column: Column) -> str:
    return enum_check_name(table.name, column.name)


def enum_checked(column: Column) -> bool:
    """Whether a column's enum values are kept by a CHECK (not by an enum type)."""
    return bool(column.enum) and not column.enum_type


def index_name(table: Table, columns: Sequence[str], unique: bool, number: int = 0) -> str:
    return f"{table.name}_{'_'.join(columns)}_{'key' if unique else 'idx'}" + (str(number) if number else "")


def index_names(table: Table) -> list[tuple[Index, str]]:
    """Each index with its name, numbered apart where several cover the same columns."""
    seen: dict[str, int] = {}
    out = []
    for index in table.indexes:
        base = index_name(table, index.columns, index.unique)
        out.append((index, index_name(table, index.columns, index.unique, seen.get(base, 0))))
        seen[base] = seen.get(base, 0) + 1
    return out


def expression(table: Table, text: str, dialect: str) -> str:
    """A CHECK or index predicate as the dialect's SQL (names quoted), for ``sql.raw``."""
    return expression_sql(text, [c.name for c in table.columns], "postgres" if dialect == "postgresql" else dialect)


def mysql_keys(schema: Schema) -> dict[str, set[str]]:
    """The columns of each table that sit in a key, which MySQL must be able to index."""
    refs = referenced_columns(schema)
    return {t.name: key_columns(t, refs.get(t.name, ())) for t in schema.tables}


def _mysql_type(table: str, column: Column, key: bool) -> tuple[str, str, dict[str, Any]]:
    """(builder, snapshot type, builder options) of a MySQL column, as wiretable's DDL types it."""
    kind = ddl_column_type(table, column, "mysql", key=key or column.unique)
    fn, snap, option = _MYSQL[kind.this]
    params = [int(p.this.name) for p in kind.expressions]
    opts: dict[str, Any] = {}
    if option and params:
        opts[option] = params[0]
        if kind.this == DType.DECIMAL and len(params) > 1:
            opts["scale"] = params[1]
        snap += "(" + ",".join(str(p) for p in params) + ")"
    if fn == "bigint":
        opts["mode"] = "number"
    return fn, snap, opts


def other_builder(table: str, column: Column, dialect: str, key: bool) -> str:
    """The sqlite-core or mysql-core builder call of a column (``int("id")``)."""
    fn, opts = _other_builder(table, column, dialect, key)
    if fn == "mysqlEnum":
        return f"mysqlEnum({js_string(column.name)}, {json.dumps(list(column.enum or []), ensure_ascii=False)})"
    args = js_string(column.name) + (", " + json.dumps(opts, ensure_ascii=False) if opts else "")
    return f"{fn}({args})"


def _mysql_enum(column: Column) -> bool:
    return bool(column.enum_type and column.enum)


def _other_builder(table: str, column: Column, dialect: str, key: bool) -> tuple[str, dict[str, Any]]:
    t = column_type(column)
    opts: dict[str, Any] = {}
    if dialect == "mysql" and _mysql_enum(column):
        return "mysqlEnum", opts
    if dialect == "sqlite":
        fn = _sqlite_type(t)
        if t.base == "boolean" and not t.array_dims:
            opts["mode"] = "boolean"
        if t.array_dims or t.base in ("json", "jsonb"):
            opts["mode"] = "json"
    else:
        fn, _, opts = _mysql_type(table, column, key)
    if column.enum and fn in ("text", "varchar", "longtext"):
        opts["enum"] = list(column.enum)
    return fn, opts


def _sqlite_type(t: TypeName) -> str:
    return "text" if t.array_dims else _SQLITE.get(t.base, "text")


def dialect_default(table: str, column: Column, dialect: str, key: bool = False) -> str | None:
    """A column's default as wiretable's DDL writes it in ``dialect`` (``sqlite`` or ``mysql``:
    ``CURRENT_TIMESTAMP(6)`` for a DATETIME(6), a text default in parentheses), None without one."""
    if column.default is None:
        return None
    node = column_def(table, column, dialect, key=key)
    for constraint in node.args.get("constraints") or []:
        if isinstance(constraint.kind, exp.DefaultColumnConstraint):
            return str(constraint.kind.this.sql(dialect))
    return None


def _fks(schema: Schema, table: Table) -> dict[str, Any]:
    out = {}
    for fk in table.foreign_keys:
        if schema.table(fk.ref_table) is None:
            continue
        name = f"{table.name}_{'_'.join(fk.columns)}_{fk.ref_table}_{'_'.join(fk.ref_columns)}_fk"
        out[name] = {"name": name, "tableFrom": table.name, "tableTo": fk.ref_table, "columnsFrom": fk.columns,
                     "columnsTo": fk.ref_columns, "onDelete": fk.on_delete, "onUpdate": "no action"}
    return out


def _indexes(table: Table, dialect: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for index, name in index_names(table):
        out[name] = {"name": name, "columns": list(index.columns), "isUnique": index.unique}
        if index.where is not None and dialect == "sqlite":
            out[name]["where"] = expression(table, index.where, dialect)
    return out


def _checks(table: Table, dialect: str) -> dict[str, Any]:
    """The CHECKs of ``schema.ts``: enum values (SQLite has no enum types) and the table's own."""
    out = {check_name(table, c): {"name": check_name(table, c), "value": check_sql(c, dialect)}
           for c in table.columns if enum_checked(c) or (c.enum and dialect == "sqlite")}
    out |= {c.name: {"name": c.name, "value": expression(table, c.expression, dialect)} for c in table.checks}
    return out


def sqlite_snapshot(schema: Schema, prev_id: str) -> dict[str, Any]:
    """drizzle-kit's SQLite snapshot (version 6) of the exported schema.ts."""
    tables: dict[str, Any] = {}
    schema = resolve_enum_types(schema)
    for table in table_order(schema.tables):
        sole = table.primary_key[0] if table.primary_key and len(table.primary_key) == 1 else None
        columns: dict[str, Any] = {}
        for column in table.columns:
            entry: dict[str, Any] = {"name": column.name, "type": _sqlite_type(column_type(column)),
                                     "primaryKey": column.name == sole, "notNull": not column.nullable,
                                     "autoincrement": False}
            default = dialect_default(table.name, column, "sqlite")
            if default is not None:
                entry["default"] = default
            columns[column.name] = entry
        indexes = {f"{table.name}_{c.name}_unique": {"name": f"{table.name}_{c.name}_unique", "columns": [c.name],
                                                     "isUnique": True} for c in table.columns if unique_alone(table, c)}
        indexes.update(_indexes(table, "sqlite"))
        composite = {} if sole or not table.primary_key else {
            f"{table.name}_{'_'.join(table.primary_key)}_pk": {"columns": list(table.primary_key),
                                                              "name": f"{table.name}_{'_'.join(table.primary_key)}_pk"}}
        tables[table.name] = {"name": table.name, "columns": columns, "indexes": indexes,
                              "foreignKeys": _fks(schema, table), "compositePrimaryKeys": composite,
                              "uniqueConstraints": {}, "checkConstraints": _checks(table, "sqlite")}
    return {"version": "6", "dialect": "sqlite", "id": str(uuid.uuid5(_NS, prev_id + schema.content_hash())),
            "prevId": prev_id, "tables": tables, "views": {}, "enums": {},
            "_meta": {"schemas": {}, "tables": {}, "columns": {}}, "internal": {"indexes": {}}}


def mysql_snapshot(schema: Schema, prev_id: str) -> dict[str, Any]:
    """drizzle-kit's MySQL snapshot (version 5) of the exported schema.ts."""
    schema = resolve_enum_types(schema)
    keys = mysql_keys(schema)
    tables: dict[str, Any] = {}
    for table in table_order(schema.tables):
        columns: dict[str, Any] = {}
        for column in table.columns:
            key = column.name in keys[table.name]
            if _mysql_enum(column):
                snap = "enum(" + ",".join("'" + v.replace("'", "''") + "'" for v in column.enum or []) + ")"
            else:
                snap = _mysql_type(table.name, column, key)[1]
            entry: dict[str, Any] = {"name": column.name, "type": snap, "primaryKey": False,
                                     "notNull": not column.nullable, "autoincrement": column.identity is not None}
            default = dialect_default(table.name, column, "mysql", key)
            if default is not None:
                entry["default"] = default
            columns[column.name] = entry
        pk = {f"{table.name}_{'_'.join(table.primary_key)}_pk": {
            "name": f"{table.name}_{'_'.join(table.primary_key)}_pk", "columns": list(table.primary_key)}
            } if table.primary_key else {}
        uniques = {f"{table.name}_{c.name}_unique": {"name": f"{table.name}_{c.name}_unique", "columns": [c.name]}
                   for c in table.columns if unique_alone(table, c)}
        tables[table.name] = {"name": table.name, "columns": columns, "indexes": _indexes(table, "mysql"),
                              "foreignKeys": _fks(schema, table), "compositePrimaryKeys": pk,
                              "uniqueConstraints": uniques, "checkConstraint": _checks(table, "mysql")}
    return {"version": "5", "dialect": "mysql", "id": str(uuid.uuid5(_NS, prev_id + schema.content_hash())),
            "prevId": prev_id, "tables": tables, "views": {},
            "_meta": {"schemas": {}, "tables": {}, "columns": {}}, "internal": {"tables": {}, "indexes": {}}}
