"""The "REST API" panel after a push: the generated API over the pushed tables, mounted in this
app's own FastAPI at ``/rest/<job id>/``, with its endpoints, its OpenAPI document and docs, and
the first rows of each table as the API answers them."""

from __future__ import annotations

import json

import httpx
from nicegui import app, run, ui

from jobs.targets import TargetStore
from jobs.verbs.api import mount_prefix, table_urls, target_api
from kernel.errors import WiretableError
from webui.context import AppContext


def mount(prefix: str, api: object) -> None:
    """Mount ``api`` at ``prefix``, replacing an earlier mount there (a push after a push)."""
    from starlette.routing import Mount

    app.router.routes[:] = [r for r in app.router.routes if not (isinstance(r, Mount) and r.path == prefix)]
    app.router.routes.insert(0, Mount(prefix, app=api))  # type: ignore[arg-type]


async def api_panel(ctx: AppContext, job_id: str, target: str, store: TargetStore) -> None:
    """Mount the API for the job's pushed schema in ``target`` and show it."""
    prefix = mount_prefix(job_id)
    schema = ctx.store.load_schema(job_id)
    if schema is None:
        return
    try:
        api = await run.io_bound(target_api, schema, target, ctx.settings, store)
    except WiretableError as exc:
        ui.label(f"REST API not available: {exc}").classes("text-red-700").mark("api_error")
        return
    assert api is not None
    mount(prefix, api)
    with ui.card().classes("w-full").mark("api_panel").props("data-mark=api_panel"):
        ui.label("REST API").classes("text-lg font-semibold")
        ui.label("CRUD over the pushed tables, with filters (?col=eq.value), select, order, limit/offset "
                 "and ?expand= of related rows.").classes("text-slate-600")
        with ui.row().classes("gap-4"):
            ui.link(f"{prefix}/", f"{prefix}/", new_tab=True).mark("api_base")
            ui.link("OpenAPI document", f"{prefix}/openapi.json", new_tab=True).mark("api_openapi")
            ui.link("Interactive docs", f"{prefix}/docs", new_tab=True).mark("api_docs")
        with ui.tabs().classes("w-full") as tabs:
            tab_list = [ui.tab(t.name) for t in schema.tables]
        with ui.tab_panels(tabs, value=tab_list[0] if tab_list else None).classes("w-full"):
            transport = httpx.ASGITransport(app=api)  # the mounted app itself, in this process
            urls = table_urls(schema)
            async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
                for table, tab in zip(schema.tables, tab_list, strict=True):
                    with ui.tab_panel(tab):
                        ui.label(f"GET {prefix}{urls[table.name]}?limit=3").classes("font-mono text-sm")
                        answer = await client.get(urls[table.name], params={"limit": 3})
                        text = json.dumps(answer.json(), indent=2, ensure_ascii=False)[:4000]
                        ui.code(text, language="json").classes("w-full").mark(f"api_sample_{table.name}").props(
                            f"data-mark=api_sample_{table.name}")
