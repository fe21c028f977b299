"""A drizzle-orm ``schema.ts`` (pg-core, sqlite-core or mysql-core) and a migrations folder in
drizzle-kit's own layout, for each of the three dialects.

The migrations folder holds ``NNNN_<name>.sql`` (statements separated by drizzle-kit's
``--> statement-breakpoint``), ``meta/_journal.json`` and ``meta/NNNN_snapshot.json`` (drizzle-kit's
snapshot formats: version 7 for Postgres, 6 for SQLite, 5 for MySQL; see ``drizzle_dialects``).
Given several saved versions of a schema, each version after the first is one more migration: the
plan from the previous version (``sql.plan``). The SQL is wiretable's own DDL in the dialect, so
applying the migrations gives the catalog that ``wiretable push`` (or ``export ddl``) gives; the
snapshot describes ``schema.ts`` the way drizzle-kit reads it, so ``drizzle-kit generate`` on
the exported folder finds nothing left to migrate.

Enums are written as wiretable's DDL makes them: a Postgres enum type is a ``pgEnum`` (MySQL: a
``mysqlEnum`` column), any other enum a text column with drizzle's ``enum`` option plus the same
CHECK constraint. Identity columns are ``generated…AsIdentity()`` (MySQL: ``autoincrement()``),
CHECK constraints ``check(name, sql…)``, partial indexes ``.where(sql…)``; SQLite needs nothing for
an identity key, which is its rowid.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from kernel.errors import SchemaError
from kernel.schema import Column, Schema, Table
from sql.ddl import create_statements, normalize_default, resolve_enum_types, table_order
from sql.ddl_parts import enum_types
from sql.exports.common import UniqueNames, camel, column_type, js_string, relations, snake
from sql.exports.drizzle_dialects import (
    check_name,
    check_sql,
    dialect_default,
    enum_checked,
    expression,
    index_names,
    mysql_keys,
    mysql_snapshot,
    other_builder,
    sqlite_snapshot,
    unique_alone,
)
from sql.types import TypeName

BREAKPOINT = "--> statement-breakpoint"
_NS = uuid.UUID("3b0d3f5e-7f0a-4a59-9a44-7c1f0f2b9d11")
_EPOCH_MS = 1_700_000_000_000

_PG: dict[str, tuple[str, str]] = {  # base -> (pg-core builder, snapshot type)
    "smallint": ("smallint", "smallint"), "integer": ("integer", "integer"), "bigint": ("bigint", "bigint"),
    "numeric": ("numeric", "numeric"), "real": ("real", "real"),
    "double precision": ("doublePrecision", "double precision"), "text": ("text", "text"),
    "varchar": ("varchar", "varchar"), "char": ("char", "char"), "boolean": ("boolean", "boolean"),
    "uuid": ("uuid", "uuid"), "date": ("date", "date"), "time": ("time", "time"),
    "timestamp": ("timestamp", "timestamp"), "timestamptz": ("timestamp", "timestamp with time zone"),
    "interval": ("interval", "interval"), "json": ("json", "json"), "jsonb": ("jsonb", "jsonb"),
    "bytea": ("bytea", "bytea"),
}
DIALECTS = ("postgresql", "sqlite", "mysql")
_CORE = {"postgresql": ("pg-core", "pgTable"), "sqlite": ("sqlite-core", "sqliteTable"),
         "mysql": ("mysql-core", "mysqlTable")}


def _pg_snapshot_type(t: TypeName) -> str:
    base = _PG[t.base][1]
    if t.params and t.base == "numeric":
        base += "(" + ", ".join(str(p) for p in t.params) + ")"
    elif t.params and t.base in ("varchar", "char"):
        base += f"({t.params[0]})"
    elif t.params and t.base in ("time", "timestamp", "timestamptz"):
        base = base.replace(t.base.replace("tz", ""), f"{t.base.replace('tz', '')} ({t.params[0]})", 1)
    return base + "[]" * t.array_dims


_MAX_IDENTITY = {"smallint": "32767", "integer": "2147483647", "bigint": "9223372036854775807"}


def _enum_const(name: str) -> str:
    return camel(name) + "Enum"


def _pg_builder(column: Column, t: TypeName) -> str:
    if column.enum_type and column.enum:
        return f"{_enum_const(column.enum_type)}({js_string(column.name)})"
    fn, _ = _PG[t.base]
    opts: dict[str, Any] = {}
    if t.base == "bigint":
        opts["mode"] = "number"
    if t.base == "numeric" and t.params:
        opts["precision"] = t.params[0]
        if len(t.params) > 1:
            opts["scale"] = t.params[1]
    if t.base in ("varchar", "char") and t.params:
        opts["length"] = t.params[0]
    if t.base in ("time", "timestamp", "timestamptz") and t.params:
        opts["precision"] = t.params[0]
    if t.base == "timestamptz":
        opts["withTimezone"] = True
    if column.enum and t.base in ("text", "varchar", "char"):
        opts["enum"] = list(column.enum)
    return _call(fn, column.name, opts)


def _call(fn: str, name: str, opts: dict[str, Any]) -> str:
    args = js_string(name)
    if opts:
        args += ", " + json.dumps(opts, ensure_ascii=False).replace('": ', '": ')
    return f"{fn}({args})"


def _column_line(table: Table, column: Column, prop: str, dialect: str, key: bool) -> str:
    t = column_type(column)
    if dialect == "postgresql":
        line = _pg_builder(column, t) + ".array()" * t.array_dims
    else:
        line = other_builder(table.name, column, dialect, key)
    if column.identity and dialect == "postgresql":
        line += ".generatedAlwaysAsIdentity()" if column.identity == "always" else ".generatedByDefaultAsIdentity()"
    elif column.identity and dialect == "mysql":
        line += ".autoincrement()"
    if not column.nullable:
        line += ".notNull()"
    if unique_alone(table, column):
        line += ".unique()"
    if column.default is not None and dialect == "postgresql":
        text = normalize_default(column.default, column.type) or column.default
        line += f".default(sql.raw({js_string(_pg_default(text))}))"
    elif column.default is not None:
        text = dialect_default(table.name, column, dialect, key) or ""
        line += f".default(sql.raw({js_string(text)}))" if text else ""
    return f"  {prop}: {line},"


def _pg_default(text: str) -> str:
    return {"CURRENT_TIMESTAMP": "now()", "GEN_RANDOM_UUID()": "gen_random_uuid()"}.get(text, text)


def render_schema_ts(schema: Schema, dialect: str = "postgresql") -> str:
    """The drizzle-orm schema module for ``schema``."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown drizzle dialect {dialect!r}")
    core, table_fn = _CORE[dialect]
    schema = resolve_enum_types(schema)
    ordered = table_order(schema.tables)
    consts = UniqueNames({"sql", "relations", table_fn, *(_enum_const(n) for n in enum_types(ordered))})
    names = {t.name: consts(t.name, camel(t.name)) for t in ordered}
    props: dict[str, dict[str, str]] = {}
    body: list[str] = []
    builders: set[str] = {table_fn, "primaryKey", "foreignKey", "index", "uniqueIndex", "check"}
    if dialect == "postgresql" and enum_types(ordered):
        builders.add("pgEnum")
        body += [f"export const {_enum_const(name)} = pgEnum({js_string(name)}, "
                 f"{json.dumps(values, ensure_ascii=False)});" for name, values in enum_types(ordered).items()]
        body.append("")
    if dialect == "mysql" and enum_types(ordered):
        builders.add("mysqlEnum")
    keys: dict[str, set[str]] = {}
    if dialect == "mysql":
        keys = mysql_keys(schema)
    for table in ordered:
        p = UniqueNames()
        props[table.name] = {c.name: p(c.name, camel(c.name)) for c in table.columns}
        lines = [f"export const {names[table.name]} = {table_fn}({js_string(table.name)}, {{"]
        for column in table.columns:
            line = _column_line(table, column, props[table.name][column.name], dialect,
                                column.name in keys.get(table.name, ()))
            builder = line.split(":", 1)[1].strip().split("(", 1)[0]
            if not builder.endswith("Enum") or builder == "mysqlEnum":
                builders.add(builder)
            lines.append(line)
        extras = _extras(table, props, names, dialect)
        lines.append("}" + (", (t) => [\n" + "\n".join(extras) + "\n]);" if extras else ");"))
        body += lines + [""]
    body += _relations(schema, ordered, names, props)
    head = [
        "// Generated by wiretable from the schema document; edit the schema and export again.",
        f"import {{ {', '.join(sorted(builders))} }} from \"drizzle-orm/{core}\";",
        'import { relations, sql } from "drizzle-orm";',
        "",
    ]
    custom = sorted(builders & {"bytea", "longblob"})
    if custom:  # binary columns: drizzle's pg-core and mysql-core have no builder for these types
        head[1] = head[1].replace(" " + ", ".join(sorted(builders)) + " ",
                                  " " + ", ".join(sorted(builders - set(custom))) + " ")
        head.insert(1, f'import {{ customType }} from "drizzle-orm/{core}";')
        head += [f'const {c} = customType<{{ data: Buffer }}>({{ dataType() {{ return "{c}"; }} }});' for c in custom]
        head.append("")
    return "\n".join(head + body).rstrip() + "\n"


