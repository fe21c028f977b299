"""SQL expressions written by people: CHECK constraints and the predicates of partial indexes.

An expression is written in Postgres syntax and stored as written. It never reaches a statement
as text: :func:`parse_expression` parses it with sqlglot, refuses what a CHECK or an index
predicate may not hold (subqueries, aggregates, window functions, parameters, ``*``, column
names qualified by a table, more than one statement) and columns the table lacks, strips
comments, and returns a tree whose every column is a quoted identifier. The DDL is generated
from that tree, so a name or a literal can never close the expression.

Unquoted names fold to lower case, as Postgres folds them; when the table has no such column, a
column whose name differs only in case is taken (``createdAt > 0`` finds ``"createdAt"``).

Postgres stores an expression in its own spelling (``price > 0`` reads back as
``(price > (0)::numeric)``, ``x IN ('a', 'b')`` as ``(x = ANY (ARRAY['a'::text, 'b'::text]))``,
``BETWEEN`` as two comparisons). :func:`same_expression` compares a document's expression with
the catalog's through :func:`canonical`, which undoes those rewrites, so a pushed expression
re-pushes as a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, TokenError

from kernel.errors import SchemaError

__all__ = ["canonical", "dialect_expression", "display_text", "expression_sql", "parse_expression",
           "referenced_columns", "rename_in", "resolved_text", "same_expression"]

# What an expression consists of: conditions (columns, literals, operators, functions), names,
# types of casts, and ANY/ALL over arrays. Everything else (queries, statements, ``*``) is refused.
_ALLOWED: tuple[type, ...] = (
    exp.Condition, exp.Identifier, exp.DataType, exp.DataTypeParam, exp.Var, exp.Tuple, exp.Any, exp.All,
    exp.Interval, exp.Escape,
)
_REFUSED: dict[type, str] = {
    exp.Query: "a subquery",
    exp.Subquery: "a subquery",
    exp.AggFunc: "an aggregate function",
    exp.Window: "a window function",
    exp.Placeholder: "a parameter",
    exp.Parameter: "a parameter",
    exp.Star: "'*'",
}


def _fail(what: str, text: str, message: str) -> SchemaError:
    return SchemaError(f"{what} {text!r} {message}")


def _parse(text: str, what: str) -> exp.Expression:
    if not isinstance(text, str) or not text.strip():
        raise SchemaError(f"{what} is empty: write a condition such as price > 0")
    if "\x00" in text:
        raise _fail(what, text.replace("\x00", "\\0"), "contains a NUL character")
    try:
        parsed = sqlglot.parse(text, read="postgres")
    except ParseError as exc:
        err = exc.errors[0] if exc.errors else {}
        detail = str(err.get("description") or exc).split(". Line")[0]
        near = f" near {err['highlight']!r}" if err.get("highlight") else ""
        raise _fail(what, text, f"does not parse{near}: {detail}") from exc
    except (TokenError, SqlglotError) as exc:
        raise _fail(what, text, f"does not parse: {exc}") from exc
    statements = [p for p in parsed if p is not None]
    if len(statements) != 1 or isinstance(statements[0], exp.Block) or not isinstance(statements[0], exp.Expression):
        raise _fail(what, text, "must be one expression, not several statements")
    return statements[0]


def _resolve(identifier: exp.Identifier, columns: Sequence[str]) -> str | None:
    name = str(identifier.this)
    if identifier.quoted:
        return name if name in columns else None
    if name.lower() in columns:
        return name.lower()
    if name in columns:
        return name
    matches = [c for c in columns if c.lower() == name.lower()]
    return matches[0] if len(matches) == 1 else None


def parse_expression(text: str, columns: Sequence[str] | None, *, what: str = "CHECK") -> exp.Expression:
    """The expression as a tree with quoted, resolved column names; SchemaError saying what is wrong.

    ``what`` names the expression in messages (``check 'price_positive'``, ``index predicate``).
    ``columns`` None takes names as Postgres would (unquoted ones in lower case), for text that
    :func:`resolved_text` wrote.
    """
    tree = _parse(text, what)
    for node in tree.walk():
        node.comments = None
        for kind, label in _REFUSED.items():
            if isinstance(node, kind):
                raise _fail(what, text, f"may not hold {label}")
        if not isinstance(node, _ALLOWED):
            raise _fail(what, text, f"may not hold {node.sql('postgres')[:40]!r}")
    for column in list(tree.find_all(exp.Column)):
        if column.table or column.args.get("db"):
            raise _fail(what, text, f"must name columns without a table: {column.sql('postgres')!r}")
        identifier = column.this
        if not isinstance(identifier, exp.Identifier):
            raise _fail(what, text, f"may not hold {column.sql('postgres')!r}")
        if columns is None:
            resolved: str | None = str(identifier.this) if identifier.quoted else str(identifier.this).lower()
        else:
            resolved = _resolve(identifier, columns)
        if resolved is None:
            hint = f"; the table has {', '.join(columns[:8])}" if columns else ""
            raise _fail(what, text, f"names an unknown column {identifier.this!r}{hint}")
        column.set("this", exp.Identifier(this=resolved, quoted=True))
    return tree


def referenced_columns(tree: exp.Expression) -> list[str]:
    """The columns an expression from :func:`parse_expression` names, in order of first use."""
    seen: dict[str, None] = {}
    for column in tree.find_all(exp.Column):
        seen.setdefault(column.name, None)
    return list(seen)


def expression_sql(text: str, columns: Sequence[str], dialect: str = "postgres", *, what: str = "CHECK") -> str:
    """The expression in ``dialect``; SchemaError when it does not parse or the dialect cannot say it."""
    return dialect_expression(parse_expression(text, columns, what=what), dialect, text, what)


def dialect_expression(tree: exp.Expression, dialect: str, text: str, what: str) -> str:
    try:
        return tree.sql(dialect, unsupported_level=ErrorLevel.RAISE)
    except SqlglotError as exc:
        raise _fail(what, text, f"cannot be written for {dialect}: {exc}") from exc


def rename_in(text: str, columns: Sequence[str], old: str, new: str) -> str:
    """``text`` with column ``old`` renamed to ``new``; unchanged when it does not parse or name ``old``."""
    try:
        tree = parse_expression(text, columns)
    except SchemaError:
        return text
    if old not in referenced_columns(tree):
        return text
    for column in tree.find_all(exp.Column):
        if column.name == old:
            column.set("this", exp.Identifier(this=new, quoted=True))
    return display_text(tree)


def resolved_text(text: str, columns: Sequence[str], *, what: str = "CHECK") -> str:
    """The expression with every column quoted by its exact name: stands alone, without the table."""
    return parse_expression(text, columns, what=what).sql("postgres")


def display_text(tree: exp.Expression) -> str:
    """Postgres text for people: quotes only where a name needs them, no outer parentheses."""
    tree = tree.copy().transform(_plain_literal, copy=False)
    while isinstance(tree, exp.Paren):
        tree = tree.this
    for identifier in tree.find_all(exp.Identifier):
        name = str(identifier.this)
        plain = name.isidentifier() and name == name.lower() and name.isascii()
        if plain and identifier.quoted and not _is_keyword(name):
            identifier.set("quoted", False)
    return tree.sql("postgres")


_PLAIN_CASTS = {exp.DType.TEXT, exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.BPCHAR, exp.DType.DECIMAL,
                exp.DType.INT, exp.DType.BIGINT, exp.DType.SMALLINT, exp.DType.DOUBLE, exp.DType.FLOAT}


def _plain_literal(node: exp.Expression) -> exp.Expression:
    """``(0)::numeric``, ``''::text``, ``'-1'::integer`` as the literal people write."""
    if not isinstance(node, exp.Cast) or node.to.this not in _PLAIN_CASTS:
        return node
    inner = node.this
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if not isinstance(inner, exp.Literal):
        return node
    if inner.is_string and node.to.this not in {exp.DType.TEXT, exp.DType.VARCHAR, exp.DType.CHAR,
                                                exp.DType.BPCHAR}:
        number = _number(str(inner.this))
        return exp.Literal.number(number) if number is not None else node
    return inner.copy()


def _is_keyword(name: str) -> bool:
    from sqlglot.dialects.postgres import Postgres

    return name.upper() in Postgres.Tokenizer.KEYWORDS


# comparing ----------------------------------------------------------------------------------

def _number(text: str) -> str | None:
    try:
        float(text)
    except ValueError:
        return None
    return text.strip()


def _moment(text: str) -> str | None:
    """A date or time stamp as its wall-clock time: Postgres prints ``'2020-01-01'`` compared with a
    timestamptz as ``'2020-01-01 00:00:00+00'`` (in the session's zone, which keeps the wall clock)."""
    if len(text) < 10 or not text[:4].isdigit():
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None).isoformat()
    except ValueError:
        return None


