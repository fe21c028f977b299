"""Composition of the web UI: build the context, register the pages, run the server."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import app, ui

from kernel.settings import Settings
from webui.api import register as register_api
from webui.assets import STATIC_DIR, STATIC_PREFIX, static_url
from webui.auth import check_exposure
from webui.auth import install as install_auth
from webui.context import AppContext, build_context
from webui.pages import home, job, schema

# How long the server keeps a page whose browser stopped answering (busy or briefly offline)
# before dropping it; NiceGUI's default of 3 s drops a tab that is busy drawing, and the tab then
# reloads itself.
RECONNECT_SECONDS = 60.0
# The pages use utility classes compiled ahead of time (webui/static/app.css, `make css`):
# NiceGUI's in-browser Tailwind compiler is switched off, as it keeps the browser busy.
# uvicorn's own X-Forwarded-For handling is off: webui.auth.clients decides who the client is,
# trusting only WIRETABLE_TRUSTED_PROXIES.
RUN_OPTIONS = {"tailwind": False, "reconnect_timeout": RECONNECT_SECONDS, "proxy_headers": False}


def add_static() -> None:
    """The compiled CSS, the diagram's viewport script and the leave-with-a-draft question, on every page."""
    app.add_static_files(STATIC_PREFIX, STATIC_DIR)
    ui.add_head_html(f'<link rel="stylesheet" href="{static_url("app.css")}">'
                     f'<script defer src="{static_url("diagram.js")}"></script>'
                     f'<script defer src="{static_url("page.js")}"></script>', shared=True)


def build(settings: Settings) -> AppContext:
    from jobs.feed import EventFeed

    ctx = build_context(settings)
    # Events stored by any process (queue workers too) wake the job pages and event streams.
    feed = ctx.runner.feed = EventFeed(ctx.store.conninfo)
    app.on_startup(lambda: feed.start())
    app.on_shutdown(lambda: feed.stop())
    add_static()
    install_auth(app, settings, ctx.store.conninfo)
    register_api(app, ctx)
    home.register(ctx)
    job.register(ctx)
    schema.register(ctx)
    # NiceGUI passes the app to a handler that takes one argument: call shutdown without any.
    app.on_shutdown(lambda: ctx.runner.shutdown())
    if settings.queue == "postgres":
        from jobs.queue import TaskQueue, hook, start_in_app_worker

        queue = TaskQueue(settings, ctx.store)
        hook(ctx.runner, queue)
        stoppers: list[Callable[[], None]] = []
        app.on_startup(lambda: stoppers.append(start_in_app_worker(queue, settings.worker_concurrency)))
        app.on_shutdown(lambda: [stop() for stop in stoppers])
    return ctx


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080) -> None:
    from sql.embedded import install_sigterm_handler

    install_sigterm_handler()
    ctx = build(settings)
    check_exposure(ctx.store.conninfo, host)
    ui.run(host=host, port=port, title="wiretable", reload=False, show=False, favicon="🧵",
           show_welcome_message=True, **RUN_OPTIONS)  # type: ignore[arg-type]
