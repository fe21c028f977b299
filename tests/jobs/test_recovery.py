"""A job that did not finish: cut off by a restart it can be inferred from what it captured, it
can be retried as a new job, or deleted with its files; the app's shutdown stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from jobs.model import JobStatus
from jobs.recovery import delete_job, infer_captured, retry
from jobs.runner import STOPPED, JobRunner
from jobs.store import JobStore
from kernel.exchange import write_exchanges
from kernel.settings import Settings
from tests.factories import make_exchange
from tests.jobs.test_jobs import AUTHORS, BOOKS, write_har
from tests.webui.test_browser_smoke import WIRETABLE, free_port


def interrupted_job(settings: Settings, store: JobStore) -> str:
    """A browser job that captured traffic and was then cut off by a restart of the app."""
    runner = JobRunner(settings, store)
    job = store.create_job("http://127.0.0.1:9/", "browser")
    traffic = runner.job_dir(job.id) / "traffic.jsonl"
    with traffic.open("w") as out:
        write_exchanges([make_exchange("http://127.0.0.1:9/api/authors", AUTHORS),
                         make_exchange("http://127.0.0.1:9/api/books", BOOKS)], out)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    store.set_status(job.id, JobStatus.CAPTURING, "capturing")
    assert JobStore(store.conninfo).recover_interrupted() == [job.id]  # the restart
    assert store.get_job(job.id).status is JobStatus.FAILED
    return job.id


def test_an_interrupted_job_is_inferred_from_what_it_captured(settings: Settings) -> None:
    store = JobStore(settings.database_url)
    job_id = interrupted_job(settings, store)
    runner = JobRunner(settings, store)
    infer_captured(runner, job_id)
    job = runner.wait(job_id, 60)
    assert job.status is JobStatus.READY
    schema = store.load_schema(job_id)
    assert schema is not None and {"authors", "books"} <= {t.name for t in schema.tables}


def test_a_failed_job_is_deleted_with_its_files(settings: Settings) -> None:
    store = JobStore(settings.database_url)
    job_id = interrupted_job(settings, store)
    runner = JobRunner(settings, store)
    folder = runner.job_dir(job_id)
    assert any(folder.iterdir())
    delete_job(runner, job_id)
    assert not folder.exists()
    assert job_id not in [j.id for j in store.list_jobs()]


def test_a_failed_har_job_is_retried_as_a_new_job(settings: Settings, tmp_path: Path) -> None:
    store = JobStore(settings.database_url)
    runner = JobRunner(settings, store)
    har = write_har(tmp_path / "shop.har", [("http://127.0.0.1:9/api/authors", AUTHORS)])
    job = store.create_job("shop.har", "har")
    store.update(job.id, artifacts={"har": str(har)})
    store.set_status(job.id, JobStatus.FAILED, "failed", error="boom")
    again = retry(runner, job.id)
    assert again.id != job.id and again.mode == "har"
    assert runner.wait(again.id, 60).status is JobStatus.READY


@pytest.mark.e2e
def test_stopping_the_server_mid_capture_stops_the_capture_and_its_proxy(
        tmp_path: Path, app_db_url: str, target_db_url: str, demo_url: str) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp_path / "home"), WIRETABLE_DATABASE_URL=app_db_url,
               WIRETABLE_TARGET_URL=target_db_url)
    log_path = tmp_path / "serve.log"
    store = JobStore(app_db_url)
    with log_path.open("w") as log:
        proc = subprocess.Popen([WIRETABLE, "serve", "--port", str(port)], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()[-2000:]
                    time.sleep(0.2)
            job_id = httpx.post(url + "/api/v1/jobs", json={"url": demo_url}, timeout=30).json()["id"]
            while store.get_job(job_id).counters.get("requests", 0) < 3:
                assert store.get_job(job_id).status in (JobStatus.QUEUED, JobStatus.CAPTURING)
                assert time.monotonic() < deadline + 60
                time.sleep(0.2)
            proxies = [pid for pid in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                                     text=True).stdout.split()
                       if "mitmdump" in Path(f"/proc/{pid}/cmdline").read_text()]
            assert proxies, "the capture runs its proxy"
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
        finally:
            if proc.poll() is None:
                proc.kill()
    output = log_path.read_text()
    assert "Traceback" not in output and "Application shutdown failed" not in output, output[-3000:]
    assert not [pid for pid in proxies if Path(f"/proc/{pid}").exists()], "mitmdump still runs"
    job = store.get_job(job_id)
    assert job.status is JobStatus.CANCELLED and store.events(job_id)[-1].message == STOPPED
