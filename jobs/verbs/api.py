"""Serve the generated REST API (``restapi``) over a schema's tables in a target database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from jobs.targets import TargetStore
from jobs.verbs.plan import load_valid, resolve_target
from kernel.errors import PushError
from kernel.schema import Schema
from kernel.settings import Settings
from sql.introspect import introspect


def missing_tables(schema: Schema, url: str) -> list[str]:
    live = {t.name for t in introspect(url).tables}
    return [t.name for t in schema.tables if t.name not in live]


def api_app(schema: Schema, url: str) -> FastAPI:
    """The API over ``schema`` in the database at ``url``; PushError if its tables are not there."""
    from restapi.app import create_app

    missing = missing_tables(schema, url)
    if missing:
        raise PushError(f"the target lacks table(s) {', '.join(missing)}: push the schema first "
                        "(wiretable push)")
    return create_app(schema, url)


def serve_api(schema_path: Path, target: str, *, host: str = "127.0.0.1", port: int = 8090,
              settings: Settings | None = None, on_ready: Callable[[str], None] | None = None) -> None:
    """Run the API with uvicorn until interrupted."""
    import uvicorn

    doc = load_valid(schema_path)
    resolved, _ = resolve_target(target, settings or Settings())
    if resolved.url is None:
        raise PushError(f"{resolved.label}: the REST API needs a Postgres connection URL")
    app = api_app(doc, resolved.url)
    if on_ready is not None:
        on_ready(f"http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def mount_prefix(job_id: str) -> str:
    """Where the web UI mounts a job's generated API."""
    return f"/rest/{job_id}"


def table_urls(schema: Schema) -> dict[str, str]:
    """The path of each table's collection in the API."""
    from sql.exports.openapi import table_paths

    return {name: f"/{segment}" for name, segment in table_paths(schema).items()}


def target_api(schema: Schema, target: str, settings: Settings, store: TargetStore | None = None) -> FastAPI:
    """The API over ``schema`` in ``target`` (a keyword, URL or saved profile name)."""
    resolved, _ = resolve_target(target, settings, (lambda: store) if store is not None else None)
    if resolved.url is None:
        raise PushError(f"{resolved.label}: the REST API needs a Postgres connection URL")
    return api_app(schema, resolved.url)
