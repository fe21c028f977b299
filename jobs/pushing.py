"""A job's push, wherever it runs: in the process that asked for it, or as a task on a worker.

:meth:`jobs.runner.JobRunner.push` checks the job and the target, moves the job to ``applying``
and then either runs :func:`apply_job_push` itself or, with the task queue, defers it to a worker
and waits for the outcome (:func:`await_push`). Either way:

- The push keeps its own guarantees (``sql.apply``): one transaction under the push lock, with
  its ledger row and, when asked, the captured sample data; it is applied whole or not at all.
- Its end is one status event carrying :class:`jobs.events.PushFinished`: ``applied`` with the
  result, or back to ``ready`` with the reason (a failure, a cancel, a worker that died). The job
  is never left ``applying``.
- Cancel reaches the push where it runs (through the app database for a worker): the statement
  running is interrupted on the target and the transaction rolls back.
- A target needing a secret that only this process holds (a password typed into a URL, a profile
  whose secrets were given to this process) is pushed here, never handed over: the secret would
  have to be written into the queue.
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any, cast

from pydantic import JsonValue

from jobs.events import PushFinished, SampleDataLoaded
from jobs.model import JobStatus
from jobs.verbs.data import secretless
from jobs.verbs.plan import push_timeouts, resolve_target
from jobs.verbs.push import PushResult, push
from kernel.errors import JobError, PushError, WiretableError
from sql.seed import SeedReport
from sql.supabase import RestCheck

if TYPE_CHECKING:
    from jobs.runner import JobRunner
    from jobs.targets import TargetStore

log = logging.getLogger("wiretable.jobs")

_TUPLES = ("statements", "created_tables", "notes", "changes", "destructive", "policy_warnings")


def result_json(result: PushResult) -> dict[str, JsonValue]:
    """``result`` as JSON, for the event that ends the push (its validation warnings left out)."""
    data: dict[str, Any] = asdict(result)
    data.pop("warnings", None)
    return cast(dict[str, JsonValue], json.loads(json.dumps(data)))


def result_from_json(data: dict[str, Any]) -> PushResult:
    """The :class:`PushResult` that :func:`result_json` wrote."""
    fields = dict(data)
    for name in _TUPLES:
        fields[name] = tuple(fields.get(name) or ())
    fields["added_columns"] = tuple(tuple(pair) for pair in fields.get("added_columns") or ())
    fields["rest_checks"] = tuple(RestCheck(**check) for check in fields.get("rest_checks") or ())
    seed = fields.get("seed")
    fields["seed"] = SeedReport(**seed) if isinstance(seed, dict) else None
    return PushResult(**fields)


def apply_job_push(runner: JobRunner, job_id: str, target: str | None, *, targets: TargetStore | None = None,
                   allow_destructive: bool = False, load_data: bool = False,
                   cancel: threading.Event | None = None) -> PushResult:
    """Push the job's latest schema version to ``target`` (the job is ``applying``) and record how
    it ended; raises the push's error after recording it."""
    from jobs.targets import TargetStore

    store, settings = runner.store, runner.settings
    try:
        job = store.get_job(job_id)
        schema = store.load_schema(job_id)
        if schema is None:
            raise JobError(f"job {job_id} has no schema to push yet", job_id=job_id)
        resolved, supa = resolve_target(target, settings, lambda: targets or TargetStore(store.conninfo))
        sample = runner.sample_data(job, schema) if load_data else None

        def waiting(message: str) -> None:
            runner.record_event(job_id, "applying", message, kind="info")

        outcome = push(schema, resolved, supa, allow_destructive=allow_destructive, applied_by=f"wiretable job {job_id}",
                       sample=sample, **push_timeouts(settings), on_wait=waiting, cancel=cancel)
    except WiretableError as exc:
        cancelled = bool(getattr(exc, "cancelled", False))
        end_push(runner, job_id, f"push cancelled: {exc}" if cancelled else f"push failed: {exc}", str(exc),
                 cancelled=cancelled)
        raise
    except Exception as exc:  # an internal bug: the job must not stay applying; details go to the log
        log.error("push of job %s failed: %s", job_id, traceback.format_exc())
        reason = f"internal error ({type(exc).__name__}): {exc}; see the wiretable log"
        end_push(runner, job_id, f"push failed: {reason}", reason)
        raise PushError(reason) from exc
    result = outcome.result
    if sample is not None and outcome.report is not None:
        report = outcome.report
        seeded = (report.summary() if report.loaded else
                  "no sample data loaded (data is only loaded into the tables a push creates)")
        result = replace(result, seeded=seeded)
        runner.record_event(job_id, "applied", seeded, kind="info",
                      data=SampleDataLoaded(loaded=report.loaded, skipped=report.skipped,
                                            reasons={t: r for t in report.loaded if (r := report.reason(t))}))
        for skipped in result.skipped_rows:
            runner.record_event(job_id, "applied", skipped.line(), kind="info")
    given = target if target is not None else settings.target_url or "embedded"
    runner.record_status(job_id, JobStatus.APPLIED, result.summary(),
                   data=PushFinished(ok=True, result=result_json(result), target=secretless(given)))
    for check in result.rest_checks:
        runner.record_event(job_id, "applied", f"REST {check.table}: {'ok' if check.ok else 'failed'} — {check.message}",
                      kind="info")
    return result


def end_push(runner: JobRunner, job_id: str, message: str, reason: str, *, cancelled: bool = False) -> bool:
    """Return an ``applying`` job to ``ready`` with the reason its push did not apply; False when
    the job was no longer applying (the push had already ended)."""
    try:
        runner.record_status(job_id, JobStatus.READY, message, error=None if cancelled else reason,
                       data=PushFinished(ok=False, error=reason, cancelled=cancelled))
    except JobError as exc:
        log.warning("could not record the end of the push of job %s (%s): %s", job_id, message, exc)
        return False
    return True


def await_push(runner: JobRunner, job_id: str, after_seq: int) -> PushResult:
    """Wait for the push that a worker runs to end (the first :class:`PushFinished` after event
    ``after_seq``): its result, or its error raised as a PushError."""
    woken = threading.Event()
    stop = runner.watch(job_id, woken.set)
    try:
        while True:
            for event in runner.store.events(job_id, after_seq):
                after_seq = event.seq
                if isinstance(event.data, PushFinished):
                    if event.data.ok:
                        return result_from_json(event.data.result)
                    raise PushError(event.data.error or event.message, job_id=job_id, cancelled=event.data.cancelled)
            if runner.stopping:
                raise JobError("wiretable is stopping: the push goes on on its worker; the job page shows how it ends",
                               job_id=job_id)
            woken.wait(runner.poll_seconds())
            woken.clear()
    finally:
        stop()
