"""Every real-world HAR in the shared evaluation set imports through a HAR job and gives a schema
or the clear "no API traffic" message; the job page's live view then shows its hosts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.model import JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from kernel.settings import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared"
HARS = sorted((SHARED / "eval" / "real-har").glob("*.har"))


@pytest.mark.skipif(not HARS, reason="the shared evaluation HARs are not present")
def test_every_real_har_gives_a_schema_or_a_clear_message(tmp_path: Path, app_db_url: str) -> None:
    runner = JobRunner(Settings(home=tmp_path), JobStore(app_db_url))
    outcomes: dict[str, str] = {}
    for har in HARS:
        job = runner.wait(runner.start_har(har).id, timeout=120)
        if job.status is JobStatus.READY:
            schema = runner.store.load_schema(job.id)
            assert schema is not None and schema.tables, har.name
            outcomes[har.name] = f"{len(schema.tables)} tables"
        else:
            assert job.status is JobStatus.FAILED, (har.name, job.status)
            assert job.error and job.error.startswith("no JSON API responses found in the capture"), (har.name, job.error)
            outcomes[har.name] = "no API traffic"
    assert len(outcomes) == len(HARS)
    assert any(v.endswith("tables") for v in outcomes.values())
