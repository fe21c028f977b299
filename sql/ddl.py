"""DDL for a Schema, built only from sqlglot expression nodes.

Every identifier is an ``exp.Identifier(quoted=True)``, so the generator quotes and escapes it:
a hostile name such as ``a"; drop table x; --`` comes out as one quoted identifier. Column
defaults are parsed with sqlglot and accepted only when they are constants or a small set of
known functions (``now()``, ``gen_random_uuid()``…); anything else is a SchemaError, never text
pasted into a statement. CHECK constraints, index predicates, identity columns and enum types
are made in ``sql.ddl_parts``.

Statement order for Postgres: the enum types, every CREATE TABLE (referenced tables first where possible), then
the indexes, then each foreign key as ``ALTER TABLE … ADD FOREIGN KEY``, so cycles between tables
need no special care. Dialects that cannot add a foreign key after the fact (SQLite) get them
inline in CREATE TABLE instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from kernel.errors import SchemaError
from kernel.schema import Column, ForeignKey, Index, Schema, Table
from sql.ddl_parts import (
    create_enum_type,
    enum_types,
    identity_constraint,
    index_predicate,
    native_enum_kind,
    table_checks,
)
from sql.ddl_parts import ident as ident
from sql.ddl_parts import resolve_enum_types as resolve_enum_types
from sql.ddl_parts import table_ref as table_ref
from sql.types import DialectTypes, TypeName, dialect_types, parse_type

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
    assert isinstance(parsed, exp.Expression)  # the walk above yields the root, an allowed node
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
        own: TypeName | None
        cast_to: TypeName | None
        try:
            own = parse_type(type_text)
            cast_to = parse_type(expression.to.sql("postgres"))
        except SchemaError:
            own = cast_to = None
        if own is not None and cast_to is not None and own.base == cast_to.base:
            expression = expression.this
    return expression.sql("postgres")


# MySQL column types whose literal defaults must be written as an expression in parentheses.
_MYSQL_PAREN_DEFAULT = {exp.DataType.Type.LONGTEXT, exp.DataType.Type.JSON, exp.DataType.Type.LONGBLOB}


def _default_for(
    text: str, dialect: DialectTypes, table: str, column: str, kind: exp.DataType | None = None
) -> exp.Expression | None:
    expression = default_expression(text, table=table, column=column)
    if dialect.name == "postgres":
        return expression
    expression = _strip_casts(expression)
    if isinstance(expression, exp.Uuid) and not dialect.supports_uuid_default:
        return None
    if isinstance(expression, exp.Array):
        return None
    if dialect.name == "tsql" and isinstance(expression, exp.Boolean):
        return exp.Literal.number(1 if expression.this else 0)
    if dialect.name == "mysql":
        if isinstance(expression, exp.CurrentTimestamp) and kind is not None and kind.expressions:
            # DATETIME(6) takes only a default of the same precision.
            return exp.CurrentTimestamp(this=kind.expressions[0].this.copy())
        if isinstance(expression, exp.Uuid) or (kind is not None and kind.this in _MYSQL_PAREN_DEFAULT):
            return exp.Paren(this=expression)
    return expression


def column_type(
    table: str, column: Column, dialect: str | DialectTypes = "postgres", *, key: bool = False
) -> exp.DataType:
    types = dialect if isinstance(dialect, DialectTypes) else dialect_types(dialect)
    try:
        type_name = parse_type(column.type)
        return types.key_datatype(type_name) if key else types.datatype(type_name)
    except SchemaError as exc:
        raise SchemaError(f"{table}.{column.name}: {exc.message}", table=table, column=column.name) from exc


def column_def(
    table: str,
    column: Column,
    dialect: str | DialectTypes = "postgres",
    *,
    force_nullable: bool = False,
    key: bool = False,
    primary_key: Sequence[str] | None = None,
) -> exp.ColumnDef:
    """One column with its NOT NULL, DEFAULT, identity, UNIQUE and enum constraints.

    ``key`` says the column is part of a key or index, which changes its type in dialects that
    cannot index their unbounded text type (MySQL, SQL Server). A column naming its ``enum_type``
    gets that Postgres enum type (MySQL: an ENUM column; others: the CHECK). ``primary_key`` is
    the table's, which decides how other dialects generate an identity column's values.
    """
    types = dialect if isinstance(dialect, DialectTypes) else dialect_types(dialect)
    kind = column_type(table, column, types, key=key or column.unique)
    native = native_enum_kind(column, types.name)
    constraints: list[exp.ColumnConstraint] = []
    identity = identity_constraint(table, column, types.name, primary_key)
    if identity is not None:
        constraints.append(identity)
    if not column.nullable and not force_nullable:
        constraints.append(exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
    if column.default is not None:
        default = _default_for(column.default, types, table, column.name, kind)
        if default is not None:
            constraints.append(exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=default)))
        if types.name == "mysql" and column.name == UPDATED_AT and isinstance(default, exp.CurrentTimestamp):
            constraints.append(exp.ColumnConstraint(kind=exp.OnUpdateColumnConstraint(this=default.copy())))
    if column.unique:
        constraints.append(exp.ColumnConstraint(kind=exp.UniqueColumnConstraint()))
    if column.enum is not None and native is None:
        if not column.enum:
            raise SchemaError(f"{table}.{column.name}: enum has no values", table=table, column=column.name)
        check = exp.In(
            this=exp.Column(this=ident(column.name)),
            expressions=[exp.Literal.string(v) for v in column.enum],
        )
        constraints.append(exp.ColumnConstraint(kind=exp.CheckColumnConstraint(this=check)))
    return exp.ColumnDef(this=ident(column.name), kind=native or kind, constraints=constraints or None)


def _foreign_key(fk: ForeignKey) -> exp.ForeignKey:
    option = _ON_DELETE[fk.on_delete]
    reference = exp.Reference(
        this=exp.Schema(this=table_ref(fk.ref_table), expressions=[ident(c) for c in fk.ref_columns]),
        options=[option] if option else None,
    )
    return exp.ForeignKey(expressions=[ident(c) for c in fk.columns], reference=reference)


def create_table(
    table: Table,
    dialect: str | DialectTypes = "postgres",
    *,
    inline_foreign_keys: bool = False,
    referenced: Iterable[str] = (),
) -> exp.Create:
    """CREATE TABLE with the audit columns when asked; ``referenced`` names the columns that
    other tables' foreign keys point at, so that they get a key-capable type."""
    types = dialect if isinstance(dialect, DialectTypes) else dialect_types(dialect)
    if not table.columns:
        raise SchemaError(f"{table.name}: a table needs at least one column", table=table.name)
    keys = key_columns(table, referenced)
    # A single-column primary key is already unique; a UNIQUE on it would add a second index.
    sole_pk = table.primary_key[0] if table.primary_key and len(table.primary_key) == 1 else None
    parts: list[exp.Expression] = [
        column_def(table.name, c.model_copy(update={"unique": False}) if c.name == sole_pk else c, types,
                   key=c.name in keys, primary_key=table.primary_key or [])
        for c in with_audit_columns(table).columns
    ]
    if table.primary_key:
        parts.append(exp.PrimaryKey(expressions=[ident(c) for c in table.primary_key]))
    parts.extend(table_checks(table, types.name))
    if inline_foreign_keys:
        parts.extend(_foreign_key(fk) for fk in table.foreign_keys)
    return exp.Create(
        this=exp.Schema(this=table_ref(table.name), expressions=parts),
        kind="TABLE",
    )


