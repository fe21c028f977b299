"""/api/v1/schemas: stored schemas, their versions, exports, DDL, plan and push, and a database each."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from jobs import schema_service as service
from jobs.schema_store import SchemaStore
from kernel.schema import Schema
from kernel.settings import Settings
from webui.api.deps import SafeRoute, require


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SchemaIn(Strict):
    document: dict[str, Any] | None = Field(default=None, description="A schema document (schema.json)")
    from_job: str | None = Field(default=None, description="Copy the latest schema of this job instead")
    description: str | None = Field(default=None, max_length=2000)


class SchemaUpdate(Strict):
    document: dict[str, Any]
    description: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, max_length=500)


class PushIn(Strict):
    target: str = Field(default="embedded", description="embedded, supabase, a postgresql:// URL or a profile name")
    allow_destructive: bool = False


def _document(data: dict[str, Any], field: str = "document") -> Schema:
    try:
        return Schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in (field, *first["loc"]))
        raise HTTPException(422, f"{where}: {first['msg']}") from None


def _if_match(value: str | None) -> int:
    text = (value or "").strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise HTTPException(428, "send If-Match with the version you started from (the ETag of GET)")
    return int(text)


def router(settings: Settings, conninfo: str, job_schema: Any) -> APIRouter:
    """``job_schema(job_id)`` gives a job's latest schema (for ``from_job``)."""
    store = SchemaStore(conninfo)
    api = APIRouter(prefix="/api/v1/schemas", tags=["schemas"], route_class=SafeRoute)
    viewer, editor, admin = Depends(require("viewer")), Depends(require("editor")), Depends(require("admin"))

    def record(schema_id: str, response: Response | None = None) -> dict[str, Any]:
        found = store.get(schema_id)
        if response is not None:
            response.headers["ETag"] = f'"{found.version}"'
        return found.as_dict()

    @api.post("", status_code=201, dependencies=[editor], summary="Create a schema (validated)")
    def create(body: SchemaIn, response: Response) -> dict[str, Any]:
        if (body.document is None) == (body.from_job is None):
            raise HTTPException(422, "document: give either document or from_job")
        schema = _document(body.document) if body.document is not None else job_schema(body.from_job)
        service.require_valid(schema)
        made = store.create(schema, body.description, note=f"from job {body.from_job}" if body.from_job else None)
        response.headers["ETag"] = f'"{made.version}"'
        response.headers["Location"] = f"/api/v1/schemas/{made.id}"
        return made.as_dict()

    @api.get("", dependencies=[viewer], summary="List schemas (pagination, search by name or description)")
    def list_(offset: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(ge=1, le=200)] = 50,
              q: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
        items, total = store.page(offset=offset, limit=limit, search=q)
        return {"items": [i.as_dict() for i in items], "total": total, "offset": offset, "limit": limit}

    @api.get("/{schema_id}", dependencies=[viewer], summary="Get a schema and its latest document")
    def get(schema_id: str, response: Response, version: Annotated[int | None, Query(ge=1)] = None) -> dict[str, Any]:
        found = record(schema_id, response)
        return {**found, "document": store.load(schema_id, version).model_dump(mode="json")}

    @api.put("/{schema_id}", dependencies=[editor], summary="Save a new version (If-Match: the version edited)")
    def update(schema_id: str, body: SchemaUpdate, response: Response,
               if_match: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        base = _if_match(if_match)
        schema = _document(body.document)
        service.require_valid(schema)
        store.update(schema_id, schema, base_version=base, description=body.description, note=body.note)
        return record(schema_id, response)

    @api.delete("/{schema_id}", status_code=204, dependencies=[editor], summary="Delete a schema (soft)")
    def delete(schema_id: str) -> Response:
        store.delete(schema_id)
        return Response(status_code=204)

    @api.post("/{schema_id}/validate", dependencies=[viewer], summary="Validate a stored schema")
    def validate(schema_id: str, version: Annotated[int | None, Query(ge=1)] = None) -> dict[str, Any]:
        found = service.problems(store.load(schema_id, version))
        return {"valid": not any(p["level"] == "error" for p in found), "problems": found}

    @api.get("/{schema_id}/versions", dependencies=[viewer], summary="The versions of a schema")
    def versions(schema_id: str) -> dict[str, Any]:
        return {"items": [{**v, "created_at": v["created_at"].isoformat()} for v in store.versions(schema_id)]}

    @api.get("/{schema_id}/diff", dependencies=[viewer], summary="The changes from one version to another")
    def diff(schema_id: str, from_version: Annotated[int, Query(alias="from", ge=1)],
             to_version: Annotated[int, Query(alias="to", ge=1)]) -> dict[str, Any]:
        return service.diff_versions(store.load(schema_id, from_version), store.load(schema_id, to_version))

    @api.get("/{schema_id}/export/{fmt}", dependencies=[viewer],
             summary="Export: openapi, docs, drizzle, sqlalchemy, ddl, jsonschema, json or mermaid")
    def export(schema_id: str, fmt: str, version: Annotated[int | None, Query(ge=1)] = None,
               dialect: Annotated[str | None, Query(max_length=20)] = None) -> Response:
        files = service.export(store.load(schema_id, version), fmt, dialect)
        if len(files) == 1:
            (name, text), = files.items()
            media = {"json": "application/json", "sql": "application/sql", "html": "text/html"}.get(
                name.rsplit(".", 1)[-1], "text/plain")
            return Response(text, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
        return JSONResponse({"files": files})

    @api.get("/{schema_id}/ddl", dependencies=[viewer], summary="CREATE TABLE statements in a SQL dialect")
    def ddl(schema_id: str, dialect: Annotated[str, Query(max_length=20)] = "postgres") -> Response:
        return Response(service.ddl(store.load(schema_id), dialect), media_type="application/sql")

    @api.post("/{schema_id}/plan", dependencies=[editor], summary="The migration a push would run; changes nothing")
    async def plan(schema_id: str, body: PushIn) -> dict[str, Any]:
        schema = store.load(schema_id)
        return await run_in_threadpool(service.push_to, schema, body.target, settings, conninfo, dry_run=True)

    @api.post("/{schema_id}/push", dependencies=[admin], summary="Apply the schema to a target")
    async def push(schema_id: str, body: PushIn) -> dict[str, Any]:
        schema = store.load(schema_id)
        return await run_in_threadpool(service.push_to, schema, body.target, settings, conninfo, dry_run=False,
                                       allow_destructive=body.allow_destructive,
                                       applied_by=f"wiretable api (schema {schema_id})")

    @api.get("/{schema_id}/database", dependencies=[viewer],
             summary="The schema's own database: exists, tables and rows, last push, drift")
    async def database(schema_id: str) -> dict[str, Any]:
        return await run_in_threadpool(service.database_status, conninfo, schema_id, store.load(schema_id))

    @api.get("/{schema_id}/database/rows/{table}", dependencies=[viewer],
             summary="A page of a table's rows in the schema's database (read-only, sorted on the server)")
    async def rows(schema_id: str, table: str, offset: Annotated[int, Query(ge=0)] = 0,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                   sort: Annotated[str | None, Query(max_length=200)] = None, desc: bool = False) -> dict[str, Any]:
        store.get(schema_id)
        return await run_in_threadpool(service.database_rows, conninfo, schema_id, table, offset=offset,
                                       limit=limit, order_by=sort, descending=desc)

    @api.post("/{schema_id}/database/regenerate", dependencies=[admin],
              summary="Drop and recreate the schema's database from its latest version")
    async def regenerate(schema_id: str) -> dict[str, Any]:
        return await run_in_threadpool(service.regenerate_database, conninfo, schema_id, store.load(schema_id))

    @api.delete("/{schema_id}/database", dependencies=[admin], summary="Drop the schema's database")
    async def drop(schema_id: str) -> dict[str, Any]:
        store.get(schema_id)
        return {"dropped": await run_in_threadpool(service.drop_database, conninfo, schema_id)}

    return api
