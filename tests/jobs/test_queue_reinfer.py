"""Inferring a job again on the Postgres task queue, run by real `wiretable worker` processes: with
the current host choices (the job keeps its schema and status) and from what an ended job
captured; a waiting run cancels at once, and a worker killed mid-run leaves the job as it was,
with the reason, never running."""

from __future__ import annotations

import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from jobs.events import InferFinished, InferStarted
from jobs.model import Job, JobStatus
from jobs.queue import REINFER_TASK, REINFER_WORKER_DIED, TaskQueue
from jobs.recovery import infer_captured
from jobs.reinferring import pending
from jobs.runner import JobRunner
from kernel.errors import JobError
from tests.jobs.test_queue import queued, wait_until, workers  # noqa: F401 - fixtures
from tests.jobs.test_queue_push import GOLDEN, ready_job

Workers = Callable[..., subprocess.Popen[bytes]]


def failed_job(runner: JobRunner, tmp_path: Path) -> Job:
    """A job cut off after it captured the demo's traffic: failed, with its traffic on disk."""
    store = runner.store
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    traffic = tmp_path / f"{job.id}.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    store.set_status(job.id, JobStatus.FAILED, "cut off", error="cut off")
    return store.get_job(job.id)


@contextmanager
def saving_held(conninfo: str, job_id: str) -> Iterator[None]:
    """Another save of the job's schema in progress (its lock held) until the block ends: a run of
    inference again that has inferred waits behind it to save its version."""
    with psycopg.connect(conninfo) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('wiretable_schema:' || %s))", (job_id,))
        yield
        conn.rollback()


def waiting_to_save(conninfo: str) -> bool:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
                           "database = (SELECT oid FROM pg_database WHERE datname = current_database())").fetchone()
    return bool(row and row[0])


def ends(runner: JobRunner, job_id: str) -> list[InferFinished]:
    return [e.data for e in runner.store.events(job_id) if isinstance(e.data, InferFinished)]


def test_inferring_again_runs_on_a_worker_and_a_waiting_run_cancels_at_once(
        queued: tuple[JobRunner, TaskQueue], workers: Workers, tmp_path: Path) -> None:  # noqa: F811
    runner, _ = queued
    store = runner.store
    job = ready_job(runner, tmp_path)
    # No worker yet: the run waits in the queue, a second one is refused, cancel ends it at once.
    run = runner.start_reinfer(job.id)
    started = pending(store, job.id)
    assert started is not None and started.run == run and started.queued
    with pytest.raises(JobError, match="already being inferred again"):
        runner.start_reinfer(job.id)
    runner.cancel(job.id)
    assert pending(store, job.id) is None
    assert [(e.run, e.ok, e.cancelled) for e in ends(runner, job.id)] == [(run, False, True)]
    assert store.get_job(job.id).status is JobStatus.READY and store.latest_schema_version(job.id) == 1

    worker = workers("--concurrency", "1")
    runner.set_host_included(job.id, "demo.local", False)  # nothing left to infer from: the run fails
    with pytest.raises(JobError, match="no JSON API responses") as failed:
        runner.reinfer(job.id)
    assert store.get_job(job.id).status is JobStatus.READY and store.latest_schema_version(job.id) == 1
    assert str(failed.value) == ends(runner, job.id)[-1].error

    runner.set_host_included(job.id, "demo.local", True)
    version = runner.reinfer(job.id)  # waits for the worker's run to end
    done = store.get_job(job.id)
    assert version == 2 == store.latest_schema_version(job.id) and done.status is JobStatus.READY
    assert done.artifacts["infer_worker"].endswith(f":{worker.pid}")  # the worker inferred, not this process
    assert store.schema_versions(job.id)[-1]["note"] == "re-inferred"
    schema = store.load_schema(job.id)
    assert schema is not None and {"books", "order_items"} <= {t.name for t in schema.tables}
    assert ends(runner, job.id)[-1] == InferFinished(run=ends(runner, job.id)[-1].run, ok=True, version=2)
    with psycopg.connect(store.conninfo) as conn:
        tasks = conn.execute("SELECT task_name, args FROM procrastinate_jobs ORDER BY id").fetchall()
    assert [name for name, _ in tasks] == [REINFER_TASK] * 3
    assert all(set(args) == {"job_id", "run", "since"} and args["job_id"] == job.id for _, args in tasks)


def test_a_worker_killed_while_inferring_again_leaves_the_schema_and_the_reason(
        queued: tuple[JobRunner, TaskQueue], workers: Workers, tmp_path: Path) -> None:  # noqa: F811
    runner, _ = queued
    store = runner.store
    job = ready_job(runner, tmp_path)
    doomed = workers("--concurrency", "1", "--name", "doomed")
    with saving_held(store.conninfo, job.id):
        runner.start_reinfer(job.id)
        wait_until(lambda: waiting_to_save(store.conninfo), 60, "the worker's run to wait to save its version")
        assert store.get_job(job.id).artifacts["infer_worker"].endswith(f":{doomed.pid}")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        # Any live worker ends the dead one's tasks, here after three missed heartbeats (2 s each).
        reaper = workers("--concurrency", "1", "--name", "reaper", WIRETABLE_WORKER_STALLED_SECONDS="6")
        wait_until(lambda: pending(store, job.id) is None, 90, "the killed worker's run to be ended")
    done = store.get_job(job.id)
    assert done.status is JobStatus.READY and store.latest_schema_version(job.id) == 1  # as it was
    ended = ends(runner, job.id)[-1]
    assert not ended.ok and ended.error == REINFER_WORKER_DIED
    assert store.events(job.id)[-1].message == (
        f"inferring again failed: {REINFER_WORKER_DIED}; the schema is unchanged (version 1)")
    assert runner.reinfer(job.id) == 2  # and it can be inferred again, by the live worker
    assert store.get_job(job.id).artifacts["infer_worker"].endswith(f":{reaper.pid}")


def test_a_failed_job_is_inferred_from_what_it_captured_on_a_worker_and_a_killed_one_fails_it_again(
        queued: tuple[JobRunner, TaskQueue], workers: Workers, tmp_path: Path) -> None:  # noqa: F811
    runner, _ = queued
    store = runner.store
    job = failed_job(runner, tmp_path)
    doomed = workers("--concurrency", "1", "--name", "doomed")
    with saving_held(store.conninfo, job.id):
        infer_captured(runner, job.id)
        assert store.get_job(job.id).status is JobStatus.INFERRING
        wait_until(lambda: waiting_to_save(store.conninfo), 60, "the worker's run to wait to save its version")
        assert store.get_job(job.id).artifacts["infer_worker"].endswith(f":{doomed.pid}")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        reaper = workers("--concurrency", "1", "--name", "reaper", WIRETABLE_WORKER_STALLED_SECONDS="6")
        wait_until(lambda: not store.get_job(job.id).status.running, 90, "the killed worker's run to be ended")
    done = store.get_job(job.id)
    assert done.status is JobStatus.FAILED and done.error == REINFER_WORKER_DIED  # not left inferring
    assert store.latest_schema_version(job.id) is None
    assert [e.run for e in ends(runner, job.id)] == [e.data.run for e in store.events(job.id)
                                                     if isinstance(e.data, InferStarted)]

    infer_captured(runner, job.id)  # again, with the live worker
    done = runner.wait(job.id, 90)
    assert done.status is JobStatus.READY, done.error
    assert done.artifacts["infer_worker"].endswith(f":{reaper.pid}") and store.latest_schema_version(job.id) == 1
