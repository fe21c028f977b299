"""Jobs as tasks on a Postgres-backed queue (procrastinate), in the app database.

With ``WIRETABLE_QUEUE=postgres`` the app defers each job it starts as a task instead of running
it in a thread of its own; ``wiretable worker`` processes, on any machine that reaches the app
database, take the tasks (``serve`` runs one such worker inside the app, so nothing more is
needed). Per worker, at most ``concurrency`` jobs run at once (captures are heavy: 2 by default).

- **Run once.** procrastinate hands a task to one worker (``FOR UPDATE SKIP LOCKED``); the task
  runs a job only while it is still ``queued``, and tasks are never retried, so a job never runs
  twice.
- **Cancel.** Cancelling records a cancel event in the app database; the worker running the job
  sees it within half a second and stops the capture. A job still waiting in the queue is
  cancelled at once.
- **A worker that dies.** Every worker sends a heartbeat. Each worker also looks for tasks held by
  workers whose heartbeat stopped: their jobs end failed with the reason, their tasks failed.
- **Secrets.** A capture with sign-in material (cookies, headers) never goes through the queue:
  the material lives only in the memory of the process it was given to, so that job runs there.
- **Events.** A worker stores every event in the app database, from which the job page and the
  API's event stream read them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import procrastinate
import psycopg

from jobs.model import Job, JobStatus
from jobs.store import JobStore
from kernel.errors import JobError
from kernel.settings import Settings

if TYPE_CHECKING:
    from jobs.runner import JobRunner

log = logging.getLogger("wiretable.queue")
T = TypeVar("T")

TASK = "wiretable.run_job"
CAPTURES, IMPORTS = "captures", "imports"
QUEUES = (CAPTURES, IMPORTS)
HEARTBEAT_SECONDS = 2.0
STALLED_SECONDS = 10.0
WORKER_DIED = "the worker running this job stopped (killed or lost) before the job ended"


def _off_loop(call: Callable[[], T]) -> T:
    """Run ``call`` in a thread of its own when this thread runs an event loop (procrastinate's
    synchronous calls refuse to run inside one, and the web app's handlers may be async)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        in_loop = False
    else:
        in_loop = True
    if not in_loop:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def queue_for(job: Job) -> str:
    return IMPORTS if job.mode == "har" else CAPTURES


class TaskQueue:
    """The procrastinate app over the app database, with the one task that runs a job."""

    def __init__(self, settings: Settings, store: JobStore) -> None:
        self.settings = settings
        self.store = store
        self.app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=store.conninfo))
        self._runner: JobRunner | None = None
        # Deferring and cancelling from synchronous code (the web app's handlers, the CLI).
        self.sync_app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=store.conninfo))
        for app in (self.app, self.sync_app):
            app.task(name=TASK, queue=CAPTURES, retry=False)(self._run_task)
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        with psycopg.connect(self.store.conninfo, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext('wiretable_queue_schema'))")
            try:
                found = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
                if not found or found[0] is None:
                    conn.execute(procrastinate.schema.SchemaManager.get_schema())
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('wiretable_queue_schema'))")

    # the app's side ---------------------------------------------------------------------

    def dispatch(self, job: Job, block_private: bool) -> None:
        """Defer ``job`` as a task (the app's runner calls this instead of starting a thread).
        ``block_private``: the worker refuses private capture targets (the request was remote)."""
        def defer() -> int:
            with self.sync_app.open():
                return self.sync_app.configure_task(TASK, queue=queue_for(job)).defer(
                    job_id=job.id, block_private=block_private)

        task_id = _off_loop(defer)
        self.store.update(job.id, artifacts={"task": str(task_id)})

    def cancel_waiting(self, job: Job) -> bool:
        """Cancel the job's task if no worker took it yet; True when it was still waiting."""
        task_id = job.artifacts.get("task")
        if not task_id:
            return False
        def cancel() -> bool:
            with self.sync_app.open():
                return bool(self.sync_app.job_manager.cancel_job_by_id(int(task_id)))

        return _off_loop(cancel)

    # the worker's side ------------------------------------------------------------------

    def runner(self) -> JobRunner:
        if self._runner is None:
            from jobs.runner import JobRunner

            self._runner = JobRunner(self.settings, self.store)
        return self._runner

    def _run_task(self, job_id: str, block_private: bool = False) -> None:
        from jobs.capturing import CaptureSession

        job = self.store.get_job(job_id)
        if job.status is not JobStatus.QUEUED:
            log.warning("job %s is %s, not queued: not running it again", job_id, job.status)
            return
        self.store.update(job_id, artifacts={"worker": f"{socket.gethostname()}:{os.getpid()}"})
        cancel = threading.Event()
        done = threading.Event()
        watcher = threading.Thread(target=self._watch_cancel, args=(job_id, cancel, done),
                                   name=f"cancel-watch-{job_id}", daemon=True)
        watcher.start()
        try:
            self.runner().run_here(job, cancel, CaptureSession(block_private=block_private))
        finally:
            done.set()

    def _watch_cancel(self, job_id: str, cancel: threading.Event, done: threading.Event) -> None:
        seq = 0
        while not done.wait(0.5):
            try:
                for event in self.store.events(job_id, seq):
                    seq = event.seq
                    if event.stage == "cancel":
                        cancel.set()
                        return
            except JobError as exc:
                log.warning("cannot read the events of job %s: %s", job_id, exc)

    async def reap_stalled(self) -> list[str]:
        """End the jobs of workers whose heartbeat stopped: failed, with the reason."""
        reaped = []
        stalled = await self.app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_SECONDS)
        for task in stalled:
            job_id = str(task.task_kwargs.get("job_id"))
            await self.app.job_manager.finish_job(task, status=procrastinate.jobs.Status.FAILED, delete_job=False)
            await asyncio.to_thread(self._fail_if_running, job_id)
            reaped.append(job_id)
        await self.app.job_manager.prune_stalled_workers(STALLED_SECONDS)
        return reaped

    def _fail_if_running(self, job_id: str) -> None:
        try:
            job = self.store.get_job(job_id)
            if job.status.running:
                self.store.set_status(job_id, JobStatus.FAILED, WORKER_DIED, error=WORKER_DIED)
        except JobError as exc:
            log.warning("could not end job %s of a stopped worker: %s", job_id, exc)

    async def work(self, *, concurrency: int = 2, queues: tuple[str, ...] = QUEUES, name: str | None = None,
                   in_thread: bool = False, stop: asyncio.Event | None = None) -> None:
        """Run a worker until it is stopped (a signal, or ``stop`` when given), reaping stalled jobs."""
        async with self.app.open_async():
            reaper = asyncio.create_task(self._reap_forever())
            try:
                worker = asyncio.create_task(self.app.run_worker_async(
                    queues=list(queues), concurrency=concurrency, name=name or "worker", wait=True,
                    install_signal_handlers=not in_thread, update_heartbeat_interval=HEARTBEAT_SECONDS,
                    stalled_worker_timeout=STALLED_SECONDS, delete_jobs="never"))
                if stop is None:
                    await worker
                else:
                    waiter = asyncio.create_task(stop.wait())
                    await asyncio.wait({worker, waiter}, return_when=asyncio.FIRST_COMPLETED)
                    worker.cancel()
                    waiter.cancel()
                    await asyncio.gather(worker, return_exceptions=True)
            finally:
                reaper.cancel()

    async def _reap_forever(self) -> None:
        while True:
            try:
                for job_id in await self.reap_stalled():
                    log.warning("job %s: %s", job_id, WORKER_DIED)
            except Exception:  # the reaper must outlive a passing database hiccup
                log.exception("reaping stalled jobs failed")
            await asyncio.sleep(HEARTBEAT_SECONDS)


