"""Running jobs: capture → infer → ready, and push on request.

Each job runs in its own worker thread (capture drives a synchronous Playwright browser). Every
step is reported as a stored :class:`JobEvent` and handed to the subscribers of that job, which is
how the job page shows progress as it happens. Errors end the job with the error's message;
nothing is re-raised into the web server.
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from capture.model import read_exchanges
from jobs.model import Job, JobEvent, JobOptions, JobStatus, check_target_url
from jobs.store import JobStore
from sql.model import Schema, save_schema
from inference.templates import collapse_templates
from wiretable.errors import CaptureError, JobError, WiretableError
from wiretable.settings import Settings

log = logging.getLogger("wiretable.jobs")

Listener = Callable[[JobEvent], None]


class EndpointCounter:
    """Reads a growing traffic file incrementally and counts distinct API endpoint templates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self.requests = 0
        self._raw: dict[str, int] = {}
        self.endpoints: dict[str, int] = {}

    def poll(self) -> None:
        from capture.model import Exchange
        from inference import endpoint_template, is_api_exchange

        if not self.path.exists():
            return
        with self.path.open("rb") as handle:
            handle.seek(self._offset)
            data = handle.read()
        end = data.rfind(b"\n")
        if end < 0:
            return
        self._offset += end + 1
        for line in data[: end + 1].splitlines():
            try:
                exchange = Exchange.model_validate(json.loads(line))
            except ValueError:
                continue
            self.requests += 1
            if not is_api_exchange(exchange):
                continue
            template = endpoint_template(exchange.request.method, exchange.request.url)
            if template:
                self._raw[template] = self._raw.get(template, 0) + 1
        self.endpoints = collapse_templates(self._raw)


