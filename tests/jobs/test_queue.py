"""Jobs on the Postgres task queue, run by real `wiretable worker` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from jobs.model import JobOptions, JobStatus
from jobs.queue import WORKER_DIED, TaskQueue, hook
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.settings import Settings

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))
HAR = Path(__file__).resolve().parents[1] / "inference" / "corpus" / "gitlab-issues" / "traffic.har"


@pytest.fixture
def queued(settings: Settings) -> tuple[JobRunner, TaskQueue]:
    settings = settings.model_copy(update={"queue": "postgres"})
    store = JobStore(settings.database_url or "")
    runner, queue = JobRunner(settings, store), TaskQueue(settings, store)
    hook(runner, queue)
    return runner, queue


@pytest.fixture
def workers(settings: Settings) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    env = {**os.environ, "WIRETABLE_HOME": str(settings.home), "WIRETABLE_DATABASE_URL": settings.database_url or "",
           "WIRETABLE_TARGET_URL": settings.target_url or ""}

    def start(*args: str, **extra: str) -> subprocess.Popen[bytes]:
        log = (settings.home / f"worker-{len(started)}.log")
        log.parent.mkdir(parents=True, exist_ok=True)
        proc = subprocess.Popen([WIRETABLE, "worker", *args], env={**env, **extra}, stdout=log.open("wb"),
                                stderr=subprocess.STDOUT, start_new_session=True)
        started.append(proc)
        return proc

    yield start
    for proc in started:  # the whole group: a killed worker's browser and proxy too
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for proc in started:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_a_har_import_runs_on_a_worker_and_a_waiting_job_cancels_at_once(
        queued: tuple[JobRunner, TaskQueue], workers: Callable[..., subprocess.Popen[bytes]], tmp_path: Path) -> None:
    runner, _ = queued
    har = tmp_path / "upload.har"
    har.write_bytes(HAR.read_bytes())
    waiting = runner.start_har(har, label="waits")
    runner.cancel(waiting.id)  # no worker yet: cancelled without one
    assert runner.store.get_job(waiting.id).status is JobStatus.CANCELLED

    (tmp_path / "second.har").write_bytes(HAR.read_bytes())
    job = runner.start_har(tmp_path / "second.har", label="imports")
    assert runner.store.get_job(job.id).status is JobStatus.QUEUED
    workers("--concurrency", "1")
    done = runner.wait(job.id, timeout=90)
    assert done.status is JobStatus.READY, done.error
    assert done.artifacts["worker"].endswith(tuple(str(p) for p in range(10)))
    assert runner.store.load_schema(job.id) is not None
    assert runner.store.get_job(waiting.id).status is JobStatus.CANCELLED  # never taken afterwards


def wait_while_progressing(check: Callable[[], bool], store: JobStore, ids: list[str], quiet: float,
                           what: str) -> None:
    """Wait for ``check`` for as long as the jobs make progress: fail only once none of them has
    stored an event for ``quiet`` seconds (a running capture reports at least every 30 s), so a
    slow, busy machine takes longer instead of failing, and a job stuck running still fails."""
    def stored() -> int:
        with psycopg.connect(store.conninfo) as conn:
            row = conn.execute("SELECT count(*) FROM wiretable_job_events WHERE job_id = ANY(%s)", (ids,)).fetchone()
        return int(row[0]) if row else 0

    seen, moved = stored(), time.monotonic()
    while not check():
        now = stored()
        if now != seen:
            seen, moved = now, time.monotonic()
        elif time.monotonic() - moved > quiet:
            pytest.fail(f"no job made progress for {quiet:.0f} s while waiting for {what}")
        time.sleep(0.5)


@pytest.mark.e2e
def test_three_workers_ten_captures_one_killed(queued: tuple[JobRunner, TaskQueue], demo_url: str,
                                              workers: Callable[..., subprocess.Popen[bytes]]) -> None:
    runner, _ = queued
    store = runner.store
    concurrency = 2
    procs = [workers("--concurrency", str(concurrency), "--name", f"w{i}") for i in range(3)]
    jobs = [runner.start_capture(demo_url, JobOptions(budget_seconds=30, max_pages=3)) for _ in range(10)]
    ids = [j.id for j in jobs]
    found: list[tuple[str, str]] = []

    def a_capture_on_a_worker() -> bool:
        for job_id in ids:
            job = store.get_job(job_id)
            if job.status is JobStatus.CAPTURING and "worker" in job.artifacts:
                found.append((job_id, job.artifacts["worker"]))
                return True
        return False

    wait_while_progressing(a_capture_on_a_worker, store, ids, 300, "a capture to start on a worker")
    victim_job, victim_worker = found[0]
    victim_pid = int(victim_worker.rsplit(":", 1)[1])
    victim = next(p for p in procs if p.pid == victim_pid)
    victim.send_signal(signal.SIGKILL)
    victim.wait(60)

    wait_while_progressing(lambda: all(not store.get_job(i).status.running for i in ids), store, ids, 180,
                           "every job to end")
    ended = {i: store.get_job(i) for i in ids}
    died = [i for i, j in ended.items() if j.status is JobStatus.FAILED and j.error == WORKER_DIED]
    assert victim_job in died
    assert len(died) <= concurrency  # only what the killed worker held
    for job_id in died:
        started = [e for e in store.events(job_id) if e.kind == "status" and e.stage == "capturing"]
        worker = ended[job_id].artifacts.get("worker")
        # a job the killed worker took and never began has no worker yet, and never captured
        assert worker.endswith(f":{victim_pid}") if worker else not started, (job_id, worker)
    for job_id, job in ended.items():
        captures = [e for e in store.events(job_id) if e.kind == "status" and e.stage == "capturing"]
        assert len(captures) == 1 or (job_id in died and not captures), \
            f"job {job_id} started capturing {len(captures)} times"  # never run twice
        if job_id not in died:
            assert job.status is JobStatus.READY, (job_id, job.status, job.error)
    print(f"10 jobs: {len(ids) - len(died)} ready, {len(died)} failed with the killed worker ({victim_pid})")


@pytest.mark.e2e
def test_cancel_reaches_the_worker_running_a_capture(queued: tuple[JobRunner, TaskQueue], demo_url: str,
                                                     workers: Callable[..., subprocess.Popen[bytes]]) -> None:
    runner, _ = queued
    workers("--concurrency", "1")
    job = runner.start_capture(demo_url, JobOptions(budget_seconds=120, max_pages=500))
    wait_until(lambda: runner.store.get_job(job.id).status is JobStatus.CAPTURING, 90, "the capture to start")
    runner.cancel(job.id)  # this process does not run the job: the request travels through the database
    done = runner.wait(job.id, timeout=60)
    assert done.status is JobStatus.CANCELLED, (done.status, done.error)
    stages = [e.stage for e in runner.store.events(job.id)]
    assert stages.index("cancel") < stages.index("cancelled")
