"""The selected table's settings: name, description, primary key, audit timestamps, RLS and
realtime (for Supabase targets), duplicate and delete."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from kernel.schema import RlsPolicy, Schema, Table
from webui.editor import ops
from webui.editor.state import Change, EditorState

RLS_CHOICES = {
    "none": "RLS off", "public_read": "RLS: anyone reads", "authenticated_rw": "RLS: signed-in users read/write",
    "owner": "RLS: owner only (auth.uid())",
}


ENUM_MODES = {"check": "CHECK constraints", "type": "Postgres enum types"}


def table_form(state: EditorState) -> None:
    @ui.refreshable
    def form() -> None:
        table = state.schema.table(state.selected or "")
        if table is None:
            ui.label("No table selected. Add one with + on the left.").classes("text-slate-500").mark("no_table")
            return
        _form(state, table)

    form()

    def on_change(change: Change) -> None:
        if change in ("structure", "select", "reset"):
            form.refresh()

    state.subscribe(on_change)


def _form(state: EditorState, table: Table) -> None:
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("w-full items-end gap-3"):
            def rename(e: Any) -> None:
                new = str(e.value or "")
                state.edit(lambda s: ops.rename_table(s, table.name, new, table), key=f"table-name:{id(table)}",
                           change="names")
                state.selected = new

            ui.input("Table name", value=table.name, on_change=rename).props("dense").classes(
                "w-64 font-mono").mark("table_name").props("data-mark=table_name")

            def describe(e: Any) -> None:
                def apply(_: Schema) -> None:
                    table.description = str(e.value) or None
                state.edit(apply, key=f"table-desc:{id(table)}", change="value")

            ui.input("Description", value=table.description or "", on_change=describe).props("dense").classes(
                "grow").mark("table_description")
            ui.button(icon="content_copy", on_click=lambda: _duplicate(state, table)).props(
                "flat dense").tooltip("Duplicate table").mark("duplicate_table")
            ui.button(icon="delete", color="red", on_click=lambda: _delete(state, table)).props(
                "flat dense").tooltip("Delete table").mark("delete_table")
        with ui.row().classes("w-full items-center gap-4"):
            names = [c.name for c in table.columns]
            ui.select(names, multiple=True, label="Primary key", value=[n for n in table.primary_key or [] if n in names],
                      on_change=lambda e: state.edit(
                          lambda s: ops.set_primary_key(s, table.name, list(e.value or [])))
                      ).props("dense use-chips").classes("min-w-[14rem]").mark("primary_key")

            def flag(field: str) -> Any:
                def handler(e: Any) -> None:
                    def apply(_: Schema) -> None:
                        setattr(table, field, bool(e.value))
                    state.edit(apply, change="value")
                return handler

            ui.switch("Audit timestamps", value=table.audit_timestamps, on_change=flag("audit_timestamps")).tooltip(
                "created_at default now(), updated_at kept current by a trigger").mark("audit_timestamps")
            ui.switch("Realtime", value=table.realtime, on_change=flag("realtime")).tooltip(
                "Supabase: publish changes of this table").mark("realtime")
            ui.select(ENUM_MODES, value=state.schema.enum_mode, label="Enums (every table)",
                      on_change=lambda e: state.edit(lambda s: ops.set_enum_mode(s, e.value))).props(
                "dense").classes("w-56").tooltip(
                "How allowed values are kept in Postgres: a CHECK constraint, or CREATE TYPE … AS ENUM").mark(
                "enum_mode")
            preset = table.rls.preset if table.rls else "none"
            ui.select(RLS_CHOICES, value=preset, label="Row-level security",
                      on_change=lambda e: _set_rls(state, table, str(e.value), None)).props("dense").classes(
                "w-64").mark("rls")
            if preset == "owner":
                ui.select(names, label="Owner column", value=table.rls.owner_column if table.rls else None,
                          on_change=lambda e: _set_rls(state, table, "owner", e.value)).props("dense").classes(
                    "w-40").mark("rls_owner")
        if table.evidence and table.evidence.endpoints:
            ui.label("inferred from " + ", ".join(table.evidence.endpoints[:4])).classes(
                "text-xs text-slate-500").mark("table_evidence")


def _set_rls(state: EditorState, table: Table, preset: str, owner: Any) -> None:
    def apply(_: Schema) -> None:
        if preset == "none":
            table.rls = None
        else:
            column = owner if owner else (table.rls.owner_column if table.rls else None)
            table.rls = RlsPolicy(preset=preset, owner_column=column if preset == "owner" else None)  # type: ignore[arg-type]
    state.edit(apply)


def _duplicate(state: EditorState, table: Table) -> None:
    copy = state.edit(lambda s: ops.duplicate_table(s, table.name))
    state.select(copy.name)
    ui.notify(f"duplicated {table.name} as {copy.name}")


def _delete(state: EditorState, table: Table) -> None:
    name = table.name
    removed = state.edit(lambda s: ops.delete_table(s, name))
    state.select(state.schema.tables[0].name if state.schema.tables else None)
    extra = f" and {removed} foreign key(s) pointing at it" if removed else ""
    ui.notify(f"deleted table {name}{extra} (undo brings it back)")
