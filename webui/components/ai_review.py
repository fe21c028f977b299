"""The editor's "Ask AI" button: the advisor's patches as a reviewable diff, accepted one by one or all.

Asking runs the advisor off the event loop, then checks its patches on the job's captured samples
(the same ``jobs.verbs.refine`` verb as the job's "AI refine" step). The dialog lists every
patch with its rationale and diff; patches the samples refute are shown with the reason and cannot
be chosen. Applying re-checks the chosen patches against the editor's schema as it is at that
moment, so edits made meanwhile are respected, and hands the result to ``apply`` (the editor makes
it one undoable step). Nothing changes until the user applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nicegui import run, ui

from jobs.verbs.refine import (
    Outcome,
    Samples,
    SamplesLoader,
    SchemaAdvisor,
    advisor_from_settings,
    propose,
    recheck,
    traffic_samples,
)
from kernel.schema import Schema
from kernel.settings import Settings

__all__ = ["ReviewView", "SamplesLoader", "ask_ai_button", "traffic_samples"]


@dataclass
class ReviewView:
    outcomes: list[Outcome] = field(default_factory=list)
    chosen: dict[int, bool] = field(default_factory=dict)
    samples: Samples = field(default_factory=Samples)
    model: str | None = None


def ask_ai_button(settings: Settings, current: Callable[[], Schema], load_samples: SamplesLoader,
                  apply: Callable[[Schema], None], advisor: SchemaAdvisor | None = None) -> ui.button:
    """The "Ask AI" button and its review dialog (see the module docstring)."""
    view = ReviewView()

    with ui.dialog() as dialog, ui.card().classes("w-[56rem] max-w-full").mark("ai_review"):
        ui.label("AI review").classes("text-lg font-semibold")
        headline = ui.label("").classes("text-sm text-slate-600").mark("ai_headline")

        @ui.refreshable
        def patch_list() -> None:
            for i, outcome in enumerate(view.outcomes):
                with ui.column().classes("w-full gap-0 border-b py-1"):
                    with ui.row().classes("items-center gap-2"):
                        box = ui.checkbox(outcome.summary, value=view.chosen.get(i, False)).mark(f"ai_patch_{i}")
                        box.on_value_change(lambda e, i=i: view.chosen.__setitem__(i, bool(e.value)))
                        if not outcome.accepted:
                            box.disable()
                            ui.badge("refuted by the samples", color="red").props("outline")
                    ui.label(outcome.patch.rationale).classes("text-xs text-slate-600 ml-8")
                    if outcome.accepted:
                        for line in outcome.changes:
                            color = {"-": "text-red-700", "+": "text-green-700"}.get(line[:1], "text-slate-800")
                            ui.label(line).classes(f"font-mono text-xs ml-8 {color}")
                    else:
                        ui.label(outcome.reason or "").classes("text-xs text-red-700 ml-8").mark(f"ai_reason_{i}")

        patch_list()
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Reject all", on_click=lambda: reject_all()).props("flat").mark("ai_reject_all")
            ui.button("Accept all", on_click=lambda: accept(all_=True)).props("outline").mark("ai_accept_all")
            ui.button("Apply selected", icon="check", on_click=lambda: accept(all_=False)).mark("ai_apply")

    def reject_all() -> None:
        dialog.close()
        ui.notify(f"rejected {len(view.outcomes)} AI proposal(s); nothing changed")

    def accept(all_: bool) -> None:
        picked = [o for i, o in enumerate(view.outcomes) if o.accepted and (all_ or view.chosen.get(i))]
        dialog.close()
        if not picked:
            ui.notify("no AI proposal chosen; nothing changed")
            return
        result = recheck(current(), picked, view.samples, view.model)
        if result.accepted:
            apply(result.schema)
        stale = f"; {len(result.rejected)} no longer held" if result.rejected else ""
        ui.notify(f"applied {len(result.accepted)} AI patch(es){stale}", type="positive" if result.accepted else "warning")

    async def ask() -> None:
        chosen = advisor or advisor_from_settings(settings)
        if chosen is None:
            ui.notify("Ask AI needs an LLM: set OPENAI_API_KEY (any value for a local server) and OPENAI_BASE_URL",
                      type="warning", multi_line=True)
            return
        button.props("loading")
        try:
            found = await run.io_bound(propose, chosen, current(), load_samples, settings)
        finally:
            button.props(remove="loading")
        if found is None:  # the app is shutting down
            return
        result, samples = found
        if result.error is not None:
            ui.notify(f"Ask AI: {result.error}", type="negative", multi_line=True)
            return
        if not result.outcomes:
            ui.notify("the model proposes no changes")
            return
        view.outcomes, view.samples, view.model = result.outcomes, samples, result.model
        view.chosen = {i: o.accepted for i, o in enumerate(result.outcomes)}
        headline.text = result.headline().replace("accepted", "hold on the samples").replace(
            "rejected", "refuted")
        patch_list.refresh()
        dialog.open()

    button = ui.button("Ask AI", icon="auto_awesome", on_click=ask).props("outline dense").mark("ask_ai")
    return button
