"""The list query of the generated REST API, parsed and checked against the Schema.

PostgREST's spelling: ``?col=op.value`` filters (``eq, neq, gt, gte, lt, lte, like, ilike, in,
is``), ``select=a,b,rel(*)``, ``order=a.desc.nullslast,b``, ``limit``, ``offset`` and
``expand=rel,…``. Every name is checked against the table's columns and relations, so a name
reaching SQL is always one of the document's; values stay values (they become parameters).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kernel.schema import Schema, Table
from sql.exports.common import Relation, relations
from sql.exports.openapi import DEFAULT_LIMIT, MAX_LIMIT, OPERATORS

RESERVED = ("select", "order", "limit", "offset", "expand")
IS_VALUES = ("null", "not_null", "true", "false")


class ApiError(Exception):
    """A client error, answered as JSON ``{"code", "message", "fields"?}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields

    def body(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message}
        if self.fields is not None:
            out["fields"] = self.fields
        return out


def bad(message: str, code: str = "bad_request") -> ApiError:
    return ApiError(400, code, message)


@dataclass(frozen=True)
class Filter:
    column: str
    op: str
    value: str | list[str]


@dataclass(frozen=True)
class Order:
    column: str
    descending: bool = False
    nulls: str | None = None  # "first" | "last"


@dataclass(frozen=True)
class Expand:
    relation: Relation
    columns: tuple[str, ...] | None  # None: all


@dataclass
class ListQuery:
    columns: tuple[str, ...] | None = None  # None: all
    filters: list[Filter] = field(default_factory=list)
    order: list[Order] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    expand: list[Expand] = field(default_factory=list)


def _split_top(text: str) -> list[str]:
    """Split on commas outside parentheses: ``a,rel(b,c)`` → ``a``, ``rel(b,c)``."""
    out: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise bad("unbalanced parentheses in select")
        if ch == "," and depth == 0:
            out.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if depth != 0:
        raise bad("unbalanced parentheses in select")
    out.append("".join(current).strip())
    return [p for p in out if p]


def _int(name: str, text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise bad(f"{name} must be a non-negative integer")
    return int(text)


class QueryParser:
    """Parses list and key requests for one table of ``schema``."""

    def __init__(self, schema: Schema, table: Table) -> None:
        self.table = table
        self.columns = {c.name for c in table.columns}
        self.booleans = {c.name for c in table.columns if c.type.strip().lower() in ("boolean", "bool")}
        self.relations = {r.name: r for r in relations(schema, table)}
        self.targets = {t.name: {c.name for c in t.columns} for t in schema.tables}

    def _column(self, name: str, what: str = "column") -> str:
        if name not in self.columns:
            raise bad(f"unknown {what} {name!r} of {self.table.name}", "unknown_column")
        return name

    def _relation(self, name: str) -> Relation:
        rel = self.relations.get(name)
        if rel is None:
            known = ", ".join(self.relations) or "none"
            raise bad(f"unknown relation {name!r} of {self.table.name} (relations: {known})", "unknown_relation")
        return rel

    def _sub_columns(self, rel: Relation, inner: str) -> tuple[str, ...] | None:
        inner = inner.strip()
        if inner in ("", "*"):
            return None
        cols = tuple(c.strip() for c in inner.split(","))
        for c in cols:
            if c not in self.targets[rel.target]:
                raise bad(f"unknown column {c!r} of {rel.target}", "unknown_column")
        return cols

    def parse_expand(self, text: str | None, into: list[Expand]) -> None:
        if not text:
            return
        for name in _split_top(text):
            into.append(Expand(self._relation(name), None))

    def parse_list(self, params: Iterable[tuple[str, str]]) -> ListQuery:
        query = ListQuery()
        seen: set[str] = set()
        for key, value in params:
            if key in RESERVED:
                if key in seen:
                    raise bad(f"{key} is given more than once")
                seen.add(key)
                self._reserved(query, key, value)
            else:
                query.filters.append(self._filter(key, value))
        return query

    def _reserved(self, query: ListQuery, key: str, value: str) -> None:
        if key == "limit":
            query.limit = min(_int("limit", value), MAX_LIMIT)
        elif key == "offset":
            query.offset = _int("offset", value)
        elif key == "expand":
            self.parse_expand(value, query.expand)
        elif key == "order":
            query.order = [self._order(part) for part in value.split(",") if part.strip()]
        elif key == "select":
            self._select(query, value)

    def _select(self, query: ListQuery, value: str) -> None:
        cols: list[str] = []
        star = False
        for item in _split_top(value):
            if "(" in item:
                name, _, rest = item.partition("(")
                rel = self._relation(name.strip())
                query.expand.append(Expand(rel, self._sub_columns(rel, rest[:-1] if rest.endswith(")") else rest)))
            elif item == "*":
                star = True
            else:
                cols.append(self._column(item))
        query.columns = None if star or not cols else tuple(dict.fromkeys(cols))

    def _order(self, part: str) -> Order:
        bits = part.strip().split(".")
        column = self._column(bits[0], "order column")
        descending, nulls = False, None
        for bit in bits[1:]:
            if bit in ("asc", "desc"):
                descending = bit == "desc"
            elif bit in ("nullsfirst", "nullslast"):
                nulls = bit[5:]
            else:
                raise bad(f"unknown order modifier {bit!r} (asc, desc, nullsfirst, nullslast)")
        return Order(column, descending, nulls)

    def _filter(self, key: str, value: str) -> Filter:
        column = self._column(key)
        op, dot, operand = value.partition(".")
        if not dot or op not in OPERATORS:
            raise bad(f"filter {key}={value[:40]!r}: use op.value with op one of {', '.join(OPERATORS)}",
                      "unknown_operator")
        if op == "is":
            if operand not in IS_VALUES:
                raise bad(f"filter {key}: is takes one of {', '.join(IS_VALUES)}")
            if operand in ("true", "false") and column not in self.booleans:
                raise bad(f"filter {key}: is.{operand} needs a boolean column")
            return Filter(column, op, operand)
        if op == "in":
            if not (operand.startswith("(") and operand.endswith(")")):
                raise bad(f"filter {key}: in takes a list in parentheses, in.(a,b)")
            items = [v.strip() for v in operand[1:-1].split(",")] if operand[1:-1].strip() else []
            return Filter(column, op, [v[1:-1] if len(v) > 1 and v[0] == v[-1] == '"' else v for v in items])
        return Filter(column, op, operand)
