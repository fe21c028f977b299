"""Render a Plan's edits as Postgres statements, in an order that runs as is.

Order: renames; drops of constraints, indexes and triggers that the changes would trip over;
new tables (referenced first); new columns; column changes; dropped columns; dropped tables;
new unique constraints and indexes; foreign keys; triggers, row-level security, realtime.
Table and column DDL is built from sqlglot nodes (``sql.ddl``); the Supabase statements come
from ``sql.supabase``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from kernel.schema import Table
from sql import ddl, supabase
from sql.ddl import ident, table_ref
from sql.edits import (
    AddColumn,
    AddForeignKey,
    AddIndex,
    AddTable,
    AddUnique,
    AlterColumnType,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropNotNull,
    DropTable,
    Edit,
    RenameColumn,
    RenameTable,
    SetAuditTrigger,
    SetDefault,
    SetEnum,
    SetNotNull,
    SetRealtime,
    SetRls,
)
from sql.plan import Plan
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
        check = exp.In(this=exp.Column(this=ident(e.column)), expressions=[exp.Literal.string(v) for v in e.values])
        constraint = exp.Constraint(
            this=ident(f"{e.table}_{e.column}_check"), expressions=[exp.CheckColumnConstraint(this=check)]
        )
        out.append(_alter(e.table, exp.AddConstraint(expressions=[constraint])))
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
    }
    return renderers[type(edit)](edit)


# Phases of a migration; edits run phase by phase, in plan order within a phase.
_PHASES: list[tuple[type, ...]] = [
    (RenameTable,),
    (RenameColumn,),
    (DropConstraint, DropIndex),
    (AddTable,),
    (AddColumn,),
    (AlterColumnType, SetDefault, DropNotNull, SetEnum, SetNotNull),
    (DropColumn,),
    (DropTable,),
    (AddUnique, AddIndex),
    (AddForeignKey,),
    (SetAuditTrigger, SetRls, SetRealtime),
]


def render_plan(plan: Plan) -> list[str]:
    out: list[str] = []
    for phase in _PHASES:
        edits = [e for e in plan.edits if isinstance(e, phase)]
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
