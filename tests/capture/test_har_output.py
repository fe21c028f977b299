"""`wiretable capture URL -o NAME.har` end to end: a real local app, real mitmdump and headless
Chromium; the file is a HAR 1.2 that har-validator accepts and mitmproxy reads, holding the redacted
traffic the capture counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capture.har import iter_traffic
from capture.har_write import partial_path
from jobs.verbs.capture import capture
from kernel.settings import Settings
from tests.capture.conftest import BIG_ID, SECRETS, DemoApp
from tests.capture_har.peers import har_validator_errors, mitmproxy_flows

pytestmark = pytest.mark.e2e


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return settings


def test_capture_into_a_har_writes_a_har(demo_app: DemoApp, settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "demo.har"
    result = capture(demo_app.url, out, settings, budget_seconds=40, max_pages=5)

    assert result.out_path == out and not partial_path(out).exists()
    assert har_validator_errors(out) is None
    exchanges = list(iter_traffic(out))
    assert result.requests_captured == len(exchanges) == len(json.loads(out.read_text())["log"]["entries"]) > 0
    flows = mitmproxy_flows(out)
    assert [f[1] for f in flows] == [x.request.url for x in exchanges]
    users = next(x for x in exchanges if x.request.url.split("?")[0].endswith("/api/users"))
    assert any(user["id"] == BIG_ID for user in users.response.body)
    assert users.page_url is not None and users.page_url.startswith(demo_app.url)
    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text

    again = capture(demo_app.url, out, settings, budget_seconds=40, max_pages=2)
    assert len(list(iter_traffic(out))) == len(exchanges) + again.requests_captured
    assert har_validator_errors(out) is None
