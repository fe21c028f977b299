"""Jobs as tasks on a Postgres-backed queue (procrastinate), in the app database.

With ``WIRETABLE_QUEUE=postgres`` the app defers each job it starts as a task instead of running
it in a thread of its own: captures and HAR imports with their inference (``wiretable.run_job``),
pushes with their sample data and REST check (``wiretable.push_job``) and runs of inference again
from a job's captured traffic (``wiretable.reinfer_job``, see ``jobs.reinferring``). ``wiretable worker``
processes, on any machine that reaches the app database, take the tasks (``serve`` runs one such
worker inside the app, so nothing more is needed). Per worker, at most ``concurrency`` tasks run
at once (captures are heavy: 2 by default); a waiting push is taken before waiting captures.

- **Run once.** procrastinate hands a task to one worker (``FOR UPDATE SKIP LOCKED``); a job
  task runs only while its job is still ``queued``, a push task only while its job is
  ``applying`` that very push, and tasks are never retried, so nothing runs twice.
- **Cancel.** Cancelling records a cancel event in the app database; the worker running the task
  hears of it at once (``jobs.feed``, or within half a second by polling) and stops the capture or
  interrupts the push, which rolls back. A task still waiting in the queue is cancelled at once.
- **A worker that dies.** Every worker sends a heartbeat every 2 s. Each worker also looks for
  tasks held by workers whose heartbeat stopped (for ``worker_stalled_seconds``, 10 by default): their jobs end failed with the reason; their pushes end, the
  job back to ``ready`` with the reason; their runs of inference again end with the reason, the
  job as it was before; their tasks failed.
- **Secrets.** A capture with sign-in material (cookies, headers) and a push to a target whose
  secret only the app's process holds never go through the queue: the secret lives only in the
  memory of the process it was given to, so that work runs there.
- **Events.** A worker stores every event in the app database, which announces it to the job page
  and the API's event stream (``jobs.feed``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import procrastinate
import psycopg

from jobs.feed import EventFeed
from jobs.model import Job, JobStatus
from jobs.store import JobStore
from kernel.errors import JobError, WiretableError
from kernel.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jobs.runner import JobRunner

log = logging.getLogger("wiretable.queue")
T = TypeVar("T")

TASK = "wiretable.run_job"
PUSH_TASK = "wiretable.push_job"
REINFER_TASK = "wiretable.reinfer_job"
CAPTURES, IMPORTS, PUSHES = "captures", "imports", "pushes"
QUEUES = (CAPTURES, IMPORTS, PUSHES)
PUSH_PRIORITY = 10  # pushes and runs of inference again (a person waits): above captures' and imports' 0
HEARTBEAT_SECONDS = 2.0
WORKER_DIED = "the worker running this job stopped (killed or lost) before the job ended"
REINFER_WORKER_DIED = "the worker inferring this job again stopped (killed or lost) before it ended"
PUSH_WORKER_DIED = ("the worker running this push stopped (killed or lost) before the push ended; a push is one "
                    "transaction, so the target has all of it or none of it: Plan shows which")


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


def push_task(job: Job) -> str | None:
    """The id of the queue task of the job's current push, None when it has none (yet)."""
    where, _, push_id = job.artifacts.get("push", "").partition(":")
    deferred, _, task_id = job.artifacts.get("push_task", "").partition(":")
    return task_id if where == "queue" and push_id and deferred == push_id else None


def infer_task(job: Job, run: str) -> str | None:
    """The id of the queue task of the job's run ``run`` of inference again, None when it has none."""
    deferred, _, task_id = job.artifacts.get("infer_task", "").partition(":")
    return task_id if deferred == run and task_id else None


def queue_for(job: Job) -> str:
    return IMPORTS if job.mode == "har" else CAPTURES


