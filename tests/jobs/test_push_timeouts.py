"""Every push path takes the lock and statement timeouts from the settings: the job runner (the web
UI's push and plan), and the REST API's push and plan, as the command line does."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import psycopg
import pytest

from jobs.runner import JobRunner
from jobs.schema_service import push_to
from jobs.store import JobStore
from kernel.errors import PushError
from kernel.schema import Column
from kernel.settings import Settings
from sql.apply import push
from sql.ledger import ADVISORY_LOCK_KEY
from tests.factories import make_schema
from tests.webui.editor_support import make_job


@pytest.fixture
def other_push(settings: Settings) -> Iterator[None]:
    """Another push holding the target's push lock."""
    assert settings.target_url is not None
    with psycopg.connect(settings.target_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        yield


def gives_up_quickly(call: Callable[[], object]) -> None:
    started = time.monotonic()
    with pytest.raises(PushError, match="gave up after waiting 1 s for another push"):
        call()
    assert time.monotonic() - started < 15  # the default wait is 60 s


def test_the_job_runner_waits_as_long_as_the_settings_say(settings: Settings, other_push: None) -> None:
    configured = settings.model_copy(update={"push_lock_timeout": 1.0})
    assert configured.database_url is not None
    store = JobStore(configured.database_url)
    runner = JobRunner(configured, store)
    job = make_job(store, make_schema())
    gives_up_quickly(lambda: runner.push(job.id, dry_run=True))
    gives_up_quickly(lambda: runner.push(job.id))


def test_the_rest_api_push_waits_as_long_as_the_settings_say(settings: Settings, other_push: None) -> None:
    configured = settings.model_copy(update={"push_lock_timeout": 1.0})
    assert configured.database_url is not None
    conninfo = configured.database_url
    gives_up_quickly(lambda: push_to(make_schema(), None, configured, conninfo, dry_run=True))
    gives_up_quickly(lambda: push_to(make_schema(), None, configured, conninfo, dry_run=False))


def test_the_job_runner_bounds_each_statement_as_the_settings_say(settings: Settings) -> None:
    assert settings.database_url is not None and settings.target_url is not None
    push(make_schema(), settings.target_url)
    wider = make_schema()
    wider.tables[0].columns.append(Column(name="nickname", type="text"))
    store = JobStore(settings.database_url)
    runner = JobRunner(settings.model_copy(update={"push_statement_timeout": 1.0}), store)
    job = make_job(store, wider)
    with psycopg.connect(settings.target_url) as blocker:
        blocker.execute("SET idle_in_transaction_session_timeout = '20s'")  # never a hang, whatever happens
        blocker.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(PushError, match="statement timeout"):
            runner.push(job.id)
        assert time.monotonic() - started < 15
