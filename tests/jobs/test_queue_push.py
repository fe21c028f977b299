"""Pushes on the Postgres task queue, run by real `wiretable worker` processes: the result comes
back to the process that asked, cancel reaches the worker, and a killed worker leaves the push
ended with the reason, the target untouched."""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from jobs.events import PushFinished, SampleDataLoaded
from jobs.model import Job, JobStatus
from jobs.queue import PUSH_TASK, PUSH_WORKER_DIED, TaskQueue
from jobs.runner import JobRunner
from jobs.targets import with_password
from jobs.verbs.data import pushed_targets, secretless, table_rows
from kernel.errors import PushError
from kernel.schema import load_schema
from kernel.settings import Settings
from sql.introspect import introspect
from sql.ledger import ADVISORY_LOCK_KEY
from tests.jobs.test_queue import queued, wait_until, workers  # noqa: F401 - fixtures

GOLDEN = Path(__file__).resolve().parents[1] / "inference" / "golden"


def ready_job(runner: JobRunner, tmp_path: Path) -> Job:
    """A job holding the demo's schema and its captured traffic, ready to push."""
    store = runner.store
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    store.set_status(job.id, JobStatus.INFERRING, "inferring")
    traffic = tmp_path / f"{job.id}.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    store.save_schema_version(job.id, load_schema(GOLDEN / "demo.schema.json"), note="inferred")
    store.set_status(job.id, JobStatus.READY, "schema ready")
    return store.get_job(job.id)


class PushInThread:
    """``runner.push`` in a thread of this process, as the web page calls it."""

    def __init__(self, runner: JobRunner, job_id: str, target: str | None, **options: Any) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(runner, job_id, target, options), daemon=True)
        self.thread.start()

    def _run(self, runner: JobRunner, job_id: str, target: str | None, options: dict[str, Any]) -> None:
        try:
            self.result = runner.push(job_id, target, **options)
        except BaseException as exc:
            self.error = exc

    def join(self, seconds: float) -> None:
        self.thread.join(seconds)
        assert not self.thread.is_alive(), "the push did not return"


@contextmanager
def push_lock_held(target_url: str) -> Iterator[None]:
    """Another push's lock on the target, held until the block ends: a push waits behind it."""
    with psycopg.connect(target_url) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK_KEY,))
        yield
        conn.rollback()


def tables_of(url: str) -> set[str]:
    return {t.name for t in introspect(url).tables}


def waiting_for_the_lock(runner: JobRunner, job_id: str) -> bool:
    return any("waiting up to" in e.message for e in runner.store.events(job_id))


def test_a_push_with_sample_data_runs_on_a_worker(queued: tuple[JobRunner, TaskQueue],  # noqa: F811
                                                  workers: Callable[..., subprocess.Popen[bytes]],  # noqa: F811
                                                  settings: Settings, tmp_path: Path) -> None:
    runner, _ = queued
    job = ready_job(runner, tmp_path)
    worker = workers("--concurrency", "1")
    target = settings.target_url or ""
    result = runner.push(job.id, target, load_data=True)
    done = runner.store.get_job(job.id)
    assert done.status is JobStatus.APPLIED
    assert done.artifacts["push_worker"].endswith(f":{worker.pid}")  # the worker pushed, not this process
    assert result.version == 1 and "order_items: 70" in result.summary()
    assert result.seed is not None and result.seed.loaded["order_items"] == 70  # the worker's count, read back
    assert {"books", "order_items"} <= tables_of(target) and set(result.created_tables) == tables_of(target) - {
        "wiretable_migrations"}
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM order_items").fetchone() == (70,)
    events = runner.store.events(job.id)
    assert any(isinstance(e.data, SampleDataLoaded) and e.data.loaded["order_items"] == 70 for e in events)
    finished = [e for e in events if isinstance(e.data, PushFinished)]
    assert len(finished) == 1 and finished[0].stage == "applied" and finished[0].data.ok  # type: ignore[union-attr]
    # the worker recorded where it pushed: the data view reads the rows back from there
    (pushed,) = pushed_targets(runner.store, job.id)
    assert pushed.target == secretless(target)
    assert table_rows(settings, pushed.target, "order_items").total == 70

    again = runner.push(job.id, target)  # a second push on the worker: nothing left to do
    assert again.no_op and runner.store.get_job(job.id).status is JobStatus.APPLIED


