"""The planner's judgements on CHECK constraints, partial indexes, identity columns and Postgres enum
types: pure functions that ``sql.plan.diff`` calls, appending edits.

Expressions are compared through :func:`sql.expressions.same_expression`, which reads Postgres's
spelling of them (``(price > (0)::numeric)``) as the document's (``price > 0``). An enum type whose
values only grow gets ``ALTER TYPE … ADD VALUE``; one that loses or reorders values, or whose new
value a default of this push already uses (Postgres refuses a value added in the same transaction),
is made anew. A type no column uses after the plan is dropped, if a column used it before: types
that were never any column's are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sqlglot import exp

from kernel.errors import SchemaError
from kernel.schema import Column, Index, Schema, Table
from sql.ddl import default_expression
from sql.ddl_parts import enum_types
from sql.edits import (
    AddCheck,
    AddEnumValue,
    CreateEnumType,
    DropConstraint,
    DropEnumType,
    Edit,
    RecreateEnumType,
    SetColumnEnum,
)
from sql.expressions import canonical, referenced_columns, resolved_text, same_expression

if TYPE_CHECKING:
    from sql.plan import LiveFacts

#: The name an enum type takes while it is made anew (dropped at the end of the plan).
OLD_SUFFIX = "__old"


def where_key(index: Index, columns: Sequence[str]) -> str | None:
    """An index predicate as the planner tells predicates apart (Postgres's spelling undone)."""
    if index.where is None:
        return None
    tree = canonical(index.where, list(columns))
    return repr(tree) if tree is not None else " ".join(index.where.split())


def resolved_index(index: Index, columns: Sequence[str]) -> Index:
    """The index with its predicate's names spelled out, so that it renders without its table."""
    if index.where is None:
        return index
    return index.model_copy(update={"where": resolved_text(index.where, columns)})


def mentions(text: str | None, columns: Sequence[str], names: set[str]) -> bool:
    """Whether an expression over ``columns`` names one of ``names``."""
    if text is None or not names:
        return False
    tree = canonical(text, list(columns))
    return tree is not None and bool(set(referenced_columns(tree)) & names)


def rebuilt_columns(current: Schema, desired: Schema, enum_edits: Sequence[Edit]) -> set[tuple[str, str]]:
    """Live (table, column) pairs whose type an enum edit changes: the CHECKs and index predicates
    naming them are dropped before and made again after, since Postgres cannot carry them across
    (they compare with the old type's values)."""
    recreated = {e.name for e in enum_edits if isinstance(e, RecreateEnumType)}
    out = {(t.name, c.name) for t in current.tables for c in t.columns if native_type(c) in recreated}
    for wanted in desired.tables:
        live = current.table(wanted.name)
        for column in wanted.columns if live is not None else []:
            existing = live.column(column.name) if live is not None else None
            if existing is not None and native_type(existing) != native_type(column):
                out.add((wanted.name, column.name))
    return out


def diff_checks(live: Table, wanted: Table, facts: LiveFacts, edits: list[Edit], rebuilt: set[str]) -> None:
    """Check edits of one table; ``rebuilt`` names its columns whose CHECKs must be made again."""
    names = [c.name for c in wanted.columns] + [c.name for c in live.columns if wanted.column(c.name) is None]
    live_checks = {c.name: c for c in live.checks}
    rows = facts.rows.get(live.name)
    for check in wanted.checks:
        old = live_checks.get(check.name)
        if old is not None and same_expression(old.expression, check.expression, names) \
                and not mentions(old.expression, names, rebuilt):
            continue
        if old is not None:
            edits.append(DropConstraint(wanted.name, old.name, f"check {old.name}"))
        violations = 0 if rows == 0 else facts.violations.get((live.name, check.name))
        expression = resolved_text(check.expression, [c.name for c in wanted.columns])
        edits.append(AddCheck(wanted.name, check.model_copy(update={"expression": expression}), violations))
    wanted_names = {c.name for c in wanted.checks}
    for name in live_checks:
        if name not in wanted_names:
            edits.append(DropConstraint(wanted.name, name, f"check {name}"))


def native_type(column: Column) -> str | None:
    """The enum type a (resolved or live) column is of, or None."""
    return column.enum_type if column.enum and column.enum_type else None


def column_enum_edit(live_table: str, t: str, existing: Column, column: Column, facts: LiveFacts
                     ) -> SetColumnEnum | None:
    """The edit that moves a column onto or off a Postgres enum type, or None if it stays."""
    before, after = native_type(existing), native_type(column)
    if before == after:
        return None
    old_check = None
    if before is None and existing.enum:
        old_check = facts.names.get((live_table, "check", (existing.name,)))
    values = tuple(column.enum) if after is None and column.enum else None
    return SetColumnEnum(t, column.name, after, column.type, values, column.default,
                         had_default=existing.default is not None, old_constraint=old_check,
                         rows=facts.rows.get(live_table))


def _live_users(current: Schema) -> dict[str, list[tuple[str, Column]]]:
    users: dict[str, list[tuple[str, Column]]] = {}
    for table in current.tables:
        for column in table.columns:
            if (name := native_type(column)) is not None:
                users.setdefault(name, []).append((table.name, column))
    return users


def diff_enum_types(current: Schema, desired: Schema, facts: LiveFacts, kept: Sequence[str]) -> list[Edit]:
    """Type-level edits. ``desired`` is resolved (``sql.ddl_parts.resolve_enum_types``); ``kept``
    names the live tables that stay as they are although the document lacks them."""
    users = _live_users(current)
    live_types: Mapping[str, Sequence[str]] = facts.enum_types if facts.enum_types is not None else {
        name: list(columns[0][1].enum or []) for name, columns in users.items()}
    wanted = enum_types(desired.tables)
    edits: list[Edit] = []
    for name, values in wanted.items():
        old = live_types.get(name)
        if old is None:
            edits.append(CreateEnumType(name, tuple(values)))
        elif tuple(old) != tuple(values):
            edits.extend(_grow_or_recreate(name, tuple(old), tuple(values), desired, users.get(name, [])))
    left_alone = {used for t in current.tables if t.name in kept for c in t.columns if (used := native_type(c))}
    for name in users:
        if name not in wanted and name not in left_alone:
            edits.append(DropEnumType(name))
    return edits


def _grow_or_recreate(name: str, old: tuple[str, ...], new: tuple[str, ...], desired: Schema,
                      users: list[tuple[str, Column]]) -> list[Edit]:
    added = [v for v in new if v not in old]
    in_order = [v for v in new if v in old] == list(old)
    if in_order and not _uses(desired, name, set(added)):
        out: list[Edit] = []
        for i, value in enumerate(new):
            if value in added:
                before = next((v for v in new[i + 1:] if v in old), None)
                out.append(AddEnumValue(name, value, before))
        return out
    staying = []
    for table, column in users:
        target = desired.table(table)
        now = target.column(column.name) if target is not None else None
        if now is not None and native_type(now) == name:
            default = now.default if _literal(now.default) in new else None
            staying.append((table, column.name, default))
    removed = tuple(v for v in old if v not in new)
    return [RecreateEnumType(name, new, removed, tuple(staying)), DropEnumType(old_name(name))]


def _uses(desired: Schema, name: str, values: set[str]) -> bool:
    """Whether a default, CHECK or index predicate of a table with a column of type ``name`` names
    one of ``values`` (Postgres refuses a value added in the same transaction)."""
    for table in desired.tables:
        typed = [c for c in table.columns if c.enum_type == name]
        if not typed:
            continue
        if any(_literal(c.default) in values for c in typed):
            return True
        texts = [c.expression for c in table.checks] + [i.where for i in table.indexes if i.where]
        for text in texts:
            tree = canonical(text, [c.name for c in table.columns])
            if tree is not None and any(isinstance(n, exp.Literal) and n.is_string and n.this in values
                                        for n in tree.walk()):
                return True
    return False


def _literal(default: str | None) -> str | None:
    """The string a default stands for (``'draft'`` → draft), or None."""
    if default is None:
        return None
    try:
        node = default_expression(default)
    except SchemaError:
        return None
    while isinstance(node, exp.Cast | exp.Paren):
        node = node.this
    return str(node.this) if isinstance(node, exp.Literal) and node.is_string else None


def old_name(name: str) -> str:
    return (name.encode("utf-8")[: 63 - len(OLD_SUFFIX)].decode("utf-8", errors="ignore")) + OLD_SUFFIX
