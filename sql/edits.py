"""The typed, frozen edits a migration plan is made of, and how each one reads to people.

Every edit has ``destructive``: true when applying it can lose data or fail on existing rows
(dropping a table or a column, a narrowing type change, NOT NULL on a column holding nulls).
"""

from __future__ import annotations

from dataclasses import dataclass

from kernel.schema import Check, Column, ForeignKey, Identity, Index, RlsPolicy, Table
from sql.compare import is_widening


@dataclass(frozen=True)
class AddTable:
    table: Table
    destructive = False


@dataclass(frozen=True)
class DropTable:
    table: str
    rows: int | None = None
    destructive = True


@dataclass(frozen=True)
class RenameTable:
    table: str
    new_name: str
    reason: str = ""
    destructive = False


@dataclass(frozen=True)
class AddColumn:
    table: str
    column: Column
    # NOT NULL without a default cannot be added to a table that may hold rows; such columns are
    # added as nullable and the plan says so in its notes.
    as_nullable: bool = False
    destructive = False


@dataclass(frozen=True)
class DropColumn:
    table: str
    column: str
    rows: int | None = None
    destructive = True


@dataclass(frozen=True)
class RenameColumn:
    table: str
    column: str
    new_name: str
    reason: str = ""
    destructive = False


@dataclass(frozen=True)
class AlterColumnType:
    table: str
    column: str
    old_type: str
    new_type: str

    @property
    def destructive(self) -> bool:
        return not is_widening(self.old_type, self.new_type)


@dataclass(frozen=True)
class SetNotNull:
    table: str
    column: str
    nulls: int | None = None  # None: unknown, treated as holding nulls

    @property
    def destructive(self) -> bool:
        return self.nulls is None or self.nulls > 0


@dataclass(frozen=True)
class DropNotNull:
    table: str
    column: str
    destructive = False


@dataclass(frozen=True)
class SetDefault:
    table: str
    column: str
    default: str | None  # None drops the default
    destructive = False


@dataclass(frozen=True)
class SetEnum:
    """Replace the column's ``CHECK (col IN (...))``; ``values`` None removes it."""

    table: str
    column: str
    values: tuple[str, ...] | None
    old_constraint: str | None = None
    destructive = False


@dataclass(frozen=True)
class AddUnique:
    table: str
    columns: tuple[str, ...]
    destructive = False


@dataclass(frozen=True)
class DropConstraint:
    table: str
    name: str
    what: str  # "unique (a)", "foreign key (a) → b"
    destructive = False


@dataclass(frozen=True)
class AddIndex:
    table: str
    index: Index
    destructive = False


@dataclass(frozen=True)
class DropIndex:
    table: str
    name: str
    index: Index
    destructive = False


@dataclass(frozen=True)
class AddForeignKey:
    table: str
    foreign_key: ForeignKey
    destructive = False


@dataclass(frozen=True)
class AddCheck:
    """Add a CHECK to an existing table; ``violations`` counts rows that fail it (None: unknown)."""

    table: str
    check: Check
    violations: int | None = 0

    @property
    def destructive(self) -> bool:
        return self.violations is None or self.violations > 0


@dataclass(frozen=True)
class SetIdentity:
    """Make a column generate its values (``identity``), change how, or stop (None). A column that
    becomes an identity column continues after the largest value it holds."""

    table: str
    column: str
    identity: Identity | None
    old: Identity | None = None
    destructive = False


@dataclass(frozen=True)
class CreateEnumType:
    name: str
    values: tuple[str, ...]
    destructive = False


@dataclass(frozen=True)
class AddEnumValue:
    """``ALTER TYPE … ADD VALUE`` placed ``before`` a value that is already there (None: at the end)."""

    name: str
    value: str
    before: str | None = None
    destructive = False


@dataclass(frozen=True)
class RecreateEnumType:
    """Values removed or reordered: the type is made anew and ``columns`` ((table, column, default))
    are converted to it. Rows holding a removed value make the conversion fail."""

    name: str
    values: tuple[str, ...]
    removed: tuple[str, ...] = ()
    columns: tuple[tuple[str, str, str | None], ...] = ()

    @property
    def destructive(self) -> bool:
        return bool(self.removed)


@dataclass(frozen=True)
class DropEnumType:
    """An enum type no column uses any more (after the plan)."""

    name: str
    destructive = False


@dataclass(frozen=True)
class SetColumnEnum:
    """Move a column onto the Postgres enum type ``enum_type``, or (None) back to ``base_type`` with
    its ``values`` (if any) in a CHECK. ``default`` is set again after the conversion."""

    table: str
    column: str
    enum_type: str | None
    base_type: str
    values: tuple[str, ...] | None = None
    default: str | None = None
    had_default: bool = False
    old_constraint: str | None = None
    rows: int | None = None

    @property
    def destructive(self) -> bool:
        # values outside the type's make the conversion fail
        return self.enum_type is not None and self.rows != 0


@dataclass(frozen=True)
class SetAuditTrigger:
    table: str
    enabled: bool
    trigger: str | None = None  # the live trigger's name, when removing it
    destructive = False


