"""Live SQL: the DDL of the current schema in the chosen dialect, updated on every edit; Copy;
and Edit SQL, which parses a CREATE TABLE script back into the model (errors at their line)."""

from __future__ import annotations

from nicegui import ui

from kernel.errors import WiretableError
from sql.parse import merge_annotations, parse_ddl
from sql.types import DIALECT_LABELS
from webui.editor.state import Change, EditorState

PLAIN_ABOVE = 20_000  # characters of SQL above which the preview is not highlighted


def sql_preview(state: EditorState) -> None:
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("w-full items-center gap-2"):
            ui.label("SQL").classes("text-lg font-semibold")
            ui.select(DIALECT_LABELS, value=state.dialect, on_change=lambda e: set_dialect(str(e.value))).props(
                "dense").classes("w-44").mark("dialect").props('data-mark=dialect')
            ui.toggle({"all": "All tables", "table": "Selected table"}, value=state.sql_scope,
                      on_change=lambda e: set_scope(e.value)).props("dense no-caps").mark("sql_scope")
            ui.space()
            ui.button("Copy", icon="content_copy", on_click=lambda: copy()).props("flat dense").mark("copy_ddl")
            ui.button("Edit SQL", icon="edit", on_click=lambda: open_editor()).props("flat dense").mark("edit_sql")
        note = ui.label("").classes("text-xs text-slate-500").mark("dialect_note")
        code = ui.code("", language="sql").classes("w-full max-h-[32rem] overflow-auto text-xs").mark(
            "sql_preview").props("data-mark=sql_preview")
        # Highlighting a long script costs the browser more than it helps: show it as plain text.
        plain = ui.label("").classes(
            "w-full max-h-[32rem] overflow-auto text-xs font-mono whitespace-pre bg-slate-50 p-2 rounded").mark(
            "sql_preview_plain").props("data-mark=sql_preview_plain")
        with ui.column().classes("w-full gap-1") as editor_area:
            ui.label("Edit the Postgres DDL; Apply parses it back into the tables and fields above.").classes(
                "text-xs text-slate-500")
            editor = ui.textarea().props("outlined autogrow input-class=font-mono").classes(
                "w-full text-xs").mark("sql_editor")
            error = ui.label("").classes("text-red-700 text-sm font-mono").mark("sql_error")
            with ui.row().classes("gap-2"):
                ui.button("Apply SQL", icon="check", on_click=lambda: apply()).mark("apply_sql")
                ui.button("Close", on_click=lambda: editor_area.set_visibility(False)).props("flat").mark(
                    "close_sql")
        editor_area.set_visibility(False)

    def update() -> None:
        text, problem = state.preview()
        text = text if problem is None else f"-- cannot render the SQL: {problem}"
        long = len(text) > PLAIN_ABOVE
        code.set_visibility(not long)
        plain.set_visibility(long)
        if long:
            plain.text, code.content = text, ""
        else:
            code.content, plain.text = text, ""
        note.text = {
            "postgres": "Runs as is on Postgres and Supabase.",
            "sqlite": "Tested on SQLite; uuid defaults are dropped, arrays and JSON are TEXT.",
            "mysql": "Tested on MariaDB; arrays are JSON, uuid is CHAR(36), key text columns VARCHAR(255).",
            "tsql": "Parse-checked for SQL Server (no engine here); JSON and arrays are NVARCHAR(MAX).",
        }.get(state.dialect, "")

    def set_scope(scope: str) -> None:
        state.sql_scope = "table" if scope == "table" else "all"
        update()

    def set_dialect(dialect: str) -> None:
        state.dialect = dialect
        update()

    def copy() -> None:
        text, problem = state.ddl_or_error()
        if problem:
            ui.notify(f"cannot copy: {problem}", type="warning")
            return
        ui.clipboard.write(text)
        ui.notify("DDL copied to the clipboard")

    def open_editor() -> None:
        text, problem = state.ddl_or_error("postgres")
        editor.value = text if problem is None else ""
        error.text = ""
        editor_area.set_visibility(True)

    def apply() -> None:
        try:
            parsed = parse_ddl(editor.value or "", name=state.schema.name)
        except WiretableError as exc:
            error.text = str(exc)
            ui.notify(f"SQL not applied: {exc}", type="negative")
            return
        error.text = ""
        state.replace(merge_annotations(parsed, state.schema))
        ui.notify(f"SQL applied: {len(parsed.tables)} tables")

    update()

    def on_change(change: Change) -> None:
        if change != "select" or state.sql_scope == "table":
            update()

    state.subscribe(on_change)