def key_columns(table: Table, referenced: Iterable[str] = ()) -> set[str]:
    """Columns that sit in a key or an index: primary key, unique, indexed, foreign key."""
    keys = set(table.primary_key or []) | set(referenced)
    keys |= {c.name for c in table.columns if c.unique}
    keys |= {c for index in table.indexes for c in index.columns}
    keys |= {c for fk in table.foreign_keys for c in fk.columns}
    return keys


# Audit timestamps: created_at and updated_at, both defaulting to now(); Postgres keeps
# updated_at current with a trigger, MySQL with ON UPDATE, others only set it on insert.
CREATED_AT = "created_at"
UPDATED_AT = "updated_at"
AUDIT_FUNCTION = "wiretable_set_updated_at"


def audit_columns() -> list[Column]:
    return [
        Column(name=CREATED_AT, type="timestamptz", nullable=False, default="now()"),
        Column(name=UPDATED_AT, type="timestamptz", nullable=False, default="now()"),
    ]


def with_audit_columns(table: Table) -> Table:
    """The table as created: with created_at/updated_at appended when audit timestamps are on
    and the table does not already have columns of those names."""
    if not table.audit_timestamps:
        return table
    columns = list(table.columns)
    for audit in audit_columns():
        existing = table.column(audit.name)
        if existing is None:
            columns.append(audit)
        elif existing.default is None:
            columns[columns.index(existing)] = existing.model_copy(update={"default": audit.default})
    return table.model_copy(update={"columns": columns})


def audit_expressions(tables: Iterable[Table], dialect: str = "postgres") -> list[exp.Expression]:
    """The updated_at trigger function (once) and one BEFORE UPDATE trigger per audited table.

    The function body is constant text with no name from the document in it; the trigger is a
    sqlglot node whose identifiers are quoted by the generator. Only Postgres gets these.
    """
    audited = [t for t in tables if t.audit_timestamps]
    if dialect != "postgres" or not audited:
        return []
    function = exp.Command(
        this="CREATE",
        expression=f"OR REPLACE FUNCTION {AUDIT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN NEW.{UPDATED_AT} = now(); RETURN NEW; END $$",
    )
    out: list[exp.Expression] = [function]
    for table in audited:
        trigger = exp.TriggerProperties(
            table=table_ref(table.name),
            timing="BEFORE",
            events=[exp.TriggerEvent(this="UPDATE")],
            execute=exp.TriggerExecute(this=exp.Anonymous(this=AUDIT_FUNCTION)),
            constraint=False,
            for_each="ROW",
            when=False,
        )
        name = ident(f"{table.name}_set_{UPDATED_AT}"[:63])
        out.append(exp.Create(this=name, kind="TRIGGER", properties=exp.Properties(expressions=[trigger])))
    return out


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


