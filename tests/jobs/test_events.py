"""Job events carry typed payloads; payloads stored before they had a ``type`` read back typed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobs.events import CaptureFinished, EndpointsSeen, HostChoice, ProxyReady, RefineReport, SampleDataLoaded
from jobs.model import JobEvent

AT = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("stored", "kind"), [
    ({"include": ["cdn.example"], "exclude": []}, HostChoice),
    ({"endpoints": ["GET /api/books"]}, EndpointsSeen),
    ({"endpoints": ["GET /api/books"], "traffic": {"requests": 3}}, CaptureFinished),
    ({"proxy": "127.0.0.1:8899", "instructions": ["trust the CA"]}, ProxyReady),
    ({"accepted": ["rename x"], "rejected": [], "error": None}, RefineReport),
    ({"loaded": {"books": 2}, "skipped": {"books": 0}, "reasons": {}}, SampleDataLoaded),
])
def test_a_payload_stored_without_its_type_reads_back_typed(stored: dict[str, object], kind: type) -> None:
    event = JobEvent.model_validate({"job_id": "j", "at": AT, "stage": "s", "message": "m", "data": stored})
    assert isinstance(event.data, kind)


def test_no_payload_is_none_and_a_typed_one_round_trips() -> None:
    empty = JobEvent.model_validate({"job_id": "j", "at": AT, "stage": "s", "message": "m", "data": {}})
    assert empty.data is None
    event = JobEvent(job_id="j", at=AT, stage="hosts", message="m", data=HostChoice(include=["a"], exclude=["b"]))
    again = JobEvent.model_validate_json(event.model_dump_json())
    assert again.data == HostChoice(include=["a"], exclude=["b"])


def test_an_unknown_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="type"):
        JobEvent.model_validate({"job_id": "j", "at": AT, "stage": "s", "message": "m", "data": {"zzz": 1}})
