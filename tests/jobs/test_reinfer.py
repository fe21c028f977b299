"""Inferring a job again without a task queue (the CLI, `serve` with threads): in this process,
recorded as a run that starts and ends; a run cut off by a restart is ended when the app starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.events import InferFinished
from jobs.model import JobStatus
from jobs.queue import recover_unqueued
from jobs.reinferring import CAPTURED, HOSTS, RESTARTED, _start, pending, recover
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.errors import JobError
from kernel.settings import Settings
from tests.jobs.test_queue_push import ready_job
from tests.jobs.test_queue_reinfer import failed_job


def ends(store: JobStore, job_id: str) -> list[InferFinished]:
    return [e.data for e in store.events(job_id) if isinstance(e.data, InferFinished)]


def test_inferring_again_runs_here_without_a_queue(settings: Settings, tmp_path: Path) -> None:
    store = JobStore(settings.database_url or "")
    runner = JobRunner(settings, store)
    job = ready_job(runner, tmp_path)
    assert runner.reinfer(job.id) == 2  # in this thread
    run = runner.start_reinfer(job.id)  # in a thread of this process
    assert runner.wait(job.id, 60).status is JobStatus.READY
    assert pending(store, job.id) is None and ends(store, job.id)[-1] == InferFinished(run=run, ok=True, version=3)
    assert "infer_task" not in store.get_job(job.id).artifacts and "infer_worker" not in store.get_job(job.id).artifacts

    runner.set_host_included(job.id, "demo.local", False)
    with pytest.raises(JobError, match="no JSON API responses"):
        runner.reinfer(job.id)
    assert store.latest_schema_version(job.id) == 3 and store.get_job(job.id).status is JobStatus.READY
    assert store.events(job.id)[-1].message.endswith("; the schema is unchanged (version 3)")


def test_a_run_cut_off_by_a_restart_is_ended_when_the_app_starts(settings: Settings, tmp_path: Path) -> None:
    store = JobStore(settings.database_url or "")
    runner = JobRunner(settings, store)
    job = ready_job(runner, tmp_path)
    cut, _ = _start(runner, job.id, HOSTS, queued=False)  # its thread died with the process
    with pytest.raises(JobError, match="already being inferred again"):
        runner.start_reinfer(job.id)
    other = ready_job(runner, tmp_path)
    queued, _ = _start(runner, other.id, HOSTS, queued=True)  # a worker may still take it

    restarted = JobRunner(settings, JobStore(store.conninfo))
    assert recover(restarted, queued_too=False) == [job.id]
    assert ends(store, job.id) == [InferFinished(run=cut.run, ok=False, error=RESTARTED)]
    assert pending(store, other.id) == queued
    assert restarted.reinfer(job.id) == 2  # no longer blocked
    assert recover(restarted, queued_too=True) == [other.id]  # without a queue, nothing will take it
    assert pending(store, other.id) is None


def test_a_restart_in_queue_mode_fails_only_the_inference_that_ran_in_the_app(settings: Settings,
                                                                               tmp_path: Path) -> None:
    store = JobStore(settings.database_url or "")
    runner = JobRunner(settings, store)
    in_app, on_worker = failed_job(runner, tmp_path), failed_job(runner, tmp_path)
    _start(runner, in_app.id, CAPTURED, queued=False)
    _start(runner, on_worker.id, CAPTURED, queued=True)
    assert {store.get_job(j.id).status for j in (in_app, on_worker)} == {JobStatus.INFERRING}
    assert recover_unqueued(store) == [in_app.id]  # the worker's run is the reaper's to end, if it dies
    assert store.get_job(in_app.id).status is JobStatus.FAILED
    assert store.get_job(on_worker.id).status is JobStatus.INFERRING
    assert pending(store, in_app.id) is None  # and it can be inferred again