def start_in_app_worker(queue: TaskQueue, concurrency: int) -> Callable[[], None]:
    """Run one worker in a thread of this process; returns the function that stops it."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(queue.work(concurrency=concurrency, name="in-app", in_thread=True, stop=stop))

    thread = threading.Thread(target=run, name="wiretable-worker", daemon=True)
    thread.start()

    def stop_worker() -> None:
        loop.call_soon_threadsafe(stop.set)
        thread.join(15)

    return stop_worker


def hook(runner: JobRunner, queue: TaskQueue) -> None:
    """Make ``runner`` defer its jobs to ``queue`` (those without in-memory sign-in material)."""
    runner.dispatch = queue.dispatch
    runner.cancel_waiting = queue.cancel_waiting



def recover_unqueued(store: JobStore) -> list[str]:
    """At the app's start: fail the jobs that ran in a thread of the app's previous process (the
    queue's own jobs belong to workers, which the reaper watches)."""
    recovered = []
    for job in store.list_jobs(limit=1000):
        if job.status.running and "task" not in job.artifacts:
            message = "interrupted by a restart of wiretable"
            if job.status is JobStatus.APPLYING:
                store.set_status(job.id, JobStatus.READY, "push interrupted by a restart; nothing was applied")
            else:
                store.set_status(job.id, JobStatus.FAILED, message, error=message)
            recovered.append(job.id)
    return recovered
