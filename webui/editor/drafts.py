"""Edits are never lost: the job editor keeps its unsaved edits as the job's draft (jobs.drafts),
written right after each edit, and restores it when the page is opened again - after a reload, a
lost connection or a restart of the app. While a draft exists, leaving the page asks first.
"""

from __future__ import annotations

import functools

from nicegui import run, ui

from jobs.drafts import Draft, DraftStore
from kernel.errors import WiretableError
from kernel.schema import Schema
from webui.context import AppContext
from webui.editor.persist import SchemaSource
from webui.editor.state import Change, EditorState

FLUSH_SECONDS = 0.25


@functools.cache
def _store(conninfo: str) -> DraftStore:
    return DraftStore(conninfo)


def draft_store(ctx: AppContext) -> DraftStore:
    return _store(ctx.store.conninfo)


def open_state(ctx: AppContext, job_id: str, schema: Schema, version: int | None,
               source: SchemaSource) -> tuple[EditorState, Draft | None]:
    """The editor state of a job: its latest version, with its draft (if any) applied as an undoable
    edit on top of the version the draft was based on."""
    try:
        draft = draft_store(ctx).load(job_id)
    except WiretableError:
        draft = None
    if draft is not None and draft.base_version not in (None, version):
        try:
            schema, version = source.load(draft.base_version), draft.base_version  # type: ignore[arg-type]
        except WiretableError:
            draft = None
    state = EditorState(schema, version=version)
    if draft is not None and draft.schema.model_dump_json() != state.saved.json:
        state.replace(draft.schema)
        if state.schema.table(state.selected or "") is None and state.schema.tables:
            state.selected = state.schema.tables[0].name
        return state, draft
    return state, None


class DraftKeeper:
    """Writes the draft shortly after every edit and drops it once nothing is unsaved."""

    def __init__(self, ctx: AppContext, job_id: str, state: EditorState, draft: Draft | None) -> None:
        self.store = draft_store(ctx)
        self.job_id = job_id
        self.state = state
        self.stored = state.schema.model_dump_json() if draft is not None else None
        self.pending = False
        self.unsaved: bool | None = None
        if draft is not None:
            ui.notify(f"Unsaved draft from {draft.updated_at:%Y-%m-%d %H:%M} restored: save a version to keep it, "
                      "or undo it", type="info", multi_line=True)
        state.subscribe(self._on_change)
        ui.timer(FLUSH_SECONDS, self.flush)
        ui.context.client.on_disconnect(self.flush)
        self._tell_browser()

    def _on_change(self, _change: Change) -> None:
        self.pending = True
        self._tell_browser()

    def _tell_browser(self) -> None:
        unsaved = self.state.dirty
        if unsaved != self.unsaved:
            self.unsaved = unsaved
            ui.run_javascript(f"window.wtUnsavedDraft = {'true' if unsaved else 'false'}")

    async def flush(self) -> None:
        if not self.pending:
            return
        self.pending = False
        current = self.state.schema.model_dump_json()
        try:
            if not self.state.dirty:
                if self.stored is not None:
                    await run.io_bound(self.store.discard, self.job_id)
                    self.stored = None
            elif current != self.stored:
                await run.io_bound(self.store.save, self.job_id, current, self.state.saved.version)
                self.stored = current
        except WiretableError as exc:
            self.pending = True
            ui.notify(f"The draft could not be kept: {exc}", type="warning")
