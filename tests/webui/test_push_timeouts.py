"""Pushes from the web UI wait for another push, and run each statement, only as long as the
settings allow (WIRETABLE_PUSH_LOCK_TIMEOUT, WIRETABLE_PUSH_STATEMENT_TIMEOUT), as the CLI does."""

from __future__ import annotations

import time

import psycopg
import pytest
from nicegui.testing import User

from jobs.store import JobStore
from sql.ledger import ADVISORY_LOCK_KEY
from tests.factories import make_schema
from tests.webui.editor_support import make_job, open_job, wait_for


@pytest.fixture
def short_lock_wait(monkeypatch: pytest.MonkeyPatch, ui_env: dict[str, str]) -> None:
    """Set before the app starts (the ``user`` fixture comes after it), as an operator would."""
    monkeypatch.setenv("WIRETABLE_PUSH_LOCK_TIMEOUT", "1")


async def test_a_ui_push_behind_another_push_gives_up_after_the_configured_wait(
        short_lock_wait: None, user: User, ui_env: dict[str, str]) -> None:
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), make_schema())
    await open_job(user, job)
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"], autocommit=True) as other_push:
        other_push.execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
        started = time.monotonic()
        user.find(marker="push").click()
        await wait_for(user, marker="push_result", content="gave up after waiting 1 s for another push", seconds=20)
        waited = time.monotonic() - started
    assert waited < 15  # the default wait is 60 s
