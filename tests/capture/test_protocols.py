"""HTTPS over HTTP/2, brotli bodies, redirect chains, an event stream and a websocket, captured
through the real mitmdump (and, end to end, real headless Chromium) from a hypercorn app."""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from capture.proxy import ProxyProcess
from capture.run import CaptureResult, run_capture
from inference import infer_schema
from kernel.exchange import Exchange, read_exchanges
from kernel.settings import Settings
from tests.capture.h2_app import (
    API_PATHS,
    AUTHORS,
    BOOKS,
    DUMP_SIZE,
    REVIEWS,
    SHELVES,
    H2App,
    run_h2_app,
)

pytestmark = pytest.mark.e2e

BODY_CAP = 200_000  # the brotli-encoded archive decodes to more than this


@dataclass
class BrowserCapture:
    app: H2App
    result: CaptureResult
    exchanges: list[Exchange]
    records: list[dict[str, Any]]  # the raw lines, with the fields the Exchange model ignores
    out: Path

    def path(self, exchange: Exchange) -> str:
        return exchange.request.url.split("?")[0].removeprefix(self.app.url.rstrip("/"))

    def by_path(self, path: str, method: str = "GET") -> list[tuple[Exchange, dict[str, Any]]]:
        return [(x, r) for x, r in zip(self.exchanges, self.records, strict=True)
                if self.path(x) == path and x.request.method == method]


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="wiretable-h2-", dir="/tmp"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def settings(workdir: Path) -> Settings:
    settings = Settings(home=workdir / "home", body_cap_bytes=BODY_CAP)
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    return settings


@pytest.fixture(scope="module")
def h2_app(workdir: Path) -> Iterator[H2App]:
    (workdir / "tls").mkdir()
    with run_h2_app(workdir / "tls") as app:
        yield app


@pytest.fixture(scope="module")
def captured(h2_app: H2App, settings: Settings, workdir: Path) -> BrowserCapture:
    out = workdir / "browser.jsonl"
    result = run_capture(h2_app.url, out, settings=settings, budget_seconds=45, max_pages=4)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return BrowserCapture(h2_app, result, list(read_exchanges(out)), records, out)


def test_http2_app_yields_every_api_endpoint(captured: BrowserCapture) -> None:
    assert not captured.app.server_errors  # the test app itself kept every connection up
    assert not captured.result.errors
    assert captured.result.requests_captured == len(captured.exchanges)
    assert all(x.request.url.startswith(captured.app.url) for x in captured.exchanges)
    expected = {path: ("POST" if path.endswith("ratings") else "GET") for path in API_PATHS}
    for path, method in expected.items():
        found = captured.by_path(path, method)
        assert found, (path, sorted({captured.path(x) for x in captured.exchanges}))
        assert all(200 <= x.response.status < 300 for x, _ in found)
    assert captured.by_path("/api/authors")[0][0].response.body == AUTHORS
    assert captured.by_path("/api/v2/reviews")[0][0].response.body == REVIEWS


def test_http2_is_recorded_on_both_sides(captured: BrowserCapture) -> None:
    for path in ("/api/authors", "/api/books", "/api/v2/reviews", "/api/shelves"):
        (_, record), *_ = captured.by_path(path)
        # Chromium spoke HTTP/2 to the proxy and the proxy spoke HTTP/2 to the app
        assert record["request"]["http_version"] == "HTTP/2.0", path
        assert record["response"]["http_version"] == "HTTP/2.0", path
        assert captured.app.versions(path) == {"2"}, path


def test_brotli_bodies_are_decoded_and_oversized_ones_marked_truncated(captured: BrowserCapture) -> None:
    (books, _), *_ = captured.by_path("/api/books")
    assert books.response.headers["content-encoding"] == "br"
    assert books.response.body == BOOKS and not books.response.body_truncated
    (shelves, _), *_ = captured.by_path("/api/shelves")
    assert shelves.response.headers["content-encoding"] == "br" and shelves.response.body == SHELVES
    (archive, _), *_ = captured.by_path("/api/archive")
    assert archive.response.headers["content-encoding"] == "br"
    assert int(archive.response.headers["content-length"]) < BODY_CAP  # only its decoded form is too big
    assert archive.response.body is None and archive.response.body_truncated