def _extras(table: Table, props: dict[str, dict[str, str]], names: dict[str, str], dialect: str) -> list[str]:
    own = props[table.name]
    out: list[str] = []
    if table.primary_key:
        cols = ", ".join(f"t.{own[c]}" for c in table.primary_key)
        out.append(f"  primaryKey({{ columns: [{cols}] }}),")
    for fk in table.foreign_keys:
        if fk.ref_table not in names:
            continue
        ref_props = props.get(fk.ref_table, {})
        cols = ", ".join(f"t.{own[c]}" for c in fk.columns)
        refs = ", ".join(f"{names[fk.ref_table]}.{ref_props.get(c, camel(c))}" for c in fk.ref_columns)
        line = f"  foreignKey({{ columns: [{cols}], foreignColumns: [{refs}] }})"
        if fk.on_delete != "no action":
            line += f".onDelete({js_string(fk.on_delete)})"
        out.append(line + ",")
    for index, name in index_names(table):
        fn = "uniqueIndex" if index.unique else "index"
        cols = ", ".join(f"t.{own[c]}" for c in index.columns)
        where = ""
        if index.where is not None and dialect == "mysql" and index.unique:
            raise SchemaError(f"{table.name}: index ({', '.join(index.columns)}) WHERE: MySQL has no partial "
                              "indexes, and a full unique index would refuse rows the partial one accepts")
        if index.where is not None and dialect != "mysql":
            where = f".where(sql.raw({js_string(expression(table, index.where, dialect))}))"
        out.append(f"  {fn}({js_string(name)}).on({cols}){where},")
    for column in table.columns:
        if enum_checked(column) or (column.enum and dialect == "sqlite"):  # SQLite has no enum types
            text = check_sql(column, dialect)
            out.append(f"  check({js_string(check_name(table, column))}, sql.raw({js_string(text)})),")
    for check in table.checks:
        text = expression(table, check.expression, dialect)
        out.append(f"  check({js_string(check.name)}, sql.raw({js_string(text)})),")
    return out


