"""The evidence of the selected table or field, and the problems list."""

from __future__ import annotations

import html
from typing import Any

from nicegui import ui

from kernel.schema import Evidence
from sql.validate import Problem
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


PROBLEMS_SHOWN = 200
PICK_JS = "(e) => { const row = e.target.closest('[data-problem]'); if (row) emit(Number(row.dataset.problem)); }"


def _problems_html(problems: list[Problem]) -> str:
    rows = []
    for i, p in enumerate(problems):
        icon, color = ("error", "text-red") if p.level == "error" else ("warning", "text-orange")
        rows.append(f'<div class="flex items-center gap-2 flex-nowrap cursor-pointer" data-problem="{i}">'
                    f'<i class="q-icon notranslate material-icons {color}" style="font-size: 18px" '
                    f'aria-hidden="true" role="presentation">{icon}</i>'
                    f'<div class="text-sm">{html.escape(p.message, quote=False)}</div></div>')
    return "".join(rows)


def _pick(state: EditorState, problems: list[Problem], args: Any) -> None:
    index = args[0] if isinstance(args, list) and args else args
    if isinstance(index, int) and 0 <= index < len(problems) and problems[index].table:
        state.select(problems[index].table, problems[index].column)


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
            shown = problems[:PROBLEMS_SHOWN]
            # One element for the whole list (a click names the row): hundreds of rows as elements of
            # their own kept the browser busy mounting them.
            ui.html(_problems_html(shown), sanitize=False).classes(
                "gap-1 max-h-64 overflow-auto w-full flex flex-col").mark("problems").on(
                "click", lambda e: _pick(state, shown, e.args), js_handler=PICK_JS)
            if len(problems) > PROBLEMS_SHOWN:
                ui.label(f"… and {len(problems) - PROBLEMS_SHOWN} more").classes("text-slate-500")

        body()

        def on_change(change: Change) -> None:
            if change != "select":
                body.refresh()

        state.subscribe(on_change)
