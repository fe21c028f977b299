"""Read a live Postgres catalog back into a Schema.

Types and defaults are normalised to the document's spelling (``timestamp with time zone`` →
``timestamptz``, ``'draft'::text`` → ``'draft'``), so a schema that was pushed reads back equal
to its structure. A single-column ``CHECK (col IN (...))`` named as Postgres names a column's
CHECK reads back as the column's ``enum``; every other CHECK as one of the table's ``checks``. A
column of a Postgres enum type reads back as a text column with that ``enum_type`` and its values;
``GENERATED … AS IDENTITY`` as its ``identity``; a partial index with its ``where``.
A type or default outside what the model knows is kept verbatim; ``validate_schema`` reports it.
The ledger table ``wiretable_migrations`` is not part of the user's schema and is skipped.
Row-level security reads back as the preset its ``wiretable_*`` policy stands for, membership of
``supabase_realtime`` as ``realtime``, and a trigger calling ``wiretable_set_updated_at()`` as
``audit_timestamps``. :func:`read_catalog` also returns constraint and index names, which the
planner needs to drop them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from kernel.errors import SchemaError
from kernel.schema import (
    MAX_IDENTIFIER_BYTES,
    Check,
    Column,
    ForeignKey,
    Identity,
    Index,
    OnDelete,
    Schema,
    Table,
)
from sql.connection import connect
from sql.ddl import normalize_default
from sql.ddl_parts import index_key
from sql.expressions import display_text, parse_expression
from sql.limits import default_name
from sql.types import normalize_type

LEDGER_TABLE = "wiretable_migrations"

_ON_DELETE: dict[str, OnDelete] = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null"}

_TABLE_OIDS = """
SELECT c.oid FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> %(ledger)s
"""

_TABLES = f"""
SELECT c.oid, c.relname, c.relrowsecurity FROM pg_catalog.pg_class c
WHERE c.oid IN ({_TABLE_OIDS})
ORDER BY c.oid
"""

_COLUMNS = f"""
SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity,
       CASE WHEN t.typtype = 'e' THEN t.typname END AS enum_type,
       CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
                                           WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid IN ({_TABLE_OIDS}) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

_CONSTRAINTS = f"""
SELECT con.conrelid, con.contype, con.conkey, con.confrelid, ref.relname AS ref_table, con.confkey,
       con.confdeltype, pg_catalog.pg_get_constraintdef(con.oid) AS definition, con.conname
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
WHERE con.conrelid IN ({_TABLE_OIDS}) AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY con.conrelid, con.oid
"""

_INDEXES = f"""
SELECT i.indrelid, i.indisunique, i.indkey::int2[] AS indkey, ic.relname AS index_name,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid IN ({_TABLE_OIDS}) AND i.indexprs IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                    AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, i.indexrelid
"""

_POLICIES = f"""
SELECT p.polrelid, p.polname, pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual
FROM pg_catalog.pg_policy p WHERE p.polrelid IN ({_TABLE_OIDS}) ORDER BY p.polrelid, p.oid
"""

_REALTIME = """
SELECT tablename FROM pg_catalog.pg_publication_tables WHERE pubname = %(publication)s AND schemaname = %(schema)s
"""

_TRIGGERS = f"""
SELECT t.tgrelid, t.tgname FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
WHERE p.proname = %(function)s AND NOT t.tgisinternal AND t.tgrelid IN ({_TABLE_OIDS})
"""

_ENUM_TYPES = """
SELECT t.typname, ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
                        WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = %(schema)s AND t.typtype = 'e' ORDER BY t.oid
"""

_IDENTITY: dict[str, Identity] = {"a": "always", "d": "by default"}

_ATTRIBUTE_NAMES = "SELECT attnum, attname FROM pg_catalog.pg_attribute WHERE attrelid = %(relid)s AND attnum > 0"

Fetch = Callable[[str, Mapping[str, Any]], list[tuple[Any, ...]]]
NameKey = tuple[str, str, tuple[str, ...]]


@dataclass(frozen=True)
class Catalog:
    """The live structure and the names of its constraints and indexes (for dropping them)."""

    schema: Schema
    names: dict[NameKey, str] = field(default_factory=dict)
    #: The enum types of the schema read, with their values, used by a column or not.
    enum_types: dict[str, list[str]] = field(default_factory=dict)