@dataclass(frozen=True)
class SetRls:
    """Enable RLS with a preset's policy and grants (``sql.supabase``); only on Supabase targets."""

    table: str
    policy: RlsPolicy
    owner_type: str | None = None
    destructive = False


@dataclass(frozen=True)
class SetRealtime:
    table: str
    enabled: bool
    destructive = False


Edit = (
    AddTable | DropTable | RenameTable | AddColumn | DropColumn | RenameColumn | AlterColumnType
    | SetNotNull | DropNotNull | SetDefault | SetEnum | AddUnique | DropConstraint | AddIndex | DropIndex
    | AddForeignKey | AddCheck | SetIdentity | CreateEnumType | AddEnumValue | RecreateEnumType | DropEnumType
    | SetColumnEnum | SetAuditTrigger | SetRls | SetRealtime
)


def _readable(expression: str) -> str:
    from kernel.errors import SchemaError
    from sql.expressions import display_text, parse_expression

    try:
        return display_text(parse_expression(expression, None))
    except SchemaError:
        return expression


def describe(edit: Edit) -> str:
    """One line for people: the plan's summary and the confirm dialog name edits this way."""
    match edit:
        case AddTable(table=t):
            return f"create table {t.name}"
        case DropTable(table=t, rows=rows):
            held = f" (holds {rows} row(s))" if rows is not None else ""
            return f"drop table {t}{held}"
        case RenameTable(table=t, new_name=n, reason=r):
            return f"rename table {t} to {n}" + (f" (likely rename: {r})" if r else "")
        case AddColumn(table=t, column=c):
            return f"add column {t}.{c.name} {c.type}"
        case DropColumn(table=t, column=c, rows=rows):
            held = f" (table holds {rows} row(s))" if rows is not None else ""
            return f"drop column {t}.{c}{held}"
        case RenameColumn(table=t, column=c, new_name=n, reason=r):
            return f"rename column {t}.{c} to {n}" + (f" (likely rename: {r})" if r else "")
        case AlterColumnType(table=t, column=c, old_type=o, new_type=n):
            kind = "narrowing" if edit.destructive else "widening"
            return f"change type of {t}.{c} from {o} to {n} ({kind})"
        case SetNotNull(table=t, column=c, nulls=nulls):
            held = "unknown number of" if nulls is None else str(nulls)
            return f"set {t}.{c} NOT NULL" + (f" ({held} row(s) hold null)" if edit.destructive else "")
        case DropNotNull(table=t, column=c):
            return f"allow null in {t}.{c}"
        case SetDefault(table=t, column=c, default=d):
            return f"set default of {t}.{c} to {d}" if d is not None else f"drop default of {t}.{c}"
        case SetEnum(table=t, column=c, values=v):
            return f"allow only {', '.join(v)} in {t}.{c}" if v is not None else f"allow any value in {t}.{c}"
        case AddUnique(table=t, columns=cols):
            return f"make ({', '.join(cols)}) unique in {t}"
        case DropConstraint(table=t, what=w):
            return f"drop {w} of {t}"
        case AddIndex(table=t, index=i):
            where = f" where {i.where}" if i.where else ""
            return f"add {'unique ' if i.unique else ''}index on {t} ({', '.join(i.columns)}){where}"
        case DropIndex(table=t, index=i):
            where = f" where {i.where}" if i.where else ""
            return f"drop index on {t} ({', '.join(i.columns)}){where}"
        case AddCheck(table=t, check=c, violations=v):
            held = "" if v == 0 else (" (rows may fail it)" if v is None else f" ({v} row(s) fail it)")
            return f"add check {c.name} on {t}: {_readable(c.expression)}{held}"
        case SetIdentity(table=t, column=c, identity=i):
            return f"generate {t}.{c} {i} as identity" if i else f"stop generating {t}.{c} as identity"
        case CreateEnumType(name=n, values=v):
            return f"create enum type {n} ({', '.join(v)})"
        case AddEnumValue(name=n, value=v):
            return f"add value {v} to enum type {n}"
        case RecreateEnumType(name=n, values=v, removed=r):
            gone = f", removing {', '.join(r)}" if r else ""
            return f"recreate enum type {n} as ({', '.join(v)}){gone}"
        case DropEnumType(name=n):
            return f"drop enum type {n} (no column uses it)"
        case SetColumnEnum(table=t, column=c, enum_type=e, base_type=b):
            return f"make {t}.{c} of enum type {e}" if e else f"make {t}.{c} {b} again (not an enum type)"
        case AddForeignKey(table=t, foreign_key=fk):
            return f"add foreign key {t} ({', '.join(fk.columns)}) → {fk.ref_table}"
        case SetAuditTrigger(table=t, enabled=on):
            return f"{'add' if on else 'remove'} the updated_at trigger of {t}"
        case SetRls(table=t, policy=p):
            owner = f" on {p.owner_column}" if p.preset == "owner" else ""
            return f"row-level security on {t}: {p.preset}{owner}"
        case SetRealtime(table=t, enabled=on):
            return f"{'add' if on else 'remove'} {t} {'to' if on else 'from'} supabase_realtime"
    raise TypeError(f"unknown edit {edit!r}")