def test_redirect_chains_are_captured_hop_by_hop(captured: BrowserCapture) -> None:
    statuses = {path: [x.response.status for x, _ in captured.by_path(path)] for path in ("/", "/home")}
    assert statuses == {"/": [301], "/home": [302]}
    (start, _), *_ = captured.by_path("/")
    assert start.response.headers["location"] == "/home"
    assert captured.result.pages_visited[0] == f"{captured.app.url}app"
    # every load of the page (the explorer may load it again to play its controls) records each hop
    reviews = [x.response.status for x, _ in captured.by_path("/api/reviews")]
    assert reviews and set(reviews) == {307}
    assert [x.response.status for x, _ in captured.by_path("/api/v1/reviews")] == [301] * len(reviews)
    # a 307 keeps the method and the body
    (hop, _), *_ = captured.by_path("/api/ratings", "POST")
    (rated, _), *_ = captured.by_path("/api/v2/ratings", "POST")
    assert hop.response.status == 307 and hop.request.body == {"book_id": 3, "stars": 5}
    assert rated.request.body == {"book_id": 3, "stars": 5}
    assert rated.response.body == {"id": 1, "book_id": 3, "stars": 5}
    # the page behind a redirected link was explored too
    assert f"{captured.app.url}shelves" in captured.result.pages_visited


def test_redirects_do_not_change_the_inferred_schema(captured: BrowserCapture) -> None:
    schema = infer_schema(iter(captured.exchanges))
    assert {t.name for t in schema.tables} == {"authors", "books", "reviews", "ratings", "shelves"}
    reviews = next(t for t in schema.tables if t.name == "reviews")
    assert [c.name for c in reviews.columns] == list(REVIEWS[0])
    final_only = infer_schema(x for x in captured.exchanges if not 300 <= x.response.status < 400)
    assert schema.model_dump() == final_only.model_dump()


def test_event_stream_and_websocket_are_recorded_without_breaking_the_capture(
    captured: BrowserCapture,
) -> None:
    # every event reached the page through the proxy while the stream stayed open
    assert sorted(set(captured.app.event_acks)) == ["tick 1", "tick 2", "tick 3"]
    events = captured.by_path("/api/events")
    assert events, "the event stream was not recorded"
    for exchange, _ in events:
        assert exchange.response.status == 200
        assert exchange.response.content_type == "text/event-stream"
        assert exchange.response.body is None and exchange.response.body_text is None
        assert exchange.response.body_truncated  # streamed through, not kept
    # the websocket: hello from the page, the echo back, and the page's answer to it
    assert captured.app.ws_messages[:2] == [json.dumps({"hello": "server"}, separators=(",", ":")),
                                            json.dumps({"received": {"echo": {"hello": "server"}}},
                                                       separators=(",", ":"))]
    (socket, record), *_ = captured.by_path("/ws")
    assert socket.response.status == 101
    assert socket.request.headers["upgrade"].lower() == "websocket"
    assert socket.response.headers["upgrade"].lower() == "websocket"
    assert socket.response.body is None
    assert record["response"]["http_version"] == "HTTP/1.1"  # websockets are upgraded HTTP/1.1
    # the rest of the page was still captured after both were opened
    assert captured.by_path("/api/shelves")


def test_proxy_records_http2_and_a_download_cut_off_by_the_client(
    h2_app: H2App, settings: Settings, workdir: Path
) -> None:
    out = workdir / f"{uuid.uuid4().hex}.jsonl"
    with (
        ProxyProcess(settings.mitmdump, out, settings.home_dir / "mitmproxy", body_cap=BODY_CAP) as proxy,
        httpx.Client(proxy=proxy.url, http2=True, verify=False, trust_env=False, timeout=10) as client,
    ):
        answer = client.get(f"{h2_app.url}api/books", headers={"Accept-Encoding": "br"})
        assert answer.http_version == "HTTP/2" and answer.json() == BOOKS
        with client.stream("GET", f"{h2_app.url}api/dump") as download:
            assert int(download.headers["content-length"]) == DUMP_SIZE
            assert next(download.iter_raw())  # the first chunk, then the client leaves
        assert client.get(f"{h2_app.url}api/authors").json() == AUTHORS  # the proxy carries on
    records = {r["request"]["url"].removeprefix(h2_app.url): r for r in map(json.loads, out.open())}
    assert set(records) == {"api/books", "api/dump", "api/authors"}
    assert records["api/books"]["request"]["http_version"] == "HTTP/2.0"
    assert records["api/books"]["response"]["http_version"] == "HTTP/2.0"
    assert records["api/books"]["response"]["body"] == BOOKS
    dump = Exchange.model_validate(records["api/dump"])
    assert dump.response.status == 200 and dump.response.body is None and dump.response.body_truncated