def create_index(
    table: str, index: Index, dialect: str = "postgres", *, number: int = 0, columns: Sequence[str] | None = None
) -> exp.Create:
    """CREATE [UNIQUE] INDEX [… WHERE …]; Postgres names it itself, other dialects get
    ``<table>_<cols>_idx`` (``number`` tells apart several indexes on the same columns). A partial
    index's predicate resolves its names against ``columns``, the table's (None: already resolved)."""
    name = None
    if dialect != "postgres":
        suffix = ("key" if index.unique else "idx") + (str(number) if number else "")
        name = ident("_".join([table, *index.columns, suffix]))
    where = index_predicate(table, index, dialect, columns)
    params = exp.IndexParameters(columns=[exp.Column(this=ident(c)) for c in index.columns], where=where)
    return exp.Create(
        this=exp.Index(this=name, table=table_ref(table), params=params),
        kind="INDEX",
        unique=index.unique,
    )


def table_indexes(tables: Iterable[Table], dialect: str = "postgres") -> list[exp.Create]:
    """Every index of ``tables``, numbered apart where several cover the same columns."""
    out: list[exp.Create] = []
    for table in tables:
        seen: dict[tuple[str, ...], int] = {}
        for index in table.indexes:
            key = (*index.columns, "key" if index.unique else "idx")
            number = seen.get(key, 0)
            seen[key] = number + 1
            out.append(create_index(table.name, index, dialect, number=number,
                                    columns=[c.name for c in table.columns]))
    return out


def table_order(tables: Iterable[Table]) -> list[Table]:
    """Referenced tables before the tables that reference them; cycles keep document order.

    A depth-first walk with an explicit stack, so a chain of any length is ordered without
    recursion (the same order as the recursive walk)."""
    tables = list(tables)
    by_name = {t.name: t for t in tables}
    done: set[str] = set()
    visiting: set[str] = set()
    ordered: list[Table] = []
    for root in tables:
        if root.name in done or root.name in visiting:
            continue
        visiting.add(root.name)
        stack: list[tuple[Table, Iterator[ForeignKey]]] = [(root, iter(root.foreign_keys))]
        while stack:
            table, fks = stack[-1]
            for fk in fks:
                target = by_name.get(fk.ref_table)
                if target is not None and target.name != table.name and target.name not in done \
                        and target.name not in visiting:
                    visiting.add(target.name)
                    stack.append((target, iter(target.foreign_keys)))
                    break
            else:
                stack.pop()
                visiting.discard(table.name)
                done.add(table.name)
                ordered.append(table)
    return ordered


def referenced_columns(schema: Schema) -> dict[str, set[str]]:
    """For each table, the columns that some foreign key in ``schema`` points at."""
    out: dict[str, set[str]] = {}
    for table in schema.tables:
        for fk in table.foreign_keys:
            out.setdefault(fk.ref_table, set()).update(fk.ref_columns)
    return out


def enum_type_expressions(tables: Iterable[Table], dialect: str = "postgres") -> list[exp.Expression]:
    """``CREATE TYPE … AS ENUM`` for each enum type the resolved tables use (Postgres only)."""
    if dialect != "postgres":
        return []
    return [create_enum_type(name, values) for name, values in enum_types(tables).items()]


def create_expressions(schema: Schema, dialect: str = "postgres") -> list[exp.Expression]:
    types = dialect_types(dialect)
    inline = not types.alter_add_foreign_key
    schema = resolve_enum_types(schema)
    tables = table_order(schema.tables)
    refs = referenced_columns(schema)
    statements: list[exp.Expression] = enum_type_expressions(schema.tables, dialect)
    statements += [
        create_table(t, types, inline_foreign_keys=inline, referenced=refs.get(t.name, ())) for t in tables
    ]
    statements += table_indexes(tables, dialect)
    if not inline:
        statements += [add_foreign_key(t.name, fk) for t in tables for fk in t.foreign_keys]
    statements += audit_expressions(tables, dialect)
    return statements


def create_statements(schema: Schema, dialect: str = "postgres") -> list[str]:
    """The statements that build ``schema`` from nothing, in an order that runs as is."""
    return [e.sql(dialect) for e in create_expressions(schema, dialect)]


def render_ddl(schema: Schema, dialect: str = "postgres") -> str:
    """The whole DDL script: statements joined with ``;\\n`` and a trailing ``;``."""
    statements = create_statements(schema, dialect)
    return ";\n".join(statements) + ";" if statements else ""
