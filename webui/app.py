"""Composition of the web UI: build the context, register the pages, run the server."""

from __future__ import annotations

from nicegui import app, ui

from kernel.settings import Settings
from webui.context import AppContext, build_context
from webui.pages import home, job, schema


def build(settings: Settings) -> AppContext:
    ctx = build_context(settings)
    home.register(ctx)
    job.register(ctx)
    schema.register(ctx)
    app.on_shutdown(ctx.runner.shutdown)
    return ctx


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080) -> None:
    from sql.embedded import install_sigterm_handler

    install_sigterm_handler()
    build(settings)
    ui.run(host=host, port=port, title="wiretable", reload=False, show=False, favicon="🧵",
           show_welcome_message=True)
