"""Jobs: the state machine, persistence across restarts, and the runner's pipeline on real parts."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from jobs.model import JobStatus, check_target_url
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.errors import CaptureError, JobError, PushError
from kernel.settings import Settings
from sql.introspect import introspect
from tests.factories import make_schema


def write_har(path: Path, entries: list[tuple[str, object]]) -> Path:
    har_entries = []
    for url, body in entries:
        har_entries.append({
            "startedDateTime": "2026-01-01T00:00:00.000Z",
            "time": 5,
            "request": {"method": "GET", "url": url, "headers": [{"name": "Authorization", "value": "Bearer s3cr3t-t0ken-value"}]},
            "response": {
                "status": 200,
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "content": {"mimeType": "application/json", "text": json.dumps(body)},
            },
        })
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": har_entries}}), encoding="utf-8")
    return path


AUTHORS = [{"id": i, "name": f"Author {i}", "email": f"a{i}@example.com"} for i in range(1, 6)]
BOOKS = [{"id": 100 + i, "title": f"Book {i}", "authorId": 1 + i % 5, "price": 9.5 + i} for i in range(12)]


@pytest.fixture
def store(app_db_url: str) -> JobStore:
    return JobStore(app_db_url)


def test_state_machine_refuses_illegal_transitions(store: JobStore) -> None:
    job = store.create_job("http://127.0.0.1:9/")
    assert job.status is JobStatus.QUEUED
    store.set_status(job.id, JobStatus.CAPTURING, "capturing")
    with pytest.raises(JobError, match="cannot go from capturing to applied"):
        store.set_status(job.id, JobStatus.APPLIED, "nope")
    store.set_status(job.id, JobStatus.CANCELLED, "stop")
    with pytest.raises(JobError):
        store.set_status(job.id, JobStatus.CAPTURING, "again")


def test_jobs_events_and_versions_survive_a_restart(app_db_url: str) -> None:
    first = JobStore(app_db_url)
    job = first.create_job("http://127.0.0.1:9/")
    first.set_status(job.id, JobStatus.CAPTURING, "capturing")
    first.add_event(job.id, stage="capturing", message="page 1", counters={"pages": 1})
    first.set_status(job.id, JobStatus.INFERRING, "inferring")
    first.set_status(job.id, JobStatus.READY, "ready")
    first.save_schema_version(job.id, make_schema(), note="inferred")

    second = JobStore(app_db_url)  # a new process would open the same database
    again = second.get_job(job.id)
    assert again.status is JobStatus.READY
    assert [e.message for e in second.events(job.id)] == ["job created", "capturing", "page 1", "inferring", "ready"]
    loaded = second.load_schema(job.id)
    assert loaded is not None and loaded.content_hash() == make_schema().content_hash()


def test_interrupted_jobs_are_marked_failed_on_start(app_db_url: str) -> None:
    store = JobStore(app_db_url)
    job = store.create_job("http://127.0.0.1:9/")
    store.set_status(job.id, JobStatus.CAPTURING, "capturing")
    assert JobStore(app_db_url).recover_interrupted() == [job.id]
    recovered = store.get_job(job.id)
    assert recovered.status is JobStatus.FAILED
    assert "restart" in (recovered.error or "")


@pytest.mark.parametrize("url, message", [
    ("", "enter the URL"),
    ("ftp://example.com/", "only http:// and https://"),
    ("file:///etc/passwd", "only http:// and https://"),
    ("http://", "not a valid URL"),
])
def test_bad_urls_are_refused_before_a_job_starts(url: str, message: str) -> None:
    with pytest.raises(CaptureError, match=message):
        check_target_url(url)


def test_unknown_job_is_a_clear_error(store: JobStore) -> None:
    with pytest.raises(JobError, match="no job with id 'nope'"):
        store.get_job("nope")


def test_har_job_infers_and_pushes_to_a_real_target(settings: Settings, tmp_path: Path) -> None:
    har = write_har(tmp_path / "books.har", [
        ("http://api.test/api/authors", AUTHORS),
        *[(f"http://api.test/api/authors/{a['id']}", a) for a in AUTHORS[:2]],
        ("http://api.test/api/books", BOOKS),
    ])
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    seen = []
    job = runner.start_har(har)
    runner.subscribe(job.id, seen.append)
    done = runner.wait(job.id, timeout=60)
    assert done.status is JobStatus.READY, done.error
    assert done.counters["requests"] == 4
    assert done.counters["tables"] >= 2
    schema = runner.store.load_schema(job.id)
    assert schema is not None
    assert "s3cr3t-t0ken-value" not in Path(done.artifacts["traffic"]).read_text()

    result = runner.push(job.id, settings.target_url)
    assert runner.store.get_job(job.id).status is JobStatus.APPLIED
    live = introspect(settings.target_url or "")
    assert {t.name for t in schema.tables} <= {t.name for t in live.tables}
    assert result is not None


def test_malformed_har_fails_the_job_with_a_message(settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "broken.har"
    bad.write_text('{"log": {"entries": [ {"request": ', encoding="utf-8")
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    job = runner.wait(runner.start_har(bad).id, timeout=30)
    assert job.status is JobStatus.FAILED
    assert "broken.har" in (job.error or "")
    assert "Traceback" not in (job.error or "")


def test_dead_url_fails_the_job_quickly(settings: Settings) -> None:
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    job = runner.wait(runner.start_capture("http://127.0.0.1:9/").id, timeout=60)
    assert job.status is JobStatus.FAILED
    assert "cannot reach" in (job.error or "")


def test_empty_capture_fails_with_a_message(settings: Settings, tmp_path: Path) -> None:
    har = tmp_path / "empty.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": []}}), encoding="utf-8")
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    job = runner.wait(runner.start_har(har).id, timeout=30)
    assert job.status is JobStatus.FAILED
    assert "no JSON API" in (job.error or "") or "no requests" in (job.error or "")


def test_shutdown_cancels_running_captures(settings: Settings, demo_url: str) -> None:
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    job = runner.start_capture(demo_url)
    for _ in range(200):
        if runner.store.get_job(job.id).status is JobStatus.CAPTURING:
            break
        time.sleep(0.05)
    runner.shutdown()
    assert runner.store.get_job(job.id).status is JobStatus.CANCELLED


def test_an_unreachable_app_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(JobError, match="cannot reach the app database"):
        JobStore(f"postgresql://postgres:@/nope?host={tmp_path}")


def test_cancel_interrupts_a_push_running_in_this_process(settings: Settings, tmp_path: Path) -> None:
    from tests.jobs.test_queue_push import (
        PushInThread,
        push_lock_held,
        ready_job,
        tables_of,
        waiting_for_the_lock,
    )

    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    job = ready_job(runner, tmp_path)
    target = settings.target_url or ""
    with push_lock_held(target):
        push = PushInThread(runner, job.id, target, load_data=True)
        deadline = time.monotonic() + 30
        while not waiting_for_the_lock(runner, job.id) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert runner.store.get_job(job.id).status is JobStatus.APPLYING
        runner.cancel(job.id)
        push.join(10)
    assert isinstance(push.error, PushError) and "cancelled and rolled back" in str(push.error)
    done = runner.store.get_job(job.id)
    assert done.status is JobStatus.READY and done.error is None
    assert tables_of(target) == set()
    assert runner.push(job.id, target).version == 1  # pushed whole afterwards
