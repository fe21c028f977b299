"""SQL back into the model: a CREATE TABLE script (Postgres syntax) parsed into a Schema.

The editor lets a user paste or edit DDL; :func:`parse_ddl` turns it back into a :class:`Schema`
through sqlglot. It understands what :func:`sql.ddl.render_ddl` writes and the common hand-written
forms: inline and table-level PRIMARY KEY, UNIQUE, REFERENCES / FOREIGN KEY … ON DELETE,
``CHECK (col IN (…))`` as an enum and any other CHECK as one of the table's checks (unnamed ones
named as Postgres would), ``GENERATED … AS IDENTITY``, ``CREATE TYPE … AS ENUM`` and columns of
that type, ``ALTER TABLE … ADD [CONSTRAINT …] FOREIGN KEY | CHECK``, ``CREATE [UNIQUE] INDEX …
[WHERE …]`` and the audit-timestamp trigger. Anything else is a SchemaError that
names the line where the offending statement starts (or the exact line of a syntax error).

Unquoted identifiers fold to lower case, as Postgres folds them. :func:`merge_annotations` then
carries evidence, descriptions and spellings over from the schema the script was made from, so
that a round trip through SQL loses nothing the SQL cannot express.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

from kernel.errors import SchemaError
from kernel.schema import Check, Column, ForeignKey, Index, OnDelete, Schema, Table, default_enum_type
from sql.ddl import AUDIT_FUNCTION, CREATED_AT, UPDATED_AT, normalize_default
from sql.expressions import display_text, parse_expression, referenced_columns, same_expression
from sql.limits import default_name, enum_check_name
from sql.types import normalize_type

_ON_DELETE: dict[str, OnDelete] = {
    "CASCADE": "cascade", "SET NULL": "set null", "RESTRICT": "restrict", "NO ACTION": "no action",
}


@dataclass(frozen=True)
class Statement:
    text: str
    line: int


def _fail(line: int, message: str) -> SchemaError:
    return SchemaError(f"line {line}: {message}", line=line)


def split_statements(script: str, dialect: str = "postgres") -> list[Statement]:
    """Split on semicolons outside strings and comments; each piece knows its first line."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(script)
    except TokenError as exc:
        raise SchemaError(f"cannot read the SQL: {exc}") from exc
    out: list[Statement] = []
    start = previous = None
    for token in [*tokens, None]:
        if token is None or token.token_type == TokenType.SEMICOLON:
            if start is not None and previous is not None:
                end = previous.end + 1
                out.append(Statement(script[start.start:end], start.line))
            start = None
            continue
        if start is None:
            start = token
        previous = token
    return out


def _name(node: exp.Expression | str | None) -> str:
    if isinstance(node, exp.Identifier):
        return node.this if node.quoted else node.this.lower()
    if isinstance(node, exp.Column | exp.Ordered | exp.Table):
        return _name(node.this)
    if isinstance(node, str):
        return node.lower()
    raise ValueError(f"not a name: {node!r}")


def _type_text(kind: exp.DataType | None, line: int, column: str) -> str:
    if kind is None:
        raise _fail(line, f"column {column!r} has no type")
    text = kind.sql("postgres").lower()
    try:
        return normalize_type(text)
    except SchemaError:
        return text  # kept as written; validation reports the unknown type


def _reference(ref: exp.Reference, line: int) -> tuple[str, list[str], OnDelete]:
    target = ref.this
    if not isinstance(target, exp.Schema) or not target.expressions:
        raise _fail(line, "a REFERENCES clause must name the referenced column(s)")
    on_delete: OnDelete = "no action"
    for option in ref.args.get("options") or []:
        words = " ".join(str(option).upper().split())
        if words.startswith("ON DELETE "):
            action = words.removeprefix("ON DELETE ")
            if action not in _ON_DELETE:
                raise _fail(line, f"unsupported ON DELETE action {action!r}")
            on_delete = _ON_DELETE[action]
    return _name(target.this), [_name(c) for c in target.expressions], on_delete


def _enum(check: exp.Expression, column: str) -> list[str] | None:
    node = check.this if isinstance(check, exp.CheckColumnConstraint) else check
    while isinstance(node, exp.Paren):
        node = node.this
    if not isinstance(node, exp.In) or not isinstance(node.this, exp.Column) or _name(node.this) != column:
        return None
    values = node.expressions
    if not values or not all(isinstance(v, exp.Literal) and v.is_string for v in values):
        return None
    return [v.this for v in values]


