"""Undo, redo, save (jobs only), the save status, and schema.json download/upload."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from nicegui import events, ui

from kernel.errors import SchemaError, WiretableError
from kernel.schema import parse_schema
from webui.components.export_menu import Observed, Traffic, export_menu
from webui.editor.state import Change, EditorState


def toolbar(state: EditorState, save: Callable[[str], bool] | None, observed: Observed | None = None,
            traffic: Traffic | None = None) -> None:
    with ui.row().classes("w-full items-center gap-2"):
        undo = ui.button("Undo", icon="undo", on_click=state.undo).props("flat dense").mark("undo")
        redo = ui.button("Redo", icon="redo", on_click=state.redo).props("flat dense").mark("redo")
        if save is not None:
            note = ui.input(placeholder="what changed (optional)").props("dense").classes("w-56").mark("save_note")

            def do_save() -> None:
                if save(note.value or "edited"):
                    note.value = ""

            ui.button("Save version", icon="save", on_click=do_save).mark("save").props('data-mark=save')
        status = ui.label("").classes("text-sm text-slate-600").mark("save_status").props("data-mark=save_status")
        ui.space()
        ui.button("Download schema.json", icon="download", on_click=lambda: download(state)).props(
            "flat dense no-caps").mark("download")
        export_menu(lambda: state.schema, observed, traffic)

        async def on_upload(e: events.UploadEventArguments) -> None:
            await upload(state, e.file.name, await e.file.read())
            uploader.reset()

        uploader = ui.upload(label="Upload schema.json", auto_upload=True, on_upload=on_upload).props(
            "accept=.json flat dense").classes("w-56").mark("upload")

    def update(_: Change | None = None) -> None:
        undo.set_enabled(state.can_undo)
        redo.set_enabled(state.can_redo)
        if save is None:
            status.text = f"{len(state.schema.tables)} tables"
        elif state.dirty:
            status.text = "unsaved draft (kept on the server until you save a version)"
        else:
            status.text = f"saved as version {state.saved.version}" if state.saved.version else "not saved yet"

    update()
    state.subscribe(update)


def download(state: EditorState) -> None:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", state.schema.name or "schema").strip("_") or "schema"
    ui.download.content(state.schema.to_json().encode("utf-8"), f"{name}.schema.json", media_type="application/json")


async def upload(state: EditorState, filename: str, data: bytes) -> None:
    """Replace the working schema by an uploaded document (undoable); bad files are refused."""
    try:
        try:
            document: Any = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SchemaError(f"{filename}: not a JSON schema document ({exc})") from exc
        schema = parse_schema(document, name=filename)
    except WiretableError as exc:
        ui.notify(str(exc), type="negative")
        return
    state.replace(schema, keep_selection=False)
    ui.notify(f"loaded {filename}: {len(schema.tables)} tables")
