"""The job's Postgres DDL and the Push button with its target."""

from __future__ import annotations

from nicegui import run, ui

from jobs.model import Job
from sql.model import Schema
from webui.context import AppContext
from wiretable.errors import WiretableError


def ddl_and_push(ctx: AppContext, job: Job, schema: Schema) -> None:
    from sql.ddl import render_ddl

    try:
        ddl = render_ddl(schema)
    except WiretableError as exc:
        ui.label(f"cannot render SQL: {exc}").classes("text-red-700")
        return
    ui.label("Postgres DDL").classes("text-lg font-semibold")
    ui.code(ddl, language="sql").classes("w-full").mark("ddl")
    with ui.row().classes("items-end gap-4"):
        target = ui.input("Target", value=ctx.settings.target_url or "embedded",
                          placeholder="embedded or postgresql://user:pass@host/db").classes("w-96").mark("target_url")
        result = ui.column()

        async def do_push() -> None:
            push_btn.disable()
            result.clear()
            try:
                outcome = await run.io_bound(ctx.runner.push, job.id, target.value or "embedded")
            except WiretableError as exc:
                with result:
                    ui.label(f"Push failed: {exc}").classes("text-red-700").mark("push_result")
                ui.notify(f"Push failed: {exc}", type="negative")
            else:
                text = outcome.summary() if hasattr(outcome, "summary") else str(outcome)
                with result:
                    ui.label(text).classes("text-green-800 font-medium").mark("push_result")
                ui.notify(text, type="positive")
            finally:
                push_btn.enable()

        push_btn = ui.button("Push", icon="cloud_upload", on_click=do_push).mark("push")
