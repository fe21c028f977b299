"""Read a live Postgres catalog back into a Schema.

Types and defaults are normalised to the document's spelling (``timestamp with time zone`` →
``timestamptz``, ``'draft'::text`` → ``'draft'``), so a schema that was pushed reads back equal
to its structure. A single-column ``CHECK (col IN (...))`` reads back as the column's ``enum``.
A type or default outside what the model knows is kept verbatim; ``validate_schema`` reports it.
The ledger table ``wiretable_migrations`` is not part of the user's schema and is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from sql.connection import connect
from sql.ddl import normalize_default
from sql.model import Column, ForeignKey, Index, OnDelete, Schema, Table
from sql.types import normalize_type
from wiretable.errors import SchemaError

LEDGER_TABLE = "wiretable_migrations"

_ON_DELETE: dict[str, OnDelete] = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null"}

_TABLES = """
SELECT c.oid, c.relname FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> %s
ORDER BY c.oid
"""

_COLUMNS = """
SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
       a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

_CONSTRAINTS = """
SELECT con.conrelid, con.contype, con.conkey, con.confrelid, ref.relname, con.confkey, con.confdeltype,
       pg_catalog.pg_get_constraintdef(con.oid)
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
WHERE con.conrelid = ANY(%s) AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY con.conrelid, con.oid
"""

_INDEXES = """
SELECT i.indrelid, i.indisunique, i.indkey::int2[]
FROM pg_catalog.pg_index i
WHERE i.indrelid = ANY(%s) AND i.indexprs IS NULL AND i.indpred IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                    AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, i.indexrelid
"""


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


def _read(conn: psycopg.Connection, schema_name: str) -> Schema:
    tables = conn.execute(_TABLES, (schema_name, LEDGER_TABLE)).fetchall()
    oids = [oid for oid, _ in tables]
    by_oid: dict[int, Table] = {oid: Table(name=name) for oid, name in tables}
    names: dict[int, dict[int, str]] = {oid: {} for oid in oids}

    for relid, attnum, name, raw_type, notnull, raw_default in conn.execute(_COLUMNS, (oids,)):
        type_text = _type(raw_type)
        by_oid[relid].columns.append(
            Column(name=name, type=type_text, nullable=not notnull, default=_default(raw_default, type_text))
        )
        names[relid][attnum] = name

    for relid, kind, conkey, ref_oid, ref_table, confkey, deltype, definition in conn.execute(
        _CONSTRAINTS, (oids,)
    ):
        table = by_oid[relid]
        columns = [names[relid][k] for k in conkey or []]
        if kind == "p":
            table.primary_key = columns
        elif kind == "u" and len(columns) == 1:
            column = table.column(columns[0])
            if column is not None:
                column.unique = True
        elif kind == "u":
            table.indexes.append(Index(columns=columns, unique=True))
        elif kind == "f":
            ref_names = names.get(ref_oid) or _attribute_names(conn, ref_oid)
            table.foreign_keys.append(
                ForeignKey(
                    columns=columns,
                    ref_table=ref_table,
                    ref_columns=[ref_names.get(k, str(k)) for k in confkey],
                    on_delete=_ON_DELETE.get(deltype, "no action"),
                )
            )
        elif kind == "c" and len(columns) == 1:
            column = table.column(columns[0])
            values = enum_values(definition, columns[0])
            if column is not None and values is not None and column.enum is None:
                column.enum = values

    for relid, unique, indkey in conn.execute(_INDEXES, (oids,)):
        if indkey and all(k > 0 for k in indkey):
            by_oid[relid].indexes.append(Index(columns=[names[relid][k] for k in indkey], unique=unique))

    return Schema(name=schema_name, tables=[by_oid[oid] for oid in oids])


def _attribute_names(conn: psycopg.Connection, relid: int) -> dict[int, str]:
    rows = conn.execute(
        "SELECT attnum, attname FROM pg_catalog.pg_attribute WHERE attrelid = %s AND attnum > 0", (relid,)
    ).fetchall()
    return dict(rows)


def introspect(conn_or_url: psycopg.Connection[Any] | str, schema_name: str = "public") -> Schema:
    """The live structure of ``schema_name`` as a Schema (named after the Postgres schema).

    Given a URL it opens and closes its own connection (PushError if that fails); given a
    connection it reads inside whatever transaction that connection is in.
    """
    if isinstance(conn_or_url, str):
        with connect(conn_or_url, autocommit=True) as conn:
            return _read(conn, schema_name)
    return _read(conn_or_url, schema_name)
