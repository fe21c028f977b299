"""The job page's "Infer again with these hosts" in queue mode: the run is a task that the app's
worker takes, the button stays disabled while it runs, and the page shows the new version when
the run's end event arrives, without a reload."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from jobs.events import CaptureFinished
from jobs.live import LiveTraffic
from jobs.model import JobStatus
from jobs.store import JobStore
from kernel.schema import load_schema
from tests.jobs.test_queue_reinfer import saving_held, waiting_to_save
from tests.webui.editor_support import open_job, wait_for

GOLDEN = Path(__file__).resolve().parents[1] / "inference" / "golden"


@pytest.fixture
def queue_mode(ui_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("WIRETABLE_QUEUE", "postgres")
    return ui_env


async def until(check: Callable[[], bool], seconds: float, what: str, *, blocking: bool = False) -> None:
    """Wait for ``check`` (run off the event loop when ``blocking``) to hold, looking every 0.1 s."""
    for _ in range(int(seconds / 0.1)):
        if await asyncio.to_thread(check) if blocking else check():
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


async def test_inferring_again_runs_on_the_queue_and_the_page_follows_it(
        queue_mode: dict[str, str], user: User, tmp_path: Path) -> None:
    store = JobStore(queue_mode["WIRETABLE_DATABASE_URL"])
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    store.set_status(job.id, JobStatus.INFERRING, "inferring")
    traffic = tmp_path / "traffic.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    live = LiveTraffic(traffic)
    live.poll()
    store.update(job.id, artifacts={"traffic": str(traffic)})
    store.add_event(job.id, stage="capturing", message="capture finished",
                    data=CaptureFinished(traffic=live.snapshot(all_hosts=True)))
    store.save_schema_version(job.id, load_schema(GOLDEN / "demo.schema.json"), note="inferred")
    job = store.set_status(job.id, JobStatus.READY, "schema ready")

    await open_job(user, job)
    await wait_for(user, marker="host-demo.local")
    user.find(marker="host-demo.local").click()  # leave the host out, then in again: the button shows
    user.find(marker="host-demo.local").click()
    button = user.find(marker="reinfer").elements.pop()
    assert isinstance(button, ui.button) and button.visible and button.enabled
    with pytest.raises(AssertionError):
        user.find(marker="cancel")  # a job with a schema shows no Cancel...

    with saving_held(store.conninfo, job.id):  # the run waits to save its version until the block ends
        user.find(marker="reinfer").click()
        await wait_for(user, content="inferring again with these hosts")
        await until(lambda: waiting_to_save(store.conninfo), 60, "the worker's run to wait to save", blocking=True)
        assert store.get_job(job.id).artifacts["infer_worker"].endswith(f":{os.getpid()}")  # the app's worker
        await until(lambda: not button.enabled, 10, "the page to show the run as running")
        await user.should_see(marker="cancel")  # ...until it is inferred again: that run can be cancelled
        cancel = user.find(marker="cancel").elements.pop()
        user.find(marker="reinfer").click()  # disabled: no second run
    await wait_for(user, content="schema version 2 inferred", seconds=60)
    await wait_for(user, marker="version-2")  # the editor shows the new version, no reload
    assert button.enabled and not cancel.visible
    assert store.latest_schema_version(job.id) == 2
    assert store.get_job(job.id).status is JobStatus.READY