EnumTypes = dict[str, list[str]]


def _column(node: exp.ColumnDef, table: Table, line: int, types: EnumTypes) -> Column:
    name = _name(node.this)
    kind = node.args.get("kind")
    if isinstance(kind, exp.DataType) and kind.this == exp.DType.USERDEFINED and _name(kind.args.get("kind")) in types:
        enum_type = _name(kind.args.get("kind"))
        column = Column(name=name, type="text", enum=list(types[enum_type]), enum_type=enum_type)
    else:
        column = Column(name=name, type=_type_text(kind, line, name))
    for constraint in node.args.get("constraints") or []:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.NotNullColumnConstraint):
            column.nullable = bool(kind.args.get("allow_null"))
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            table.primary_key = [name]
            column.nullable = False
        elif isinstance(kind, exp.UniqueColumnConstraint):
            column.unique = True
        elif isinstance(kind, exp.DefaultColumnConstraint):
            try:
                column.default = normalize_default(kind.this.sql("postgres"), column.type)
            except SchemaError as exc:
                raise _fail(line, f"{name}: {exc.message}") from exc
        elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint) and not kind.args.get("expression"):
            column.identity = "always" if kind.this else "by default"
            column.nullable = False
        elif isinstance(kind, exp.CheckColumnConstraint):
            values = _enum(kind, name)
            if values is None or column.enum is not None:
                _add_check(table, None, kind.this, line, column=name)
            else:
                column.enum = values
        elif isinstance(kind, exp.Reference):
            ref_table, ref_columns, on_delete = _reference(kind, line)
            table.foreign_keys.append(
                ForeignKey(columns=[name], ref_table=ref_table, ref_columns=ref_columns, on_delete=on_delete)
            )
        else:
            raise _fail(line, f"{name}: unsupported column constraint {constraint.sql('postgres')!r}")
    return column


def _schema_names(node: exp.Expression | None) -> list[str]:
    if isinstance(node, exp.Schema):
        return [_name(c) for c in node.expressions]
    return []


def _check_name(table: Table, tree: exp.Expression, column: str | None) -> str:
    """The name Postgres gives an unnamed CHECK: ``t_c_check`` for one column, else ``t_check``."""
    names = referenced_columns(tree) if column is None else [column]
    taken = {c.name for c in table.checks}
    for n in range(len(taken) + 1):
        label = "check" + (str(n) if n else "")
        name = default_name(table.name, names[0], label) if len(names) == 1 else default_name(table.name, None, label)
        if name not in taken:
            return name
    raise AssertionError("unreachable: one of len(taken) + 1 names is free")


def _add_check(table: Table, name: str | None, node: exp.Expression, line: int, column: str | None = None) -> None:
    text = node.sql("postgres")
    try:
        tree = parse_expression(text, [c.name for c in table.columns] + ([column] if column else []))
    except SchemaError as exc:
        raise _fail(line, exc.message) from exc
    table.checks.append(Check(name=name or _check_name(table, tree, column), expression=display_text(tree)))


def _table_constraint(node: exp.Expression, table: Table, line: int) -> None:
    if isinstance(node, exp.Constraint):
        name = _name(node.this)
        if len(node.expressions) == 1 and isinstance(node.expressions[0], exp.CheckColumnConstraint):
            check = node.expressions[0]
            for column in table.columns:
                values = _enum(check, column.name)
                if values is not None and name == enum_check_name(table.name, column.name):
                    column.enum = values
                    return
            _add_check(table, name, check.this, line)
            return
        for inner in node.expressions:
            _table_constraint(inner, table, line)
    elif isinstance(node, exp.PrimaryKey):
        table.primary_key = [_name(c) for c in node.expressions]
    elif isinstance(node, exp.ForeignKey):
        ref_table, ref_columns, on_delete = _reference(node.args["reference"], line)
        columns = [_name(c) for c in node.expressions]
        table.foreign_keys.append(
            ForeignKey(columns=columns, ref_table=ref_table, ref_columns=ref_columns, on_delete=on_delete)
        )
    elif isinstance(node, exp.UniqueColumnConstraint):
        columns = _schema_names(node.this)
        if len(columns) == 1 and (single := table.column(columns[0])) is not None:
            single.unique = True
        else:
            table.indexes.append(Index(columns=columns, unique=True))
    elif isinstance(node, exp.CheckColumnConstraint):
        for column in table.columns:
            values = _enum(node, column.name)
            if values is not None and column.enum is None:
                column.enum = values
                return
        _add_check(table, None, node.this, line)
    elif isinstance(node, exp.Identifier | exp.Column):
        raise _fail(line, f"column {_name(node)!r} has no type")
    else:
        raise _fail(line, f"unsupported table element {node.sql('postgres')!r}")


