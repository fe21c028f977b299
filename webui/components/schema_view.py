"""The job's schema on the job page: the full editor (tables, fields, SQL, diagram, versions, push)."""

from __future__ import annotations

from nicegui import ui

from jobs.model import Job
from webui.context import AppContext
from webui.editor.editor import mount_job_editor


def render_schema(ctx: AppContext, area: ui.column, job: Job) -> None:
    area.clear()
    if not job.status.has_schema:
        return
    with area:
        ui.separator()
        mount_job_editor(ctx, job)
