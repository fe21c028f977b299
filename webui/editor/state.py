"""The editor's view state: the working schema, its undo history, the selection and what the
panels derive from it (DDL per dialect, problems, ER text), computed once per revision.

Panels never talk to each other. They call :meth:`EditorState.edit` (or undo/redo/replace) and
subscribe to :meth:`EditorState.subscribe`; each change says what changed: ``structure`` (lists
and grids redraw), ``names`` (a table was renamed while typing: lists redraw, forms keep focus),
``value`` (only previews update), ``select`` (another table or field was picked) or ``reset``
(a version saved elsewhere was loaded).

DDL is built per table and cached by the table's JSON, so that an edit in one table of a large
schema re-renders one CREATE TABLE, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import TokenType

from kernel.errors import WiretableError
from kernel.schema import Schema
from sql import ddl
from sql.er import er_diagram, neighbourhood
from sql.sample_fit import sample_problems
from sql.types import dialect_types
from sql.validate import Problem, validate_schema

T = TypeVar("T")
Change = Literal["structure", "names", "value", "select", "reset"]
Listener = Callable[[Change], None]

# Above this many tables the ER diagram shows the selected table's neighbourhood by default.
ER_FULL_LIMIT = 30
HISTORY_LIMIT = 200


@dataclass
class Saved:
    version: int | None
    json: str


class EditorState:
    def __init__(self, schema: Schema, *, version: int | None = None) -> None:
        self.schema = schema
        self.selected: str | None = schema.tables[0].name if schema.tables else None
        self.selected_column: str | None = None
        self.dialect = "postgres"
        self.er_scope: Literal["all", "neighbourhood"] = (
            "all" if len(schema.tables) <= ER_FULL_LIMIT else "neighbourhood"
        )
        # Large schemas preview the selected table's SQL by default (the whole script is one click away).
        self.sql_scope: Literal["all", "table"] = "all" if len(schema.tables) <= ER_FULL_LIMIT else "table"
        self.revision = 0
        self.saved = Saved(version, schema.model_dump_json())
        self._undo: list[tuple[str, str | None]] = []
        self._redo: list[tuple[str, str | None]] = []
        self._last_key: str | None = None
        self._listeners: list[Listener] = []
        self._table_sql: dict[tuple[str, str], str] = {}
        self._derived: dict[str, object] = {}
        self._derived_revision = -1

    # subscriptions ------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # edits --------------------------------------------------------------------------------

    def edit(self, fn: Callable[[Schema], T], *, key: str | None = None, change: Change = "structure") -> T:
        """Apply ``fn`` to the schema as one undoable step.

        Consecutive edits with the same ``key`` (typing into one input) coalesce into one step.
        If ``fn`` raises, the schema is restored and the error propagates.
        """
        before = self.schema.model_dump_json()
        try:
            result = fn(self.schema)
        except Exception:
            self.schema = Schema.model_validate_json(before)
            self._last_key = None
            self._changed("structure")
            raise
        if key is None or key != self._last_key:
            self._undo.append((before, self.selected))
            del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()
        self._last_key = key
        self._changed(change)
        return result

    def replace(self, schema: Schema, *, keep_selection: bool = True) -> None:
        """Swap in a whole schema (upload, restore, SQL edit) as one undoable step."""
        self._undo.append((self.schema.model_dump_json(), self.selected))
        self._redo.clear()
        self._last_key = None
        self.schema = schema
        if not keep_selection or self.schema.table(self.selected or "") is None:
            self.selected = schema.tables[0].name if schema.tables else None
        self._changed("structure")

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            self._step(self._undo, self._redo)

    def redo(self) -> None:
        if self._redo:
            self._step(self._redo, self._undo)

    def _step(self, source: list[tuple[str, str | None]], target: list[tuple[str, str | None]]) -> None:
        text, selected = source.pop()
        target.append((self.schema.model_dump_json(), self.selected))
        self.schema = Schema.model_validate_json(text)
        self.selected = selected if self.schema.table(selected or "") else (
            self.schema.tables[0].name if self.schema.tables else None)
        self._last_key = None
        self._changed("structure")

    def select(self, table: str | None, column: str | None = None) -> None:
        self.selected, self.selected_column = table, column
        self._last_key = None
        self.notify("select")

    def _changed(self, change: Change) -> None:
        self.revision += 1
        self.notify(change)

    # saving -------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.schema.model_dump_json() != self.saved.json

    def mark_saved(self, version: int | None) -> None:
        self.saved = Saved(version, self.schema.model_dump_json())
        self.notify("value")

    def load_saved(self, schema: Schema, version: int | None) -> None:
        """Take a version saved elsewhere as the new base; the history is kept for undo."""
        self.replace(schema)
        self.saved = Saved(version, schema.model_dump_json())
        self.notify("reset")

    # derived views ------------------------------------------------------------------------

    def _cached(self, name: str, build: Callable[[], T]) -> T:
        if self._derived_revision != self.revision:
            self._derived.clear()
            self._derived_revision = self.revision
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]  # type: ignore[return-value]

    def problems(self) -> list[Problem]:
        return self._cached("problems", lambda: validate_schema(self.schema) + sample_problems(self.schema))

    def errors(self) -> list[Problem]:
        return [p for p in self.problems() if p.level == "error"]

    def ddl(self, dialect: str | None = None) -> str:
        """The DDL script in ``dialect``; raises SchemaError when the schema cannot be rendered."""
        dialect = dialect or self.dialect
        return self._cached(f"ddl:{dialect}", lambda: self._render(dialect))

    def ddl_or_error(self, dialect: str | None = None) -> tuple[str, str | None]:
        try:
            return self.ddl(dialect), None
        except WiretableError as exc:
            return "", str(exc)

    def preview(self) -> tuple[str, str | None]:
        """What the SQL panel shows: the whole script, or only the selected table's statements."""
        if self.sql_scope == "all" or not self.selected:
            return self.ddl_or_error()
        try:
            return self._cached(f"preview:{self.dialect}:{self.selected}",
                                lambda: self._render(self.dialect, only=self.selected)), None
        except WiretableError as exc:
            return "", str(exc)

    def _render(self, dialect: str, only: str | None = None) -> str:
        """Same statements as :func:`sql.ddl.create_statements`, with CREATE TABLE cached."""
        types = dialect_types(dialect)
        inline = not types.alter_add_foreign_key
        schema = ddl.resolve_enum_types(self.schema)
        tables = ddl.table_order(schema.tables)
        refs = ddl.referenced_columns(schema)
        fresh: dict[tuple[str, str], str] = {}
        if only is not None:
            tables = [t for t in tables if t.name == only]
        statements = [e.sql(dialect) for e in ddl.enum_type_expressions(tables, dialect)]
        for table in tables:
            key = (dialect, table.model_dump_json(exclude={"evidence", "description"})
                   + "|" + ",".join(sorted(refs.get(table.name, ()))))
            text = self._table_sql.get(key)
            if text is None:
                text = format_create(ddl.create_table(table, types, inline_foreign_keys=inline,
                                                      referenced=refs.get(table.name, ())).sql(dialect), dialect)
            fresh[key] = text
            statements.append(text)
        rest: list[exp.Expression] = list(ddl.table_indexes(tables, dialect))
        if not inline:
            rest += [ddl.add_foreign_key(t.name, fk) for t in tables for fk in t.foreign_keys]
        rest += ddl.audit_expressions(tables, dialect)
        statements += [e.sql(dialect) for e in rest]
        if only is None:
            self._table_sql = {k: v for k, v in self._table_sql.items() if k[0] != dialect} | fresh
        else:
            self._table_sql |= fresh
        return ";\n".join(statements) + ";" if statements else ""

    def er(self) -> str:
        return self._cached(f"er:{self.er_scope}:{self.selected}", self._er)

    def _er(self) -> str:
        if self.er_scope == "neighbourhood" and self.selected:
            return er_diagram(self.schema, neighbourhood(self.schema, self.selected))
        return er_diagram(self.schema)


def format_create(statement: str, dialect: str) -> str:
    """One column or constraint per line: the generated statement, split at the commas of its
    outermost parentheses (found with sqlglot's tokenizer, so commas in strings stay put)."""
    tokens = Dialect.get_or_raise(dialect).tokenize(statement)
    depth, start, cuts, end = 0, None, [], None
    for token in tokens:
        if token.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1 and start is None:
                start = token.end + 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0 and start is not None and end is None:
                end = token.start
        elif token.token_type == TokenType.COMMA and depth == 1 and end is None:
            cuts.append(token.start)
    if start is None or end is None:
        return statement
    bounds = [start, *[c + 1 for c in cuts]]
    parts = [statement[a:b].strip() for a, b in zip(bounds, [*cuts, end], strict=True)]
    return statement[:start].rstrip() + "\n  " + ",\n  ".join(parts) + "\n" + statement[end:]
