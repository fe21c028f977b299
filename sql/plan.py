"""Plan, then apply: the typed edits that take a live database towards a desired Schema.

:func:`diff` compares the live structure (read by ``introspect``, with the facts in
:class:`LiveFacts`) with the document and returns frozen edits. Every edit says whether it is
*destructive* — it can lose data or fail on existing rows: dropping a table or a column, a
narrowing type change, NOT NULL on a column that holds nulls. A dropped and an added column of
the same type with similar names or values become one :class:`RenameColumn` instead of a drop and
an add. What the planner will not do (change a primary key) is reported as a note, never done
silently. :class:`Plan` turns the edits into SQL (``sql.alter``); applying it is ``sql.apply``'s.

``diff`` is pure: everything it knows about the live database comes in through its arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlglot import exp

from kernel.errors import SchemaError
from kernel.schema import Column, ForeignKey, RlsPolicy, Schema, Table
from sql import ddl
from sql.alter import render_plan
from sql.compare import guess_column_renames, guess_table_renames, same_type
from sql.ddl_parts import index_key
from sql.edits import (
    AddColumn,
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
    RenameColumn,
    RenameTable,
    SetAuditTrigger,
    SetDefault,
    SetEnum,
    SetIdentity,
    SetNotNull,
    SetRealtime,
    SetRls,
    describe,
)
from sql.plan_objects import (
    column_enum_edit,
    diff_checks,
    diff_enum_types,
    mentions,
    native_type,
    rebuilt_columns,
    resolved_index,
    where_key,
)
from sql.types import dialect_types

AUDIT_COLUMNS = ("created_at", "updated_at")


@dataclass(frozen=True)
class LiveFacts:
    """What the planner may know about the live database beyond its structure."""

    rows: Mapping[str, int] = field(default_factory=dict)
    nulls: Mapping[tuple[str, str], int] = field(default_factory=dict)
    values: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # (table, kind, key) -> constraint or index name; kind is "fk", "unique", "check" or "index"
    names: Mapping[tuple[str, str, tuple[str, ...]], str] = field(default_factory=dict)
    supabase: bool = False
    realtime_publication: bool = False
    auth_uid: bool = False
    # Tables that earlier pushes of this schema created; other live tables are never dropped or
    # renamed. None: every live table counts (a pure comparison of two documents).
    managed: frozenset[str] | None = None
    # The live enum types and their values (None: those the live columns use).
    enum_types: Mapping[str, tuple[str, ...]] | None = None
    # (table, check name) -> rows of the live table that fail the document's CHECK
    violations: Mapping[tuple[str, str], int] = field(default_factory=dict)


def effective_table(table: Table) -> Table:
    """The table as pushed: with ``audit_timestamps`` it gains created_at/updated_at (``sql.ddl``)."""
    return ddl.with_audit_columns(table)


def effective_schema(schema: Schema) -> Schema:
    """The schema as pushed: audit columns added, every column's enum type spelled out."""
    schema = ddl.resolve_enum_types(schema)
    return schema.model_copy(update={"tables": [effective_table(t) for t in schema.tables]})