def _relations(schema: Schema, ordered: list[Table], names: dict[str, str],
               props: dict[str, dict[str, str]]) -> list[str]:
    out: list[str] = []
    for table in ordered:
        rels = relations(schema, table)
        if not rels:
            continue
        out.append(f"export const {names[table.name]}Relations = relations({names[table.name]}, ({{ one, many }}) => ({{")
        for rel in rels:
            link = js_string("_".join([rel.child, *rel.fk.columns]))
            if rel.many:
                out.append(f"  {camel(rel.name)}: many({names[rel.target]}, {{ relationName: {link} }}),")
            else:
                fields = ", ".join(f"{names[table.name]}.{props[table.name][c]}" for c in rel.fk.columns)
                refs = ", ".join(f"{names[rel.target]}.{props[rel.target].get(c, camel(c))}"
                                 for c in rel.fk.ref_columns)
                out.append(f"  {camel(rel.name)}: one({names[rel.target]}, {{ fields: [{fields}], "
                           f"references: [{refs}], relationName: {link} }}),")
        out += ["}));", ""]
    return out


def _fk_name(table: str, fk: Any) -> str:
    return f"{table}_{'_'.join(fk.columns)}_{fk.ref_table}_{'_'.join(fk.ref_columns)}_fk"


def snapshot(schema: Schema, prev_id: str) -> dict[str, Any]:
    """drizzle-kit's Postgres snapshot (version 7) of the exported schema.ts."""
    tables: dict[str, Any] = {}
    schema = resolve_enum_types(schema)
    for table in table_order(schema.tables):
        columns: dict[str, Any] = {}
        for column in table.columns:
            entry: dict[str, Any] = {"name": column.name, "type": _pg_snapshot_type(column_type(column)),
                                     "primaryKey": False, "notNull": not column.nullable}
            if column.enum_type and column.enum:
                entry["type"], entry["typeSchema"] = column.enum_type, "public"
            if column.identity is not None:
                entry["notNull"] = True
                entry["identity"] = {
                    "type": "always" if column.identity == "always" else "byDefault",
                    "name": f"{table.name}_{column.name}_seq", "schema": "public", "increment": "1",
                    "startWith": "1", "minValue": "1", "maxValue": _MAX_IDENTITY[column_type(column).base],
                    "cache": "1", "cycle": False}
            if column.default is not None:
                entry["default"] = _pg_default(normalize_default(column.default, column.type) or column.default)
            columns[column.name] = entry
        uniques = {f"{table.name}_{c.name}_unique": {"name": f"{table.name}_{c.name}_unique",
                                                      "nullsNotDistinct": False, "columns": [c.name]}
                   for c in table.columns if unique_alone(table, c)}
        fks = {_fk_name(table.name, fk): {"name": _fk_name(table.name, fk), "tableFrom": table.name,
                                          "tableTo": fk.ref_table, "columnsFrom": fk.columns,
                                          "columnsTo": fk.ref_columns, "onDelete": fk.on_delete,
                                          "onUpdate": "no action"}
               for fk in table.foreign_keys if schema.table(fk.ref_table) is not None}
        indexes = {name: {
            "name": name,
            "columns": [{"expression": c, "isExpression": False, "asc": True, "nulls": "last"} for c in i.columns],
            "isUnique": i.unique, **({"where": expression(table, i.where, "postgresql")} if i.where else {}),
            "concurrently": False, "method": "btree", "with": {}} for i, name in index_names(table)}
        pk = {f"{table.name}_{'_'.join(table.primary_key)}_pk": {
            "name": f"{table.name}_{'_'.join(table.primary_key)}_pk", "columns": list(table.primary_key)}
            } if table.primary_key else {}
        checks = {check_name(table, c): {"name": check_name(table, c), "value": check_sql(c)}
                  for c in table.columns if enum_checked(c)}
        checks |= {c.name: {"name": c.name, "value": expression(table, c.expression, "postgresql")}
                   for c in table.checks}
        tables[f"public.{table.name}"] = {
            "name": table.name, "schema": "", "columns": columns, "indexes": indexes, "foreignKeys": fks,
            "compositePrimaryKeys": pk, "uniqueConstraints": uniques, "policies": {}, "checkConstraints": checks,
            "isRLSEnabled": False}
    return {"id": str(uuid.uuid5(_NS, prev_id + schema.content_hash())), "prevId": prev_id, "version": "7",
            "dialect": "postgresql", "tables": tables, "schemas": {}, "sequences": {}, "roles": {},
            "enums": {f"public.{name}": {"name": name, "schema": "public", "values": values}
                      for name, values in enum_types(schema.tables).items()},
            "policies": {}, "views": {}, "_meta": {"columns": {}, "schemas": {}, "tables": {}}}


