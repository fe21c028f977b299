"""Inferring a job's schema again from the traffic it captured, wherever that runs.

Two kinds of run (:class:`jobs.events.InferStarted`):

- ``hosts``: a job that has a schema is inferred again with the current host choices. Its status
  stays what it was (ready, applied); the run ends with a new version, or with the reason it saved
  none, and the schema stays as it was.
- ``captured``: a failed or cancelled job is inferred from what it captured. It goes to
  ``inferring`` and ends ``ready``, or back to ``failed``/``cancelled`` with the reason.

With the task queue (``jobs.queue``) a run is a task that a worker takes; without one it runs in
a thread of this process. Either way its start and its end are job events (the end carries
:class:`jobs.events.InferFinished`), which is how the job page follows it, and:

- one run of a job at a time: another is refused while one has not ended;
- cancel reaches the run where it runs (through the app database for a worker); it stops before
  the new version is saved;
- a run whose worker dies (see ``jobs.queue.TaskQueue.reap_stalled``) or whose process restarts
  is ended with the reason, the job left as it was before (a ``captured`` run: failed).
"""

from __future__ import annotations

import logging
import threading
import traceback
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jobs.events import InferFinished, InferStarted
from jobs.model import Job, JobStatus
from kernel.errors import JobError, WiretableError

if TYPE_CHECKING:
    from jobs.runner import JobRunner
    from jobs.store import JobStore

log = logging.getLogger("wiretable.jobs")

Kind = Literal["hosts", "captured"]
HOSTS: Kind = "hosts"
CAPTURED: Kind = "captured"
RESTARTED = "interrupted by a restart of wiretable"
ENDED = (JobStatus.FAILED, JobStatus.CANCELLED)


def captured(job: Job) -> Path | None:
    """The job's captured traffic, when there is some on disk."""
    path = job.artifacts.get("traffic")
    if not path or not Path(path).is_file() or Path(path).stat().st_size == 0:
        return None
    return Path(path)


def pending(store: JobStore, job_id: str) -> InferStarted | None:
    """The job's run of inference again that has not ended, else None (a ``captured`` run ends
    with its job leaving ``inferring``, whoever moved it)."""
    event = store.latest_of_types(job_id, ("infer_started", "infer_finished"))
    started = event.data if event is not None and isinstance(event.data, InferStarted) else None
    if started is not None and started.kind == CAPTURED and store.get_job(job_id).status is not JobStatus.INFERRING:
        return None
    return started


def _check(runner: JobRunner, job_id: str, kind: Kind) -> None:
    job = runner.store.get_job(job_id)
    if kind == HOSTS:
        if not job.status.has_schema or "traffic" not in job.artifacts:
            raise JobError(f"job {job_id} has no finished capture to infer from (status: {job.status})",
                           job_id=job_id)
        runner.traffic_of(job, "infer from")
    else:
        if job.status not in ENDED:
            raise JobError(f"job {job_id} is {job.status.value}: only a failed or cancelled job is inferred again",
                           job_id=job_id)
        if captured(job) is None:
            raise JobError(f"job {job_id} captured nothing to infer from", job_id=job_id)
    if pending(runner.store, job_id) is not None:
        raise JobError(f"job {job_id} is already being inferred again: wait for it to end", job_id=job_id)


def _start(runner: JobRunner, job_id: str, kind: Kind, queued: bool) -> tuple[InferStarted, int]:
    """Check the job and record the start of a run: the run and the seq of its start event."""
    _check(runner, job_id, kind)
    started = InferStarted(run=uuid.uuid4().hex[:12], kind=kind, queued=queued)
    if kind == HOSTS:
        event = runner.store.add_event(job_id, stage="inferring", message="inferring again with the chosen hosts",
                                       kind="info", data=started)
    else:
        event = runner.store.set_status_event(job_id, JobStatus.INFERRING, "inferring from what was captured",
                                              data=started)
    runner.emit(job_id, event)
    return started, event.seq


def begin(runner: JobRunner, job_id: str, kind: Kind) -> InferStarted:
    """Start a run and return at once: a task on the queue when there is one, else a thread here."""
    started, seq = _start(runner, job_id, kind, queued=runner.dispatch_infer is not None)
    if runner.dispatch_infer is not None:
        try:
            runner.dispatch_infer(job_id, started.run, seq)
        except Exception as exc:
            reason = f"the task queue did not take it ({exc})"
            finish(runner, job_id, started, error=reason)
            raise JobError(f"job {job_id} could not be inferred again: {reason}", job_id=job_id) from exc
        return started
    cancel = threading.Event()
    thread = threading.Thread(target=run_here, args=(runner, job_id, started, cancel),
                              name=f"job-{job_id}-infer", daemon=True)
    runner.track(job_id, cancel, thread)
    thread.start()
    return started


