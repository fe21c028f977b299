"""Render a Plan's edits as Postgres statements, in an order that runs as is.

Order: renames; drops of constraints, indexes and triggers that the changes would trip over;
new tables (referenced first); new columns; column changes; dropped columns; dropped tables;
new unique constraints and indexes; foreign keys; triggers, row-level security, realtime.
Table and column DDL is built from sqlglot nodes (``sql.ddl``); the Supabase statements come
from ``sql.supabase``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlglot import exp

from kernel.schema import Identity, Table
from sql import ddl, supabase
from sql.ddl import ident, table_ref
from sql.ddl_parts import create_enum_type, enum_type_ref
from sql.edits import (
    AddCheck,
    AddColumn,
    AddEnumValue,
    AddForeignKey,
    AddIndex,
    AddTable,
    AddUnique,
    AlterColumnType,
    CreateEnumType,
    DropColumn,
    DropConstraint,
    DropEnumType,
    DropIndex,
    DropNotNull,
    DropTable,
    Edit,
    RecreateEnumType,
    RenameColumn,
    RenameTable,
    SetAuditTrigger,
    SetColumnEnum,
    SetDefault,
    SetEnum,
    SetIdentity,
    SetNotNull,
    SetRealtime,
    SetRls,
)
from sql.expressions import parse_expression
from sql.limits import enum_check_name
from sql.types import to_datatype


def _alter(table: str, *actions: exp.Expression) -> exp.Alter:
    return exp.Alter(this=table_ref(table), kind="TABLE", actions=list(actions))


def _alter_column(column: str, **args: object) -> exp.AlterColumn:
    return exp.AlterColumn(this=ident(column), **args)


def _column_type(e: AlterColumnType) -> exp.Alter:
    dtype = to_datatype(e.new_type)
    using = exp.Cast(this=exp.Column(this=ident(e.column)), to=dtype.copy())
    return _alter(e.table, _alter_column(e.column, dtype=dtype, using=using))


def _default(e: SetDefault) -> exp.Alter:
    if e.default is None:
        return _alter(e.table, _alter_column(e.column, drop=True))
    expression = ddl.default_expression(e.default, table=e.table, column=e.column)
    return _alter(e.table, _alter_column(e.column, default=expression))


def _enum(e: SetEnum) -> list[exp.Expression]:
    out: list[exp.Expression] = []
    if e.old_constraint is not None:
        out.append(_drop_constraint(e.table, e.old_constraint))
    if e.values is not None:
        out.append(_enum_check(e.table, e.column, e.values))
    return out


def _enum_check(table: str, column: str, values: tuple[str, ...]) -> exp.Alter:
    check = exp.In(this=exp.Column(this=ident(column)), expressions=[exp.Literal.string(v) for v in values])
    constraint = exp.Constraint(
        this=ident(enum_check_name(table, column)), expressions=[exp.CheckColumnConstraint(this=check)]
    )
    return _alter(table, exp.AddConstraint(expressions=[constraint]))


def _check(e: AddCheck) -> exp.Alter:
    tree = parse_expression(e.check.expression, None, what=f"{e.table}: check {e.check.name!r}")
    constraint = exp.Constraint(this=ident(e.check.name), expressions=[exp.CheckColumnConstraint(this=tree)])
    return _alter(e.table, exp.AddConstraint(expressions=[constraint]))


def _command(keyword: str, *parts: exp.Expression | str) -> exp.Command:
    """A statement sqlglot has no node for, joined from generated names and literals and fixed words."""
    text = " ".join(p if isinstance(p, str) else p.sql("postgres") for p in parts)
    return exp.Command(this=keyword, expression=text)


def _identity(e: SetIdentity) -> list[exp.Expression]:
    column = ("TABLE", table_ref(e.table), "ALTER COLUMN", ident(e.column))
    how = "ALWAYS" if e.identity == "always" else "BY DEFAULT"
    if e.identity is None:
        return [_command("ALTER", *column, "DROP IDENTITY IF EXISTS")]
    if e.old is not None:
        return [set_generated(e.table, e.column, e.identity)]
    return [_command("ALTER", *column, "ADD GENERATED", how, "AS IDENTITY"), restart_identity(e.table, e.column)]


def set_generated(table: str, column: str, identity: Identity) -> exp.Command:
    """``ALTER TABLE … ALTER COLUMN … SET GENERATED ALWAYS | BY DEFAULT``."""
    how = "ALWAYS" if identity == "always" else "BY DEFAULT"
    return _command("ALTER", "TABLE", table_ref(table), "ALTER COLUMN", ident(column), "SET GENERATED", how)


def restart_identity(table: str, column: str) -> exp.Select:
    """Move an identity column's sequence past the largest value the column holds."""
    sequence = exp.func("pg_get_serial_sequence", exp.Literal.string(exp.Table(this=ident(table), db=ident(
        "public")).sql("postgres")), exp.Literal.string(column))
    largest = exp.func("GREATEST", exp.Max(this=exp.Column(this=ident(column))), exp.Literal.number(0))
    return exp.select(exp.func("setval", sequence, exp.Add(this=largest, expression=exp.Literal.number(1)),
                               exp.false())).from_(table_ref(table))


