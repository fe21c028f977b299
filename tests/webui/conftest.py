"""The `user` fixture, with the app configured for this test before its main file runs; the
editor tests' job store and a job holding a schema with evidence."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from nicegui.testing import User
from nicegui.testing.general_fixtures import get_path_to_main_file
from nicegui.testing.user_simulation import user_simulation

from jobs.model import Job
from jobs.store import JobStore
from tests.webui.editor_support import evidence_schema, make_job
from webui.editor.staging import SETTLED_JS


@pytest.fixture
def ui_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, app_db_url: str, target_db_url: str) -> dict[str, str]:
    env = {
        "WIRETABLE_HOME": str(tmp_path / "home"),
        "WIRETABLE_DATABASE_URL": app_db_url,
        "WIRETABLE_TARGET_URL": target_db_url,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
async def user(ui_env: dict[str, str], caplog: pytest.LogCaptureFixture,
               request: pytest.FixtureRequest) -> AsyncIterator[User]:
    async with user_simulation(main_file=get_path_to_main_file(request)) as simulated:
        yield answering(simulated)
        errors = [r for r in caplog.get_records("call") if r.levelname == "ERROR"]
        if errors:
            pytest.fail(f"unexpected ERROR logs: {[r.getMessage() for r in errors]}", pytrace=False)


def answering(user: User) -> User:
    """The simulated browser mounts an update at once: it answers the editor's "mounted?" question
    (``webui.editor.staging``) at once."""
    user.javascript_rules[re.compile(re.escape(SETTLED_JS))] = lambda _: True
    return user


@pytest.fixture
def create_user(create_user: Callable[[], User]) -> Callable[[], User]:
    """nicegui's ``create_user``, with users that answer like the ``user`` fixture's."""
    return lambda: answering(create_user())


@pytest.fixture
def store(ui_env: dict[str, str]) -> JobStore:
    return JobStore(ui_env["WIRETABLE_DATABASE_URL"])


@pytest.fixture
def job(store: JobStore) -> Job:
    return make_job(store, evidence_schema())
