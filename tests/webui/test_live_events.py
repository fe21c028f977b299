"""In queue mode, events that another process (a worker) stores reach the job page as they happen:
the app database announces each one, and the page redraws within a fraction of a second instead
of waiting for its next poll."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from jobs.model import JobStatus
from jobs.store import JobStore

ROOT = Path(__file__).resolve().parents[2]
STEPS, SPACING = 6, 0.4

_WRITER = """
import sys, time
from jobs.store import JobStore
store = JobStore(sys.argv[1])
for i in range(int(sys.argv[3])):
    time.sleep(float(sys.argv[4]))
    store.add_event(sys.argv[2], stage="capturing", message=f"remote step {i}")
"""


@pytest.fixture
def queue_mode(ui_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("WIRETABLE_QUEUE", "postgres")
    return ui_env


async def test_the_job_page_shows_events_another_process_stores_at_once(queue_mode: dict[str, str],
                                                                       user: User) -> None:
    store = JobStore(queue_mode["WIRETABLE_DATABASE_URL"])
    job = store.create_job("http://127.0.0.1:9/")
    store.set_status(job.id, JobStatus.CAPTURING, "capturing")
    await user.open(f"/jobs/{job.id}")
    await user.should_see("capturing", retries=50)
    stage = next(iter(user.find(marker="stage").elements))
    assert isinstance(stage, ui.label)

    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _WRITER, store.conninfo, job.id, str(STEPS), str(SPACING),
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=asyncio.subprocess.PIPE)
    seen: dict[str, datetime] = {}
    deadline = time.monotonic() + 60
    while len(seen) < STEPS and time.monotonic() < deadline:
        text = stage.text
        if text.startswith("remote step") and text not in seen:
            seen[text] = datetime.now(UTC)
        await asyncio.sleep(0.01)
    _, err = await writer.communicate()
    assert writer.returncode == 0, err.decode()[-2000:]
    stored = {e.message: e.at for e in store.events(job.id) if e.message.startswith("remote step")}
    assert len(stored) == STEPS
    assert sorted(seen) == sorted(stored), f"the page skipped events: saw {sorted(seen)}"
    delays = [(seen[m] - stored[m]).total_seconds() for m in stored]
    print(f"job page: events of another process shown after median {statistics.median(delays):.3f} s, "
          f"max {max(delays):.3f} s")
    assert max(delays) < 1.0, delays