@dataclass(frozen=True)
class Plan:
    edits: tuple[Edit, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def created_tables(self) -> tuple[str, ...]:
        return tuple(e.table.name for e in self.edits if isinstance(e, AddTable))

    @property
    def added_columns(self) -> tuple[tuple[str, str], ...]:
        return tuple((e.table, e.column.name) for e in self.edits if isinstance(e, AddColumn))

    @property
    def destructive(self) -> tuple[Edit, ...]:
        return tuple(e for e in self.edits if e.destructive)

    @property
    def is_empty(self) -> bool:
        return not self.edits

    def describe(self) -> list[str]:
        return [describe(e) for e in self.edits]

    def expressions(self, dialect: str = "postgres") -> list[exp.Expression]:
        """The plan for dialects other than Postgres, which only create (no ALTERs beyond ADD)."""
        types = dialect_types(dialect)
        inline = not types.alter_add_foreign_key
        new_tables = [e.table for e in self.edits if isinstance(e, AddTable)]
        out: list[exp.Expression] = [
            ddl.create_table(t, types, inline_foreign_keys=inline) for t in ddl.table_order(new_tables)
        ]
        for edit in self.edits:
            if isinstance(edit, AddColumn):
                out.append(ddl.add_column(edit.table, edit.column, dialect, force_nullable=edit.as_nullable))
            elif isinstance(edit, AddIndex):
                out.append(ddl.create_index(edit.table, edit.index, dialect))
            elif isinstance(edit, CreateEnumType):
                continue  # other dialects write enum values into the column (sql.ddl_parts)
            elif isinstance(edit, AddForeignKey):
                if inline and edit.table in {t.name for t in new_tables}:
                    continue
                if inline:
                    raise SchemaError(f"{dialect} cannot add a foreign key to an existing table", table=edit.table)
                out.append(ddl.add_foreign_key(edit.table, edit.foreign_key))
            elif not isinstance(edit, AddTable):
                raise SchemaError(f"{dialect}: cannot {describe(edit)}; only Postgres targets are migrated")
        return out

    def statements(self, dialect: str = "postgres") -> list[str]:
        if dialect == "postgres":
            return render_plan(self.edits)
        return [e.sql(dialect) for e in self.expressions(dialect)]


def _fk_key(fk: ForeignKey) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    return tuple(fk.columns), fk.ref_table, tuple(fk.ref_columns)


def fk_name_key(fk: ForeignKey) -> tuple[str, ...]:
    return (*fk.columns, "->", fk.ref_table, *fk.ref_columns)


def _diff_columns(
    live: Table, wanted: Table, facts: LiveFacts, edits: list[Edit], notes: list[str], renames: bool
) -> set[str]:
    """Column edits of one table; returns the names of columns that are new to the live table."""
    t = wanted.name
    missing = [c for c in wanted.columns if live.column(c.name) is None]
    extra = [c for c in live.columns if wanted.column(c.name) is None]
    renamed: dict[str, str] = {}
    if renames and missing and extra:
        live_values = {c.name: facts.values.get((live.name, c.name), ()) for c in extra}
        for guess in guess_column_renames(extra, missing, live_values):
            edits.append(RenameColumn(t, guess.old, guess.new, guess.reason))
            renamed[guess.new] = guess.old
    added: set[str] = set()
    for column in wanted.columns:
        existing = live.column(renamed.get(column.name, column.name))
        if existing is None:
            as_nullable = not column.nullable and column.default is None and column.identity is None
            if as_nullable and facts.rows.get(live.name) == 0:
                as_nullable = False
            if as_nullable:
                notes.append(f"{t}.{column.name}: added as nullable (the table may hold rows)")
            edits.append(AddColumn(t, column, as_nullable=as_nullable))
            added.add(column.name)
            continue
        # Postgres folds a UNIQUE that repeats a one-column primary key into the key
        live_unique = existing.unique or live.primary_key == [existing.name]
        wanted_unique = column.unique or (wanted.primary_key == [column.name] and live_unique)
        _diff_column(live.name, t, existing.model_copy(update={"unique": live_unique}),
                     column.model_copy(update={"unique": wanted_unique}), facts, edits)
    for column in extra:
        if column.name not in renamed.values():
            edits.append(DropColumn(t, column.name, rows=facts.rows.get(live.name)))
    return added


def _diff_column(
    live_table: str, t: str, existing: Column, column: Column, facts: LiveFacts, edits: list[Edit]
) -> None:
    name = column.name
    enum_edit = column_enum_edit(live_table, t, existing, column, facts)
    native = enum_edit is not None or native_type(column) is not None
    if not native and not same_type(existing.type, column.type):
        edits.append(AlterColumnType(t, name, existing.type, column.type))
    if enum_edit is not None:
        edits.append(enum_edit)
    if existing.identity != column.identity:
        edits.append(SetIdentity(t, name, column.identity, existing.identity))
    if existing.nullable and not column.nullable:
        edits.append(SetNotNull(t, name, facts.nulls.get((live_table, existing.name))))
    elif not existing.nullable and column.nullable:
        edits.append(DropNotNull(t, name))
    if enum_edit is None and ddl.normalize_default(existing.default, existing.type) != _normal_default(column):
        edits.append(SetDefault(t, name, column.default))
    if not native and (existing.enum or None) != (column.enum or None):
        old = facts.names.get((live_table, "check", (existing.name,)))
        edits.append(SetEnum(t, name, tuple(column.enum) if column.enum else None, old))
    if column.unique and not existing.unique:
        edits.append(AddUnique(t, (name,)))
    elif existing.unique and not column.unique:
        constraint = facts.names.get((live_table, "unique", (existing.name,)))
        if constraint is not None:
            edits.append(DropConstraint(t, constraint, f"unique ({name})"))


def _normal_default(column: Column) -> str | None:
    return ddl.normalize_default(column.default, column.type)


def _diff_keys(
    live: Table, wanted: Table, facts: LiveFacts, edits: list[Edit], notes: list[str], rebuilt: set[str]
) -> None:
    t = wanted.name
    if (live.primary_key or None) != (wanted.primary_key or None):
        notes.append(
            f"{t}: primary key ({', '.join(live.primary_key or [])}) kept"
            f" (the document says ({', '.join(wanted.primary_key or [])}))"
        )
    live_names = [c.name for c in live.columns]
    wanted_names = [c.name for c in wanted.columns]
    live_indexes = {(tuple(i.columns), i.unique, where_key(i, live_names)): i for i in live.indexes
                    if not mentions(i.where, live_names, rebuilt)}
    wanted_indexes = {(tuple(i.columns), i.unique, where_key(i, wanted_names)): i for i in wanted.indexes}
    remade = [i for i in live.indexes if mentions(i.where, live_names, rebuilt)]
    for wanted_key, wanted_index in wanted_indexes.items():
        if wanted_key not in live_indexes:
            edits.append(AddIndex(t, resolved_index(wanted_index, wanted_names)))
    dropping = [i for key, i in live_indexes.items() if key not in wanted_indexes] + remade
    for index in dropping:
        kind = "unique" if index.unique else "index"
        name_key = index_key(index)
        name = facts.names.get((live.name, kind, name_key)) or facts.names.get((live.name, "index", name_key))
        if name is None:
            notes.append(f"{t}: index ({', '.join(index.columns)}) kept (its name is unknown)")
        elif kind == "unique" and (live.name, "unique", name_key) in facts.names:
            edits.append(DropConstraint(t, name, f"unique ({', '.join(index.columns)})"))
        else:
            edits.append(DropIndex(t, name, index))
    diff_checks(live, wanted, facts, edits, rebuilt)
    live_fks = {_fk_key(fk): fk for fk in live.foreign_keys}
    wanted_fks = {_fk_key(fk): fk for fk in wanted.foreign_keys}
    for fk_key, fk in wanted_fks.items():
        if fk_key not in live_fks:
            edits.append(AddForeignKey(t, fk))
    for fk_key, fk in live_fks.items():
        if fk_key in wanted_fks:
            continue
        name = facts.names.get((live.name, "fk", fk_name_key(fk)))
        if name is None:
            notes.append(f"{t}: foreign key ({', '.join(fk.columns)}) → {fk.ref_table} kept (its name is unknown)")
        else:
            edits.append(DropConstraint(t, name, f"foreign key ({', '.join(fk.columns)}) → {fk.ref_table}"))


def _rls_edit(table: Table, facts: LiveFacts, live: Table | None, warnings: list[str]) -> SetRls | None:
    policy = table.rls or RlsPolicy(preset="none")
    if live is not None and (table.rls is None or live.rls == table.rls):
        return None
    owner_type = None
    if policy.preset == "owner":
        column = table.column(policy.owner_column or "")
        if column is None:
            raise SchemaError(
                f"{table.name}: the owner-only policy needs owner_column naming one of its columns",
                table=table.name,
            )
        if not facts.auth_uid:
            raise SchemaError(f"{table.name}: the owner-only policy needs auth.uid(), which the target lacks",
                              table=table.name)
        owner_type = column.type
    if policy.preset == "none":
        warnings.append(
            f"{table.name}: row-level security is on with no policy — only service_role reaches it over the API"
        )
    return SetRls(table.name, policy, owner_type)


def _rename_live(live: Schema, old: str, new: str) -> Schema:
    tables = []
    for table in live.tables:
        fks = [fk.model_copy(update={"ref_table": new}) if fk.ref_table == old else fk for fk in table.foreign_keys]
        tables.append(table.model_copy(update={"name": new if table.name == old else table.name, "foreign_keys": fks}))
    return live.model_copy(update={"tables": tables})


def diff(
    current: Schema,
    desired: Schema,
    facts: LiveFacts | None = None,
    *,
    detect_renames: bool = True,
) -> tuple[list[Edit], list[str], list[str]]:
    """The edits from ``current`` to ``desired``, notes on what is left alone, and warnings."""
    facts = facts or LiveFacts()
    current = ddl.resolve_enum_types(current)  # a document compared as the live side names its types too
    desired = effective_schema(desired)
    edits: list[Edit] = []
    notes: list[str] = []
    warnings: list[str] = []
    live_by_original = {t.name: t.name for t in current.tables}
    missing = [t for t in desired.tables if current.table(t.name) is None]
    extra = [t for t in current.tables if desired.table(t.name) is None]
    if facts.managed is not None:
        unmanaged = [t.name for t in extra if t.name not in facts.managed]
        if unmanaged:
            notes.append(f"left alone (not created by this schema's pushes): {', '.join(unmanaged)}")
        extra = [t for t in extra if t.name in facts.managed]
    if detect_renames and missing and extra:
        for guess in guess_table_renames(extra, missing):
            edits.append(RenameTable(guess.old, guess.new, guess.reason))
            current = _rename_live(current, guess.old, guess.new)
            live_by_original[guess.new] = guess.old
    dropping = {t.name for t in extra}
    kept = [t.name for t in current.tables if desired.table(t.name) is None and t.name not in dropping]
    enum_edits = diff_enum_types(current, desired, facts, kept)
    rebuilt = rebuilt_columns(current, desired, enum_edits)
    edits[:0] = [e for e in enum_edits if not isinstance(e, DropEnumType)]
    new_tables: list[Table] = []
    for wanted in desired.tables:
        live = current.table(wanted.name)
        if live is None:
            new_tables.append(wanted)
            edits.append(AddTable(wanted))
            continue
        original = live_by_original.get(wanted.name, wanted.name)
        # facts are keyed by the live (pre-rename) table name
        live_named = live.model_copy(update={"name": original})
        start = len(edits)
        _diff_columns(live_named, wanted, facts, edits, notes, detect_renames)
        _diff_keys(live_named, wanted, facts, edits, notes, {c for t, c in rebuilt if t == wanted.name})
        if facts.managed is not None and original not in facts.managed:
            _spare_unmanaged(edits, start, original, notes)
        if wanted.audit_timestamps != live.audit_timestamps:
            trigger = facts.names.get((original, "trigger", ()))
            edits.append(SetAuditTrigger(wanted.name, wanted.audit_timestamps, trigger))
        if facts.supabase:
            rls = _rls_edit(wanted, facts, live, warnings)
            if rls is not None:
                edits.append(rls)
        if facts.realtime_publication and wanted.realtime != live.realtime:
            edits.append(SetRealtime(wanted.name, wanted.realtime))
    for table in new_tables:
        edits += [AddIndex(table.name, resolved_index(i, [c.name for c in table.columns])) for i in table.indexes]
        edits += [AddForeignKey(table.name, fk) for fk in table.foreign_keys]
        if table.audit_timestamps:
            edits.append(SetAuditTrigger(table.name, True))
        if facts.supabase:
            rls = _rls_edit(table, facts, None, warnings)
            if rls is not None:
                edits.append(rls)
        if table.realtime and facts.realtime_publication:
            edits.append(SetRealtime(table.name, True))
    dropped = [t for t in extra if current.table(t.name) is not None]
    for table in reversed(ddl.table_order(dropped)):  # referencing tables go first
        edits.append(DropTable(table.name, rows=facts.rows.get(table.name)))
    edits += [e for e in enum_edits if isinstance(e, DropEnumType)]
    requested = [t.name for t in desired.tables if t.realtime or t.rls is not None]
    if requested and not facts.supabase:
        notes.append("row-level security and grants skipped: the target has no Supabase roles")
    if any(t.realtime for t in desired.tables) and not facts.realtime_publication:
        notes.append("realtime skipped: the target has no supabase_realtime publication")
    return edits, notes, warnings


def _spare_unmanaged(edits: list[Edit], start: int, table: str, notes: list[str]) -> None:
    """A live table that no push of this schema created is only ever added to: its drops,
    narrowings and renames (``edits[start:]``) are left out and named in the notes."""
    spared = [e for e in edits[start:] if e.destructive or isinstance(e, RenameColumn)]
    if spared:
        edits[start:] = [e for e in edits[start:] if e not in spared]
        notes.append(f"left alone in {table} (not created by this schema's pushes): "
                     + "; ".join(describe(e) for e in spared))


def plan(
    current: Schema, desired: Schema, facts: LiveFacts | None = None, *, detect_renames: bool = True
) -> Plan:
    edits, notes, warnings = diff(current, desired, facts, detect_renames=detect_renames)
    return Plan(tuple(edits), tuple(notes), tuple(warnings))
