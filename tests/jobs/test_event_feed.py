"""Job events written by several processes at once: numbers unique and gap-free, and every one
announced to the processes that listen (the event feed), with polling left as the fallback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

from jobs.feed import EventFeed
from jobs.model import JobStatus
from jobs.store import JobStore
from kernel.errors import JobError

ROOT = Path(__file__).resolve().parents[2]
WRITERS, EACH = 4, 60

# A writer process: waits for the start file, then stores EACH events of the job as fast as it can.
_WRITER = """
import sys, time
from pathlib import Path
from jobs.store import JobStore
url, job_id, name, each, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
store = JobStore(url)
(go.parent / f"ready-{name}").touch()
while not go.exists():
    time.sleep(0.005)
for i in range(each):
    store.add_event(job_id, stage="progress", message=f"{name} {i}")
"""


def _writers(url: str, job_id: str, go: Path, count: int, each: int) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return [subprocess.Popen([sys.executable, "-c", _WRITER, url, job_id, f"w{n}", str(each), str(go)], env=env,
                             stderr=subprocess.PIPE) for n in range(count)]


def test_processes_writing_events_to_one_job_get_unique_gap_free_numbers(app_db_url: str, tmp_path: Path) -> None:
    store = JobStore(app_db_url)
    job = store.create_job("http://127.0.0.1:9/")
    go = tmp_path / "go"
    procs = _writers(app_db_url, job.id, go, WRITERS, EACH)
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < WRITERS:  # every writer is connected and waiting
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "a writer did not start"
        time.sleep(0.02)
    go.touch()
    # This process writes too, and moves the job through its states meanwhile.
    store.set_status(job.id, JobStatus.CAPTURING, "capturing")
    for i in range(EACH):
        store.add_event(job.id, stage="progress", message=f"main {i}")
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]
    events = store.events(job.id)
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(events) + 1))  # unique, in order, no gap
    assert len(events) == 2 + (WRITERS + 1) * EACH  # created, capturing, and every write
    per_writer: dict[str, list[int]] = {}
    written = [e for e in events if e.stage == "progress"]
    for event in written:
        name, number = event.message.split()
        per_writer.setdefault(name, []).append(int(number))
    assert sorted(per_writer) == ["main", *(f"w{n}" for n in range(WRITERS))]
    assert all(numbers == list(range(EACH)) for numbers in per_writer.values()), per_writer
    # The writers really interleaved: the numbers were handed out under contention.
    owners = [e.message.split()[0] for e in written]
    assert sum(1 for a, b in zip(owners, owners[1:], strict=False) if a != b) > WRITERS


def test_an_event_of_an_unknown_job_is_a_clear_error(app_db_url: str) -> None:
    store = JobStore(app_db_url)
    try:
        store.add_event("nope", stage="x", message="y")
    except JobError as exc:
        assert "no job with id 'nope'" in str(exc)
    else:
        raise AssertionError("an event of an unknown job was stored")


def test_the_feed_wakes_a_subscriber_on_each_event_another_process_stores(app_db_url: str, tmp_path: Path) -> None:
    store = JobStore(app_db_url)
    job, other = store.create_job("http://127.0.0.1:9/"), store.create_job("http://127.0.0.1:9/")
    feed = EventFeed(app_db_url).start()
    assert feed.listening
    woken: list[float] = []
    ours = threading.Event()
    stop = feed.subscribe(job.id, lambda: (woken.append(time.monotonic()), ours.set()))
    foreign: list[float] = []
    feed.subscribe(other.id, lambda: foreign.append(time.monotonic()))
    try:
        go = tmp_path / "go"
        go.touch()
        started = time.monotonic()
        (proc,) = _writers(app_db_url, job.id, go, 1, 5)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert ours.wait(5), "no wake-up for events stored by another process"
        deadline = time.monotonic() + 5
        while len(woken) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(woken) == 5 and woken[0] >= started
        assert foreign == []  # only the subscribers of that job
        stop()
        store.add_event(job.id, stage="progress", message="after unsubscribing")
        store.add_event(other.id, stage="progress", message="announced after it")
        deadline = time.monotonic() + 5
        while not foreign and time.monotonic() < deadline:  # announcements arrive in commit order
            time.sleep(0.01)
        assert len(foreign) == 1 and len(woken) == 5
    finally:
        feed.stop()
    assert not feed.listening


def test_the_feed_listens_again_after_its_connection_is_cut(app_db_url: str) -> None:
    store = JobStore(app_db_url)
    job = store.create_job("http://127.0.0.1:9/")
    feed = EventFeed(app_db_url).start()
    woken = threading.Event()
    feed.subscribe(job.id, woken.set)
    try:
        with psycopg.connect(app_db_url, autocommit=True) as admin:
            cut = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%%'"
                                " AND datname = current_database()").fetchall()
        assert cut, "the feed's connection was not found"
        deadline = time.monotonic() + 10
        while feed.listening and time.monotonic() < deadline:
            time.sleep(0.02)
        assert feed.wait_listening(10), "the feed did not listen again"
        assert woken.wait(1), "listening again wakes every subscriber (events may have been missed meanwhile)"
        woken.clear()
        store.add_event(job.id, stage="progress", message="after the cut")
        assert woken.wait(5)
    finally:
        feed.stop()
