"""Home page: paste a URL (or upload a HAR), set the capture budget, start; recent jobs below."""

from __future__ import annotations

from nicegui import events, ui

from jobs.model import JobOptions
from webui.context import AppContext
from webui.layout import frame, status_badge
from wiretable.errors import WiretableError

DEFAULT_URL = "http://127.0.0.1:8081/"


def register(ctx: AppContext) -> None:
    @ui.page("/")
    def home_page() -> None:
        with frame("New capture"):
            ui.label("Infer the database behind a web app").classes("text-2xl font-semibold")
            ui.label(
                "wiretable opens the app in a headless browser through a capture proxy, records its API "
                "traffic, and infers the tables, columns and relations behind it."
            ).classes("text-slate-600")
            with ui.card().classes("w-full"):
                url = ui.input("URL of the web app", value=DEFAULT_URL,
                               placeholder="https://app.example.com/").classes("w-full").mark("url")
                with ui.row().classes("items-end gap-4"):
                    budget = ui.number("Time budget (seconds)", value=ctx.settings.budget_seconds,
                                       min=1, max=3600, step=5).mark("budget")
                    pages = ui.number("Max pages", value=ctx.settings.max_pages, min=1, max=10000,
                                      step=1).mark("max_pages")

                    def start() -> None:
                        try:
                            options = JobOptions(budget_seconds=float(budget.value or 60),
                                                 max_pages=int(pages.value or 30))
                            job = ctx.runner.start_capture(url.value or "", options)
                        except WiretableError as exc:
                            ui.notify(str(exc), type="negative")
                            return
                        ui.navigate.to(f"/jobs/{job.id}")

                    ui.button("Start", icon="play_arrow", on_click=start).mark("start")
                    url.on("keydown.enter", start)

            with ui.expansion("…or import a HAR file", icon="upload_file").classes("w-full"):
                ui.label("Export a HAR from your browser's devtools (Network tab → Save all as HAR).")

                async def on_upload(e: events.UploadEventArguments) -> None:
                    uploads = ctx.settings.home_dir / "uploads"
                    uploads.mkdir(parents=True, exist_ok=True)
                    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in e.file.name)[-100:]
                    path = uploads / (safe or "upload.har")
                    await e.file.save(path)
                    job = ctx.runner.start_har(path, label=e.file.name)
                    ui.navigate.to(f"/jobs/{job.id}")

                ui.upload(on_upload=on_upload, auto_upload=True, label="HAR file").props(
                    "accept=.har,.json").mark("har_upload")

            ui.label("Recent jobs").classes("text-lg font-semibold mt-4")
            jobs = ctx.store.list_jobs(limit=20)
            if not jobs:
                ui.label("No jobs yet.").classes("text-slate-500")
            for j in jobs:
                with ui.row().classes("items-center gap-3"):
                    status_badge(j.status.value)
                    ui.link(j.target_url, f"/jobs/{j.id}").mark(f"job-{j.id}")
                    ui.label(j.created_at.strftime("%Y-%m-%d %H:%M")).classes("text-slate-500 text-sm")
                    if j.error:
                        ui.label(j.error).classes("text-red-700 text-sm")
