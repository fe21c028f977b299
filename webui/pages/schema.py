"""Schema page: open or upload any schema.json and edit it without a job, then download it."""

from __future__ import annotations

from nicegui import ui

from kernel.schema import Schema
from webui.context import AppContext
from webui.editor.editor import mount_standalone
from webui.layout import frame


def register(ctx: AppContext) -> None:
    @ui.page("/schema")
    def schema_page() -> None:
        with frame("Schema editor"):
            ui.label("Schema editor").classes("text-2xl font-semibold")
            ui.label(
                "Upload a schema.json (from `wiretable infer` or a job's download), or start from an empty "
                "schema with + beside Tables. Download it when you are done."
            ).classes("text-slate-600")
            mount_standalone(Schema(name="schema"))