def test_cancel_reaches_the_worker_running_a_push(queued: tuple[JobRunner, TaskQueue],  # noqa: F811
                                                  workers: Callable[..., subprocess.Popen[bytes]],  # noqa: F811
                                                  settings: Settings, tmp_path: Path) -> None:
    runner, _ = queued
    job = ready_job(runner, tmp_path)
    workers("--concurrency", "1")
    target = settings.target_url or ""
    with push_lock_held(target):
        push = PushInThread(runner, job.id, target, load_data=True)
        wait_until(lambda: waiting_for_the_lock(runner, job.id), 60, "the worker's push to wait for the lock")
        assert runner.store.get_job(job.id).status is JobStatus.APPLYING
        asked = time.monotonic()
        runner.cancel(job.id)  # this process does not run the push: the request travels through the database
        push.join(15)
        took = time.monotonic() - asked
    assert isinstance(push.error, PushError) and push.error.cancelled, push.error  # type: ignore[attr-defined]
    assert "cancelled and rolled back" in str(push.error)
    done = runner.store.get_job(job.id)
    assert done.status is JobStatus.READY and done.error is None
    assert tables_of(target) == set()  # nothing was applied, not even the ledger
    print(f"push cancelled on its worker {took:.2f} s after the request")
    assert took < 5


def test_a_killed_worker_leaves_the_push_ended_with_the_reason(queued: tuple[JobRunner, TaskQueue],  # noqa: F811
                                                               workers: Callable[..., subprocess.Popen[bytes]],  # noqa: F811
                                                               settings: Settings, tmp_path: Path) -> None:
    runner, _ = queued
    job = ready_job(runner, tmp_path)
    doomed = workers("--concurrency", "1", "--name", "doomed")
    target = settings.target_url or ""
    with push_lock_held(target):
        push = PushInThread(runner, job.id, target)
        wait_until(lambda: waiting_for_the_lock(runner, job.id), 60, "the worker's push to wait for the lock")
        assert runner.store.get_job(job.id).artifacts["push_worker"].endswith(f":{doomed.pid}")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        # Any live worker ends the dead one's tasks, here after three missed heartbeats (2 s each).
        workers("--concurrency", "1", "--name", "reaper", WIRETABLE_WORKER_STALLED_SECONDS="6")
        push.join(60)
    assert isinstance(push.error, PushError) and str(push.error) == PUSH_WORKER_DIED, push.error
    done = runner.store.get_job(job.id)
    assert done.status is JobStatus.READY and done.error == PUSH_WORKER_DIED  # not left applying
    assert [e.message for e in runner.store.events(job.id)][-1] == f"push failed: {PUSH_WORKER_DIED}"
    assert tables_of(target) == set()
    result = runner.push(job.id, target)  # the job can be pushed again, by the live worker
    assert result.version == 1 and runner.store.get_job(job.id).status is JobStatus.APPLIED


def test_a_target_with_a_password_is_pushed_here_and_a_waiting_push_cancels_at_once(
        queued: tuple[JobRunner, TaskQueue], settings: Settings, tmp_path: Path) -> None:  # noqa: F811
    runner, _ = queued
    store = runner.store
    target = settings.target_url or ""
    # No worker runs: a push that went to the queue would wait there.
    waiting = ready_job(runner, tmp_path)
    push = PushInThread(runner, waiting.id, target)
    wait_until(lambda: "push_task" in store.get_job(waiting.id).artifacts, 30, "the push to be queued")
    runner.cancel(waiting.id)
    push.join(10)
    assert isinstance(push.error, PushError) and push.error.cancelled  # type: ignore[attr-defined]
    assert store.get_job(waiting.id).status is JobStatus.READY and tables_of(target) == set()

    job = ready_job(runner, tmp_path)
    secret = "s3cret-Pw-9"
    result = runner.push(job.id, with_password(target, secret))  # the server trusts the socket: any password works
    assert result.version == 1 and store.get_job(job.id).artifacts["push"].startswith("process:")
    with psycopg.connect(store.conninfo) as conn:
        rows = conn.execute("SELECT task_name, args::text FROM procrastinate_jobs").fetchall()
    assert [name for name, _ in rows] == [PUSH_TASK]  # only the cancelled one went to the queue
    assert all(secret not in args for _, args in rows)