def _enum_value(e: AddEnumValue) -> exp.Command:
    before = ("BEFORE", exp.Literal.string(e.before)) if e.before is not None else ()
    return _command("ALTER", "TYPE", exp.Table(this=ident(e.name)), "ADD VALUE", exp.Literal.string(e.value), *before)


def _convert(table: str, column: str, to: exp.DataType, default: str | None, had_default: bool
             ) -> list[exp.Expression]:
    """Change a column's type through text, its default dropped first and set again after."""
    out: list[exp.Expression] = []
    if had_default:
        out.append(_alter(table, _alter_column(column, drop=True)))
    as_text = exp.Cast(this=exp.Column(this=ident(column)), to=exp.DataType.build("text"))
    out.append(_alter(table, _alter_column(column, dtype=to, using=exp.Cast(this=as_text, to=to.copy()))))
    if default is not None:
        expression = ddl.default_expression(default, table=table, column=column)
        out.append(_alter(table, _alter_column(column, default=expression)))
    return out


def _recreate(e: RecreateEnumType) -> list[exp.Expression]:
    from sql.plan_objects import old_name

    out: list[exp.Expression] = [
        _command("ALTER", "TYPE", exp.Table(this=ident(e.name)), "RENAME TO", ident(old_name(e.name))),
        create_enum_type(e.name, e.values),
    ]
    for table, column, default in e.columns:
        out += _convert(table, column, enum_type_ref(e.name), default, True)
    return out


def _column_enum(e: SetColumnEnum) -> list[exp.Expression]:
    out: list[exp.Expression] = []
    if e.old_constraint is not None:
        out.append(_drop_constraint(e.table, e.old_constraint))
    to = enum_type_ref(e.enum_type) if e.enum_type is not None else to_datatype(e.base_type)
    out += _convert(e.table, e.column, to, e.default, e.had_default)
    if e.enum_type is None and e.values:
        out.append(_enum_check(e.table, e.column, e.values))
    return out


def _drop_constraint(table: str, name: str) -> exp.Alter:
    return _alter(table, exp.Drop(kind="CONSTRAINT", tables=[exp.Table(this=ident(name))]))


def _unique(e: AddUnique) -> exp.Alter:
    unique = exp.UniqueColumnConstraint(this=exp.Schema(expressions=[ident(c) for c in e.columns]))
    return _alter(e.table, exp.AddConstraint(expressions=[unique]))


def _drop_column(e: DropColumn) -> exp.Alter:
    return _alter(e.table, exp.Drop(kind="COLUMN", tables=[exp.Column(this=ident(e.column))]))


def _rename_column(e: RenameColumn) -> exp.Alter:
    return _alter(
        e.table, exp.RenameColumn(this=exp.Column(this=ident(e.column)), to=exp.Column(this=ident(e.new_name)))
    )


def _sql(expressions: list[exp.Expression]) -> list[str]:
    return [e.sql("postgres") for e in expressions]


