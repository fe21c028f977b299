"""The evidence of the selected table or field, and the problems list."""

from __future__ import annotations

from nicegui import ui

from kernel.schema import Evidence
from webui.editor.state import Change, EditorState


def _evidence_lines(ev: Evidence) -> list[tuple[str, str]]:
    rows = [("source", ev.source + (f" ({ev.rule})" if ev.rule else ""))]
    if ev.confidence is not None:
        rows.append(("confidence", f"{ev.confidence:.0%}"))
    rows.append(("samples", f"{ev.samples} ({ev.nulls} null" + (f", {ev.distinct} distinct)" if ev.distinct
                                                                   is not None else ")")))
    if ev.endpoints:
        rows.append(("endpoints", "\n".join(ev.endpoints[:8])))
    if ev.paths:
        rows.append(("JSON paths", "\n".join(ev.paths[:8])))
    if ev.examples:
        rows.append(("examples", "\n".join(repr(x)[:80] for x in ev.examples[:5])))
    return rows


def evidence_panel(state: EditorState) -> None:
    with ui.card().classes("w-full").props("flat bordered"):
        ui.label("Evidence").classes("text-lg font-semibold")

        @ui.refreshable
        def body() -> None:
            table = state.schema.table(state.selected or "")
            if table is None:
                ui.label("Select a table.").classes("text-slate-500")
                return
            column = table.column(state.selected_column or "") if state.selected_column else None
            subject = f"{table.name}.{column.name}" if column else table.name
            ev = column.evidence if column else table.evidence
            ui.label(subject).classes("font-mono font-semibold")
            if ev is None:
                ui.label("Added or edited here: no captured evidence.").classes("text-slate-500").mark("evidence")
                return
            with ui.grid(columns="auto 1fr").classes("gap-x-4 gap-y-1 text-sm").mark("evidence"):
                for key, value in _evidence_lines(ev):
                    ui.label(key).classes("text-slate-500")
                    ui.label(value).classes("font-mono whitespace-pre-wrap break-all")
            if column is None:
                ui.label("Pick a field's evidence chip to see where it came from.").classes("text-xs text-slate-500")

        body()

        def on_change(change: Change) -> None:
            if change in ("select", "structure", "reset"):
                body.refresh()

        state.subscribe(on_change)


def problems_panel(state: EditorState) -> None:
    with ui.card().classes("w-full").props("flat bordered"):
        with ui.row().classes("items-center gap-2"):
            ui.label("Problems").classes("text-lg font-semibold")
            count = ui.badge("0").mark("problem_count")

        @ui.refreshable
        def body() -> None:
            problems = state.problems()
            errors = sum(p.level == "error" for p in problems)
            count.text = f"{errors} errors, {len(problems) - errors} warnings"
            count.props(f"color={'red' if errors else ('orange' if problems else 'green')}")
            if not problems:
                ui.label("No problems: the schema can be pushed.").classes("text-green-800").mark("problems")
                return
            with ui.column().classes("gap-1 max-h-64 overflow-auto w-full").mark("problems"):
                for p in problems[:200]:
                    with ui.row().classes("items-center gap-2 no-wrap cursor-pointer").on(
                        "click", lambda _, t=p.table, c=p.column: state.select(t, c) if t else None
                    ):
                        ui.icon("error" if p.level == "error" else "warning",
                                color="red" if p.level == "error" else "orange", size="xs")
                        ui.label(p.message).classes("text-sm")
                if len(problems) > 200:
                    ui.label(f"… and {len(problems) - 200} more").classes("text-slate-500")

        body()

        def on_change(change: Change) -> None:
            if change != "select":
                body.refresh()

        state.subscribe(on_change)