def _unwrap(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren | exp.Cast):
        node = node.this
    return node


def _array_items(node: exp.Expression) -> list[exp.Expression] | None:
    node = _unwrap(node)
    return list(node.expressions) if isinstance(node, exp.Array) else None


def _in(subject: exp.Expression, items: list[exp.Expression]) -> exp.Expression:
    if len(items) == 1:
        return exp.EQ(this=subject, expression=items[0])
    return exp.In(this=subject, expressions=items)


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Paren | exp.Cast):
        inner: exp.Expression = node.this
        return inner
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return exp.Literal.number("-" + str(node.this.this))
    if isinstance(node, exp.Literal) and node.is_string and (number := _number(str(node.this))) is not None:
        return exp.Literal.number(number)
    if isinstance(node, exp.Literal) and node.is_string and (moment := _moment(str(node.this))) is not None:
        return exp.Literal.string(moment)
    if isinstance(node, exp.EQ) and isinstance(node.expression, exp.Any):
        items = _array_items(node.expression.this)
        if items is not None:
            return _in(node.this, items)
    if isinstance(node, exp.NEQ) and isinstance(node.expression, exp.Anonymous) \
            and str(node.expression.this).upper() == "ALL" and len(node.expression.expressions) == 1:
        items = _array_items(node.expression.expressions[0])
        if items is not None:
            return exp.Not(this=_in(node.this, items))
    if isinstance(node, exp.In) and len(node.expressions) == 1 and not node.args.get("query"):
        return exp.EQ(this=node.this, expression=node.expressions[0])
    if isinstance(node, exp.Not) and isinstance(node.this, exp.EQ) and not isinstance(node.this.expression, exp.Any):
        return exp.NEQ(this=node.this.this, expression=node.this.expression)
    if isinstance(node, exp.Between):
        return exp.And(this=exp.GTE(this=node.this.copy(), expression=node.args["low"]),
                       expression=exp.LTE(this=node.this.copy(), expression=node.args["high"]))
    if isinstance(node, exp.SimilarTo):
        escape = exp.Anonymous(this="similar_to_escape", expressions=[node.expression])
        return exp.RegexpLike(this=node.this, expression=escape)
    if isinstance(node, exp.Anonymous):
        node.set("this", str(node.this).lower())
    return node


