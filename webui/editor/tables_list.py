"""The left column: every table, a filter, and New table (as in Studio's table sidebar)."""

from __future__ import annotations

from nicegui import ui

from webui.editor import ops
from webui.editor.staging import Stager
from webui.editor.state import Change, EditorState


def tables_list(state: EditorState, defer: Stager | None = None) -> None:
    with ui.column().classes("w-full lg:w-60 shrink-0 gap-1"):
        with ui.row().classes("items-center w-full justify-between"):
            ui.label("Tables").classes("text-sm font-semibold uppercase text-slate-500")

            def add() -> None:
                table = state.edit(lambda s: ops.add_table(s))
                state.select(table.name)

            ui.button(icon="add", on_click=add).props("flat dense round").tooltip("New table").mark("add_table")
        search = ui.input(placeholder="Search tables").props("dense clearable outlined").classes("w-full").mark(
            "table_filter")

        @ui.refreshable
        def items() -> None:
            needle = (search.value or "").strip().lower()
            flagged = {p.table for p in state.errors()}
            with ui.list().props("dense").classes("w-full max-h-[60vh] overflow-auto"):
                for table in state.schema.tables:
                    if needle and needle not in table.name.lower():
                        continue
                    active = table.name == state.selected
                    with ui.item(on_click=lambda n=table.name: state.select(n)).classes(
                        "rounded " + ("bg-teal-100 font-semibold" if active else "")
                    ).mark(f"table-item-{table.name}").props(f"data-mark=table-item-{table.name}"):
                        with ui.item_section():
                            ui.label(table.name or "(unnamed)").classes("font-mono text-sm break-all")
                        with ui.item_section().props("side"), ui.row().classes("items-center gap-1"):
                            if table.name in flagged:
                                ui.icon("error", color="red", size="xs")
                            ui.label(str(len(table.columns))).classes("text-xs text-slate-500")

        search.on_value_change(lambda _: items.refresh())
        (defer or Stager(staged=False))(items)

        def on_change(change: Change) -> None:
            if change != "value":
                items.refresh()

        state.subscribe(on_change)
