"""Composition of the web UI: build the context, register the pages, run the server."""

from __future__ import annotations

from nicegui import app, ui

from kernel.settings import Settings
from webui.api import register as register_api
from webui.auth import check_exposure
from webui.auth import install as install_auth
from webui.context import AppContext, build_context
from webui.pages import home, job, schema


def build(settings: Settings) -> AppContext:
    ctx = build_context(settings)
    install_auth(app, settings, ctx.store.conninfo)
    register_api(app, ctx)
    home.register(ctx)
    job.register(ctx)
    schema.register(ctx)
    app.on_shutdown(ctx.runner.shutdown)
    return ctx


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080) -> None:
    from sql.embedded import install_sigterm_handler

    install_sigterm_handler()
    ctx = build(settings)
    check_exposure(ctx.store.conninfo, host)
    ui.run(host=host, port=port, title="wiretable", reload=False, show=False, favicon="🧵",
           show_welcome_message=True)