class JobRunner:
    def __init__(self, settings: Settings, store: JobStore) -> None:
        self.settings = settings
        self.store = store
        self._listeners: dict[str, list[Listener]] = {}
        self._cancels: dict[str, threading.Event] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    # subscriptions ----------------------------------------------------------------------

    def subscribe(self, job_id: str, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.setdefault(job_id, []).append(listener)

        def unsubscribe() -> None:
            with self._lock:
                listeners = self._listeners.get(job_id, [])
                if listener in listeners:
                    listeners.remove(listener)

        return unsubscribe

    def _emit(self, job_id: str, event: JobEvent) -> None:
        with self._lock:
            listeners = list(self._listeners.get(job_id, []))
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken page must not stop the job
                log.exception("job listener failed")

    def _event(self, job_id: str, stage: str, message: str, **kwargs: Any) -> None:
        self._emit(job_id, self.store.add_event(job_id, stage=stage, message=message, **kwargs))

    def _status(self, job_id: str, status: JobStatus, message: str, error: str | None = None) -> Job:
        job = self.store.set_status(job_id, status, message, error=error)
        last = self.store.events(job_id)[-1]
        self._emit(job_id, last)
        return job

    # starting jobs ----------------------------------------------------------------------

    def start_capture(self, url: str, options: JobOptions | None = None) -> Job:
        url = check_target_url(url)
        job = self.store.create_job(url, "browser", options or JobOptions())
        self._spawn(job)
        return job

    def start_har(self, har_path: Path, label: str | None = None) -> Job:
        job = self.store.create_job(label or har_path.name, "har", JobOptions())
        self.store.update(job.id, artifacts={"har": str(har_path)})
        self._spawn(self.store.get_job(job.id))
        return job

    def _spawn(self, job: Job) -> None:
        cancel = threading.Event()
        thread = threading.Thread(target=self._run, args=(job, cancel), name=f"job-{job.id}", daemon=True)
        with self._lock:
            self._cancels[job.id] = cancel
            self._threads[job.id] = thread
        thread.start()

    def wait(self, job_id: str, timeout: float | None = None) -> Job:
        thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
        return self.store.get_job(job_id)

    def cancel(self, job_id: str) -> None:
        cancel = self._cancels.get(job_id)
        if cancel is None:
            raise JobError(f"job {job_id} is not running in this process", job_id=job_id)
        cancel.set()
        self._event(job_id, "cancel", "cancel requested", kind="info")

    def job_dir(self, job_id: str) -> Path:
        path = self.settings.jobs_dir / job_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    # the pipeline -----------------------------------------------------------------------

    def _run(self, job: Job, cancel: threading.Event) -> None:
        try:
            traffic = self.job_dir(job.id) / "traffic.jsonl"
            self.store.update(job.id, artifacts={"traffic": str(traffic)})
            if job.mode == "har":
                self._import_har(job, traffic)
            else:
                self._capture(job, traffic, cancel)
            if cancel.is_set():
                self._status(job.id, JobStatus.CANCELLED, "cancelled")
                return
            self._infer(job, traffic)
        except WiretableError as exc:
            self._fail(job.id, str(exc))
        except Exception as exc:  # an internal bug: keep the details in the log, not the page
            log.error("job %s failed: %s", job.id, traceback.format_exc())
            self._fail(job.id, f"internal error ({type(exc).__name__}): {exc}; see the wiretable log")
        finally:
            with self._lock:
                self._cancels.pop(job.id, None)

    def _fail(self, job_id: str, message: str) -> None:
        try:
            self._status(job_id, JobStatus.FAILED, message, error=message)
        except WiretableError:
            log.exception("could not record failure of job %s", job_id)

    def _capture(self, job: Job, traffic: Path, cancel: threading.Event) -> None:
        from capture.run import CaptureProgress, run_capture

        self._status(job.id, JobStatus.CAPTURING, f"capturing {job.target_url}")
        counter = EndpointCounter(traffic)
        budget = job.options.budget_seconds

        def on_progress(progress: CaptureProgress) -> None:
            counter.poll()
            counters = {
                "pages": progress.pages_visited,
                "requests": max(progress.requests_captured, counter.requests),
                "endpoints": len(counter.endpoints),
            }
            self.store.update(job.id, counters=counters)
            fraction = min(1.0, max(0.0, progress.fraction))
            self._event(job.id, "capturing", progress.message or "capturing", counters=counters,
                        fraction=fraction, data={"endpoints": sorted(counter.endpoints)})

        run_capture(
            job.target_url, traffic, settings=self.settings, budget_seconds=budget,
            max_pages=job.options.max_pages, on_progress=on_progress, cancel=cancel,
        )
        counter.poll()
        counters = {"requests": counter.requests, "endpoints": len(counter.endpoints)}
        self.store.update(job.id, counters=counters)
        if counter.requests == 0:
            raise CaptureError(
                f"the capture of {job.target_url} recorded no requests; check that the app loads in a browser",
                url=job.target_url,
            )
        self._event(job.id, "capturing",
                    f"capture finished: {counter.requests} requests, {len(counter.endpoints)} API endpoints",
                    counters=counters, fraction=1.0, data={"endpoints": sorted(counter.endpoints)})

    def _import_har(self, job: Job, traffic: Path) -> None:
        from capture.har import iter_har_exchanges

        har = Path(job.artifacts["har"])
        self._status(job.id, JobStatus.INFERRING, f"importing {har.name}")
        count = 0
        tmp = traffic.with_suffix(".jsonl.tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for exchange in iter_har_exchanges(har):
                out.write(exchange.to_json_line() + "\n")
                count += 1
        tmp.replace(traffic)
        self.store.update(job.id, counters={"requests": count})
        self._event(job.id, "importing", f"imported {count} requests from {har.name}", counters={"requests": count})

    def _infer(self, job: Job, traffic: Path) -> None:
        from inference import infer_schema

        if self.store.get_job(job.id).status is not JobStatus.INFERRING:
            self._status(job.id, JobStatus.INFERRING, "inferring the schema")
        name = urlsplit(job.target_url).hostname or job.target_url
        schema = infer_schema(read_exchanges(traffic), name=name)
        self.save_schema(job.id, schema, note="inferred")
        n_cols = sum(len(t.columns) for t in schema.tables)
        n_fks = sum(len(t.foreign_keys) for t in schema.tables)
        counters = {"tables": len(schema.tables), "columns": n_cols, "foreign_keys": n_fks}
        self.store.update(job.id, counters=counters)
        self._event(job.id, "inferring", f"inferred {len(schema.tables)} tables, {n_cols} columns, {n_fks} foreign keys",
                    counters=counters, fraction=1.0)
        self._status(job.id, JobStatus.READY, "schema ready")

    # schema and push --------------------------------------------------------------------

    def save_schema(self, job_id: str, schema: Schema, note: str | None = None) -> int:
        version = self.store.save_schema_version(job_id, schema, note=note)
        path = self.job_dir(job_id) / "schema.json"
        save_schema(schema, path)
        self.store.update(job_id, artifacts={"schema": str(path)})
        return version

    def push(self, job_id: str, target: str | None = None, *, dry_run: bool = False) -> Any:
        """Apply the job's latest schema to a target (embedded by default). Synchronous."""
        from sql.apply import push
        from sql.embedded import resolve_target

        job = self.store.get_job(job_id)
        if not job.status.has_schema:
            raise JobError(f"job {job_id} has no schema to push yet (status: {job.status})", job_id=job_id)
        schema = self.store.load_schema(job_id)
        if schema is None:
            raise JobError(f"job {job_id} has no schema to push yet", job_id=job_id)
        url = resolve_target(target, self.settings)
        if dry_run:
            return push(schema, url, dry_run=True, applied_by=f"wiretable job {job_id}")
        self._status(job_id, JobStatus.APPLYING, "pushing the schema")
        try:
            result = push(schema, url, applied_by=f"wiretable job {job_id}")
        except WiretableError as exc:
            self._status(job_id, JobStatus.READY, f"push failed: {exc}")
            raise
        summary = getattr(result, "summary", None)
        message = summary() if callable(summary) else "push finished"
        self._status(job_id, JobStatus.APPLIED, message)
        return result
