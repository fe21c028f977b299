"""The ER diagram panel: laid out on the server by Graphviz, drawn only once it scrolls into view,
then zoomed, panned, fitted, shown full screen and exported as SVG or PNG.

The browser never lays out the diagram: it receives a finished SVG and only moves it
(``webui/static/diagram.js``). A click on a table selects it in the editor; "Selected + related"
shows the selected table and its neighbours.
"""

from __future__ import annotations

import time
from typing import Any

from nicegui import run, ui

from kernel.schema import Schema
from sql.er import neighbourhood
from sql.er_svg import DiagramError, dot_source, render_png, render_svg
from webui.editor.state import Change, EditorState

ER_DELAY = 0.6  # seconds of quiet before the diagram follows a typed edit


def diagram_source(state: EditorState) -> str:
    """Graphviz source of what the diagram shows now (all tables or the selection's neighbours)."""
    tables = None
    if state.er_scope == "neighbourhood" and state.selected:
        tables = neighbourhood(state.schema, state.selected)
    return dot_source(state.schema, tables)


class DiagramView:
    """Server side of one diagram on one page."""

    def __init__(self, state: EditorState) -> None:
        self.state = state
        self.visible = False
        self.source = diagram_source(state)  # what is (or will be) drawn; tests read it
        self.drawn: str | None = None
        self.refit = True
        self.due: float | None = None
        with ui.card().classes("w-full wt-er-card").props("flat bordered"):
            with ui.row().classes("w-full items-center gap-1 flex-wrap"):
                ui.label("Diagram").classes("text-lg font-semibold")
                ui.space()
                ui.toggle({"all": "All tables", "neighbourhood": "Selected + related"}, value=state.er_scope,
                          on_change=self._scope).props("dense no-caps").mark("er_scope")
                for icon, tip, mark, handler in (
                    ("zoom_in", "Zoom in", "er_zoom_in", lambda: self._js("zoom", 1.25)),
                    ("zoom_out", "Zoom out", "er_zoom_out", lambda: self._js("zoom", 0.8)),
                    ("fit_screen", "Fit", "er_fit", lambda: self._js("fit")),
                ):
                    ui.button(icon=icon, on_click=handler).props(f"flat dense round data-mark={mark}").tooltip(
                        tip).mark(mark)
                self.full_btn = ui.button(icon="fullscreen", on_click=self._full).props(
                    "flat dense round data-mark=er_full").tooltip("Full screen").mark("er_full")
                export = ui.button(icon="download").props("flat dense round data-mark=er_export").tooltip("Export")
                with export.mark("er_export"), ui.menu():
                    ui.menu_item("SVG", on_click=lambda: self._export("svg")).props("data-mark=er_export_svg")
                    ui.menu_item("PNG", on_click=lambda: self._export("png")).props("data-mark=er_export_png")
            self.message = ui.label("").classes("text-red-700 text-sm").mark("er_message")
            self.message.set_visibility(False)
            self.box = ui.element("div").classes("w-full wt-er-box").mark("er_diagram").props(
                "data-mark=er_diagram")
            with self.box:
                self.canvas = ui.html("", sanitize=False).classes("wt-er-canvas")
        self.box.diagram_view = self  # type: ignore[attr-defined]
        self.fullscreen = False
        self.box.on("er_visible", self._on_visible)
        self.box.on("er_pick", self._on_pick, args=["detail"])
        ui.run_javascript(f"wtDiagram.watch('c{self.box.id}')")
        ui.timer(0.2, self._tick)
        state.subscribe(self._on_change)

    # events -----------------------------------------------------------------------------

    def _js(self, fn: str, *args: Any) -> None:
        params = "".join(f", {a!r}" for a in args)
        ui.run_javascript(f"wtDiagram.{fn}('c{self.box.id}'{params})")

    def _scope(self, e: Any) -> None:
        self.state.er_scope = e.value
        self.refit = True
        self.due = time.monotonic()

    def _full(self) -> None:
        self.fullscreen = not self.fullscreen
        self.full_btn.props(f"icon={'fullscreen_exit' if self.fullscreen else 'fullscreen'}")
        self._js("full", self.fullscreen)

    def _on_visible(self) -> None:
        self.visible = True
        self.due = time.monotonic()

    def _on_pick(self, e: Any) -> None:
        index = e.args.get("detail") if isinstance(e.args, dict) else e.args
        index = index if isinstance(index, int) else None
        tables = self.state.schema.tables
        if index is not None and 0 <= index < len(tables):
            self.state.select(tables[index].name)

    def _on_change(self, change: Change) -> None:
        if change == "value":
            self.due = time.monotonic() + ER_DELAY  # drawing waits until typing pauses
        else:
            self.due = time.monotonic()

    async def _tick(self) -> None:
        if self.due is None or time.monotonic() < self.due:
            return
        self.due = None
        self.source = diagram_source(self.state)
        if not self.visible:
            return
        if self.source == self.drawn:
            self._mark_selected()
            return
        source = self.source
        try:
            svg = await run.io_bound(render_svg, source) or ""
        except DiagramError as exc:
            self.message.text = str(exc)
            self.message.set_visibility(True)
            return
        self.message.set_visibility(False)
        self.canvas.content = svg
        self.drawn = source
        refit, self.refit = self.refit, False
        self._mark_selected(refit, fresh=True)

    def _mark_selected(self, refit: bool = False, fresh: bool = False) -> None:
        names = [t.name for t in self.state.schema.tables]
        selected = names.index(self.state.selected) if self.state.selected in names else None
        ui.run_javascript(f"wtDiagram.shown('c{self.box.id}', {'true' if refit else 'false'}, "
                          f"{'null' if selected is None else selected}, {'true' if fresh else 'false'})")

    async def _export(self, fmt: str) -> None:
        source = diagram_source(self.state)
        name = _file_stem(self.state.schema)
        try:
            if fmt == "svg":
                svg = await run.io_bound(render_svg, source) or ""
                data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg).encode()
                ui.download.content(data, f"{name}.svg", "image/svg+xml")
            else:
                ui.download.content(await run.io_bound(render_png, source) or b"", f"{name}.png", "image/png")
        except DiagramError as exc:
            ui.notify(str(exc), type="negative")


def _file_stem(schema: Schema) -> str:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (schema.name or "schema"))
    return f"{stem or 'schema'}-diagram"


def er_panel(state: EditorState) -> DiagramView:
    return DiagramView(state)
