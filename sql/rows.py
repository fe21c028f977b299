"""Reading one page of a table's rows from a target database, for display.

Guarantees:

- Nothing is written: the page is read in a ``READ ONLY`` transaction, each statement bounded by
  ``statement_timeout`` seconds, and rolled back.
- The table and the sort column are looked up in the catalog with bound parameters; the names
  that reach the query are the catalog's own, quoted by ``psycopg.sql.Identifier``. A name that is
  not in the catalog is an error that names it, never part of a statement.
- Every cell is the value's text form cut on the server to ``max_chars`` characters (a cut value
  ends with ``…``), so a large ``jsonb`` or text value costs no more than a short one.
- Pages are stable: rows are ordered by the sort column and then by the primary key (or the row's
  physical position when there is none), so the same offset gives the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import errors, sql

from kernel.errors import PushError
from sql.connection import DEFAULT_CONNECT_TIMEOUT, connect, server_message
from sql.embedded import redact_url
from sql.waiting import set_timeouts

ELLIPSIS = "…"
MAX_PAGE_ROWS = 1000

_RELATION = """
SELECT c.oid, c.relkind FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %(schema)s AND c.relname = %(table)s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
"""
_COLUMNS = """
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
WHERE a.attrelid = %(oid)s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
"""
_PRIMARY_KEY = """
SELECT a.attname FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
WHERE i.indrelid = %(oid)s AND i.indisprimary
ORDER BY array_position(i.indkey::int2[], a.attnum)
"""
_TABLES = """
SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname
"""


@dataclass(frozen=True)
class RowsColumn:
    """A column as the target's catalog has it: its name and its type as Postgres spells it."""

    name: str
    type: str


@dataclass(frozen=True)
class RowsPage:
    """One page of a table's rows; each cell is text (cut to the page's width) or None for NULL."""

    target: str
    table: str
    columns: tuple[RowsColumn, ...]
    rows: tuple[tuple[str | None, ...], ...]
    total: int
    offset: int
    limit: int
    order_by: str | None = None
    descending: bool = False
    truncated: int = 0

    @property
    def first(self) -> int:
        """The 1-based number of the page's first row (0 for an empty page)."""
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)


def _cell(value: str | None, max_chars: int) -> tuple[str | None, bool]:
    if value is None or len(value) <= max_chars:
        return value, False
    return value[:max_chars] + ELLIPSIS, True


def _order(key: list[str], relkind: str, order_by: str | None, descending: bool) -> sql.Composable:
    direction = sql.SQL(" DESC NULLS LAST") if descending else sql.SQL(" ASC NULLS LAST")
    terms: list[sql.Composable] = []
    if order_by is not None:
        terms.append(sql.Composed([sql.Identifier(order_by), direction]))
    terms += [sql.Composed([sql.Identifier(name), direction]) for name in key if name != order_by]
    if not key and relkind == "r":
        terms.append(sql.Composed([sql.SQL("ctid"), direction]))
    if not terms:
        return sql.SQL("")
    return sql.Composed([sql.SQL(" ORDER BY "), sql.SQL(", ").join(terms)])


def read_rows(url: str, table: str, *, offset: int = 0, limit: int = 100, order_by: str | None = None,
              descending: bool = False, max_chars: int = 200, schema: str = "public",
              statement_timeout: float = 10.0, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT) -> RowsPage:
    """A page of ``table``'s rows in the database at ``url`` (see the module's guarantees).

    Raises PushError when the target cannot be reached, the table or the sort column does not
    exist there, or a statement runs longer than ``statement_timeout`` seconds (0: no limit).
    """
    if offset < 0 or not 1 <= limit <= MAX_PAGE_ROWS or max_chars < 1:
        raise ValueError(f"offset must be >= 0, limit 1..{MAX_PAGE_ROWS} and max_chars >= 1")
    label = redact_url(url)
    if not table or "\x00" in table:
        raise PushError(f"{table!r} is not a table name", table=table, url=label)
    with connect(url, connect_timeout=connect_timeout) as conn:
        try:
            return _read(conn, label, table, schema, offset, limit, order_by, descending, max_chars,
                         statement_timeout)
        except errors.QueryCanceled as exc:
            raise PushError(f"reading table {table!r} from {label} took longer than {statement_timeout:g} s "
                            "(statement timeout)", table=table, url=label) from exc
        except psycopg.Error as exc:
            raise PushError(f"cannot read table {table!r} from {label}: {server_message(exc)}", table=table,
                            url=label) from exc
        finally:
            if not conn.closed:
                conn.rollback()


def _read(conn: psycopg.Connection[Any], label: str, table: str, schema: str, offset: int, limit: int,
          order_by: str | None, descending: bool, max_chars: int, statement_timeout: float) -> RowsPage:
    conn.execute("SET TRANSACTION READ ONLY")
    set_timeouts(conn, statement_timeout)
    found = conn.execute(_RELATION, {"schema": schema, "table": table}).fetchone()
    if found is None:
        raise PushError(f"table {table!r} does not exist in {label}: push the schema to it first, or pick "
                        "another target", table=table, url=label, missing=True)
    oid, relkind = found
    columns = [RowsColumn(name, type_) for name, type_ in conn.execute(_COLUMNS, {"oid": oid}).fetchall()]
    if order_by is not None and order_by not in {c.name for c in columns}:
        raise PushError(f"table {table!r} has no column {order_by!r} to sort by", table=table, column=order_by,
                        url=label)
    key = [row[0] for row in conn.execute(_PRIMARY_KEY, {"oid": oid}).fetchall()]
    relation = sql.Identifier(schema, table)
    counted = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(relation)).fetchone()
    total = int(counted[0]) if counted else 0
    rows: list[tuple[str | None, ...]] = []
    truncated = 0
    if columns:
        cells = sql.SQL(", ").join(
            sql.SQL("left({}::text, %(width)s)").format(sql.Identifier(c.name)) for c in columns)
        query = sql.Composed([
            sql.SQL("SELECT {} FROM {}").format(cells, relation),
            _order(key, relkind, order_by, descending),
            sql.SQL(" LIMIT %(limit)s OFFSET %(offset)s"),
        ])
        for raw in conn.execute(query, {"width": max_chars + 1, "limit": limit, "offset": offset}).fetchall():
            row = []
            for value in raw:
                cell, cut = _cell(value, max_chars)
                truncated += cut
                row.append(cell)
            rows.append(tuple(row))
    return RowsPage(target=label, table=table, columns=tuple(columns), rows=tuple(rows), total=total, offset=offset,
                    limit=limit, order_by=order_by, descending=descending, truncated=truncated)


def existing_tables(url: str, *, schema: str = "public", statement_timeout: float = 10.0,
                    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT) -> list[str]:
    """The names of the tables in ``schema`` of the database at ``url``; PushError when unreachable."""
    label = redact_url(url)
    with connect(url, connect_timeout=connect_timeout) as conn:
        try:
            conn.execute("SET TRANSACTION READ ONLY")
            set_timeouts(conn, statement_timeout)
            return [row[0] for row in conn.execute(_TABLES, {"schema": schema}).fetchall()]
        except psycopg.Error as exc:
            raise PushError(f"cannot list the tables of {label}: {server_message(exc)}", url=label) from exc
        finally:
            if not conn.closed:
                conn.rollback()