_SQL_DIALECT = {"postgresql": "postgres", "sqlite": "sqlite", "mysql": "mysql"}
_SNAPSHOT_VERSION = {"postgresql": "7", "sqlite": "6", "mysql": "5"}


def migrations(versions: Sequence[Schema], dialect: str = "postgresql") -> dict[str, str]:
    """drizzle-kit's migrations folder for the saved ``versions`` of a schema, oldest first."""
    from sql.plan import plan

    sql_dialect = _SQL_DIALECT[dialect]
    make_snapshot = {"postgresql": snapshot, "sqlite": sqlite_snapshot, "mysql": mysql_snapshot}[dialect]
    files: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    prev_id = "00000000-0000-0000-0000-000000000000"
    previous: Schema | None = None
    for idx, version in enumerate(versions):
        tag = f"{idx:04d}_{snake(version.name)[:40]}"
        if previous is None:
            statements = create_statements(version, sql_dialect)
        else:
            statements = plan(previous, version).statements(sql_dialect)
        files[f"{tag}.sql"] = f";\n{BREAKPOINT}\n".join(statements) + (";\n" if statements else "")
        snap = make_snapshot(version, prev_id)
        files[f"meta/{idx:04d}_snapshot.json"] = json.dumps(snap, indent=2, ensure_ascii=False) + "\n"
        entries.append({"idx": idx, "version": _SNAPSHOT_VERSION[dialect], "when": _EPOCH_MS + idx * 1000,
                        "tag": tag, "breakpoints": True})
        prev_id, previous = snap["id"], version
    journal = {"version": "7", "dialect": dialect, "entries": entries}
    files["meta/_journal.json"] = json.dumps(journal, indent=2) + "\n"
    return files


def render_drizzle(schema: Schema, dialect: str = "postgresql",
                   versions: Sequence[Schema] | None = None) -> dict[str, str]:
    """``schema.ts``, ``drizzle/`` migrations (one per version, else one) and drizzle.config.json."""
    files = {"schema.ts": render_schema_ts(schema, dialect)}
    for path, text in migrations(list(versions) if versions else [schema], dialect).items():
        files[f"drizzle/{path}"] = text
    files["drizzle.config.json"] = json.dumps(
        {"dialect": dialect, "schema": "./schema.ts", "out": "./drizzle"}, indent=2) + "\n"
    return files
