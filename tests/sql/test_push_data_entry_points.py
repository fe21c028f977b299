"""`wiretable push --with-data` and `JobRunner.push(load_data=True)` on the demo's captured traffic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest

from jobs.events import SampleDataLoaded
from jobs.model import JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.errors import JobError
from kernel.schema import load_schema
from kernel.settings import Settings
from tests.factories import make_schema
from tests.sql.test_cli_plan import run

GOLDEN = Path(__file__).resolve().parent.parent / "inference" / "golden"


def rows_in(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # a name from the schema document
    assert row is not None
    return int(row[0])


def test_cli_push_with_data_reports_rows_per_table(target_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    shutil.copy(GOLDEN / "demo.schema.json", schema)
    dry = run("push", str(schema), "--target", target_url, "--dry-run", "--with-data",
              str(GOLDEN / "demo.jsonl"), cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "sample data (would load):" in dry.stdout and "  order_items: 70 loaded, 0 skipped" in dry.stdout

    pushed = run("push", str(schema), "--target", target_url, "--with-data", str(GOLDEN / "demo.jsonl"),
                 "--data-limit", "5", cwd=tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    assert "sample data:" in pushed.stdout and "  authors: 5 loaded, 0 skipped" in pushed.stdout
    assert rows_in(target_url, "authors") == 5
    books = next(line for line in pushed.stdout.splitlines() if line.startswith("  books:"))
    assert rows_in(target_url, "books") == int(books.split()[1]) > 0  # books of the 5 authors (limit 5)

    again = run("push", str(schema), "--target", target_url, "--with-data", str(GOLDEN / "demo.jsonl"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "already up to date" in again.stdout and "the push created no tables" in again.stdout
    assert rows_in(target_url, "authors") == 5


def test_cli_push_with_data_from_a_har_and_bad_input(target_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    shutil.copy(GOLDEN / "jsonplaceholder.schema.json", schema)
    pushed = run("push", str(schema), "--target", target_url, "--with-data", str(GOLDEN / "jsonplaceholder.har"),
                 cwd=tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    first = json.loads(schema.read_text())["tables"][0]["name"]
    assert rows_in(target_url, first) > 0 and f"  {first}: " in pushed.stdout

    missing = run("push", str(schema), "--target", target_url, "--with-data", str(tmp_path / "nope.jsonl"),
                  cwd=tmp_path)
    assert missing.returncode == 1 and missing.stderr.startswith("error: no such file")
    both = run("push", str(schema), "--target", target_url, "--with-data", str(GOLDEN / "demo.jsonl"),
               "--records", str(schema), cwd=tmp_path)
    assert both.returncode == 1 and "either --records or --with-data" in both.stderr


def test_job_push_loads_the_jobs_captured_data_and_records_an_event(settings: Settings, tmp_path: Path) -> None:
    assert settings.database_url is not None and settings.target_url is not None
    store = JobStore(settings.database_url)
    runner = JobRunner(settings, store)
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    store.set_status(job.id, JobStatus.INFERRING, "inferring")
    traffic = tmp_path / "traffic.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    store.save_schema_version(job.id, load_schema(GOLDEN / "demo.schema.json"), note="inferred")
    store.set_status(job.id, JobStatus.READY, "schema ready")

    result = runner.push(job.id, settings.target_url, load_data=True)
    assert "loaded sample records (" in result.summary() and "order_items: 70" in result.summary()
    assert rows_in(settings.target_url, "order_items") == 70
    event = next(e for e in store.events(job.id) if e.message.startswith("loaded sample records"))
    assert isinstance(event.data, SampleDataLoaded)
    assert event.data.loaded["books"] == rows_in(settings.target_url, "books") == 24
    assert event.data.skipped["books"] == 0
    assert store.get_job(job.id).status is JobStatus.APPLIED


def test_job_push_with_data_needs_the_jobs_traffic(settings: Settings) -> None:
    assert settings.database_url is not None
    store = JobStore(settings.database_url)
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    store.set_status(job.id, JobStatus.INFERRING, "inferring")
    store.save_schema_version(job.id, make_schema(), note="inferred")
    store.set_status(job.id, JobStatus.READY, "schema ready")
    with pytest.raises(JobError, match="no captured traffic"):
        JobRunner(settings, store).push(job.id, settings.target_url, load_data=True)
    assert store.get_job(job.id).status is JobStatus.READY
