"""Applying checked patches: the schema changes only through patches that hold.

:func:`review` walks the proposed patches in order. Each is checked (:mod:`.check`), performed on
a copy of the schema, and kept only if the schema's own validation finds no new error; later
patches see the names that earlier ones gave. Every accepted change marks the evidence of what it
touched with ``source: "llm"``, the model and its rationale; every refused patch is kept with the
reason, so nothing the model said is lost or silently applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from inference.advisor.check import GENERATED_DEFAULTS, Rejected, check_patch
from inference.advisor.diff import schema_diff
from inference.advisor.patches import (
    AddForeignKey,
    ChangeType,
    MarkServerGenerated,
    MergeTables,
    Patch,
    RemoveForeignKey,
    RenameColumn,
    RenameTable,
    SetDescription,
    SetEnum,
    SetPrimaryKey,
    describe,
)
from inference.advisor.samples import Samples
from kernel.schema import Evidence, ForeignKey, Schema
from kernel.schema_ops import column_named, rename_column, rename_table, table_named
from kernel.types import normalize_type, parse_type


@dataclass(frozen=True)
class Outcome:
    patch: Patch
    accepted: bool
    reason: str | None = None
    #: What the patch changed (see :func:`.diff.schema_diff`); empty for a rejected patch.
    changes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return describe(self.patch)

    def message(self) -> str:
        if self.accepted:
            return f"accepted: {self.summary}"
        return f"rejected: {self.summary}: {self.reason}"


@dataclass
class Refinement:
    """What the advisor did: the resulting schema, each patch's outcome, or why it could not run."""

    schema: Schema
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None
    model: str | None = None

    @property
    def accepted(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.accepted]

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.accepted]

    def headline(self) -> str:
        if self.error is not None:
            return f"AI refinement failed: {self.error}; kept the heuristic schema"
        return (f"AI refinement: {len(self.accepted)} patch(es) accepted, {len(self.rejected)} rejected"
                + (f" ({self.model})" if self.model else ""))

    def messages(self) -> list[str]:
        return [self.headline()] + [o.message() for o in self.outcomes]


def _mark(evidence: Evidence | None, patch: Patch, model: str | None) -> Evidence:
    marked = evidence.model_copy(deep=True) if evidence is not None else Evidence()
    extra = marked.model_extra if marked.model_extra is not None else {}
    if marked.source != "llm":
        extra["heuristic_rule"] = marked.rule
    marked.source = "llm"
    marked.rule = f"llm: {patch.op}"
    extra["rationale"] = patch.rationale
    extra["model"] = model
    changes = list(extra.get("llm_changes") or [])
    changes.append(describe(patch))
    extra["llm_changes"] = changes
    return marked


def apply_patch(patch: Patch, schema: Schema, model: str | None = None) -> None:
    """Perform an already checked patch on ``schema`` in place."""
    match patch:
        case RenameTable():
            table = table_named(schema, patch.table)
            rename_table(schema, patch.table, patch.new_name, table)
            table.evidence = _mark(table.evidence, patch, model)
        case RenameColumn():
            table = table_named(schema, patch.table)
            column = column_named(table, patch.column)
            rename_column(schema, table.name, patch.column, patch.new_name, column)
            column.evidence = _mark(column.evidence, patch, model)
        case SetDescription():
            table = table_named(schema, patch.table)
            if patch.column is None:
                table.description = patch.description.strip()
                table.evidence = _mark(table.evidence, patch, model)
            else:
                column = column_named(table, patch.column)
                column.description = patch.description.strip()
                column.evidence = _mark(column.evidence, patch, model)
        case ChangeType():
            column = column_named(table_named(schema, patch.table), patch.column)
            column.type = normalize_type(patch.new_type)
            column.evidence = _mark(column.evidence, patch, model)
        case SetEnum():
            column = column_named(table_named(schema, patch.table), patch.column)
            column.enum = sorted(patch.values)
            column.evidence = _mark(column.evidence, patch, model)
        case AddForeignKey():
            table = table_named(schema, patch.table)
            table.foreign_keys.append(ForeignKey(
                columns=list(patch.columns), ref_table=patch.ref_table, ref_columns=list(patch.ref_columns),
                evidence=_mark(None, patch, model)))
        case RemoveForeignKey():
            table = table_named(schema, patch.table)
            table.foreign_keys = [fk for fk in table.foreign_keys
                                  if not (fk.columns == patch.columns and fk.ref_table == patch.ref_table)]
            table.evidence = _mark(table.evidence, patch, model)
        case SetPrimaryKey():
            table = table_named(schema, patch.table)
            table.primary_key = list(patch.columns)
            for name in patch.columns:
                column = column_named(table, name)
                column.nullable = False
                column.unique = column.unique or len(patch.columns) == 1
            table.evidence = _mark(table.evidence, patch, model)
        case MergeTables():
            _merge(patch, schema, model)
        case MarkServerGenerated():
            column = column_named(table_named(schema, patch.table), patch.column)
            column.default = GENERATED_DEFAULTS[parse_type(column.type).base]
            column.evidence = _mark(column.evidence, patch, model)
            extra = column.evidence.model_extra
            if extra is not None:
                extra["server_generated"] = True
        case _:
            raise TypeError(f"not a patch: {patch!r}")