def _create_table(node: exp.Create, line: int, types: EnumTypes) -> Table:
    target = node.this
    if not isinstance(target, exp.Schema):
        raise _fail(line, "CREATE TABLE needs a column list")
    table = Table(name=_name(target.this))
    for element in target.expressions:
        if isinstance(element, exp.ColumnDef):
            table.columns.append(_column(element, table, line, types))
    for element in target.expressions:
        if not isinstance(element, exp.ColumnDef):
            _table_constraint(element, table, line)
    for name in table.primary_key or []:
        if (column := table.column(name)) is not None:
            column.nullable = False
    return table


def _table(schema: Schema, name: str, line: int) -> Table:
    table = schema.table(name)
    if table is None:
        raise _fail(line, f"table {name!r} is not created in this script")
    return table


def _alter(node: exp.Alter, schema: Schema, line: int, types: EnumTypes) -> None:
    table = _table(schema, _name(node.this), line)
    for action in node.args.get("actions") or []:
        if isinstance(action, exp.AddConstraint):
            for element in action.expressions:
                _table_constraint(element, table, line)
        elif isinstance(action, exp.ColumnDef):
            table.columns.append(_column(action, table, line, types))
        else:
            raise _fail(line, f"unsupported ALTER TABLE action {action.sql('postgres')!r}")


def _index(node: exp.Index, schema: Schema, unique: bool, line: int) -> None:
    table = _table(schema, _name(node.args["table"]), line)
    params = node.args.get("params")
    columns = [_name(c) for c in (params.args.get("columns") or [])] if params else []
    where = params.args.get("where") if params else None
    predicate = None
    if where is not None:
        try:
            predicate = display_text(parse_expression(where.this.sql("postgres"), [c.name for c in table.columns],
                                                      what="index predicate"))
        except SchemaError as exc:
            raise _fail(line, exc.message) from exc
    table.indexes.append(Index(columns=columns, unique=unique, where=predicate))


def _trigger(node: exp.Create, schema: Schema, line: int) -> None:
    props = node.args.get("properties")
    trigger = props.find(exp.TriggerProperties) if props else None
    call = trigger.args.get("execute") if trigger else None
    if trigger is None or call is None or _name(call.this.this) != AUDIT_FUNCTION:
        raise _fail(line, f"only the {AUDIT_FUNCTION}() audit trigger is supported")
    _table(schema, _name(trigger.args["table"]), line).audit_timestamps = True


def _enum_type(node: exp.Create, types: EnumTypes, line: int) -> None:
    values = node.args.get("expression")
    if not isinstance(values, exp.DataType) or values.this != exp.DType.ENUM:
        raise _fail(line, "only CREATE TYPE … AS ENUM ('a', …) is supported")
    if not all(isinstance(v, exp.Literal) and v.is_string for v in values.expressions):
        raise _fail(line, "enum values must be strings")
    name = _name(node.this)
    if name in types:
        raise _fail(line, f"type {name!r} is created twice")
    types[name] = [str(v.this) for v in values.expressions]


def _statement(node: exp.Expression, schema: Schema, line: int, types: EnumTypes) -> None:
    if isinstance(node, exp.Create) and str(node.args.get("kind", "")).upper() == "TYPE":
        _enum_type(node, types, line)
    elif isinstance(node, exp.Create) and str(node.args.get("kind", "")).upper() == "TABLE":
        table = _create_table(node, line, types)
        if schema.table(table.name) is not None:
            raise _fail(line, f"table {table.name!r} is created twice")
        schema.tables.append(table)
    elif isinstance(node, exp.Create) and isinstance(node.this, exp.Index):
        _index(node.this, schema, bool(node.args.get("unique")), line)
    elif isinstance(node, exp.Create) and str(node.args.get("kind", "")).upper() == "TRIGGER":
        _trigger(node, schema, line)
    elif isinstance(node, exp.Alter):
        _alter(node, schema, line, types)
    else:
        first = node.sql("postgres").split("(")[0][:60]
        raise _fail(line, f"unsupported statement {first!r}: use CREATE TABLE, ALTER TABLE, CREATE INDEX or"
                          " CREATE TYPE … AS ENUM")


