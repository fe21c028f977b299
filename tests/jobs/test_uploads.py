"""Uploaded HARs: capped, uniquely named, imported redacted, and not kept raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobs.model import JobStatus
from jobs.runner import JobRunner
from jobs.store import JobStore
from jobs.uploads import UploadTooLarge, save_upload
from kernel.settings import Settings
from tests.hostile.secrets import planted_secrets


def _har_bytes(secret: str) -> bytes:
    entries = [{
        "startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
        "request": {"method": "GET", "url": f"https://app.test/api/items/{i}",
                    "headers": [{"name": "Authorization", "value": f"Bearer {secret}"}]},
        "response": {"status": 200, "headers": [], "content": {
            "mimeType": "application/json", "text": json.dumps({"id": i, "note": f"key {secret}"})}},
    } for i in range(3)]
    return json.dumps({"log": {"version": "1.2", "entries": entries}}).encode()


def test_uploads_with_one_name_never_overwrite_each_other(tmp_path: Path) -> None:
    first = save_upload(tmp_path, "../a b.har", [b"one"], 100)
    second = save_upload(tmp_path, "../a b.har", [b"two"], 100)
    assert first != second and first.parent == second.parent == tmp_path
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"


def test_an_upload_over_the_cap_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    with pytest.raises(UploadTooLarge, match="upload limit"):
        save_upload(tmp_path, "big.har", [b"x" * 60, b"x" * 60], 100)
    assert list(tmp_path.iterdir()) == []


def test_a_har_job_keeps_only_the_redacted_exchanges(settings: Settings) -> None:
    secret = planted_secrets(7)["aws_akia"]
    path = save_upload(settings.uploads_dir, "shop.har", [_har_bytes(secret)], settings.upload_max_bytes)
    runner = JobRunner(settings, JobStore(settings.database_url or ""))
    job = runner.wait(runner.start_har(path, label="shop.har").id, timeout=60)
    assert job.status is JobStatus.READY, job.error
    assert not path.exists()
    leaks = [p for p in settings.home_dir.rglob("*") if p.is_file() and p.suffix in (".har", ".jsonl", ".json", "")
             and secret.encode() in p.read_bytes()]
    assert leaks == []
