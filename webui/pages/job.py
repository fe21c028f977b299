"""Job page: live progress while capturing and inferring, then the schema, its DDL and Push."""

from __future__ import annotations

import threading
from typing import Any

from nicegui import ui

from jobs.events import CaptureFinished, EndpointsSeen, InferFinished, InferStarted
from jobs.live import host_included
from jobs.model import Job
from kernel.errors import WiretableError
from webui.components.coverage_curve import CoverageCurve
from webui.components.job_recovery import RecoveryBar
from webui.components.live_traffic import LiveTrafficView
from webui.components.manual_panel import ManualPanel, register_ca_route
from webui.context import AppContext
from webui.editor.editor import render_schema
from webui.layout import STATUS_COLORS, frame, status_badge

COUNTERS = [("pages", "Pages visited"), ("requests", "Requests captured"), ("endpoints", "API endpoints"),
            ("tables", "Tables"), ("columns", "Columns"), ("foreign_keys", "Foreign keys")]


#: How often the page looks whether new events were announced, and how many of those looks pass
#: before it reads the store anyway: rarely while the event feed listens, often when it does not.
TICK_SECONDS = 0.1
FALLBACK_TICKS = {True: 30, False: 3}


class JobView:
    """Per-client view state: a new event of the job (stored by this process or announced by the
    app database) flags the view, and a timer redraws it from the store."""

    def __init__(self) -> None:
        self.last_seq = 0
        self.dirty = threading.Event()
        self.dirty.set()
        self.ticks = 0

    def on_event(self) -> None:
        self.dirty.set()

    def due(self, listening: bool) -> bool:
        """Whether to read the store now: something was announced, or the fallback's turn came."""
        self.ticks += 1
        if not self.dirty.is_set() and self.ticks % FALLBACK_TICKS[listening]:
            return False
        self.dirty.clear()
        return True


def register(ctx: AppContext) -> None:
    register_ca_route(ctx)

    @ui.page("/jobs/{job_id}")
    def job_page(job_id: str) -> None:
        try:
            job = ctx.store.get_job(job_id)
        except WiretableError as exc:
            with frame("Job not found"):
                ui.label(str(exc)).classes("text-red-700").mark("error")
                ui.link("Start a new capture", "/")
            return
        view = JobView()
        unsubscribe = ctx.runner.watch(job_id, view.on_event)
        ui.context.client.on_disconnect(unsubscribe)

        with frame(f"Job {job_id}"):
            with ui.row().classes("items-center gap-3"):
                ui.label(job.target_url).classes("text-xl font-semibold break-all").mark("target")
                badge = status_badge(job.status.value)
                stop_btn = ui.button("Stop and infer", icon="stop_circle",
                                     on_click=lambda: _stop(ctx, job_id)).mark("stop")
                cancel_btn = ui.button("Cancel", icon="stop", color="red",
                                       on_click=lambda: _cancel(ctx, job_id)).props("flat").mark("cancel")
            recovery = RecoveryBar(ctx, job_id)
            manual = ManualPanel(job_id)
            stage = ui.label("").classes("text-slate-600").mark("stage")
            bar = ui.linear_progress(value=0, show_value=False).classes("w-full").mark("progress")
            error = ui.label("").classes("text-red-700 font-medium").mark("job_error")
            with ui.row().classes("gap-6"):
                counter_labels = {}
                for key, label in COUNTERS:
                    with ui.column().classes("gap-0"):
                        ui.label(label).classes("text-xs text-slate-500 uppercase")
                        counter_labels[key] = ui.label("0").classes("text-2xl font-mono").mark(f"counter-{key}")
            curve = CoverageCurve()
            with ui.expansion("Activity", icon="list", value=True).classes("w-full"):
                log = ui.log(max_lines=200).classes("w-full h-40 text-xs").mark("events")
            endpoints = ui.label("").classes("text-xs font-mono text-slate-600 whitespace-pre-wrap").mark("endpoints")
            reinfer_btn: ui.button  # created below; both callbacks run only after it exists
            live = LiveTrafficView(on_toggle=lambda host, on: _toggle_host(ctx, job_id, host, on, reinfer_btn))
            reinfer_btn = ui.button("Infer again with these hosts", icon="refresh",
                                    on_click=lambda: _reinfer(ctx, job_id, reinfer_btn)).props("outline").mark(
                "reinfer")
            reinfer_btn.visible = False
            schema_area = ui.column().classes("w-full gap-4")

        # "inferring": the run of inference again not ended yet; "loaded": the stored events were read once.
        state: dict[str, Any] = {"rendered": False, "inferring": None, "loaded": False}

        async def refresh() -> None:
            if not view.due(ctx.runner.feed is not None and ctx.runner.feed.listening):
                return
            current = ctx.store.get_job(job_id)
            new_version = False
            for event in ctx.store.events(job_id, view.last_seq):
                view.last_seq = event.seq
                log.push(f"{event.at:%H:%M:%S} [{event.stage}] {event.message}")
                if event.fraction is not None:
                    bar.value = event.fraction
                data = event.data
                if isinstance(data, EndpointsSeen):
                    curve.update(data.coverage)
                if isinstance(data, EndpointsSeen) and data.endpoints and "traffic" not in state:
                    endpoints.text = "\n".join(data.endpoints)
                if isinstance(data, CaptureFinished) and data.traffic:
                    state["traffic"] = data.traffic
                    endpoints.text = ""
                if isinstance(data, InferStarted) and data.kind == "hosts":  # "captured": the status shows it
                    state["inferring"] = data.run
                if isinstance(data, InferFinished):
                    state["inferring"] = None
                    new_version = new_version or data.ok
                    if state["loaded"]:
                        _infer_finished(data, reinfer_btn)
                stage.text = event.message
            for key, lbl in counter_labels.items():
                lbl.text = str(current.counters.get(key, 0))
            badge.text = current.status.value
            badge.props(f"color={status_color(current)}")
            state["loaded"] = True
            cancel_btn.visible = current.status.running or state["inferring"] is not None
            reinfer_btn.set_enabled(state["inferring"] is None)
            stop_btn.visible = current.status.value == "capturing"
            manual.update(current.artifacts.get("proxy"), current.artifacts.get("ca_cert"),
                          current.status.value == "capturing")
            snapshot = ctx.runner.live_snapshot(job_id)
            if not snapshot:
                # Host choices and the stored traffic arrive only as events: recompute on new ones.
                if state.get("stored_seq") != view.last_seq:
                    state["stored_seq"] = view.last_seq
                    state["stored"] = _stored_snapshot(ctx, current, state.get("traffic"))
                snapshot = state["stored"]
            live.update(snapshot)
            error.text = current.error or ""
            recovery.update(current)
            if current.status.has_schema and (not state["rendered"] or new_version):
                state["rendered"] = True
                bar.value = 1.0
                await render_schema(ctx, schema_area, current)

        ui.timer(TICK_SECONDS, refresh)


