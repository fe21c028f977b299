"""The REST API, ``/api/v1``: schemas, jobs, health and the caller's session; documented in the
app's OpenAPI (``/openapi.json``, ``/docs``). Sign-in and roles as for the pages (``webui.auth``)."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException

from kernel.schema import Schema
from webui.context import AppContext


def register(app: FastAPI, ctx: AppContext) -> None:
    from webui.api import jobs, schemas, system

    def job_schema(job_id: str) -> Schema:
        schema = ctx.store.load_schema(job_id)
        if schema is None:
            raise HTTPException(422, f"from_job: job {job_id} has no schema")
        return schema

    _enable_docs(app)
    app.include_router(system.router(ctx))
    app.include_router(schemas.router(ctx.settings, ctx.store.conninfo, job_schema))
    app.include_router(jobs.router(ctx))


def _enable_docs(app: FastAPI) -> None:
    """Serve the OpenAPI document (/openapi.json) and its pages (/docs, /redoc), behind sign-in."""
    if any(getattr(route, "path", None) == "/openapi.json" for route in app.routes):
        return
    app.title, app.version = "wiretable", "1"
    app.description = "Capture a web app's API traffic, infer its schema, edit and push it: the REST API."
    app.openapi_url, app.docs_url, app.redoc_url = "/openapi.json", "/docs", "/redoc"
    app.openapi_schema = None
    app.setup()
