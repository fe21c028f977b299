"""The job page's Export menu offers the OpenAPI document of the captured API when the job has
traffic, and downloads it: valid, its bodies referring to the job's schema's tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from nicegui.testing import User
from openapi_spec_validator import validate

from jobs.store import JobStore
from kernel.schema import load_schema
from tests.capture_har.peers import har_validator_errors
from tests.factories import make_schema
from tests.webui.editor_support import make_job, open_job
from webui.components.export_menu import OBSERVED_LABEL, TRAFFIC_LABEL

GOLDEN = Path(__file__).resolve().parents[1] / "inference" / "golden"


async def _open_job_with_traffic(user: User, ui_env: dict[str, str], tmp_path: Path) -> Path:
    """Open the page of a job whose traffic is the demo's golden capture; its traffic file."""
    store = JobStore(ui_env["WIRETABLE_DATABASE_URL"])
    job = make_job(store, load_schema(GOLDEN / "demo.schema.json"))
    traffic = tmp_path / "traffic.jsonl"
    shutil.copyfile(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    await open_job(user, job)
    return traffic


async def test_a_job_with_traffic_downloads_its_observed_api(user: User, ui_env: dict[str, str],
                                                             tmp_path: Path) -> None:
    traffic = await _open_job_with_traffic(user, ui_env, tmp_path)
    await user.should_see(OBSERVED_LABEL)
    user.find(marker="export-openapi-observed").click()
    response = await user.download.next(timeout=20)
    document = json.loads(response.content)
    validate(document)
    assert document["paths"]["/api/books/{slug}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/Books"}
    # traffic with no API call in it: a notification, not a broken page
    traffic.write_text("")
    user.find(marker="export-openapi-observed").click()
    await user.should_see("Export failed: no API calls found in the traffic")


async def test_a_job_without_traffic_has_no_observed_choice(user: User, ui_env: dict[str, str]) -> None:
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), make_schema())
    await open_job(user, job)
    await user.should_see(marker="export-openapi")
    await user.should_not_see(marker="export-openapi-observed")
    await user.should_not_see(marker="export-traffic-har")


async def test_a_job_with_traffic_downloads_it_as_a_har(user: User, ui_env: dict[str, str], tmp_path: Path) -> None:
    traffic = await _open_job_with_traffic(user, ui_env, tmp_path)
    await user.should_see(TRAFFIC_LABEL)
    user.find(marker="export-traffic-har").click()
    response = await user.download.next(timeout=20)
    har = tmp_path / "download.har"
    har.write_bytes(response.content)
    assert har_validator_errors(har) is None
    lines = [line for line in traffic.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(json.loads(response.content)["log"]["entries"]) == len(lines)
    traffic.unlink()  # the traffic file is gone: a notification, not a broken page
    user.find(marker="export-traffic-har").click()
    await user.should_see("Export failed: job")