def infer_again(runner: JobRunner, job_id: str, kind: Kind) -> int:
    """Run inference again and return the version it saved once it ended (on a worker with the
    task queue, else in this thread); raises the reason it saved none."""
    if runner.dispatch_infer is None:
        started, _ = _start(runner, job_id, kind, queued=False)
        cancel = threading.Event()
        runner.track(job_id, cancel)
        ended = run_here(runner, job_id, started, cancel)
    else:
        started = begin(runner, job_id, kind)
        ended = await_end(runner, job_id, started.run)
    if ended.version is None:
        raise JobError(ended.error or "inferring again ended without a new version", job_id=job_id,
                       cancelled=ended.cancelled)
    return ended.version


def run_here(runner: JobRunner, job_id: str, started: InferStarted, cancel: threading.Event) -> InferFinished:
    """Infer the job again in this thread (the run ``started``) and record how it ended."""
    try:
        job = runner.store.get_job(job_id)
        version = runner.infer_from(job, Path(job.artifacts.get("traffic", "")), keep_status=started.kind == HOSTS,
                                cancel=cancel)
    except WiretableError as exc:
        if cancel.is_set():
            return finish(runner, job_id, started, error=str(exc), cancelled=True)
        return finish(runner, job_id, started, error=str(exc))
    except Exception as exc:  # an internal bug: the details go to the log, the run still ends
        log.error("inferring job %s again failed: %s", job_id, traceback.format_exc())
        return finish(runner, job_id, started,
                      error=f"internal error ({type(exc).__name__}): {exc}; see the wiretable log")
    finally:
        runner.untrack(job_id)
    return finish(runner, job_id, started, version=version)


def finish(runner: JobRunner, job_id: str, started: InferStarted, *, version: int | None = None,
           error: str | None = None, cancelled: bool = False) -> InferFinished:
    """Record the end of the run ``started``: the version it saved, else why none (a ``captured``
    run's job goes back to failed, or cancelled)."""
    ended = InferFinished(run=started.run, ok=version is not None, version=version, error=error, cancelled=cancelled)
    try:
        if version is not None:
            runner.record_event(job_id, "inferring", f"schema version {version} inferred", kind="info", data=ended)
        elif started.kind == CAPTURED:
            status = JobStatus.CANCELLED if cancelled else JobStatus.FAILED
            message = f"cancelled ({error})" if cancelled else str(error)
            runner.record_status(job_id, status, message, error=None if cancelled else error, data=ended)
        else:
            version_now = runner.store.latest_schema_version(job_id)
            what = "cancelled" if cancelled else f"failed: {error}"
            runner.record_event(job_id, "inferring", f"inferring again {what}; the schema is unchanged (version "
                          f"{version_now})", kind="info", data=ended)
    except WiretableError as exc:
        log.warning("could not record the end of inferring job %s again (%s): %s", job_id, error, exc)
    return ended


def end_if_pending(runner: JobRunner, job_id: str, run: str, reason: str, *, cancelled: bool = False) -> bool:
    """End the run ``run`` of the job with ``reason`` if it has not ended yet (its worker died, its
    task was cancelled before a worker took it); True when it did so."""
    started = pending(runner.store, job_id)
    if started is None or started.run != run:
        return False
    finish(runner, job_id, started, error=reason, cancelled=cancelled)
    return True


def await_end(runner: JobRunner, job_id: str, run: str) -> InferFinished:
    """Wait for the end of the run ``run`` (which a worker runs) and return it."""
    woken = threading.Event()
    stop = runner.watch(job_id, woken.set)
    try:
        while True:
            event = runner.store.latest_of_types(job_id, ("infer_finished",))
            if event is not None and isinstance(event.data, InferFinished) and event.data.run == run:
                return event.data
            if runner.stopping:
                raise JobError("wiretable is stopping: inferring goes on on its worker; the job page shows how it "
                               "ends", job_id=job_id)
            woken.wait(runner.poll_seconds())
            woken.clear()
    finally:
        stop()


def recover(runner: JobRunner, *, queued_too: bool) -> list[str]:
    """At the app's start: end the runs that ran in a thread of the app's previous process (with
    ``queued_too``, the queue's runs as well: no worker is expected to take them)."""
    ended = []
    for event in runner.store.unmatched_events("infer_started", "infer_finished"):
        started = event.data
        if isinstance(started, InferStarted) and (queued_too or not started.queued) and end_if_pending(
                runner, event.job_id, started.run, RESTARTED):
            ended.append(event.job_id)
    return ended
