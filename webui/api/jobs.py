"""/api/v1/jobs: start a capture or a HAR import, list, get, cancel, and follow a job's events (SSE)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from jobs.model import Job, JobOptions
from webui.api.deps import SafeRoute, require
from webui.auth.clients import request_client
from webui.auth.gate import is_loopback
from webui.context import AppContext

_CHUNK = 1 << 20


class CaptureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="The web app to capture (http or https)")
    options: JobOptions = Field(default_factory=JobOptions)


def job_json(job: Job) -> dict[str, Any]:
    data = job.model_dump(mode="json")
    data["artifacts"] = sorted(data["artifacts"])  # names only: paths of this server mean nothing outside
    return data


def router(ctx: AppContext) -> APIRouter:
    api = APIRouter(prefix="/api/v1/jobs", tags=["jobs"], route_class=SafeRoute)
    viewer, editor = Depends(require("viewer")), Depends(require("editor"))
    uploads = ctx.settings.home_dir / "uploads"

    @api.post("", status_code=201, dependencies=[editor], summary="Start a capture of a URL")
    def start_capture(body: CaptureIn, request: Request) -> dict[str, Any]:
        exposed = not is_loopback(request_client(request.scope))
        return job_json(ctx.runner.start_capture(body.url, body.options, exposed=exposed))

    @api.post("/har", status_code=201, dependencies=[editor], summary="Import a HAR file (multipart upload)")
    async def import_har(file: UploadFile, llm: bool = False) -> dict[str, Any]:
        from jobs.uploads import save_upload_async

        uploads.mkdir(parents=True, exist_ok=True)

        async def chunks() -> AsyncIterator[bytes]:
            while chunk := await file.read(_CHUNK):
                yield chunk

        # The client's file name only labels the job: the stored name is generated, in the data dir.
        path = await save_upload_async(uploads, file.filename or "upload.har", chunks(),
                                       ctx.settings.upload_max_bytes)
        if path.stat().st_size == 0:
            path.unlink(missing_ok=True)
            raise HTTPException(422, "file: the upload is empty")
        label = "".join(c for c in (file.filename or "upload.har") if c.isprintable())[-120:] or "upload.har"
        job = ctx.runner.start_har(path, label=label, options=JobOptions(llm=llm))
        return job_json(job)

    @api.get("", dependencies=[viewer], summary="List jobs, newest first")
    def list_jobs(limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        jobs = ctx.store.list_jobs(limit=offset + limit)[offset:]
        return {"items": [job_json(j) for j in jobs], "offset": offset, "limit": limit}

    @api.get("/{job_id}", dependencies=[viewer], summary="A job: status, counters, error, schema versions")
    def get_job(job_id: str) -> dict[str, Any]:
        job = ctx.store.get_job(job_id)
        versions = [{**v, "created_at": v["created_at"].isoformat()} for v in ctx.store.schema_versions(job_id)]
        return {**job_json(job), "schema_versions": versions}

    @api.get("/{job_id}/schema", dependencies=[viewer], summary="A job's schema document")
    def job_schema(job_id: str, version: Annotated[int | None, Query(ge=1)] = None) -> dict[str, Any]:
        schema = ctx.store.load_schema(job_id, version)
        if schema is None:
            raise HTTPException(404, f"job {job_id} has no schema" + (f" version {version}" if version else ""))
        return schema.model_dump(mode="json")

    @api.post("/{job_id}/cancel", status_code=202, dependencies=[editor], summary="Cancel a running job")
    def cancel(job_id: str) -> dict[str, Any]:
        job = ctx.store.get_job(job_id)
        if not job.status.running:
            raise HTTPException(409, f"job {job_id} is not running (status: {job.status})")
        ctx.runner.cancel(job_id)
        return {"id": job_id, "cancel": "requested"}

    @api.get("/{job_id}/events", dependencies=[viewer], summary="The job's events as Server-Sent Events",
             response_class=StreamingResponse)
    async def events(job_id: str, request: Request, after: Annotated[int, Query(ge=0)] = 0,
                     follow: bool = True) -> StreamingResponse:
        await run_in_threadpool(ctx.store.get_job, job_id)  # 404 before the stream starts

        loop = asyncio.get_running_loop()
        woken = asyncio.Event()

        def wake() -> None:  # on the thread that stored or heard of the event
            loop.call_soon_threadsafe(woken.set)

        async def stream() -> AsyncIterator[str]:
            seq = after
            stop = ctx.runner.watch(job_id, wake)
            try:
                while True:
                    woken.clear()
                    batch = await run_in_threadpool(ctx.store.events, job_id, seq)
                    for event in batch:
                        seq = event.seq
                        yield f"id: {event.seq}\nevent: {event.kind}\ndata: {event.model_dump_json()}\n\n"
                    job = await run_in_threadpool(ctx.store.get_job, job_id)
                    if not follow or (not job.status.running and not batch):
                        yield f"event: end\ndata: {json.dumps({'status': job.status.value})}\n\n"
                        return
                    if await request.is_disconnected():
                        return
                    # Woken by each new event; the timeout is the fallback (and notices a disconnect).
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), min(ctx.runner.poll_seconds(), 1.0))
            finally:
                stop()

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return api
