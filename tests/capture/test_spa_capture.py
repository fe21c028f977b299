"""End to end: an SPA behind a login, captured by the job runner with a storage state and an extra
header, over HTTP (with a third-party host) and HTTPS (self-signed); then inference and export,
and a search of everything wiretable wrote for the app's secrets."""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from capture.auth import Credentials
from capture.run import run_capture
from inference import infer_schema
from jobs.events import CaptureFinished
from jobs.model import Job, JobOptions, JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.exchange import read_exchanges
from kernel.settings import Settings
from sql.ddl import render_ddl
from sql.introspect import introspect
from tests.capture.spa_app import SECRETS, WORKSPACE_KEY, SpaApp, run_spa, self_signed_context, storage_state
from tests.conftest import _create_db

pytestmark = pytest.mark.e2e

ENTITIES = {"projects": ("project",), "people": ("people", "person"), "milestones": ("milestone",),
            "activity": ("activit",), "reports": ("report",)}
APP_ENDPOINTS = {"GET /api/session", "POST /api/token", "GET /api/projects", "GET /api/people",
                 "GET /api/milestones", "GET /api/activity", "GET /api/reports"}


@dataclass
class Captured:
    settings: Settings
    store: JobStore
    runner: JobRunner
    job: Job
    app: SpaApp
    third_hits: list[dict[str, str]]
    logs: list[str]
    app_db: str
    target_db: str


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def captured(pg_server: str) -> Iterator[Captured]:
    home = Path(tempfile.mkdtemp(prefix="wiretable-spa-", dir="/tmp"))
    settings = Settings(home=home, database_url=_create_db(pg_server), target_url=_create_db(pg_server))
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    handler = _Collect()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with run_spa() as (app, third_hits):
            assert settings.database_url and settings.target_url
            store = JobStore(settings.database_url)
            runner = JobRunner(settings, store)
            credentials = Credentials(storage_state=storage_state(app.url), headers={"X-Workspace": WORKSPACE_KEY})
            job = runner.start_capture(app.url, JobOptions(budget_seconds=60, max_pages=12), credentials)
            job = runner.wait(job.id, timeout=240)
            yield Captured(settings, store, runner, job, app, third_hits, handler.lines,
                           settings.database_url, settings.target_url)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        shutil.rmtree(home, ignore_errors=True)


def _tables_match(names: list[str]) -> dict[str, bool]:
    return {entity: any(stem in name for name in names for stem in stems) for entity, stems in ENTITIES.items()}


def test_spa_behind_a_login_yields_every_endpoint_and_entity(captured: Captured) -> None:
    job = captured.store.get_job(captured.job.id)
    assert job.status is JobStatus.READY, job.error
    snapshot: dict[str, Any] = next(e.data.traffic for e in reversed(captured.store.events(job.id))
                                    if isinstance(e.data, CaptureFinished))
    found = {f"{e['method']} {e['path']}" for e in snapshot["endpoints"] if e["host"] == "127.0.0.1"}
    assert found >= APP_ENDPOINTS, sorted(found)
    # every call of the app succeeded: the storage state and the extra header logged the browser in
    for endpoint in snapshot["endpoints"]:
        if endpoint["host"] == "127.0.0.1":
            assert set(endpoint["statuses"]) == {"200"}, endpoint
    hits = captured.app.hits
    assert hits.count("GET /api/projects") >= 3  # "Load more" clicked until the last page
    assert hits.count("GET /api/people") >= 2  # infinite scroll
    assert not [h for h in hits if h.startswith("DELETE") or h in ("POST /api/pay", "POST /api/messages",
                                                                     "POST /api/login", "GET /logout")]
    # the third party was called, shown, excluded from inference and never got the credentials
    third = [h for h in snapshot["hosts"] if h["host"] == "localhost"]
    assert third and third[0]["third_party"] and not third[0]["included"]
    assert captured.third_hits and all("x-workspace" not in h and "cookie" not in h for h in captured.third_hits)

    schema = captured.store.load_schema(job.id)
    assert schema is not None
    names = [t.name for t in schema.tables]
    assert all(_tables_match(names).values()), names
    assert not any("weather" in name for name in names)
    assert job.options.authenticated and job.options.auth_header_names == ["x-workspace"]


def test_including_a_third_party_host_adds_its_entity(captured: Captured) -> None:
    job_id = captured.job.id
    captured.runner.set_host_included(job_id, "localhost", True)
    try:
        captured.runner.reinfer(job_id)
        schema = captured.store.load_schema(job_id)
        assert schema is not None and any("weather" in t.name for t in schema.tables)
    finally:
        captured.runner.set_host_included(job_id, "localhost", False)
        captured.runner.reinfer(job_id)


def _database_text(url: str) -> str:
    """Every row of every table in the database, as text."""
    chunks = []
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')").fetchall()
        for (table,) in tables:
            chunks.extend(str(row) for row in conn.execute(f"SELECT t::text FROM {table} t").fetchall())
    return "\n".join(chunks)


def test_no_secret_reaches_the_data_dir_the_databases_or_the_logs(captured: Captured) -> None:
    job = captured.store.get_job(captured.job.id)
    assert job.status in (JobStatus.READY, JobStatus.APPLIED), job.error
    schema = captured.store.load_schema(job.id)
    assert schema is not None
    export = captured.settings.home_dir / "exports"
    export.mkdir(exist_ok=True)
    (export / "schema.sql").write_text(render_ddl(schema, dialect="postgres"))
    captured.runner.push(job.id)
    assert introspect(captured.target_db).tables

    traffic = Path(job.artifacts["traffic"]).read_text()
    assert "[REDACTED:" in traffic and "x-workspace" in traffic  # the header was captured, its value hidden
    searched = 0
    for path in captured.settings.home_dir.rglob("*"):
        if path.is_file() and "pgdata" not in path.parts:
            data = path.read_bytes()
            searched += 1
            for secret in SECRETS:
                assert secret.encode() not in data, (secret, path)
    assert searched >= 3
    for text in (_database_text(captured.app_db), _database_text(captured.target_db), "\n".join(captured.logs)):
        for secret in SECRETS:
            assert secret not in text


@pytest.fixture
def https_settings(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    return settings


def test_https_app_with_a_self_signed_certificate(https_settings: Settings, tmp_path: Path) -> None:
    context = self_signed_context(tmp_path)
    with run_spa(third_party=False, ssl_context=context) as (app, _):
        assert app.url.startswith("https://")
        credentials = Credentials(storage_state=storage_state(app.url),
                                  headers={"X-Workspace": WORKSPACE_KEY, "Cookie": "sid=" + SECRETS[0]})
        out = tmp_path / f"{uuid.uuid4().hex}.jsonl"
        result = run_capture(app.url, out, settings=https_settings, budget_seconds=45, max_pages=8,
                             credentials=credentials)
    assert result.requests_captured > 0
    exchanges = list(read_exchanges(out))
    assert all(x.request.url.startswith("https://127.0.0.1") for x in exchanges)
    paths = {x.request.url.split("?")[0].removeprefix(app.url.rstrip("/")) for x in exchanges
             if x.response.status == 200}
    assert {"/api/projects", "/api/people", "/api/milestones", "/api/activity", "/api/reports"} <= paths, paths
    names = [t.name for t in infer_schema(read_exchanges(out)).tables]
    assert all(_tables_match(names).values()), names
    text = out.read_text()
    for secret in SECRETS:
        assert secret not in text
