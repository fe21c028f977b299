"""The selected table's fields, one row each: name, type (with enum values), required, unique,
default (with suggestions that fit the type), foreign key, description, evidence, reorder and
delete. Fields inferred with low confidence are highlighted."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from kernel.schema import Column, Schema, Table
from webui.editor import ops
from webui.editor.fk_picker import open_fk_picker
from webui.editor.staging import build_in_chunks
from webui.editor.state import Change, EditorState

LOW_CONFIDENCE = 0.6
# A row is a dozen inputs: the rows of a long table reach the browser a few at a time.
FIRST_ROWS, ROWS_PER_UPDATE = 8, 4


def fields_grid(state: EditorState) -> None:
    rendered: dict[str, Any] = {"table": None}

    @ui.refreshable
    def grid() -> None:
        table = state.schema.table(state.selected or "")
        rendered["table"] = state.selected
        if table is None:
            return
        _grid(state, table)

    grid()

    def on_change(change: Change) -> None:
        if change in ("structure", "reset") or (change == "select" and rendered["table"] != state.selected):
            grid.refresh()

    state.subscribe(on_change)


def _header() -> None:
    with ui.row().classes("w-full items-center gap-2 text-xs uppercase text-slate-500 px-2 no-wrap"):
        for label, width in (("Name", "w-44"), ("Type", "w-44"), ("Req.", "w-10"), ("Uniq.", "w-10"),
                             ("Default", "w-40"), ("Foreign key", "w-40"), ("Description", "grow"),
                             ("Evidence", "w-24"), ("", "w-24")):
            ui.label(label).classes(width)


def _grid(state: EditorState, table: Table) -> None:
    pk = set(table.primary_key or [])
    with ui.column().classes("w-full gap-0 overflow-x-auto"):
        _header()
        with ui.column().classes("w-full gap-0"):
            build_in_chunks(list(enumerate(table.columns)),
                            lambda row: _row(state, table, row[1], row[0], row[1].name in pk), ROWS_PER_UPDATE,
                            FIRST_ROWS)
        ui.button("Add field", icon="add", on_click=lambda: _add(state, table)).props("flat dense").mark("add_field")


def _add(state: EditorState, table: Table) -> None:
    column = state.edit(lambda s: ops.add_column(s, table.name))
    state.selected_column = column.name


def _confidence(column: Column) -> float | None:
    return column.evidence.confidence if column.evidence else None


def _row(state: EditorState, table: Table, column: Column, i: int, in_pk: bool) -> None:
    confidence = _confidence(column)
    low = confidence is not None and confidence < LOW_CONFIDENCE
    classes = "w-full items-center gap-2 px-2 py-1 no-wrap border-b " + ("bg-amber-50" if low else "")
    key = id(column)

    def value_edit(field: str, transform: Any = None) -> Any:
        def handler(e: Any) -> None:
            value = transform(e.value) if transform else e.value

            def apply(_: Schema) -> None:
                setattr(column, field, value)
            state.edit(apply, key=f"{field}:{key}", change="value")
        return handler

    with ui.row().classes(classes).mark(f"field-row-{i}"):
        def rename(e: Any) -> None:
            new = str(e.value or "")
            state.edit(lambda s: ops.rename_column(s, table.name, column.name, new, column), key=f"name:{key}",
                       change="value")

        with ui.row().classes("w-44 items-center gap-1 no-wrap"):
            if in_pk:
                _hint(ui.icon("key", color="amber-8", size="xs"), "primary key")
            ui.input(value=column.name, on_change=rename).props("dense borderless").classes(
                "font-mono grow").mark(f"field-name-{i}").props(f'data-mark=field-name-{i}')
        choices = list(ops.TYPE_CHOICES)
        current = ops.ENUM if column.enum is not None else column.type
        if current not in choices:
            choices.insert(0, current)
        with ui.column().classes("w-44 gap-0"):
            ui.select(choices, value=current, with_input=True, new_value_mode="add-unique",
                      on_change=lambda e: state.edit(
                          lambda s: ops.set_column_type(s, table.name, column.name, str(e.value)))
                      ).props("dense borderless").classes("w-full font-mono").mark(f"field-type-{i}").props(f'data-mark=field-type-{i}')
            if column.enum is not None:
                ui.input_chips(value=list(column.enum), label="allowed values",
                               on_change=lambda e: state.edit(
                                   lambda s: ops.set_enum_values(s, table.name, column.name, list(e.value or [])),
                                   change="value")
                               ).props("dense").classes("w-full").mark(f"field-enum-{i}")
                _enum_type_input(state, table, column, i)
            if in_pk and column.type in ops.INTEGER_TYPES:
                _identity_toggle(state, table, column, i)
        _hint(ui.checkbox(value=not column.nullable, on_change=value_edit("nullable", lambda v: not v)).classes(
            "w-10").mark(f"field-required-{i}"), "required (NOT NULL)")
        _hint(ui.checkbox(value=column.unique, on_change=value_edit("unique", bool)).classes("w-10").mark(
            f"field-unique-{i}"), "unique")
        # The placeholder says "none" (with a suggestion), in italics, so that it never reads as a default.
        hint = ops.default_suggestions(column.type)[:1]
        ui.input(value=column.default or "", autocomplete=ops.default_suggestions(column.type),
                 placeholder="none" + (f" (e.g. {hint[0]})" if hint else ""),
                 on_change=value_edit("default", lambda v: str(v).strip() or None)).props(
            'dense borderless input-class="placeholder:italic placeholder:text-slate-400 placeholder:font-sans"'
        ).classes("w-40 font-mono").mark(f"field-default-{i}")
        fk = ops.foreign_key_of(table, column.name)
        label = f"→ {fk.ref_table}.{fk.ref_columns[0]}" if fk else "add relation"
        ui.button(label, icon=None if fk else "link",
                  on_click=lambda: open_fk_picker(state, table, column)).props(
            "flat dense no-caps" + ("" if fk else " color=grey")).classes("w-40 font-mono text-xs justify-start").mark(f"field-fk-{i}").props(f'data-mark=field-fk-{i}')
        ui.input(value=column.description or "", placeholder="description",
                 on_change=value_edit("description", lambda v: str(v) or None)).props("dense borderless").classes(
            "grow").mark(f"field-description-{i}")
        _evidence_chip(state, table, column, i, confidence, low)
        with ui.row().classes("w-24 gap-0 no-wrap"):
            ui.button(icon="arrow_upward", on_click=lambda: state.edit(
                lambda s: ops.move_column(s, table.name, column.name, -1))).props("flat dense round size=sm").mark(
                f"field-up-{i}")
            ui.button(icon="arrow_downward", on_click=lambda: state.edit(
                lambda s: ops.move_column(s, table.name, column.name, 1))).props("flat dense round size=sm").mark(
                f"field-down-{i}")
            ui.button(icon="close", color="red", on_click=lambda: state.edit(
                lambda s: ops.delete_column(s, table.name, column.name))).props("flat dense round size=sm").mark(
                f"field-delete-{i}")


def _hint(element: ui.element, text: str) -> None:
    """The browser's own tooltip: a row holds several, and Quasar's tooltip is a component each."""
    element.props["title"] = text


def _enum_type_input(state: EditorState, table: Table, column: Column, i: int) -> None:
    """The Postgres enum type the values make: named here, or by the schema's enum setting."""
    by_mode = state.schema.enum_mode == "type"
    hint = f"{table.name}_{column.name}" if by_mode else "none: a CHECK"
    ui.input(value=column.enum_type or "", label="enum type", placeholder=hint,
             on_change=lambda e: state.edit(
                 lambda s: ops.set_enum_type(s, table.name, column.name, str(e.value or "")),
                 key=f"enum-type:{id(column)}", change="value")).props(
        'dense input-class="placeholder:italic"').classes("w-full font-mono text-xs").tooltip(
        "CREATE TYPE … AS ENUM; other databases get a CHECK (MySQL: an ENUM column)").mark(f"field-enum-type-{i}")


