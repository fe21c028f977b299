"""For a job that did not finish: infer from what it captured, retry it, or delete it."""

from __future__ import annotations

from nicegui import ui

from jobs.model import Job
from jobs.recovery import delete_job, infer_captured, retry
from jobs.reinferring import ENDED, captured
from kernel.errors import WiretableError
from webui.context import AppContext


class RecoveryBar:
    def __init__(self, ctx: AppContext, job_id: str) -> None:
        self.ctx = ctx
        self.job_id = job_id
        with ui.row().classes("items-center gap-2 flex-wrap") as self.row:
            self.infer_btn = ui.button("Infer from what was captured", icon="schema",
                                       on_click=self._infer).props("outline data-mark=infer_captured").mark(
                "infer_captured")
            ui.button("Retry", icon="replay", on_click=self._retry).props("outline data-mark=retry").mark("retry")
            ui.button("Delete", icon="delete", color="red", on_click=self._confirm_delete).props(
                "flat data-mark=delete_job").mark("delete_job")
        self.row.set_visibility(False)

    def update(self, job: Job) -> None:
        ended = job.status in ENDED
        self.row.set_visibility(ended)
        if ended:
            self.infer_btn.set_visibility(captured(job) is not None)

    def _infer(self) -> None:
        try:
            infer_captured(self.ctx.runner, self.job_id)
        except WiretableError as exc:
            ui.notify(str(exc), type="warning")

    def _retry(self) -> None:
        try:
            job = retry(self.ctx.runner, self.job_id)
        except WiretableError as exc:
            ui.notify(str(exc), type="warning")
            return
        ui.navigate.to(f"/jobs/{job.id}")

    def _confirm_delete(self) -> None:
        with ui.dialog() as dialog, ui.card():
            ui.label("Delete this job, its schema versions and its captured files?")
            with ui.row().classes("justify-end w-full"):
                ui.button("Cancel", on_click=dialog.close).props("flat")
                ui.button("Delete", color="red", on_click=lambda: self._delete(dialog)).props(
                    "data-mark=confirm_delete_job").mark("confirm_delete_job")
        dialog.open()

    def _delete(self, dialog: ui.dialog) -> None:
        try:
            delete_job(self.ctx.runner, self.job_id)
        except WiretableError as exc:
            ui.notify(str(exc), type="warning")
            return
        dialog.close()
        ui.navigate.to("/")
