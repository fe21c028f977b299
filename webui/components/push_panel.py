"""The job's Postgres DDL, the migration plan, and Push with its target and saved target profiles.

Push always shows the plan read from the live target first. When the plan holds destructive
edits, a dialog names each one and nothing runs until the user confirms them. Saved profiles show
only masked secrets; the secrets stay in this process's memory (``jobs.targets``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import run, ui

from jobs.model import Job
from jobs.targets import TargetStore
from kernel.errors import WiretableError
from kernel.schema import Schema
from webui.components.api_panel import api_panel
from webui.context import AppContext

KINDS = {"postgres": "Postgres URL (also Supabase's connection string)", "supabase_api": "Supabase Management API"}


@functools.cache
def target_store(conninfo: str) -> TargetStore:
    """One profile store per app database, so secrets typed in the UI live as long as the app."""
    return TargetStore(conninfo)


def ddl_and_push(ctx: AppContext, job: Job, schema: Schema,
                 on_pushed: Callable[[], Awaitable[None]] | None = None) -> None:
    """The DDL and the push area; ``on_pushed`` is awaited after each push that applied."""
    from sql.ddl import render_ddl

    try:
        ddl = render_ddl(schema)
    except WiretableError as exc:
        ui.label(f"cannot render SQL: {exc}").classes("text-red-700")
        return
    ui.label("Postgres DDL").classes("text-lg font-semibold")
    # Plain text: the live SQL above is the highlighted copy; a second one would only keep the browser busy.
    ui.label(ddl).classes("w-full max-h-[24rem] overflow-auto text-xs font-mono whitespace-pre bg-slate-50 p-2 "
                          "rounded").mark("ddl").props("data-mark=ddl")
    store = target_store(ctx.store.conninfo)
    PushPanel(ctx, job, store, on_pushed).render()


class PushPanel:
    """View state of one client's push area."""

    def __init__(self, ctx: AppContext, job: Job, store: TargetStore,
                 on_pushed: Callable[[], Awaitable[None]] | None = None) -> None:
        self.ctx = ctx
        self.on_pushed = on_pushed
        self.job = job
        self.store = store

    def render(self) -> None:
        ui.label("Push").classes("text-lg font-semibold")
        with ui.row().classes("w-full items-end gap-4"):
            self.target = ui.input("Target", value=self.ctx.settings.target_url or "embedded",
                                   placeholder="embedded, supabase, a postgresql:// URL or a profile name"
                                   ).classes("w-full sm:w-96").mark("target_url")
            self.profile = ui.select(self._profile_options(), label="Saved profiles",
                                     on_change=lambda e: self._use_profile(e.value)).classes("w-full sm:w-56").mark(
                "target_profile")
            self.plan_btn = ui.button("Plan", icon="preview", on_click=self.show_plan).props("outline").mark("plan")
            self.push_btn = ui.button("Push", icon="cloud_upload", on_click=self.push).mark("push")
        self.load_data = ui.checkbox(
            "Load captured sample data", value=False).tooltip(
            "Also load the captured records into the tables this push creates, in the same transaction").mark(
            "load_data")
        self.plan_area = ui.column().classes("w-full gap-1")
        self.result = ui.column().classes("w-full gap-1")
        self._profiles_editor()

    # targets ----------------------------------------------------------------------------

    def _profile_options(self) -> dict[str, str]:
        try:
            profiles = self.store.list()
        except Exception:  # the app database answers for jobs too; a failure shows on push
            profiles = []
        return {p.name: p.name for p in profiles}

    def _use_profile(self, name: str | None) -> None:
        if name:
            self.target.value = name

    def _profiles_editor(self) -> None:
        with ui.expansion("Target profiles", icon="dns").classes("w-full").mark("profiles"):
            with ui.row().classes("items-end gap-2"):
                name = ui.input("Name").classes("w-40").mark("profile_name")
                kind = ui.select(KINDS, value="postgres", label="Kind").classes("w-64").mark("profile_kind")
                url = ui.input("Postgres URL", placeholder="postgresql://postgres:…@db.<ref>.supabase.co:5432/postgres"
                               ).classes("w-96").mark("profile_url")
            with ui.row().classes("items-end gap-2"):
                secret = ui.input("Password or access token", password=True,
                                  password_toggle_button=False).classes("w-64").mark("profile_secret")
                ref = ui.input("Project ref").classes("w-48").mark("profile_ref")
                rest_url = ui.input("SUPABASE_URL (REST check)").classes("w-64").mark("profile_rest_url")
                rest_key = ui.input("SUPABASE_KEY", password=True, password_toggle_button=False).classes(
                    "w-48").mark("profile_rest_key")
            listing = ui.column().classes("gap-1")

            def show() -> None:
                listing.clear()
                with listing:
                    for p in self.store.list():
                        where = p.url or f"project {p.project_ref}"
                        hints = ", ".join(h for h in (
                            f"secret {p.secret_hint}" if p.secret_hint else None,
                            f"REST key {p.rest_key_hint}" if p.rest_key_hint else None) if h)
                        ui.label(f"{p.name}: {KINDS[p.kind]} — {where}" + (f" ({hints})" if hints else "")).classes(
                            "text-sm font-mono").mark("profile_row")

            def save() -> None:
                try:
                    saved = self.store.save(
                        name.value or "", kind.value, url=url.value or None, project_ref=ref.value or None,
                        secret=secret.value or None, rest_url=rest_url.value or None, rest_key=rest_key.value or None)
                except WiretableError as exc:
                    ui.notify(str(exc), type="negative")
                    return
                secret.value = ""
                rest_key.value = ""
                self.profile.set_options(self._profile_options(), value=saved.name)
                ui.notify(f"saved target profile {saved.name}", type="positive")
                show()

            ui.button("Save profile", icon="save", on_click=save).props("flat").mark("save_profile")
            show()

    # plan and push ------------------------------------------------------------------------

    async def _plan(self) -> Any:
        return await run.io_bound(self.ctx.runner.push, self.job.id, self.target.value or "embedded",
                                  dry_run=True, targets=self.store)

    def _show_plan(self, planned: Any) -> None:
        self.plan_area.clear()
        with self.plan_area:
            ui.label("Migration plan").classes("font-semibold")
            ui.code(planned.render_plan(), language="sql").classes("w-full").mark("plan_sql")
            for warning in planned.policy_warnings:
                ui.label(f"Warning: {warning}").classes("text-amber-800").mark("plan_warning")

    async def show_plan(self) -> None:
        self.plan_btn.disable()
        try:
            self._show_plan(await self._plan())
        except WiretableError as exc:
            ui.notify(f"Plan failed: {exc}", type="negative")
        finally:
            self.plan_btn.enable()

    async def push(self) -> None:
        self.push_btn.disable()
        self.result.clear()
        try:
            planned = await self._plan()
            self._show_plan(planned)
            if planned.no_op:
                self._report(planned.summary(), ok=True)
                return
            if planned.destructive and not await self._confirm(planned.destructive):
                self._report("Push cancelled: nothing was changed.", ok=False)
                return
            outcome: Any = await run.io_bound(self.ctx.runner.push, self.job.id, self.target.value or "embedded",
                                         allow_destructive=bool(planned.destructive), targets=self.store,
                                         load_data=bool(self.load_data.value))
        except WiretableError as exc:
            self._report(f"Push failed: {exc}", ok=False)
            ui.notify(f"Push failed: {exc}", type="negative")
        else:
            self._report(outcome.summary(), ok=True)
            ui.notify(outcome.summary(), type="positive")
            with self.result:
                for skipped in outcome.skipped_rows:
                    ui.label(skipped.line()).classes("text-amber-800").mark("skipped_rows")
                for check in outcome.rest_checks:
                    ui.label(f"REST {check.table}: {'ok' if check.ok else 'failed'} — {check.message}").classes(
                        "text-green-800" if check.ok else "text-red-700").mark("rest_check")
                await api_panel(self.ctx, self.job.id, self.target.value or "embedded", self.store)
            if self.on_pushed is not None:
                await self.on_pushed()
        finally:
            self.push_btn.enable()

    def _report(self, text: str, *, ok: bool) -> None:
        with self.result:
            ui.label(text).classes("text-green-800 font-medium" if ok else "text-red-700").mark("push_result")

    async def _confirm(self, edits: tuple[str, ...]) -> bool:
        with ui.dialog() as dialog, ui.card().mark("confirm_dialog"):
            ui.label(f"This push holds {len(edits)} destructive edit(s):").classes("font-semibold")
            for edit in edits:
                ui.label(edit).classes("text-red-700 font-mono").mark("destructive_edit")
            ui.label("Data in these tables and columns can be lost. Apply them?")
            with ui.row():
                ui.button("Cancel", on_click=lambda: dialog.submit(False)).props("flat").mark("cancel_destructive")
                ui.button(f"Apply {len(edits)} destructive edit(s)", color="red",
                          on_click=lambda: dialog.submit(True)).mark("confirm_destructive")
        result = await dialog
        dialog.delete()
        return bool(result)
