"""Home page: paste a URL (or upload a HAR), set the capture budget, start; recent jobs below.

Sign-in material (a storage state, extra headers) stays in this page's memory and goes straight to
the runner's in-memory session; it is never saved. Requests that reach the UI over a non-loopback
interface get private capture targets refused (see ``jobs.runner.JobRunner.start_capture``).
"""

from __future__ import annotations

from nicegui import events, ui

from jobs.model import JobOptions
from jobs.verbs.capture import is_loopback_host, make_credentials, parse_storage_state
from kernel.errors import WiretableError
from webui.auth.clients import request_client
from webui.context import AppContext
from webui.layout import frame, status_badge

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
                                       min=1, max=3600, step=5).classes("w-44").mark("budget")
                    pages = ui.number("Max pages", value=ctx.settings.max_pages, min=1, max=10000,
                                      step=1).classes("w-28").mark("max_pages")

                    requests = ui.number("Max requests", value=ctx.settings.max_requests, min=1,
                                         max=1_000_000, step=100).classes("w-32").mark("max_requests")
                auth: dict[str, object] = {}
                with ui.expansion("Sign-in and safety (optional)", icon="lock").classes("w-full"):
                    ui.label("For apps behind a login: a Playwright storage state (or a JSON list of cookies "
                             "exported from your browser) and/or extra headers. They are used by the browser "
                             "only, kept in memory, and redacted from everything wiretable writes."
                             ).classes("text-sm text-slate-600")

                    async def on_state(e: events.UploadEventArguments) -> None:
                        try:
                            auth["state"] = parse_storage_state(await e.file.read(), name=e.file.name)
                        except WiretableError as exc:
                            ui.notify(str(exc), type="negative")
                            return
                        state_label.text = f"storage state loaded: {e.file.name}"

                    ui.upload(on_upload=on_state, auto_upload=True, label="Storage state (JSON)").props(
                        "accept=.json").mark("storage_state")
                    state_label = ui.label("").classes("text-sm text-teal-700").mark("storage_state_label")
                    headers = ui.textarea("Extra headers, one 'Name: value' per line").props(
                        "autocomplete=off").classes("w-full font-mono").mark("headers")
                    destructive = ui.checkbox("Also click delete / pay / send-like controls and submit forms"
                                              ).mark("allow_destructive")

                def options() -> JobOptions:
                    return JobOptions(budget_seconds=float(budget.value or 60), max_pages=int(pages.value or 200),
                                      max_requests=int(requests.value or ctx.settings.max_requests),
                                      allow_destructive_clicks=bool(destructive.value), llm=bool(ai_refine.value))

                def start() -> None:
                    try:
                        credentials = make_credentials(storage_state=auth.get("state"),  # type: ignore[arg-type]
                                                       headers=headers.value or "")
                        job = ctx.runner.start_capture(url.value or "", options(), credentials,
                                                       exposed=request_is_exposed())
                    except WiretableError as exc:
                        ui.notify(str(exc), type="negative")
                        return
                    ui.navigate.to(f"/jobs/{job.id}")

                def start_manual() -> None:
                    try:
                        job = ctx.runner.start_manual(url.value or None, options(), exposed=request_is_exposed())
                    except WiretableError as exc:
                        ui.notify(str(exc), type="negative")
                        return
                    ui.navigate.to(f"/jobs/{job.id}")

                with ui.row().classes("items-center gap-3"):
                    ui.button("Start", icon="play_arrow", on_click=start).mark("start")
                    ui.button("Manual capture", icon="touch_app", on_click=start_manual).props(
                        "outline").mark("start_manual").tooltip(
                        "Start only the proxy and use the app yourself, from any browser or device")
                    ai_refine = ui.switch("AI refine").mark("llm").tooltip(
                        "After inference, let the configured LLM propose names, types and relations; only "
                        "patches the captured samples confirm are applied")
                url.on("keydown.enter", start)

            with ui.expansion("…or import a HAR file", icon="upload_file").classes("w-full"):
                ui.label("Export a HAR from your browser's devtools (Network tab → Save all as HAR).")

                async def on_upload(e: events.UploadEventArguments) -> None:
                    from jobs.uploads import save_upload_async

                    try:
                        path = await save_upload_async(ctx.settings.uploads_dir, e.file.name, e.file.iterate(),
                                                       ctx.settings.upload_max_bytes)
                    except WiretableError as exc:
                        ui.notify(str(exc), type="negative")
                        return
                    job = ctx.runner.start_har(path, label=e.file.name, options=JobOptions(llm=bool(ai_refine.value)))
                    ui.navigate.to(f"/jobs/{job.id}")

                ui.upload(on_upload=on_upload, auto_upload=True, label="HAR file",
                          max_file_size=ctx.settings.upload_max_bytes).props("accept=.har,.json").mark("har_upload")

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


def request_is_exposed() -> bool:
    """True when this page was loaded over a non-loopback interface or from another machine, or
    through a reverse proxy that hides who the client is (``webui.auth.clients``)."""
    request = ui.context.client.request
    if request is None:
        return False
    server = request.scope.get("server") or (None, None)
    client = request_client(request.scope)
    return client is None or any(_is_remote(host) for host in (server[0], client))


def _is_remote(host: object) -> bool:
    import ipaddress

    if not isinstance(host, str):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # test transports name their peers ("testclient"); real servers give addresses
    return not is_loopback_host(host)
