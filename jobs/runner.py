"""Running jobs: capture → infer → ready, and push on request.

Each job runs in its own worker thread (capture drives a synchronous Playwright browser), or as a
task on a queue worker (``jobs.queue``). Every step is reported as a stored :class:`JobEvent` and
handed to the subscribers of that job; events that other processes store reach them through the
app database's notifications (``jobs.feed``), which is how the job page and the API's event stream
show progress as it happens. Errors end the job with the error's message; nothing is re-raised
into the web server.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from capture.auth import Credentials
from jobs.capturing import CaptureSession, run_browser_job, run_manual_job
from jobs.events import EventData, HostChoice, RefineReport
from jobs.model import Job, JobEvent, JobOptions, JobStatus, check_target_url
from jobs.sample_records import SampleRecords
from jobs.store import JobStore
from jobs.targets import TargetStore
from jobs.verbs.infer import SchemaCounts, import_har, infer_exchanges
from jobs.verbs.plan import plan, push_timeouts, resolve_target
from jobs.verbs.push import PushResult
from jobs.verbs.versions import job_dir, save_version
from kernel.errors import JobError, WiretableError
from kernel.exchange import Exchange, read_exchanges
from kernel.schema import Schema
from kernel.settings import Settings

if TYPE_CHECKING:
    from jobs.feed import EventFeed

log = logging.getLogger("wiretable.jobs")

Listener = Callable[[JobEvent], None]
STOPPED = "stopped by a shutdown of wiretable"


class JobRunner:
    def __init__(self, settings: Settings, store: JobStore) -> None:
        self.settings = settings
        self.store = store
        self._listeners: dict[str, list[Listener]] = {}
        self._cancels: dict[str, threading.Event] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        # Capture sessions: in memory only (credentials must never reach the app database).
        self._sessions: dict[str, CaptureSession] = {}
        # Set by jobs.queue.hook: jobs go to the task queue instead of a thread of this process.
        self.dispatch: Callable[[Job, bool], None] | None = None
        self.cancel_queued: Callable[[str], None] | None = None
        # (job id, push id, target, allow destructive, load data, the seq of the push's start event)
        self.dispatch_push: Callable[[str, str, str | None, bool, bool, int], None] | None = None
        # (job id, run id, the seq of the run's start event): inferring again goes to the task queue.
        self.dispatch_infer: Callable[[str, str, int], None] | None = None
        # Set by the app: events stored by other processes (workers) wake this process's watchers.
        self.feed: EventFeed | None = None
        self.stopping = False  # the app is shutting down: running jobs are stopped, not failed

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

    def watch(self, job_id: str, wake: Callable[[], None]) -> Callable[[], None]:
        """Call ``wake`` after each new event of the job, whichever process stored it (through the
        event feed when there is one); returns the function that stops it. ``wake`` runs on the
        thread that stored or heard of the event: it should only flag or schedule work."""
        stops = [self.subscribe(job_id, lambda _event: wake())]
        if self.feed is not None:
            stops.append(self.feed.subscribe(job_id, wake))

        def stop() -> None:
            for each in stops:
                each()

        return stop

    def poll_seconds(self) -> float:
        """How long a watcher may wait between reads of the store: long while the event feed
        listens (a wake-up comes with every event), short when polling is all there is."""
        return 3.0 if self.feed is not None and self.feed.listening else 0.3

    def emit(self, job_id: str, event: JobEvent) -> None:
        with self._lock:
            listeners = list(self._listeners.get(job_id, []))
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken page must not stop the job
                log.exception("job listener failed")

    def record_event(self, job_id: str, stage: str, message: str, *, kind: str = "progress",
               counters: dict[str, int] | None = None, fraction: float | None = None,
               data: EventData | None = None) -> None:
        self.emit(job_id, self.store.add_event(job_id, stage=stage, message=message, kind=kind, counters=counters,
                                                fraction=fraction, data=data))

    def record_status(self, job_id: str, status: JobStatus, message: str, error: str | None = None,
                data: EventData | None = None) -> JobEvent:
        event = self.store.set_status_event(job_id, status, message, error=error, data=data)
        self.emit(job_id, event)
        return event

    # starting jobs ----------------------------------------------------------------------

    def start_capture(self, url: str, options: JobOptions | None = None, credentials: Credentials | None = None,
                      *, exposed: bool = False) -> Job:
        """Start an automatic capture. ``exposed``: the request came over a non-loopback interface,
        so private targets are refused unless the settings allow them."""
        url = check_target_url(url)
        block_private = exposed and not self.settings.allow_private_targets
        if block_private:
            from capture.hosts import check_public_target

            check_public_target(url)
        options = (options or JobOptions()).model_copy()
        if credentials is not None and not credentials.empty:
            options.authenticated = True
            options.auth_header_names = credentials.header_names()
        job = self.store.create_job(url, "browser", options)
        self._sessions[job.id] = CaptureSession(credentials=credentials, block_private=block_private)
        self._spawn(job)
        return job

    def start_manual(self, url: str | None = None, options: JobOptions | None = None, *,
                     exposed: bool = False) -> Job:
        """Start the proxy for a person to use the app through; :meth:`stop` ends it and infers."""
        target = check_target_url(url) if url and url.strip() else "manual capture"
        job = self.store.create_job(target, "manual", options or JobOptions())
        self._sessions[job.id] = CaptureSession(block_private=exposed and not self.settings.allow_private_targets)
        self._spawn(job)
        return job

    def stop(self, job_id: str) -> None:
        """End a capture early and go on to inference (cancel ends the job instead)."""
        session = self._sessions.get(job_id)
        if session is None:
            raise JobError(f"job {job_id} is not capturing in this process", job_id=job_id)
        session.stop.set()
        self.record_event(job_id, "capturing", "stop requested", kind="info")

    def live_snapshot(self, job_id: str) -> dict[str, Any] | None:
        """The live traffic view of a capture running in this process, else None."""
        session = self._sessions.get(job_id)
        if session is None or session.live is None:
            return None
        include, exclude = self.host_choices(job_id)
        with session.lock:
            return session.live.snapshot(include, exclude)

    def host_choices(self, job_id: str) -> tuple[list[str], list[str]]:
        """The hosts the user included and excluded: the latest choice event, else the job options."""
        event = self.store.latest_event(job_id, "hosts", "include")
        if event is not None and isinstance(event.data, HostChoice):
            return list(event.data.include), list(event.data.exclude)
        options = self.store.get_job(job_id).options
        return list(options.include_hosts), list(options.exclude_hosts)

    def set_host_included(self, job_id: str, host: str, included: bool) -> None:
        include, exclude = self.host_choices(job_id)
        include = [h for h in include if h != host] + ([host] if included else [])
        exclude = [h for h in exclude if h != host] + ([] if included else [host])
        self.record_event(job_id, "hosts", f"{'included' if included else 'excluded'} {host} for inference", kind="info",
                    data=HostChoice(include=include, exclude=exclude))

    def reinfer(self, job_id: str) -> int:
        """Infer again from the stored traffic with the current host choices; returns the version
        once it is saved (by a worker with the task queue). See ``jobs.reinferring``."""
        from jobs.reinferring import HOSTS, infer_again

        return infer_again(self, job_id, HOSTS)

    def start_reinfer(self, job_id: str) -> str:
        """:meth:`reinfer` without waiting (on the task queue, else in a thread); the run's id. Its
        end is a job event carrying ``jobs.events.InferFinished``."""
        from jobs.reinferring import HOSTS, begin

        return begin(self, job_id, HOSTS).run

    def start_har(self, har_path: Path, label: str | None = None, options: JobOptions | None = None) -> Job:
        job = self.store.create_job(label or har_path.name, "har", options or JobOptions())
        self.store.update(job.id, artifacts={"har": str(har_path)})
        self._spawn(self.store.get_job(job.id))
        return job

    def _spawn(self, job: Job) -> None:
        session = self._sessions.get(job.id)
        secrets = session is not None and session.credentials is not None and not session.credentials.empty
        if self.dispatch is not None and job.mode != "manual" and not secrets:
            self.dispatch(job, session is not None and session.block_private)
            self._sessions.pop(job.id, None)
            return
        cancel = threading.Event()
        thread = threading.Thread(target=self._run, args=(job, cancel), name=f"job-{job.id}", daemon=True)
        self.track(job.id, cancel, thread)
        thread.start()

    def track(self, job_id: str, cancel: threading.Event, thread: threading.Thread | None = None) -> None:
        """Make ``cancel`` the way to stop the job's work running in this process (and ``thread``
        the one that :meth:`wait` and :meth:`shutdown` wait for)."""
        with self._lock:
            self._cancels[job_id] = cancel
            if thread is not None:
                self._threads[job_id] = thread

    def untrack(self, job_id: str) -> None:
        """The job's work in this process has ended: :meth:`cancel` no longer reaches it here."""
        with self._lock:
            self._cancels.pop(job_id, None)

    def wait(self, job_id: str, timeout: float | None = None) -> Job:
        thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)
            return self.store.get_job(job_id)
        deadline = None if timeout is None else time.monotonic() + timeout
        job = self.store.get_job(job_id)
        while job.status.running and job.status is not JobStatus.APPLYING and (
                deadline is None or time.monotonic() < deadline):  # on a queue worker
            time.sleep(0.2)
            job = self.store.get_job(job_id)
        return job

    def cancel(self, job_id: str) -> None:
        """Cancel the job's capture, push or run of inference again, wherever it runs."""
        cancel = self._cancels.get(job_id)
        if cancel is None and self.cancel_queued is not None:
            self.cancel_queued(job_id)
            return
        if cancel is None:
            raise JobError(f"job {job_id} is not running in this process", job_id=job_id)
        cancel.set()
        self.record_event(job_id, "cancel", "cancel requested", kind="info")

    def run_here(self, job: Job, cancel: threading.Event, session: CaptureSession) -> None:
        """Run ``job`` in this thread until it ends (a queue worker's task)."""
        with self._lock:
            self._cancels[job.id] = cancel
            self._sessions[job.id] = session
        self._run(job, cancel)

    def shutdown(self, timeout: float = 15.0) -> None:
        """Cancel every job still running in this process and wait for its worker to stop.

        Called when the app stops, so that capture proxies and browsers end cleanly; a job
        that was cancelled this way is recorded as cancelled, not left running.
        """
        self.stopping = True
        with self._lock:
            cancels = list(self._cancels.values())
            threads = [t for t in self._threads.values() if t.is_alive()]
        for cancel in cancels:
            cancel.set()
        for thread in threads:
            thread.join(timeout)

    def job_dir(self, job_id: str) -> Path:
        return job_dir(self.settings, job_id)

    # the pipeline -----------------------------------------------------------------------

    def _run(self, job: Job, cancel: threading.Event) -> None:
        try:
            traffic = self.job_dir(job.id) / "traffic.jsonl"
            self.store.update(job.id, artifacts={"traffic": str(traffic)})
            if job.mode == "har":
                self._import_har(job, traffic)
            elif job.mode == "manual":
                run_manual_job(self, job, traffic, cancel, self._session(job.id))
            else:
                run_browser_job(self, job, traffic, cancel, self._session(job.id))
            if cancel.is_set():
                self.record_status(job.id, JobStatus.CANCELLED, STOPPED if self.stopping else "cancelled")
                return
            self.infer_from(job, traffic, cancel=cancel)
        except WiretableError as exc:
            if cancel.is_set():  # a capture cut short by a cancel reports what it lacks; the cancel is the cause
                self.record_status(job.id, JobStatus.CANCELLED, STOPPED if self.stopping else f"cancelled ({exc})")
            else:
                self._fail(job.id, str(exc))
        except Exception as exc:  # an internal bug: keep the details in the log, not the page
            log.error("job %s failed: %s", job.id, traceback.format_exc())
            self._fail(job.id, f"internal error ({type(exc).__name__}): {exc}; see the wiretable log")
        finally:
            with self._lock:
                self._cancels.pop(job.id, None)
                session = self._sessions.pop(job.id, None)
            if session is not None:
                session.credentials = None

    def _session(self, job_id: str) -> CaptureSession:
        with self._lock:
            return self._sessions.setdefault(job_id, CaptureSession())

    def _fail(self, job_id: str, message: str) -> None:
        try:
            self.record_status(job_id, JobStatus.FAILED, message, error=message)
        except WiretableError as exc:
            log.warning("could not record the failure of job %s (%s): %s", job_id, message, exc)

    def _import_har(self, job: Job, traffic: Path) -> None:
        from jobs.uploads import discard_upload

        har = Path(job.artifacts["har"])
        self.record_status(job.id, JobStatus.INFERRING, f"importing {har.name}")
        try:
            count = import_har(har, traffic)
        finally:
            # Only the redacted exchanges stay: the raw upload goes once it is read (or refused).
            discard_upload(har, self.settings.uploads_dir)
        from jobs.live import LiveTraffic

        live = LiveTraffic(traffic)
        live.poll()
        counters = {"requests": count, "endpoints": len(live.endpoints())}
        self.store.update(job.id, counters=counters)
        self.record_event(job.id, "importing", f"imported {count} requests ({counters['endpoints']} API endpoints) "
                    f"from {har.name}", counters=counters)

    def infer_from(self, job: Job, traffic: Path, keep_status: bool = False, cancel: threading.Event | None = None) -> int:
        """Infer, save the schema as the next version; ``keep_status``: the job keeps its status (it
        has a schema) and its LLM step is skipped. A ``cancel`` set by then stops it before saving."""
        if not keep_status and self.store.get_job(job.id).status is not JobStatus.INFERRING:
            self.record_status(job.id, JobStatus.INFERRING, "inferring the schema")
        name = urlsplit(job.target_url).hostname or job.target_url
        chosen = self._host_filter(job, traffic)
        exchanges = chosen(read_exchanges(traffic))
        schema = infer_exchanges(exchanges, name=name)
        if cancel is not None and cancel.is_set():
            raise JobError("stopped before the inferred schema was saved", job_id=job.id)
        version = self.save_schema(job.id, schema, note="inferred" if not keep_status else "re-inferred")
        counts = SchemaCounts.of(schema)
        self.store.update(job.id, counters=counts.counters())
        self.record_event(job.id, "inferring", counts.message(), counters=counts.counters(), fraction=1.0)
        if job.options.llm and not keep_status:
            exchanges = chosen(read_exchanges(traffic))
            version = self._refine(job, schema, exchanges) or version
        if not keep_status:
            self.record_status(job.id, JobStatus.READY, "schema ready")
        return version

    def _refine(self, job: Job, schema: Schema, exchanges: Iterable[Exchange]) -> int | None:
        """Let the LLM advisor refine the schema; its failure is reported as events, never fatal."""
        from jobs.verbs.refine import refine_capture, save_transcript

        self.record_event(job.id, "refining", f"asking {self.settings.llm_model} to refine the schema", kind="info")
        records: list[dict[str, Any]] = []
        try:
            result = refine_capture(schema, exchanges, self.settings, transcript=records.append)
        except Exception as exc:  # the heuristic schema stands whatever happens here
            log.error("LLM refinement of job %s failed: %s", job.id, traceback.format_exc())
            self.record_event(job.id, "refining", f"AI refinement failed: internal error ({type(exc).__name__}); "
                        "kept the heuristic schema", kind="info")
            return None
        if records:
            llm_log = self.job_dir(job.id) / "llm.json"
            save_transcript(records, llm_log)
            self.store.update(job.id, artifacts={"llm_log": str(llm_log)})
        self.record_event(job.id, "refining", result.headline(), kind="info",
                    data=RefineReport(accepted=[o.summary for o in result.accepted],
                                      rejected=[f"{o.summary}: {o.reason}" for o in result.rejected],
                                      error=result.error))
        for outcome in result.outcomes:
            self.record_event(job.id, "refining", outcome.message(), kind="info")
        if not result.accepted:
            return None
        return self.save_schema(job.id, result.schema, note=f"refined by {result.model or 'the LLM advisor'}")

    # schema and push --------------------------------------------------------------------

    def sample_data(self, job: Job, schema: Schema) -> SampleRecords:
        """The job's captured records shaped for ``schema``, from the same hosts inference used."""
        from jobs.sample_records import sample_records

        traffic = self.traffic_of(job)
        return sample_records(self._host_filter(job, traffic)(read_exchanges(traffic)), schema)

    @staticmethod
    def traffic_of(job: Job, purpose: str = "load sample data from") -> Path:
        traffic = Path(job.artifacts.get("traffic", ""))
        if not job.artifacts.get("traffic") or not traffic.is_file():
            raise JobError(f"job {job.id} has no captured traffic to {purpose}", job_id=job.id)
        return traffic

    def observed_openapi(self, job_id: str, schema: Schema) -> dict[str, str]:
        """The OpenAPI document of the job's captured API (the hosts inference used), its bodies
        referring to ``schema``'s tables (see ``jobs.verbs.export.render_observed_openapi``)."""
        from jobs.verbs.export import render_observed_openapi

        job = self.store.get_job(job_id)
        traffic = self.traffic_of(job, "describe the API of")
        return render_observed_openapi(schema, self._host_filter(job, traffic)(read_exchanges(traffic)))

    def _host_filter(self, job: Job, traffic: Path) -> Callable[[Iterable[Exchange]], Iterator[Exchange]]:
        """Keeps the exchanges of the hosts inference uses: the job's choices over its primary host."""
        from jobs.live import LiveTraffic, filter_hosts

        include, exclude = self.host_choices(job.id)
        primary = urlsplit(job.target_url).hostname if job.mode == "browser" else None
        if job.mode == "manual" and primary is None:
            stats = LiveTraffic(traffic)
            stats.poll()
            primary = stats.primary_host()

        def chosen(exchanges: Iterable[Exchange]) -> Iterator[Exchange]:
            return filter_hosts(exchanges, primary, include, exclude, all_hosts=job.mode == "har")

        return chosen

    def save_schema(self, job_id: str, schema: Schema, note: str | None = None) -> int:
        return save_version(self.settings, self.store, job_id, schema, note=note)

    def push(
        self,
        job_id: str,
        target: str | None = None,
        *,
        dry_run: bool = False,
        allow_destructive: bool = False,
        targets: TargetStore | None = None,
        load_data: bool = False,
    ) -> PushResult:
        """Apply the job's latest schema to a target (embedded by default); returns when it ended.

        ``target`` is a keyword, a URL or a saved profile's name (looked up in ``targets``, a
        ``jobs.targets.TargetStore``, or the app database's profiles). A dry run returns the
        plan; a plan with destructive edits fails unless ``allow_destructive``. With
        ``load_data``, the job's captured records are loaded into the tables the push creates,
        in the same transaction; the rows loaded and skipped per table are in the result's
        summary and in a job event. With the task queue the push runs on a worker, unless its
        target needs a secret only this process holds (see ``jobs.pushing``); :meth:`cancel`
        reaches it either way.
        """
        from jobs.pushing import apply_job_push, await_push, end_push
        from jobs.targets import secret_in_memory

        job = self.store.get_job(job_id)
        if not job.status.has_schema:
            raise JobError(f"job {job_id} has no schema to push yet (status: {job.status})", job_id=job_id)
        schema = self.store.load_schema(job_id)
        if schema is None:
            raise JobError(f"job {job_id} has no schema to push yet", job_id=job_id)

        def stores() -> TargetStore:
            return targets or TargetStore(self.store.conninfo)

        resolved, _ = resolve_target(target, self.settings, stores)
        if dry_run:
            return plan(schema, resolved, **push_timeouts(self.settings))
        if load_data:
            self.traffic_of(job)
        queued = self.dispatch_push is not None and not secret_in_memory(target, stores)
        push_id = uuid.uuid4().hex[:12]
        here = f"process:{socket.gethostname()}:{os.getpid()}"
        self.store.update(job_id, artifacts={"push": f"queue:{push_id}" if queued else here})
        started = self.record_status(job_id, JobStatus.APPLYING, "pushing the schema")
        if queued and self.dispatch_push is not None:
            try:
                self.dispatch_push(job_id, push_id, target, allow_destructive, load_data, started.seq)
            except Exception as exc:
                end_push(self, job_id, f"push failed: the task queue did not take it ({exc})", str(exc))
                raise
            return await_push(self, job_id, started.seq)
        cancel = threading.Event()
        self.track(job_id, cancel)
        try:
            return apply_job_push(self, job_id, target, targets=targets, allow_destructive=allow_destructive,
                                  load_data=load_data, cancel=cancel)
        finally:
            self.untrack(job_id)