def _type(raw: str) -> str:
    try:
        return normalize_type(raw)
    except SchemaError:
        return raw


def _default(raw: str | None, type_text: str) -> str | None:
    if raw is None:
        return None
    try:
        return normalize_default(raw, type_text)
    except SchemaError:
        return raw


def _literal_value(node: exp.Expression) -> str | None:
    while isinstance(node, exp.Cast | exp.Paren):
        node = node.this
    if isinstance(node, exp.Literal):
        return str(node.this)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
        return "-" + str(node.this.this)
    return None


def enum_values(check: str, column: str) -> list[str] | None:
    """The values of ``CHECK (column IN (...))`` as Postgres reports it, or None for other checks."""
    text = check.strip()
    if not text.upper().startswith("CHECK"):
        return None
    try:
        parsed = sqlglot.parse_one(text[len("CHECK") :], read="postgres")
    except SqlglotError:
        return None
    while isinstance(parsed, exp.Paren):
        parsed = parsed.this
    if not isinstance(parsed, exp.EQ | exp.In):
        return None
    target = parsed.this
    while isinstance(target, exp.Cast | exp.Paren):
        target = target.this
    if not isinstance(target, exp.Column) or target.name != column or target.table:
        return None
    if isinstance(parsed, exp.In):
        items: Sequence[exp.Expression] = parsed.expressions
    else:
        right = parsed.expression
        if isinstance(right, exp.Any):
            inner = right.this
            while isinstance(inner, exp.Paren | exp.Cast):
                inner = inner.this
            if not isinstance(inner, exp.Array):
                return None
            items = inner.expressions
        else:
            items = [right]
    values = [_literal_value(item) for item in items]
    if not values or any(v is None for v in values):
        return None
    return [v for v in values if v is not None]


def read_catalog(fetch: Fetch, schema_name: str = "public") -> Catalog:
    """Read the catalog through ``fetch`` (a psycopg connection or the Management API)."""
    from sql.supabase import PUBLICATION, TRIGGER_FUNCTION, preset_of

    base = {"schema": schema_name, "ledger": LEDGER_TABLE}
    tables = fetch(_TABLES, base)
    by_oid: dict[int, Table] = {oid: Table(name=name) for oid, name, _ in tables}
    rls_on = {oid for oid, _, on in tables if on}
    names: dict[int, dict[int, str]] = {oid: {} for oid in by_oid}
    catalog_names: dict[NameKey, str] = {}

    for relid, attnum, name, raw_type, notnull, raw_default, identity, enum_type, labels in fetch(_COLUMNS, base):
        column = Column(name=name, type=_type(raw_type), nullable=not notnull, identity=_IDENTITY.get(identity or ""))
        if enum_type is not None:  # a Postgres enum type: the document's text column with enum values
            column.type, column.enum, column.enum_type = "text", list(labels), enum_type
            raw_default = _strip_enum_cast(raw_default)
        column.default = _default(raw_default, column.type)
        by_oid[relid].columns.append(column)
        names[relid][attnum] = name

    for row in fetch(_CONSTRAINTS, base):
        relid, kind, conkey, ref_oid, ref_table, confkey, deltype, definition, conname = row
        table = by_oid[relid]
        columns = [names[relid][k] for k in conkey or []]
        if kind == "p":
            table.primary_key = columns
        elif kind == "u":
            catalog_names[(table.name, "unique", tuple(columns))] = conname
            unique = table.column(columns[0]) if len(columns) == 1 else None
            if unique is not None:
                unique.unique = True
            else:
                table.indexes.append(Index(columns=columns, unique=True))
        elif kind == "f":
            ref_names = names.get(ref_oid) or _attribute_names(fetch, ref_oid)
            fk = ForeignKey(
                columns=columns,
                ref_table=ref_table,
                ref_columns=[ref_names.get(k, str(k)) for k in confkey],
                on_delete=_ON_DELETE.get(deltype, "no action"),
            )
            table.foreign_keys.append(fk)
            catalog_names[(table.name, "fk", (*fk.columns, "->", fk.ref_table, *fk.ref_columns))] = conname
        elif kind == "c":
            checked = table.column(columns[0]) if len(columns) == 1 else None
            values = enum_values(definition, columns[0]) if checked is not None else None
            if checked is not None and values is not None and checked.enum is None \
                    and is_enum_check_name(conname, table.name, checked.name):
                checked.enum = values
                catalog_names[(table.name, "check", (checked.name,))] = conname
            else:
                table.checks.append(Check(name=conname, expression=_check_text(definition, table)))

    for relid, unique, indkey, index_name, predicate in fetch(_INDEXES, base):
        if indkey and all(k > 0 for k in indkey):
            columns = [names[relid][k] for k in indkey]
            index = Index(columns=columns, unique=unique, where=_predicate_text(predicate, by_oid[relid]))
            by_oid[relid].indexes.append(index)
            catalog_names[(by_oid[relid].name, "index", index_key(index))] = index_name

    policies: dict[int, list[tuple[str, str | None]]] = {}
    for relid, polname, qual in fetch(_POLICIES, base):
        policies.setdefault(relid, []).append((polname, qual))
    for oid, table in by_oid.items():
        mine = [(n, q) for n, q in policies.get(oid, []) if n.startswith("wiretable_")]
        if oid in rls_on or mine:
            owner = next((q for n, q in mine if n == "wiretable_owner"), None)
            table.rls = preset_of([n for n, _ in mine], owner)
    realtime = {row[0] for row in fetch(_REALTIME, {**base, "publication": PUBLICATION})}
    triggered: dict[int, str] = dict(fetch(_TRIGGERS, {**base, "function": TRIGGER_FUNCTION}))
    for oid, table in by_oid.items():
        table.realtime = table.name in realtime
        table.audit_timestamps = oid in triggered
        if oid in triggered:
            catalog_names[(table.name, "trigger", ())] = triggered[oid]

    schema = Schema(name=schema_name, tables=[by_oid[oid] for oid, _, _ in tables])
    types = {name: list(labels) for name, labels in fetch(_ENUM_TYPES, base)}
    return Catalog(schema, catalog_names, types)


