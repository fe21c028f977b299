"""run_capture end to end: a real local app, real mitmdump, real headless Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from capture.run import CaptureProgress, check_reachable, run_capture, validate_url
from kernel.errors import CaptureError
from kernel.exchange import read_exchanges
from kernel.settings import Settings
from tests.capture.conftest import BIG_ID, SECRETS, DemoApp

pytestmark = pytest.mark.e2e


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = Settings(home=tmp_path / "home")
    if not settings.chromium:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return settings


def test_capture_records_api_traffic_without_secrets(
    demo_app: DemoApp, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "exchanges.jsonl"
    progress: list[CaptureProgress] = []

    result = run_capture(
        demo_app.url, out, settings=settings, budget_seconds=40, max_pages=5, on_progress=progress.append
    )

    exchanges = list(read_exchanges(out))
    assert result.requests_captured == len(exchanges) == len(out.read_text().splitlines())
    by_path = {
        (x.request.method, x.request.url.split("?")[0].removeprefix(demo_app.url.rstrip("/"))): x
        for x in exchanges
    }
    for key in [("POST", "/api/login"), ("GET", "/api/me"), ("GET", "/api/users"), ("GET", "/api/stats")]:
        assert key in by_path, sorted(by_path)
    users = by_path[("GET", "/api/users")]
    assert users.source == "proxy"
    assert users.response.status == 200
    assert users.response.content_type == "application/json"
    assert any(user["id"] == BIG_ID for user in users.response.body)  # big ints stay exact
    assert users.page_url is not None and users.page_url.startswith(demo_app.url)
    login = by_path[("POST", "/api/login")]
    assert login.request.body["username"] == "ada"
    assert login.request.body["password"].startswith("[REDACTED:str:")
    assert login.response.body["token"].startswith("[REDACTED:str:")
    assert login.response.body["user"] == {"id": BIG_ID, "name": "Ada"}
    assert by_path[("GET", "/api/me")].response.status == 200  # the app still worked through the proxy

    text = out.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text

    visited = [page.removeprefix(demo_app.url.rstrip("/")) for page in result.pages_visited]
    assert visited[0] == "/"
    assert {"/about", "/users"} <= set(visited)
    assert not any("logout" in hit or "delete" in hit for hit in demo_app.hits)
    assert not any("googleapis" in x.request.url or "gvt1" in x.request.url for x in exchanges)

    assert progress and progress[-1].requests_captured == result.requests_captured
    assert progress[-1].pages_visited == len(result.pages_visited)
    assert any(p.message.startswith("visited ") for p in progress)
    assert not result.cancelled


def test_cancel_stops_the_capture_quickly(demo_app: DemoApp, settings: Settings, tmp_path: Path) -> None:
    cancel = threading.Event()

    def on_progress(progress: CaptureProgress) -> None:
        if progress.pages_visited >= 1:
            cancel.set()

    started = time.monotonic()
    result = run_capture(
        demo_app.url,
        tmp_path / "x.jsonl",
        settings=settings,
        budget_seconds=60,
        max_pages=20,
        on_progress=on_progress,
        cancel=cancel,
    )
    assert result.cancelled
    assert 1 <= len(result.pages_visited) <= 2
    assert time.monotonic() - started < 30


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts TCP connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


def test_dead_url_fails_fast(settings: Settings, tmp_path: Path, closed_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(CaptureError, match="cannot reach URL"):
        run_capture(f"http://127.0.0.1:{closed_port}/", tmp_path / "x.jsonl", settings=settings)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "x.jsonl").exists()


def test_unknown_host_fails_fast(settings: Settings, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(CaptureError, match="cannot reach URL"):
        run_capture("http://no-such-host.invalid/", tmp_path / "x.jsonl", settings=settings)
    assert time.monotonic() - started < 12


def test_silent_server_times_out(silent_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(CaptureError, match="cannot reach URL: no answer within"):
        check_reachable(silent_server, timeout=0.5)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "127.0.0.1:8080",
        "",
        "http://[::1",
    ],
)
def test_non_http_urls_are_refused(url: str, settings: Settings, tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(CaptureError, match="only http:// and https:// URLs can be captured"):
        run_capture(url, tmp_path / "x.jsonl", settings=settings)
    assert time.monotonic() - started < 1


def test_validate_url_strips_whitespace() -> None:
    assert validate_url("  https://example.com/app \n") == "https://example.com/app"


def test_missing_chromium_is_explained(demo_app: DemoApp, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, chromium=str(tmp_path / "no-chromium"))
    with pytest.raises(CaptureError, match="apt-get install chromium"):
        run_capture(demo_app.url, tmp_path / "x.jsonl", settings=settings)


def test_missing_mitmdump_is_explained(demo_app: DemoApp, settings: Settings, tmp_path: Path) -> None:
    settings = settings.model_copy(update={"mitmdump": str(tmp_path / "no-mitmdump")})
    with pytest.raises(CaptureError, match="make setup"):
        run_capture(demo_app.url, tmp_path / "x.jsonl", settings=settings)
