"""The whole chain on real parts: demo app → mitmdump + headless Chromium → inference → Postgres.

The target database is read back from its catalog, not from the model that was pushed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobs.model import JobOptions, JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.settings import Settings
from sql.introspect import introspect

ROOT = Path(__file__).resolve().parent.parent
WIRETABLE = str(Path(sys.executable).with_name("wiretable"))
DEMO_TRUTH = ROOT / "demo" / "truth.json"

pytestmark = pytest.mark.e2e


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def assert_catalog_has_demo_entities(target_url: str) -> None:
    """Every demo entity table exists with its key columns, PKs and FKs, as Postgres reports them."""
    truth = json.loads(DEMO_TRUTH.read_text())
    live = introspect(target_url)
    by_cols = {t.name: {_norm(c.name) for c in t.columns} for t in live.tables}
    for ttable in truth["tables"]:
        want = {_norm(c["name"]) for c in ttable["columns"]}
        best = max(by_cols, key=lambda n: len(want & by_cols[n]) / len(want | by_cols[n]))
        overlap = len(want & by_cols[best]) / len(want)
        assert overlap >= 0.8, f"{ttable['name']}: best live match {best} has only {overlap:.0%} of its columns"
        live_table = live.table(best)
        assert live_table is not None
        if ttable.get("primary_key"):
            assert [_norm(c) for c in live_table.primary_key or []] == [_norm(c) for c in ttable["primary_key"]]
    n_fks = sum(len(t.foreign_keys) for t in live.tables)
    assert n_fks >= sum(len(t.get("foreign_keys", [])) for t in truth["tables"]) * 0.8


def test_demo_capture_infer_push_through_the_job_runner(settings: Settings, demo_url: str) -> None:
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    events = []
    job = runner.start_capture(demo_url, JobOptions(budget_seconds=40, max_pages=25))
    runner.subscribe(job.id, events.append)
    done = runner.wait(job.id, timeout=180)
    assert done.status is JobStatus.READY, done.error
    assert done.counters["pages"] >= 3
    assert done.counters["endpoints"] >= 5
    assert any(e.stage == "capturing" and e.counters.get("requests") for e in events)

    runner.push(job.id, settings.target_url)
    assert runner.store.get_job(job.id).status is JobStatus.APPLIED
    assert_catalog_has_demo_entities(settings.target_url or "")


def _cli(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WIRETABLE, *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)


def test_demo_through_the_cli_step_by_step(tmp_path: Path, demo_url: str, target_db_url: str) -> None:
    env = {**os.environ, "WIRETABLE_HOME": str(tmp_path / "home")}
    traffic, schema = tmp_path / "traffic.jsonl", tmp_path / "schema.json"

    run = _cli("capture", demo_url, "-o", str(traffic), "--budget-seconds", "40", "--max-pages", "25", env=env)
    assert run.returncode == 0, run.stderr
    assert "captured" in run.stderr

    run = _cli("infer", str(traffic), "-o", str(schema), env=env)
    assert run.returncode == 0, run.stderr
    run = _cli("validate", str(schema), env=env)
    assert run.returncode == 0, run.stderr + run.stdout
    run = _cli("ddl", str(schema), env=env)
    assert run.returncode == 0 and "CREATE TABLE" in run.stdout

    run = _cli("push", str(schema), "--target", target_db_url, "--dry-run", env=env)
    assert run.returncode == 0, run.stderr
    assert introspect(target_db_url).tables == []  # a dry run changes nothing

    run = _cli("push", str(schema), "--target", target_db_url, env=env)
    assert run.returncode == 0, run.stderr
    assert_catalog_has_demo_entities(target_db_url)

    again = _cli("push", str(schema), "--target", target_db_url, env=env)
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout.lower() or "no-op" in again.stdout.lower() or "up to date" in again.stdout.lower()