IDENTITY_CHOICES = {"none": "no identity", "by default": "by default", "always": "always"}


def _identity_toggle(state: EditorState, table: Table, column: Column, i: int) -> None:
    def choose(e: Any) -> None:
        identity = None if e.value == "none" else e.value
        state.edit(lambda s: ops.set_identity(s, table.name, column.name, identity))

    ui.toggle(IDENTITY_CHOICES, value=column.identity or "none", on_change=choose).props(
        "dense no-caps size=sm").classes("text-xs").tooltip(
        "GENERATED BY DEFAULT / ALWAYS AS IDENTITY: the database numbers new rows").mark(f"field-identity-{i}")


def _evidence_chip(state: EditorState, table: Table, column: Column, i: int, confidence: float | None,
                   low: bool) -> None:
    ev = column.evidence
    if ev is None:
        ui.label("added here").classes("w-24 text-xs text-slate-400")
        return
    text = f"{confidence:.0%}" if confidence is not None else f"{ev.samples}×"
    chip = ui.button(text, icon="warning" if low else "insights",
                     on_click=lambda: state.select(table.name, column.name)).props(
        "flat dense no-caps size=sm" + (" color=orange" if low else " color=grey-8")).classes("w-24").mark(
        f"field-evidence-{i}")
    detail = f"{ev.samples} samples, {ev.nulls} null"
    if ev.endpoints:
        detail += " · " + ", ".join(ev.endpoints[:2])
    _hint(chip, ("low confidence · " if low else "") + detail)
