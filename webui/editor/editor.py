"""The schema editor, composed from its panels, modelled on Supabase Studio's table editor.

Layout: toolbar; tables on the left; the selected table's settings and fields; then the live SQL
beside the ER diagram; then problems, evidence and (for a job) versions and Push.

For a job, every save is a new schema version. A timer watches for versions saved in another
tab: with no unsaved edits here they are loaded; otherwise a banner says so, and Save is refused
(by the store) rather than overwriting them. Push is blocked while the schema has errors or
unsaved edits, since a push applies the saved version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nicegui import ui

from jobs.model import Job
from kernel.errors import WiretableError
from kernel.schema import Schema
from webui.context import AppContext
from webui.editor.drafts import DraftKeeper, open_state
from webui.editor.er_view import er_panel
from webui.editor.fields_grid import fields_grid
from webui.editor.persist import JobSchemas, SchemaSource
from webui.editor.side_panels import evidence_panel, problems_panel
from webui.editor.sql_preview import sql_preview
from webui.editor.staging import Stager
from webui.editor.state import ER_FULL_LIMIT, Change, EditorState
from webui.editor.table_form import table_form
from webui.editor.table_objects import table_objects
from webui.editor.tables_list import tables_list
from webui.editor.toolbar import toolbar
from webui.editor.versions import versions_panel

if TYPE_CHECKING:
    from webui.components.data_view import DataView

SYNC_SECONDS = 1.5


def editor_layout(state: EditorState, defer: Stager | None = None) -> None:
    """The tables, the selected table's form, fields and objects, the SQL and the diagram; with a
    staged ``defer``, each panel after the form is built as its own part."""
    defer = defer or Stager(staged=False)
    with ui.row().classes("w-full gap-4 items-start flex-col lg:flex-row lg:flex-nowrap"):
        tables_list(state, defer)
        with ui.column().classes("w-full lg:w-auto grow gap-2 min-w-0"):
            defer(lambda: table_form(state))
            defer(lambda: fields_grid(state))
            defer(lambda: table_objects(state))
    with ui.row().classes("w-full gap-4 items-start flex-col lg:flex-row lg:flex-nowrap"):
        with ui.column().classes("w-full lg:w-1/2 min-w-0"):
            defer(lambda: sql_preview(state))
        with ui.column().classes("w-full lg:w-1/2 min-w-0"):
            defer(lambda: er_panel(state))


def mount_standalone(schema: Schema) -> EditorState:
    """An editor for a schema.json opened or uploaded, without a job: edit, then download."""
    state = EditorState(schema)
    toolbar(state, None)
    editor_layout(state)
    with ui.row().classes("w-full gap-4 items-start flex-col lg:flex-row lg:flex-nowrap"):
        with ui.column().classes("w-full lg:w-1/2 min-w-0"):
            problems_panel(state)
        with ui.column().classes("w-full lg:w-1/2 min-w-0"):
            evidence_panel(state)
    return state


async def render_schema(ctx: AppContext, area: ui.column, job: Job) -> None:
    """The job's schema on the job page: the full editor (tables, fields, SQL, diagram, versions, push),
    built panel by panel (``webui.editor.staging``) so that the browser mounts each apart."""
    area.clear()
    if not job.status.has_schema:
        return
    with area:
        ui.separator()
        stager = Stager()
        mount_job_editor(ctx, job, stager)
        await stager.run()


def mount_job_editor(ctx: AppContext, job: Job, defer: Stager | None = None) -> EditorState | None:
    """The job's editor. With a staged ``defer``, its panels are built by ``defer.run()``, and its
    title shows once the last one is built."""
    defer = defer or Stager(staged=False)
    source = JobSchemas(ctx, job.id)
    schema, version = source.latest()
    if schema is None:
        ui.label("This job has no schema yet.").classes("text-slate-500")
        return None
    state, draft = open_state(ctx, job.id, schema, version, source)
    title = ui.label(f"Inferred schema: {len(schema.tables)} tables").classes("text-xl font-semibold").mark(
        "schema_title")
    title.set_visibility(not defer.staged)
    banner = ui.label("").classes("w-full p-2 rounded bg-amber-100 text-amber-900").mark("conflict")
    banner.set_visibility(False)
    refresh_versions: list = []

    def save(note: str) -> bool:
        try:
            new_version = source.save(state.schema, note, state.saved.version)
        except WiretableError as exc:
            ui.notify(f"Not saved: {exc}", type="negative", multi_line=True)
            banner.text = str(exc)
            banner.set_visibility(True)
            return False
        state.mark_saved(new_version)
        # The page header counts the saved schema, not the first inferred one.
        from jobs.verbs.infer import SchemaCounts

        ctx.store.update(job.id, counters=SchemaCounts.of(state.schema).counters())
        banner.set_visibility(False)
        for refresh in refresh_versions:
            refresh()
        push_area.refresh()
        ui.notify(f"saved as version {new_version}", type="positive")
        return True

    def observed(schema: Schema) -> dict[str, str]:
        return ctx.runner.observed_openapi(job.id, schema)

    def traffic_har() -> bytes:
        from jobs.verbs.export import traffic_as_har

        return traffic_as_har(ctx.runner.traffic_of(job, "export"))

    has_traffic = bool(job.artifacts.get("traffic"))
    toolbar(state, save, observed if has_traffic else None, traffic_har if has_traffic else None)
    DraftKeeper(ctx, job.id, state, draft)
    from webui.components.ai_review import ask_ai_button, traffic_samples

    ask_ai_button(ctx.settings, lambda: state.schema, traffic_samples(job.artifacts.get("traffic")), state.replace)
    editor_layout(state, defer)
    with ui.row().classes("w-full gap-4 items-start flex-col lg:flex-row lg:flex-nowrap"):
        with ui.column().classes("w-full lg:w-1/3 min-w-0"):
            defer(lambda: problems_panel(state))
        with ui.column().classes("w-full lg:w-1/3 min-w-0"):
            defer(lambda: evidence_panel(state))
        with ui.column().classes("w-full lg:w-1/3 min-w-0"):
            defer(lambda: refresh_versions.append(versions_panel(state, source, save)))

    push_key: dict[str, object] = {"key": None, "open": len(schema.tables) <= ER_FULL_LIMIT}
    data_views: list[DataView] = []

    async def pushed() -> None:
        for view in data_views:
            await view.pushed()

    @ui.refreshable
    def push_area() -> None:
        errors = state.errors()
        push_key["key"] = _push_key(state)
        if errors:
            ui.label(f"Push is blocked: resolve {len(errors)} error(s) listed under Problems.").classes(
                "text-red-700 font-medium").mark("push_blocked")
            return
        if state.dirty:
            ui.label("Save your edits as a version to push them.").classes("text-amber-800 font-medium").mark(
                "push_blocked")
            return
        if not push_key["open"]:
            return
        from webui.components.push_panel import ddl_and_push

        ddl_and_push(ctx, ctx.store.get_job(job.id), state.schema, on_pushed=pushed)

    def toggle_push(open_: bool) -> None:
        push_key["open"] = open_
        push_area.refresh()

    ui.separator()
    # The push panel shows the whole DDL: on a large schema it is built only when unfolded, so that
    # the browser is not busy rendering it while the user edits.
    with ui.expansion("Target database", icon="cloud_upload", value=bool(push_key["open"]),
                      on_value_change=lambda e: toggle_push(bool(e.value))).classes("w-full").mark("push_section"):
        defer(push_area)
    defer(lambda: data_views.append(_data_section(ctx, job.id, state)))
    defer(lambda: title.set_visibility(True))

    def on_change(_: Change) -> None:
        if _push_key(state) != push_key["key"]:
            push_area.refresh()

    state.subscribe(on_change)
    _watch_other_tabs(state, source, banner, refresh_versions)
    return state


def _data_section(ctx: AppContext, job_id: str, state: EditorState) -> DataView:
    """The rows of the pushed tables, under the push section."""
    from webui.components.data_view import data_section
    from webui.components.push_panel import target_store

    return data_section(ctx, job_id, target_store(ctx.store.conninfo), lambda: [t.name for t in state.schema.tables],
                        lambda: state.selected)


def _push_key(state: EditorState) -> tuple[bool, bool, int | None]:
    return bool(state.errors()), state.dirty, state.saved.version


def _watch_other_tabs(state: EditorState, source: SchemaSource, banner: ui.label, refresh_versions: list) -> None:
    warned: dict[str, int | None] = {"version": None}

    def check() -> None:
        latest = source.latest_version()
        if latest is None or latest == state.saved.version:
            return
        if not state.dirty:
            schema = source.load(latest)
            state.load_saved(schema, latest)
            banner.set_visibility(False)
            ui.notify(f"version {latest} was saved in another tab and is loaded here")
        else:
            banner.text = (f"Version {latest} was saved in another tab. Saving here would overwrite it and "
                           "is refused: download your edits or undo them to load it.")
            banner.set_visibility(True)
            if latest == warned["version"]:
                return  # the versions list already shows it; re-reading it would also reset the diff picks
            warned["version"] = latest
        for refresh in refresh_versions:
            refresh()

    ui.timer(SYNC_SECONDS, check)