def _drop_audit_columns(table: Table) -> None:
    """The audit columns are implied by audit_timestamps; keep the table as the user wrote it."""
    for name in (CREATED_AT, UPDATED_AT):
        column = table.column(name)
        if column is not None and column.type == "timestamptz" and not column.nullable \
                and column.default in ("CURRENT_TIMESTAMP", "now()"):
            table.columns.remove(column)


def parse_ddl(script: str, name: str = "schema", dialect: str = "postgres") -> Schema:
    """Parse a DDL script into a Schema; SchemaError naming the line of the first problem."""
    schema = Schema(name=name)
    types: EnumTypes = {}
    statements = split_statements(script, dialect)
    if not statements:
        raise SchemaError("the SQL is empty: write at least one CREATE TABLE statement")
    for statement in statements:
        if _is_audit_function(statement.text):
            continue  # recreated from audit_timestamps
        try:
            node = _parse_one(statement, dialect)
        except ParseError as exc:
            err = exc.errors[0] if exc.errors else {}
            line = statement.line + int(err.get("line") or 1) - 1
            detail = str(err.get("description") or exc)
            if detail.startswith("Required keyword"):
                detail = "a clause is incomplete"
            near = f" near {err['highlight']!r}" if err.get("highlight") else ""
            raise _fail(line, f"syntax error{near}: {detail}") from exc
        _statement(node, schema, statement.line, types)
    for table in schema.tables:
        if table.audit_timestamps:
            _drop_audit_columns(table)
    return schema


def _is_audit_function(text: str) -> bool:
    words = " ".join(text.lower().split())
    return words.startswith(("create function", "create or replace function")) and AUDIT_FUNCTION in words


def _parse_one(statement: Statement, dialect: str) -> exp.Expression:
    import sqlglot

    node = sqlglot.parse_one(statement.text, read=dialect)
    if not isinstance(node, exp.Expression):
        raise _fail(statement.line, "empty statement")
    return node


def merge_annotations(parsed: Schema, previous: Schema) -> Schema:
    """Carry evidence, descriptions, formats and equivalent spellings over from ``previous``.

    Tables and columns are matched by name. A default or type that means the same as before
    keeps its previous spelling, so an unchanged script round-trips to an unchanged document.
    """
    merged = parsed.model_copy(deep=True)
    merged.name = previous.name
    merged.enum_mode = previous.enum_mode
    order = {t.name: i for i, t in enumerate(previous.tables)}
    merged.tables.sort(key=lambda t: order.get(t.name, len(order)))
    for table in merged.tables:
        old = previous.table(table.name)
        if old is None:
            continue
        table.description, table.evidence = old.description, old.evidence
        table.realtime, table.rls = old.realtime, old.rls
        _keep_expressions(table, old)
        if table.audit_timestamps:
            for name in (CREATED_AT, UPDATED_AT):
                kept = old.column(name)
                if kept is not None and table.column(name) is None:
                    table.columns.insert(min(old.columns.index(kept), len(table.columns)), kept)
        for column in table.columns:
            was = old.column(column.name)
            if was is None:
                continue
            column.description, column.evidence, column.format = was.description, was.evidence, was.format
            if was.enum_type is None and column.enum_type == default_enum_type(table.name, column.name) \
                    and previous.enum_mode == "type":
                column.enum_type = None
            if _same(normalize_type, was.type, column.type):
                column.type = was.type
            type_text = column.type
            if column.default is not None and was.default is not None and _same(
                lambda d, t=type_text: normalize_default(d, t), was.default, column.default  # type: ignore[misc]
            ):
                column.default = was.default
        for fk in table.foreign_keys:
            before = next((f for f in old.foreign_keys if f.columns == fk.columns), None)
            if before is not None and before.ref_table == fk.ref_table:
                fk.evidence = before.evidence
    return merged


def _keep_expressions(table: Table, old: Table) -> None:
    """Expressions that mean what they meant keep the spelling the user gave them."""
    names = [c.name for c in table.columns]
    for check in table.checks:
        before = next((c for c in old.checks if c.name == check.name), None)
        if before is not None and same_expression(before.expression, check.expression, names):
            check.expression = before.expression
    for index in table.indexes:
        if index.where is None:
            continue
        for was in old.indexes:
            if was.columns == index.columns and was.unique == index.unique and was.where is not None \
                    and same_expression(was.where, index.where, names):
                index.where = was.where
                break


def _same(normalize: Callable[[str], str | None], a: str, b: str) -> bool:
    try:
        return normalize(a) == normalize(b)
    except SchemaError:
        return a == b