def is_enum_check_name(name: str, table: str, column: str) -> bool:
    """Whether a one-column CHECK is named as Postgres names a column's CHECK (as the enum's is)."""
    candidates = {default_name(table, column, "check" + (str(n) if n else "")) for n in range(10)}
    legacy = f"{table}_{column}_check".encode()[:MAX_IDENTIFIER_BYTES].decode("utf-8", errors="ignore")
    return name in candidates or name == legacy


def _strip_enum_cast(raw: str | None) -> str | None:
    """``'draft'::status`` as ``'draft'``: a default of an enum-typed column, in the document's spelling."""
    if raw is None:
        return None
    try:
        parsed = sqlglot.parse_one(raw, read="postgres")
    except SqlglotError:
        return raw
    if isinstance(parsed, exp.Cast) and isinstance(parsed.this, exp.Literal):
        return str(parsed.this.sql("postgres"))
    return raw


def _check_text(definition: str, table: Table) -> str:
    """A CHECK's condition as people write it (``price > 0``), or as the server wrote it if sqlglot
    cannot read it."""
    text = definition.strip()
    if text[:5].upper() == "CHECK":
        text = text[5:].strip()
    for suffix in (" NOT VALID", " NO INHERIT"):
        text = text.removesuffix(suffix)
    return _predicate_text(text, table) or text


def _predicate_text(raw: str | None, table: Table) -> str | None:
    if raw is None:
        return None
    try:
        return display_text(parse_expression(raw, [c.name for c in table.columns]))
    except SchemaError:
        return raw


def _attribute_names(fetch: Fetch, relid: int) -> dict[int, str]:
    return dict(fetch(_ATTRIBUTE_NAMES, {"relid": relid}))  # type: ignore[arg-type, unused-ignore]


def connection_fetch(conn: psycopg.Connection[Any]) -> Fetch:
    def fetch(query: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        return conn.execute(query, params).fetchall()  # type: ignore[arg-type, unused-ignore]

    return fetch


def introspect(conn_or_url: psycopg.Connection[Any] | str, schema_name: str = "public") -> Schema:
    """The live structure of ``schema_name`` as a Schema (named after the Postgres schema).

    Given a URL it opens and closes its own connection (PushError if that fails); given a
    connection it reads inside whatever transaction that connection is in.
    """
    if isinstance(conn_or_url, str):
        with connect(conn_or_url, autocommit=True) as conn:
            return read_catalog(connection_fetch(conn), schema_name).schema
    return read_catalog(connection_fetch(conn_or_url), schema_name).schema