def _flatten(node: exp.Expression) -> exp.Expression:
    """And/Or chains as left-deep trees, however the parentheses grouped them."""
    for kind in (exp.And, exp.Or):
        if isinstance(node, kind):
            operands: list[exp.Expression] = []
            stack = [node]
            while stack:
                current = stack.pop()
                if isinstance(current, kind):
                    stack += [current.expression, current.this]
                else:
                    operands.append(current)
            result = operands[0]
            for operand in operands[1:]:
                result = kind(this=result, expression=operand)
            return result
    return node


def canonical(text: str, columns: Sequence[str]) -> exp.Expression | None:
    """The expression with Postgres's rewrites undone, for comparing; None when it does not parse."""
    try:
        tree = parse_expression(_strip_check(text), columns)
    except SchemaError:
        return None
    for _ in range(8):  # rewrites can expose further rewrites (a cast around a negative number)
        before = tree.sql("postgres")
        tree = tree.transform(_rewrite, copy=False)
        if tree.sql("postgres") == before:
            break
    return tree.transform(_flatten, copy=False)


def same_expression(a: str, b: str, columns: Iterable[str]) -> bool:
    """Whether two expressions over the same table mean the same, as far as Postgres's spelling goes."""
    names = list(columns)
    left, right = canonical(a, names), canonical(b, names)
    if left is None or right is None:
        return " ".join(a.split()) == " ".join(b.split())
    return left == right


def _strip_check(text: str) -> str:
    """``CHECK (...)`` as ``pg_get_constraintdef`` writes it, without the keyword."""
    stripped = text.strip()
    if stripped[:5].upper() == "CHECK" and stripped[5:].lstrip().startswith("("):
        stripped = stripped[5:].strip()
        for suffix in (" NOT VALID", " NO INHERIT"):
            stripped = stripped.removesuffix(suffix)
    return stripped