def status_color(job: Job) -> str:
    return STATUS_COLORS.get(job.status.value, "grey")


def _cancel(ctx: AppContext, job_id: str) -> None:
    try:
        ctx.runner.cancel(job_id)
    except WiretableError as exc:
        ui.notify(str(exc), type="warning")


def _stop(ctx: AppContext, job_id: str) -> None:
    try:
        ctx.runner.stop(job_id)
    except WiretableError as exc:
        ui.notify(str(exc), type="warning")


def _stored_snapshot(ctx: AppContext, job: Job, snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot stored when the capture ended, with the current host choices applied."""
    if not snapshot:
        return None
    include, exclude = ctx.runner.host_choices(job.id)
    all_hosts = job.mode == "har"
    hosts = [{**h, "included": host_included(h["host"], snapshot.get("primary_host"), set(include), set(exclude),
                                             all_hosts=all_hosts)} for h in snapshot.get("hosts", [])]
    return {**snapshot, "hosts": hosts}


def _toggle_host(ctx: AppContext, job_id: str, host: str, included: bool, reinfer: ui.button) -> None:
    ctx.runner.set_host_included(job_id, host, included)
    reinfer.visible = ctx.store.get_job(job_id).status.has_schema


def _reinfer(ctx: AppContext, job_id: str, button: ui.button) -> None:
    """Infer again (on a worker with the task queue); the page follows the run through its events."""
    try:
        ctx.runner.start_reinfer(job_id)
    except WiretableError as exc:
        ui.notify(str(exc), type="negative")
        return
    button.disable()
    ui.notify("inferring again with these hosts…", type="info")


def _infer_finished(ended: InferFinished, button: ui.button) -> None:
    if ended.ok:
        button.visible = False
        ui.notify(f"schema version {ended.version} inferred", type="positive")
    elif ended.cancelled:
        ui.notify("inferring again was cancelled; the schema is unchanged", type="info")
    else:
        ui.notify(f"inferring again failed: {ended.error}", type="negative")