def _merge(patch: MergeTables, schema: Schema, model: str | None) -> None:
    source, into = table_named(schema, patch.table), table_named(schema, patch.into)
    source_names = {c.name for c in source.columns}
    for column in into.columns:
        if column.name not in source_names:
            column.nullable = True
    for column in source.columns:
        if into.column(column.name) is None:
            into.columns.append(column.model_copy(update={"nullable": True}, deep=True))
        elif column.nullable:
            column_named(into, column.name).nullable = True
    for fk in source.foreign_keys:
        if not any(f.columns == fk.columns for f in into.foreign_keys):
            into.foreign_keys.append(fk.model_copy(deep=True))
    schema.tables = [t for t in schema.tables if t.name != source.name]
    for table in schema.tables:
        for fk in table.foreign_keys:
            if fk.ref_table == source.name:
                fk.ref_table = into.name
        seen: set[tuple[tuple[str, ...], str]] = set()
        unique = []
        for fk in table.foreign_keys:
            key = (tuple(fk.columns), fk.ref_table)
            if key not in seen and not (table.name == into.name and fk.ref_table == into.name
                                        and fk.columns == into.primary_key):
                seen.add(key)
                unique.append(fk)
        table.foreign_keys = unique
    evidence = _mark(into.evidence, patch, model)
    if source.evidence is not None:
        evidence.endpoints = sorted(set(evidence.endpoints) | set(source.evidence.endpoints))[:20]
        evidence.samples += source.evidence.samples
    into.evidence = evidence


def _mirror(patch: Patch, samples: Samples) -> None:
    """Keep the samples under the names the schema now uses."""
    match patch:
        case RenameTable():
            samples.rename_table(patch.table, patch.new_name)
        case RenameColumn():
            samples.rename_column(patch.table, patch.column, patch.new_name)
        case MergeTables():
            samples.merge(patch.table, patch.into)


#: The errors that make a schema unusable (the SQL validator's, passed in by the caller:
#: inference does not know the SQL rules).
SchemaCheck = Callable[[Schema], list[str]]


def review(schema: Schema, patches: list[Patch], samples: Samples, model: str | None = None, *,
           check: SchemaCheck) -> Refinement:
    """Check and apply ``patches`` in order; neither ``schema`` nor ``samples`` is modified.

    A patch is refused when ``check`` finds more errors in the patched schema than before it."""
    _errors = check
    current = schema.model_copy(deep=True)
    working = samples.copy()
    before = _errors(current)
    outcomes: list[Outcome] = []
    for patch in patches:
        try:
            check_patch(patch, current, working)
            candidate = current.model_copy(deep=True)
            apply_patch(patch, candidate, model)
            after = _errors(candidate)
            if len(after) > len(before):
                new = [e for e in after if e not in before] or after
                raise Rejected(f"the schema would become invalid: {new[0]}")
        except Rejected as rejected:
            outcomes.append(Outcome(patch, False, rejected.reason))
            continue
        changes = tuple(schema_diff(current, candidate))
        current, before = candidate, after
        _mirror(patch, working)
        outcomes.append(Outcome(patch, True, changes=changes))
    return Refinement(schema=current, outcomes=outcomes, model=model)