def render_edit(edit: Edit) -> list[str]:
    """The statements of one edit (new tables excepted: ``render_plan`` orders them)."""
    renderers: dict[type, Callable[[object], list[str]]] = {
        RenameTable: lambda e: _sql([_alter(e.table, exp.AlterRename(this=table_ref(e.new_name)))]),  # type: ignore[attr-defined]
        RenameColumn: lambda e: _sql([_rename_column(e)]),  # type: ignore[arg-type]
        DropConstraint: lambda e: _sql([_drop_constraint(e.table, e.name)]),  # type: ignore[attr-defined]
        DropIndex: lambda e: _sql([exp.Drop(kind="INDEX", tables=[exp.Table(this=ident(e.name), db=ident("public"))])]),  # type: ignore[attr-defined]
        AddColumn: lambda e: _sql([ddl.add_column(e.table, e.column, force_nullable=e.as_nullable)]),  # type: ignore[attr-defined]
        AlterColumnType: lambda e: _sql([_column_type(e)]),  # type: ignore[arg-type]
        SetDefault: lambda e: _sql([_default(e)]),  # type: ignore[arg-type]
        DropNotNull: lambda e: _sql([_alter(e.table, _alter_column(e.column, drop=True, allow_null=True))]),  # type: ignore[attr-defined]
        SetNotNull: lambda e: _sql([_alter(e.table, _alter_column(e.column, allow_null=False))]),  # type: ignore[attr-defined]
        SetEnum: lambda e: _sql(_enum(e)),  # type: ignore[arg-type]
        DropColumn: lambda e: _sql([_drop_column(e)]),  # type: ignore[arg-type]
        DropTable: lambda e: _sql([exp.Drop(kind="TABLE", tables=[table_ref(e.table)])]),  # type: ignore[attr-defined]
        AddUnique: lambda e: _sql([_unique(e)]),  # type: ignore[arg-type]
        AddIndex: lambda e: _sql([ddl.create_index(e.table, e.index)]),  # type: ignore[attr-defined]
        AddForeignKey: lambda e: _sql([ddl.add_foreign_key(e.table, e.foreign_key)]),  # type: ignore[attr-defined]
        SetAuditTrigger: lambda e: supabase.audit_trigger(e.table, e.enabled, e.trigger),  # type: ignore[attr-defined]
        SetRls: lambda e: supabase.rls_statements(e.table, e.policy, e.owner_type),  # type: ignore[attr-defined]
        SetRealtime: lambda e: [supabase.realtime_statement(e.table, e.enabled)],  # type: ignore[attr-defined]
        AddCheck: lambda e: _sql([_check(e)]),  # type: ignore[arg-type]
        SetIdentity: lambda e: _sql(_identity(e)),  # type: ignore[arg-type]
        CreateEnumType: lambda e: _sql([create_enum_type(e.name, e.values)]),  # type: ignore[attr-defined]
        AddEnumValue: lambda e: _sql([_enum_value(e)]),  # type: ignore[arg-type]
        RecreateEnumType: lambda e: _sql(_recreate(e)),  # type: ignore[arg-type]
        DropEnumType: lambda e: _sql([exp.Drop(kind="TYPE", tables=[exp.Table(this=ident(e.name))])]),  # type: ignore[attr-defined]
        SetColumnEnum: lambda e: _sql(_column_enum(e)),  # type: ignore[arg-type]
    }
    return renderers[type(edit)](edit)


def _stops_identity(edit: Edit) -> bool:
    return isinstance(edit, SetIdentity) and edit.identity is None


# Phases of a migration; edits run phase by phase, in plan order within a phase. A column stops
# being an identity before its default changes; it becomes one once it is NOT NULL without a default.
_PHASES: list[tuple[type, ...]] = [
    (RenameTable,),
    (RenameColumn,),
    (DropConstraint, DropIndex),
    (CreateEnumType, AddEnumValue, RecreateEnumType),
    (AddTable,),
    (AddColumn,),
    (SetIdentity,),
    (AlterColumnType, SetColumnEnum, SetDefault, DropNotNull, SetEnum, SetNotNull),
    (SetIdentity,),
    (DropColumn,),
    (DropTable,),
    (DropEnumType,),
    (AddUnique, AddIndex, AddCheck),
    (AddForeignKey,),
    (SetAuditTrigger, SetRls, SetRealtime),
]


def render_plan(plan_edits: Sequence[Edit]) -> list[str]:
    """The Postgres statements of a plan's edits, in the order of ``_PHASES``."""
    out: list[str] = []
    identity_phases = 0
    for phase in _PHASES:
        edits = [e for e in plan_edits if isinstance(e, phase)]
        if phase == (SetIdentity,):
            identity_phases += 1
            edits = [e for e in edits if _stops_identity(e) == (identity_phases == 1)]
        if not edits:
            continue
        if phase == (AddTable,):
            tables: list[Table] = [e.table for e in edits if isinstance(e, AddTable)]
            out += _sql([ddl.create_table(t) for t in ddl.table_order(tables)])
            continue
        if SetAuditTrigger in phase and any(isinstance(e, SetAuditTrigger) and e.enabled for e in edits):
            out.append(supabase.audit_function())
        for edit in edits:
            out += render_edit(edit)
    return out
