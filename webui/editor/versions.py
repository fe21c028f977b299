"""The job's schema versions: list, view one, restore one (as a new version), diff two."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from kernel.errors import WiretableError
from sql.ddl import render_ddl
from webui.editor.persist import SchemaSource, ddl_diff, structure_changes
from webui.editor.state import EditorState


def versions_panel(state: EditorState, source: SchemaSource, save: Callable[[str], bool]) -> Callable[[], None]:
    """Render the panel; returns its refresh function (called after every save)."""
    with ui.card().classes("w-full").props("flat bordered"):
        ui.label("Versions").classes("text-lg font-semibold")

        @ui.refreshable
        def body() -> None:
            versions = source.versions()
            labels = {v.version: f"v{v.version} · {v.note or ''}" for v in versions}
            with ui.column().classes("gap-0 w-full max-h-64 overflow-auto").mark("versions"):
                for v in reversed(versions):
                    current = v.version == state.saved.version
                    with ui.row().classes("items-center gap-2 no-wrap w-full").mark(f"version-{v.version}"):
                        ui.label(f"v{v.version}").classes("font-mono font-semibold" + (" text-teal-700" if current
                                                                                          else ""))
                        ui.label(v.note or "").classes("text-sm grow truncate")
                        ui.label(v.created_at.strftime("%H:%M:%S")).classes("text-xs text-slate-500")
                        ui.button(icon="visibility", on_click=lambda n=v.version: view(n)).props(
                            "flat dense round size=sm").tooltip("View").mark(f"view-{v.version}")
                        ui.button(icon="restore", on_click=lambda n=v.version: restore(n)).props(
                            "flat dense round size=sm").tooltip("Restore as a new version").mark(
                            f"restore-{v.version}")
            if len(versions) >= 2:
                with ui.row().classes("items-end gap-2"):
                    a = ui.select(labels, value=versions[-2].version, label="from").classes("w-32").mark("diff-a")
                    b = ui.select(labels, value=versions[-1].version, label="to").classes("w-32").mark("diff-b")
                    ui.button("Diff", icon="compare_arrows", on_click=lambda: diff(a.value, b.value)).props(
                        "flat dense").mark("diff_run")

        def view(version: int) -> None:
            try:
                schema = source.load(version)
                text = render_ddl(schema)
            except WiretableError as exc:
                ui.notify(str(exc), type="negative")
                return
            with ui.dialog() as dialog, ui.card().classes("w-[60rem] max-w-full"):
                ui.label(f"Version {version}: {len(schema.tables)} tables").classes("text-lg font-semibold")
                ui.code(text, language="sql").classes("w-full max-h-[60vh] overflow-auto text-xs").mark(
                    "version_ddl")
                ui.button("Close", on_click=dialog.close).props("flat").mark("close_version")
            dialog.open()

        def restore(version: int) -> None:
            try:
                schema = source.load(version)
            except WiretableError as exc:
                ui.notify(str(exc), type="negative")
                return
            state.replace(schema)
            if save(f"restored version {version}"):
                ui.notify(f"restored version {version}")

        def diff(old: int | None, new: int | None) -> None:
            if old is None or new is None:
                return
            try:
                a, b = source.load(int(old)), source.load(int(new))
            except WiretableError as exc:
                ui.notify(str(exc), type="negative")
                return
            changes = structure_changes(a, b)
            with ui.dialog() as dialog, ui.card().classes("w-[60rem] max-w-full"):
                ui.label(f"Version {old} → {new}").classes("text-lg font-semibold")
                ui.label("\n".join(changes) or "no structural changes").classes(
                    "font-mono text-sm whitespace-pre-wrap").mark("diff_summary")
                ui.code(ddl_diff(a, b, f"v{old}", f"v{new}"), language="diff").classes(
                    "w-full max-h-[50vh] overflow-auto text-xs").mark("diff_output")
                ui.button("Close", on_click=dialog.close).props("flat").mark("close_diff")
            dialog.open()

        body()

    def refresh() -> None:
        body.refresh()

    return refresh
