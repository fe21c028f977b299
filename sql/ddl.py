"""DDL for a Schema, built only from sqlglot expression nodes.

Every identifier is an ``exp.Identifier(quoted=True)``, so the generator quotes and escapes it:
a hostile name such as ``a"; drop table x; --`` comes out as one quoted identifier. Column
defaults are parsed with sqlglot and accepted only when they are constants or a small set of
known functions (``now()``, ``gen_random_uuid()``…); anything else is a SchemaError, never text
pasted into a statement.

Statement order for Postgres: every CREATE TABLE (referenced tables first where possible), then
the indexes, then each foreign key as ``ALTER TABLE … ADD FOREIGN KEY``, so cycles between tables
need no special care. Dialects that cannot add a foreign key after the fact (SQLite) get them
inline in CREATE TABLE instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from sql.model import Column, ForeignKey, Index, Schema, Table
from sql.types import DialectTypes, dialect_types, parse_type
from wiretable.errors import SchemaError

_ON_DELETE = {
    "cascade": "ON DELETE CASCADE",
    "set null": "ON DELETE SET NULL",
    "restrict": "ON DELETE RESTRICT",
    "no action": None,
}

# Node types a column default may consist of: constants, casts and a few well-known functions.
_DEFAULT_NODES: tuple[type[exp.Expression], ...] = (
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Neg,
    exp.Paren,
    exp.Cast,
    exp.DataType,
    exp.DataTypeParam,
    exp.Array,
    exp.CurrentTimestamp,
    exp.CurrentDate,
    exp.CurrentTime,
    exp.Uuid,
)


def ident(name: str) -> exp.Identifier:
    """A quoted identifier: the only way a name from a schema document enters a statement."""
    return exp.Identifier(this=name, quoted=True)


def table_ref(name: str) -> exp.Table:
    return exp.Table(this=ident(name))


def default_expression(text: str, *, table: str | None = None, column: str | None = None) -> exp.Expression:
    """Parse a column default (Postgres syntax) into a safe expression, or raise SchemaError."""
    where = f"{table}.{column}: " if table and column else ""
    try:
        parsed = sqlglot.parse_one(text, read="postgres")
    except ParseError as exc:
        raise SchemaError(
            f"{where}default {text!r} is not a valid expression", table=table, column=column
        ) from exc
    for node in parsed.walk():
        allowed = isinstance(node, _DEFAULT_NODES)
        if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.USERDEFINED:
            allowed = False
        if not allowed:
            raise SchemaError(
                f"{where}default {text!r} is not supported: use a constant, now(), current_date"
                " or gen_random_uuid()",
                table=table,
                column=column,
            )
    return parsed


def _strip_casts(expression: exp.Expression) -> exp.Expression:
    while isinstance(expression, exp.Paren | exp.Cast):
        expression = expression.this
    return expression


def normalize_default(text: str | None, type_text: str | None = None) -> str | None:
    """The canonical spelling of a default, so a document and the live catalog compare alike.

    A cast to the column's own type is dropped (Postgres reports ``'draft'::text`` for a text
    column's ``'draft'``), and functions take sqlglot's spelling (``now()`` → CURRENT_TIMESTAMP).
    """
    if text is None:
        return None
    expression = default_expression(text)
    if isinstance(expression, exp.Cast) and type_text is not None:
        try:
            own = parse_type(type_text)
            cast_to = parse_type(expression.to.sql("postgres"))
        except SchemaError:
            own = cast_to = None
        if own is not None and cast_to is not None and own.base == cast_to.base:
            expression = expression.this
    return expression.sql("postgres")


def _default_for(text: str, dialect: DialectTypes, table: str, column: str) -> exp.Expression | None:
    expression = default_expression(text, table=table, column=column)
    if dialect.name != "postgres":
        expression = _strip_casts(expression)
        if isinstance(expression, exp.Uuid) and not dialect.supports_uuid_default:
            return None
        if isinstance(expression, exp.Array):
            return None
    return expression


def column_type(table: str, column: Column, dialect: str | DialectTypes = "postgres") -> exp.DataType:
    types = dialect if isinstance(dialect, DialectTypes) else dialect_types(dialect)
    try:
        return types.datatype(parse_type(column.type))
    except SchemaError as exc:
        raise SchemaError(f"{table}.{column.name}: {exc.message}", table=table, column=column.name) from exc


def column_def(
    table: str,
    column: Column,
    dialect: str | DialectTypes = "postgres",
    *,
    force_nullable: bool = False,
) -> exp.ColumnDef:
    """One column with its NOT NULL, DEFAULT, UNIQUE and enum CHECK constraints."""
    types = dialect if isinstance(dialect, DialectTypes) else dialect_types(dialect)
    constraints: list[exp.ColumnConstraint] = []
    if not column.nullable and not force_nullable:
        constraints.append(exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
    if column.default is not None:
        default = _default_for(column.default, types, table, column.name)
        if default is not None:
            constraints.append(exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=default)))
    if column.unique:
        constraints.append(exp.ColumnConstraint(kind=exp.UniqueColumnConstraint()))
    if column.enum is not None:
        if not column.enum:
            raise SchemaError(f"{table}.{column.name}: enum has no values", table=table, column=column.name)
        check = exp.In(
            this=exp.Column(this=ident(column.name)),
            expressions=[exp.Literal.string(v) for v in column.enum],
        )
        constraints.append(exp.ColumnConstraint(kind=exp.CheckColumnConstraint(this=check)))
    return exp.ColumnDef(
        this=ident(column.name),
        kind=column_type(table, column, types),
        constraints=constraints or None,
    )


def _foreign_key(fk: ForeignKey) -> exp.ForeignKey:
    option = _ON_DELETE[fk.on_delete]
    reference = exp.Reference(
        this=exp.Schema(this=table_ref(fk.ref_table), expressions=[ident(c) for c in fk.ref_columns]),
        options=[option] if option else None,
    )
    return exp.ForeignKey(expressions=[ident(c) for c in fk.columns], reference=reference)


def create_table(
    table: Table, dialect: str | DialectTypes = "postgres", *, inline_foreign_keys: bool = False
) -> exp.Create:
    types = dialect if isinstance(dialect, DialectTypes) else dialect_types(dialect)
    if not table.columns:
        raise SchemaError(f"{table.name}: a table needs at least one column", table=table.name)
    parts: list[exp.Expression] = [column_def(table.name, c, types) for c in table.columns]
    if table.primary_key:
        parts.append(exp.PrimaryKey(expressions=[ident(c) for c in table.primary_key]))
    if inline_foreign_keys:
        parts.extend(_foreign_key(fk) for fk in table.foreign_keys)
    return exp.Create(
        this=exp.Schema(this=table_ref(table.name), expressions=parts),
        kind="TABLE",
    )


def add_column(
    table: str, column: Column, dialect: str = "postgres", *, force_nullable: bool = False
) -> exp.Alter:
    return exp.Alter(
        this=table_ref(table),
        kind="TABLE",
        actions=[column_def(table, column, dialect, force_nullable=force_nullable)],
    )


def add_foreign_key(table: str, fk: ForeignKey) -> exp.Alter:
    return exp.Alter(
        this=table_ref(table),
        kind="TABLE",
        actions=[exp.AddConstraint(expressions=[_foreign_key(fk)])],
    )


def create_index(table: str, index: Index, dialect: str = "postgres") -> exp.Create:
    """CREATE [UNIQUE] INDEX; Postgres names it itself, other dialects get ``<table>_<cols>_idx``."""
    name = None
    if dialect != "postgres":
        name = ident("_".join([table, *index.columns, "key" if index.unique else "idx"]))
    columns = [exp.Column(this=ident(c)) for c in index.columns]
    return exp.Create(
        this=exp.Index(this=name, table=table_ref(table), params=exp.IndexParameters(columns=columns)),
        kind="INDEX",
        unique=index.unique,
    )


def table_order(tables: Iterable[Table]) -> list[Table]:
    """Referenced tables before the tables that reference them; cycles keep document order."""
    tables = list(tables)
    by_name = {t.name: t for t in tables}
    done: set[str] = set()
    visiting: set[str] = set()
    ordered: list[Table] = []

    def visit(table: Table) -> None:
        if table.name in done or table.name in visiting:
            return
        visiting.add(table.name)
        for fk in table.foreign_keys:
            target = by_name.get(fk.ref_table)
            if target is not None and target.name != table.name:
                visit(target)
        visiting.discard(table.name)
        done.add(table.name)
        ordered.append(table)

    for table in tables:
        visit(table)
    return ordered


def create_expressions(schema: Schema, dialect: str = "postgres") -> list[exp.Expression]:
    types = dialect_types(dialect)
    inline = not types.alter_add_foreign_key
    tables = table_order(schema.tables)
    statements: list[exp.Expression] = [create_table(t, types, inline_foreign_keys=inline) for t in tables]
    statements += [create_index(t.name, i, dialect) for t in tables for i in t.indexes]
    if not inline:
        statements += [add_foreign_key(t.name, fk) for t in tables for fk in t.foreign_keys]
    return statements


def create_statements(schema: Schema, dialect: str = "postgres") -> list[str]:
    """The statements that build ``schema`` from nothing, in an order that runs as is."""
    return [e.sql(dialect) for e in create_expressions(schema, dialect)]


def render_ddl(schema: Schema, dialect: str = "postgres") -> str:
    """The whole DDL script: statements joined with ``;\\n`` and a trailing ``;``."""
    statements = create_statements(schema, dialect)
    return ";\n".join(statements) + ";" if statements else ""