class TaskQueue:
    """The procrastinate app over the app database, with the one task that runs a job."""

    def __init__(self, settings: Settings, store: JobStore) -> None:
        self.settings = settings
        self.store = store
        self.app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=store.conninfo))
        self._runner: JobRunner | None = None
        # Wakes the cancel watchers of this process's tasks; the app shares its own (see ``hook``).
        self.feed: EventFeed | None = None
        # Deferring and cancelling from synchronous code (the web app's handlers, the CLI).
        self.sync_app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=store.conninfo))
        for app in (self.app, self.sync_app):
            app.task(name=TASK, queue=CAPTURES, retry=False)(self._run_task)
            app.task(name=PUSH_TASK, queue=PUSHES, retry=False)(self._push_task)
            app.task(name=REINFER_TASK, queue=IMPORTS, retry=False)(self._reinfer_task)
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

    def dispatch_push(self, job_id: str, push_id: str, target: str | None, allow_destructive: bool,
                      load_data: bool, since: int) -> None:
        """Defer the push ``push_id`` of the job (now ``applying``) as a task; ``since``: the seq of
        the event that started it (a cancel after it is for this push)."""
        def defer() -> int:
            with self.sync_app.open():
                return self.sync_app.configure_task(PUSH_TASK, priority=PUSH_PRIORITY).defer(
                    job_id=job_id, push_id=push_id, target=target, allow_destructive=allow_destructive,
                    load_data=load_data, since=since)

        task_id = _off_loop(defer)
        self.store.update(job_id, artifacts={"push_task": f"{push_id}:{task_id}"})

    def dispatch_infer(self, job_id: str, run: str, since: int) -> None:
        """Defer the run ``run`` of inference again of the job (``jobs.reinferring``) as a task;
        ``since``: the seq of the event that started it (a cancel after it is for this run)."""
        def defer() -> int:
            with self.sync_app.open():
                return self.sync_app.configure_task(REINFER_TASK, priority=PUSH_PRIORITY).defer(
                    job_id=job_id, run=run, since=since)

        task_id = _off_loop(defer)
        self.store.update(job_id, artifacts={"infer_task": f"{run}:{task_id}"})

    def cancel_waiting(self, job: Job) -> bool:
        """Cancel the task of the job (of its push, while applying) if no worker took it yet; True
        when it was still waiting."""
        task_id = job.artifacts.get("task")
        if job.status is JobStatus.APPLYING:
            task_id = push_task(job)
        return bool(task_id) and self._cancel_task(str(task_id))

    def _cancel_task(self, task_id: str) -> bool:
        def cancel() -> bool:
            with self.sync_app.open():
                return bool(self.sync_app.job_manager.cancel_job_by_id(int(task_id)))

        return _off_loop(cancel)

    def cancel(self, runner: JobRunner, job_id: str) -> None:
        """Cancel a job of the task queue (its capture, push or run of inference again): at once
        while its task waits, else through its worker, which hears of the cancel event."""
        from jobs.reinferring import end_if_pending, pending

        job = self.store.get_job(job_id)
        run = pending(self.store, job_id)
        if not job.status.running and run is None:
            raise JobError(f"job {job_id} is not running (status: {job.status})", job_id=job_id)
        runner.record_event(job_id, "cancel", "cancel requested", kind="info")
        if run is not None and run.queued:
            task_id = infer_task(self.store.get_job(job_id), run.run)
            if task_id and self._cancel_task(task_id):
                end_if_pending(runner, job_id, run.run, "before a worker took it", cancelled=True)
            return
        if self.cancel_waiting(job):
            if job.status is JobStatus.APPLYING:
                from jobs.pushing import end_push

                end_push(runner, job_id, "push cancelled before a worker took it; nothing was applied",
                         "cancelled before a worker took it", cancelled=True)
            else:
                runner.record_status(job_id, JobStatus.CANCELLED, "cancelled before a worker took it")

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
        with self._cancel_watch(job_id, 0) as cancel:
            self.runner().run_here(job, cancel, CaptureSession(block_private=block_private))

    def _push_task(self, job_id: str, push_id: str, target: str | None = None, allow_destructive: bool = False,
                   load_data: bool = False, since: int = 0) -> None:
        from jobs.pushing import apply_job_push

        job = self.store.get_job(job_id)
        if job.status is not JobStatus.APPLYING or job.artifacts.get("push") != f"queue:{push_id}":
            log.warning("job %s is %s, not applying push %s: not pushing", job_id, job.status, push_id)
            return
        self.store.update(job_id, artifacts={"push_worker": f"{socket.gethostname()}:{os.getpid()}"})
        with self._cancel_watch(job_id, since) as cancel:
            try:
                apply_job_push(self.runner(), job_id, target, allow_destructive=allow_destructive,
                               load_data=load_data, cancel=cancel)
            except WiretableError as exc:  # recorded as the push's end, for whoever waits for it
                log.info("push of job %s did not apply: %s", job_id, exc)

    def _reinfer_task(self, job_id: str, run: str, since: int = 0) -> None:
        from jobs.reinferring import pending, run_here

        started = pending(self.store, job_id)
        if started is None or started.run != run:
            log.warning("job %s is not being inferred again by run %s: not running it", job_id, run)
            return
        self.store.update(job_id, artifacts={"infer_worker": f"{socket.gethostname()}:{os.getpid()}"})
        with self._cancel_watch(job_id, since) as cancel:
            run_here(self.runner(), job_id, started, cancel)

    @contextmanager
    def _cancel_watch(self, job_id: str, since: int) -> Iterator[threading.Event]:
        """An event set once a cancel of the job is recorded after event ``since``, while inside."""
        cancel, done, woken = threading.Event(), threading.Event(), threading.Event()
        stop_feed = self.feed.subscribe(job_id, woken.set) if self.feed is not None else None
        watcher = threading.Thread(target=self._watch_cancel, args=(job_id, since, cancel, done, woken),
                                   name=f"cancel-watch-{job_id}", daemon=True)
        watcher.start()
        try:
            yield cancel
        finally:
            done.set()
            woken.set()
            if stop_feed is not None:
                stop_feed()

    def _watch_cancel(self, job_id: str, seq: int, cancel: threading.Event, done: threading.Event,
                      woken: threading.Event) -> None:
        while not done.is_set():
            try:
                for event in self.store.events(job_id, seq):
                    seq = event.seq
                    if event.stage == "cancel":
                        cancel.set()
                        return
            except JobError as exc:
                log.warning("cannot read the events of job %s: %s", job_id, exc)
            listening = self.feed is not None and self.feed.listening
            woken.wait(2.0 if listening else 0.5)
            woken.clear()

    async def reap_stalled(self) -> list[str]:
        """End the jobs of workers whose heartbeat stopped: failed, with the reason."""
        reaped = []
        stalled = await self.app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=self.settings.worker_stalled_seconds)
        for task in stalled:
            job_id = str(task.task_kwargs.get("job_id"))
            try:
                await self.app.job_manager.finish_job(task, status=procrastinate.jobs.Status.FAILED,
                                                      delete_job=False)
            except procrastinate.exceptions.ConnectorException as exc:  # another worker ended it first
                log.info("task %s of job %s was already ended: %s", task.id, job_id, exc)
                continue
            if task.task_name == PUSH_TASK:
                await asyncio.to_thread(self._end_push, job_id, str(task.task_kwargs.get("push_id")))
            elif task.task_name == REINFER_TASK:
                await asyncio.to_thread(self._end_reinfer, job_id, str(task.task_kwargs.get("run")))
            else:
                await asyncio.to_thread(self._fail_if_running, job_id)
            reaped.append(job_id)
        await self.app.job_manager.prune_stalled_workers(self.settings.worker_stalled_seconds)
        return reaped

    def _fail_if_running(self, job_id: str) -> None:
        try:
            job = self.store.get_job(job_id)
            if job.status.running:
                self.store.set_status(job_id, JobStatus.FAILED, WORKER_DIED, error=WORKER_DIED)
        except JobError as exc:
            log.warning("could not end job %s of a stopped worker: %s", job_id, exc)

    def _end_push(self, job_id: str, push_id: str) -> None:
        from jobs.pushing import end_push

        try:
            job = self.store.get_job(job_id)
        except JobError as exc:
            log.warning("could not end the push of job %s of a stopped worker: %s", job_id, exc)
            return
        if job.status is JobStatus.APPLYING and job.artifacts.get("push") == f"queue:{push_id}":
            end_push(self.runner(), job_id, f"push failed: {PUSH_WORKER_DIED}", PUSH_WORKER_DIED)

    def _end_reinfer(self, job_id: str, run: str) -> None:
        from jobs.reinferring import end_if_pending

        try:
            end_if_pending(self.runner(), job_id, run, REINFER_WORKER_DIED)
        except JobError as exc:
            log.warning("could not end inferring job %s again, of a stopped worker: %s", job_id, exc)

    async def work(self, *, concurrency: int = 2, queues: tuple[str, ...] = QUEUES, name: str | None = None,
                   in_thread: bool = False, stop: asyncio.Event | None = None) -> None:
        """Run a worker until it is stopped (a signal, or ``stop`` when given), reaping stalled jobs."""
        own_feed = self.feed is None
        if own_feed:
            self.feed = EventFeed(self.store.conninfo)
            await asyncio.to_thread(self.feed.start)
        async with self.app.open_async():
            reaper = asyncio.create_task(self._reap_forever())
            try:
                worker = asyncio.create_task(self.app.run_worker_async(
                    queues=list(queues), concurrency=concurrency, name=name or "worker", wait=True,
                    install_signal_handlers=not in_thread, update_heartbeat_interval=HEARTBEAT_SECONDS,
                    stalled_worker_timeout=self.settings.worker_stalled_seconds, delete_jobs="never"))
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
                if own_feed and self.feed is not None:
                    await asyncio.to_thread(self.feed.stop)
                    self.feed = None

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
    """Make ``runner`` defer its jobs, pushes and runs of inference again to ``queue`` (those
    without in-memory secrets);
    the queue's cancel watchers share the runner's event feed, if it has one."""
    runner.dispatch = queue.dispatch
    runner.dispatch_push = queue.dispatch_push
    runner.dispatch_infer = queue.dispatch_infer
    runner.cancel_queued = lambda job_id: queue.cancel(runner, job_id)
    if runner.feed is not None:
        queue.feed = runner.feed



def recover_unqueued(store: JobStore) -> list[str]:
    """At the app's start: fail the jobs that ran in a thread of the app's previous process (the
    queue's own jobs, pushes and runs of inference again belong to workers, which the reaper watches)."""
    from jobs.reinferring import pending

    recovered = []
    for job in store.list_jobs(limit=1000):
        if job.status is JobStatus.APPLYING:
            in_process = push_task(job) is None
        elif job.status is JobStatus.INFERRING and (run := pending(store, job.id)) is not None:
            in_process = not run.queued
        else:
            in_process = "task" not in job.artifacts
        if job.status.running and in_process:
            message = "interrupted by a restart of wiretable"
            if job.status is JobStatus.APPLYING:
                store.set_status(job.id, JobStatus.READY, "push interrupted by a restart; nothing was applied")
            else:
                store.set_status(job.id, JobStatus.FAILED, message, error=message)
            recovered.append(job.id)
    return recovered
