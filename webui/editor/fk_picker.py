"""The foreign key picker: a dialog to point a field at a table's key column, with ON DELETE."""

from __future__ import annotations

from nicegui import ui

from kernel.schema import Column, Table
from webui.editor import ops
from webui.editor.state import EditorState


def open_fk_picker(state: EditorState, table: Table, column: Column) -> None:
    current = ops.foreign_key_of(table, column.name)
    tables = [t.name for t in state.schema.tables]

    def candidates(name: str | None) -> list[str]:
        target = state.schema.table(name or "")
        if target is None:
            return []
        keys = ops.key_candidates(target)
        return keys or [c.name for c in target.columns]

    # The dialog lives outside the fields grid: an edit made from it (Match type) redraws the grid,
    # which must not take the open dialog and its choices with it.
    with ui.context.client.layout, ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full"):
        ui.label(f"Foreign key: {table.name}.{column.name}").classes("text-lg font-semibold font-mono")
        ref_table = ui.select(tables, label="References table",
                              value=current.ref_table if current else None).classes("w-full").mark("fk-table").props('data-mark=fk-table')
        first = candidates(ref_table.value)
        ref_column = ui.select(first, label="Column",
                               value=current.ref_columns[0] if current else (first[0] if first else None)
                               ).classes("w-full").mark("fk-column").props('data-mark=fk-column')

        def table_changed() -> None:
            options = candidates(ref_table.value)
            ref_column.set_options(options, value=options[0] if options else None)

        ref_table.on_value_change(table_changed)
        on_delete = ui.select(ops.ON_DELETE_CHOICES, label="On delete",
                              value=current.on_delete if current else "no action").classes("w-full").mark(
            "fk-on-delete")
        hint = ui.label("").classes("text-xs text-slate-500")

        def show_hint() -> None:
            target = state.schema.table(ref_table.value or "")
            ref = target.column(ref_column.value or "") if target else None
            hint.text = "" if ref is None or ref.type == column.type else (
                f"types differ: {column.type} vs {ref.type}; set {column.name} to {ref.type}?")

        ref_column.on_value_change(show_hint)
        show_hint()

        def save() -> None:
            if not ref_table.value or not ref_column.value:
                ui.notify("pick a table and a column", type="warning")
                return
            state.edit(lambda s: ops.set_foreign_key(s, table.name, column.name, str(ref_table.value),
                                                     str(ref_column.value), on_delete.value))
            dialog.close()

        def match_type() -> None:
            target = state.schema.table(ref_table.value or "")
            ref = target.column(ref_column.value or "") if target else None
            if ref is not None:
                state.edit(lambda s: ops.set_column_type(s, table.name, column.name, ref.type))
                show_hint()

        def remove() -> None:
            state.edit(lambda s: ops.remove_foreign_key(s, table.name, column.name))
            dialog.close()

        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Match type", on_click=match_type).props("flat").mark("fk-match-type")
            if current is not None:
                ui.button("Remove", color="red", on_click=remove).props("flat").mark("fk-remove")
            ui.button("Cancel", on_click=dialog.close).props("flat").mark("fk-cancel")
            ui.button("Save", on_click=save).mark("fk-save").props('data-mark=fk-save')
    dialog.on("hide", dialog.delete)
    dialog.open()
