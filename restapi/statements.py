"""SQL statements of the generated REST API, composed with ``psycopg.sql``.

Names are ``sql.Identifier``s taken from the Schema (never from a request, which only selects
among them), casts are the document's canonical type names (``sql.types.parse_type`` admits only
known types), and every value is a ``%s`` parameter: no request text ever becomes SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import sql

from kernel.schema import Table
from restapi.query import Filter, ListQuery, Order
from sql.types import parse_type

_COMPARE = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_IS = {"null": "IS NULL", "not_null": "IS NOT NULL", "true": "IS TRUE", "false": "IS FALSE"}


def qualified(table: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier("public"), sql.Identifier(table))


class TableSql:
    """The statements for one table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.name = qualified(table.name)
        self.types = {c.name: str(parse_type(c.type)) for c in table.columns}
        # columns of a Postgres enum type (``table`` is resolved: sql.ddl.resolve_enum_types)
        self.enum_types = {c.name: c.enum_type for c in table.columns if c.enum_type and c.enum}
        self.key = list(table.primary_key or [])

    def cast(self, column: str) -> sql.Composable:
        if column in self.enum_types:
            return sql.Identifier(self.enum_types[column])
        return sql.SQL(self.types[column])  # a canonical type name from the document

    def columns(self, names: Sequence[str] | None) -> sql.Composable:
        if names is None:
            return sql.SQL("*")
        return sql.SQL(", ").join(sql.Identifier(n) for n in names)

    def _filter(self, f: Filter, params: list[Any]) -> sql.Composable:
        col = sql.Identifier(f.column)
        if f.op == "is":
            assert isinstance(f.value, str)
            return sql.SQL("{} {}").format(col, sql.SQL(_IS[f.value]))
        if f.op in ("like", "ilike"):
            params.append(str(f.value).replace("*", "%"))
            return sql.SQL("{}::text {} %s").format(col, sql.SQL("LIKE" if f.op == "like" else "ILIKE"))
        if f.op == "in":
            params.append(list(f.value))
            return sql.SQL("{} = ANY(%s::text[]::{}[])").format(col, self.cast(f.column))
        params.append(f.value)
        return sql.SQL("{} {} %s::text::{}").format(col, sql.SQL(_COMPARE[f.op]), self.cast(f.column))

    def where(self, filters: Sequence[Filter], params: list[Any]) -> sql.Composable:
        if not filters:
            return sql.SQL("")
        return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(self._filter(f, params) for f in filters)

    def _order(self, orders: Sequence[Order]) -> sql.Composable:
        parts = []
        for o in orders:
            part = sql.SQL("{} {}").format(sql.Identifier(o.column), sql.SQL("DESC" if o.descending else "ASC"))
            if o.nulls:
                part = sql.SQL("{} NULLS {}").format(part, sql.SQL(o.nulls.upper()))
            parts.append(part)
        known = {o.column for o in orders}
        parts += [sql.SQL("{} ASC").format(sql.Identifier(k)) for k in self.key if k not in known]
        return sql.SQL(" ORDER BY ") + sql.SQL(", ").join(parts) if parts else sql.SQL("")

    def select_page(self, query: ListQuery, fetch: Sequence[str] | None) -> tuple[sql.Composed, list[Any]]:
        params: list[Any] = []
        where = self.where(query.filters, params)
        statement = sql.SQL("SELECT {} FROM {}{}{} LIMIT %s OFFSET %s").format(
            self.columns(fetch), self.name, where, self._order(query.order))
        return statement, [*params, query.limit, query.offset]

    def count(self, query: ListQuery) -> tuple[sql.Composed, list[Any]]:
        params: list[Any] = []
        return sql.SQL("SELECT count(*) FROM {}{}").format(self.name, self.where(query.filters, params)), params

    def key_match(self, values: Sequence[str], params: list[Any]) -> sql.Composable:
        params.extend(values)
        return sql.SQL(" AND ").join(sql.SQL("{} = %s::text::{}").format(sql.Identifier(k), self.cast(k))
                                     for k in self.key)

    def select_one(self, values: Sequence[str]) -> tuple[sql.Composed, list[Any]]:
        params: list[Any] = []
        return sql.SQL("SELECT * FROM {} WHERE {}").format(self.name, self.key_match(values, params)), params

    def rows_matching(self, columns: Sequence[str], tuples: Sequence[Sequence[Any]],
                      fetch: Sequence[str] | None) -> tuple[sql.Composed, list[Any]]:
        """Rows whose ``columns`` equal one of ``tuples`` (for expanding a relation)."""
        arrays = [[t[i] for t in tuples] for i in range(len(columns))]
        unnest = sql.SQL(", ").join(sql.SQL("%s::{}[]").format(self.cast(c)) for c in columns)
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        statement = sql.SQL("SELECT {} FROM {} WHERE ({}) IN (SELECT * FROM unnest({})){}").format(
            self.columns(fetch), self.name, cols, unnest, self._order([]))
        return statement, arrays

    def insert(self, values: dict[str, Any]) -> tuple[sql.Composed, list[Any]]:
        if not values:
            return sql.SQL("INSERT INTO {} DEFAULT VALUES RETURNING *").format(self.name), []
        names = list(values)
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING *").format(
            self.name, sql.SQL(", ").join(sql.Identifier(n) for n in names),
            sql.SQL(", ").join(sql.SQL("%s::{}").format(self.cast(n)) for n in names))
        return statement, [values[n] for n in names]

    def update(self, values: dict[str, Any], key: Sequence[str]) -> tuple[sql.Composed, list[Any]]:
        params: list[Any] = [values[n] for n in values]
        sets = sql.SQL(", ").join(sql.SQL("{} = %s::{}").format(sql.Identifier(n), self.cast(n)) for n in values)
        statement = sql.SQL("UPDATE {} SET {} WHERE {} RETURNING *").format(
            self.name, sets, self.key_match(key, params))
        return statement, params

    def delete(self, key: Sequence[str]) -> tuple[sql.Composed, list[Any]]:
        params: list[Any] = []
        return sql.SQL("DELETE FROM {} WHERE {}").format(self.name, self.key_match(key, params)), params
