"""The selected table's indexes and CHECK constraints, as Studio lists them under a table: each with
a remove button, and a form to add one. An index takes one or more columns, may be unique, and
may be partial (a WHERE condition); a check takes a name and a condition. What does not parse, or
names a column the table lacks, is refused with the validator's message and never reaches the
schema."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from kernel.errors import SchemaError
from kernel.schema import Schema, Table
from webui.editor import ops
from webui.editor.state import Change, EditorState


def _signature(state: EditorState) -> str:
    table = state.schema.table(state.selected or "")
    if table is None:
        return ""
    return table.model_dump_json(include={"name", "indexes", "checks"}) + "|" + ",".join(
        c.name for c in table.columns)


def table_objects(state: EditorState) -> None:
    shown = {"signature": None}

    @ui.refreshable
    def panel() -> None:
        shown["signature"] = _signature(state)  # type: ignore[assignment]
        table = state.schema.table(state.selected or "")
        if table is None:
            return
        with ui.row().classes("w-full gap-4 items-start flex-col xl:flex-row xl:flex-nowrap"):
            with ui.card().classes("w-full xl:w-1/2 min-w-0").props("flat bordered"):
                _indexes(state, table)
            with ui.card().classes("w-full xl:w-1/2 min-w-0").props("flat bordered"):
                _checks(state, table)

    panel()

    def on_change(change: Change) -> None:
        if change in ("structure", "reset") or _signature(state) != shown["signature"]:
            panel.refresh()

    state.subscribe(on_change)


def _try(state: EditorState, apply: Any, error: ui.label) -> bool:
    """Apply an edit that may be refused: tried on a copy first, so that a refusal leaves the
    schema and this form (with what was typed) as they are, and says why."""
    try:
        apply(state.schema.model_copy(deep=True))
    except SchemaError as exc:
        error.text = exc.message
        error.set_visibility(True)
        return False
    state.edit(apply)
    return True


def _indexes(state: EditorState, table: Table) -> None:
    ui.label("Indexes").classes("text-base font-semibold")
    if not table.indexes:
        ui.label("No indexes besides the keys.").classes("text-sm text-slate-500").mark("no_indexes")
    for i, index in enumerate(table.indexes):
        with ui.row().classes("w-full items-center gap-2 no-wrap").mark(f"index-{i}"):
            kind = "unique" if index.unique else "index"
            ui.badge(kind, color="amber-8" if index.unique else "grey-7").props("outline")
            text = f"({', '.join(index.columns)})" + (f" where {index.where}" if index.where else "")
            ui.label(text).classes("font-mono text-sm grow break-all")
            ui.button(icon="close", color="red", on_click=lambda _, i=i: state.edit(
                lambda s: ops.remove_index(s, table.name, i))).props("flat dense round size=sm").tooltip(
                "Remove index").mark(f"index-delete-{i}")
    names = [c.name for c in table.columns]
    with ui.row().classes("w-full items-end gap-2"):
        columns = ui.select(names, multiple=True, label="Columns", value=[]).props("dense use-chips").classes(
            "min-w-[12rem]").mark("index_columns")
        unique = ui.switch("Unique").mark("index_unique")
        where = ui.input("Where (optional)", placeholder="deleted_at IS NULL").props("dense").classes(
            "grow font-mono").mark("index_where")
        error = ui.label("").classes("w-full text-sm text-red-700").mark("index_error")
        error.set_visibility(False)

        def add() -> None:
            picked = list(columns.value or [])

            def apply(s: Schema) -> None:
                ops.add_index(s, table.name, picked, unique=bool(unique.value), where=where.value)
            if _try(state, apply, error):
                ui.notify(f"index on {table.name} ({', '.join(picked)}) added")

        ui.button("Add index", icon="add", on_click=add).props("flat dense").mark("add_index")


def _checks(state: EditorState, table: Table) -> None:
    ui.label("Check constraints").classes("text-base font-semibold")
    if not table.checks:
        ui.label("No check constraints.").classes("text-sm text-slate-500").mark("no_checks")
    for i, check in enumerate(table.checks):
        with ui.row().classes("w-full items-center gap-2 no-wrap").mark(f"check-{i}"):
            ui.label(check.name).classes("font-mono text-sm font-semibold")
            ui.label(check.expression).classes("font-mono text-sm grow break-all")
            ui.button(icon="close", color="red", on_click=lambda _, n=check.name: state.edit(
                lambda s: ops.remove_check(s, table.name, n))).props("flat dense round size=sm").tooltip(
                "Remove check").mark(f"check-delete-{i}")
    with ui.row().classes("w-full items-end gap-2"):
        name = ui.input("Name", placeholder=f"{table.name}_check").props("dense").classes("w-48 font-mono").mark(
            "check_name")
        expression = ui.input("Condition", placeholder="price >= 0").props("dense").classes("grow font-mono").mark(
            "check_expression")
        error = ui.label("").classes("w-full text-sm text-red-700").mark("check_error")
        error.set_visibility(False)

        def add() -> None:
            text = str(expression.value or "")
            added: dict[str, Any] = {}

            def apply(s: Schema) -> None:
                added["check"] = ops.add_check(s, table.name, name.value, text)
            if _try(state, apply, error):
                ui.notify(f"check {added['check'].name} added to {table.name}")

        ui.button("Add check", icon="add", on_click=add).props("flat dense").mark("add_check")
