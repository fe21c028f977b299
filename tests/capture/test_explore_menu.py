"""The explorer on a single-page app that starts slowly and navigates through a sidebar of entries
without links or roles (history-API routes), in real headless Chromium through mitmproxy."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from capture.explorer import ExploreResult, explore, normalize_link
from capture.proxy import ProxyProcess
from capture.routes import is_unbuilt_route
from kernel.settings import Settings
from tests.capture.explore_pages import SIDEBAR_SECTIONS, PagesServer, serve_pages


@pytest.mark.parametrize(("url", "unbuilt"), [
    ("http://a.test/projects/1/undefined", True),
    ("http://a.test/#/runs/null", True),
    ("http://a.test/items/NaN/edit", True),
    ("http://a.test/a/%5Bobject%20Object%5D", True),
    ("http://a.test/search?project=undefined", True),
    ("http://a.test/null-island", False),
    ("http://a.test/#/nullable", False),
    ("http://a.test/projects/1?q=null+pointer", False),
])
def test_routes_built_from_missing_values_are_not_queued(url: str, unbuilt: bool) -> None:
    assert is_unbuilt_route(url) is unbuilt
    assert (normalize_link(url) is None) is unbuilt


@pytest.fixture(scope="module")
def pages() -> Iterator[PagesServer]:
    with serve_pages() as server:
        yield server


def test_a_sidebar_of_entries_without_links_drives_every_route(pages: PagesServer, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    outcome: list[ExploreResult] = []
    with ProxyProcess(settings.mitmdump, tmp_path / "out.jsonl", tmp_path / "mitmproxy", body_cap=100_000) as proxy:
        worker = threading.Thread(target=lambda: outcome.append(explore(
            f"{pages.url}/spa", proxy_url=proxy.url, chromium_path=settings.chromium, budget_seconds=120,
            max_pages=50, saturation_seconds=8)))
        worker.start()
        worker.join(timeout=180)
    assert outcome, "the exploration did not finish"
    result = outcome[0]
    host = pages.url.removeprefix("http://")
    # every entry of the menu was played, its route visited as a page and its data requested
    for section in SIDEBAR_SECTIONS:
        assert f"GET /api/spa/{section}" in result.api_templates, (section, result.api_templates)
        assert f"{host}/spa/{section}" in result.route_templates, (section, result.route_templates)
    # "Start" was clicked once the project had loaded, never while its route was still undefined
    assert "GET /api/spa/annotate" in result.api_templates
    assert not [page for page in result.pages_visited if "undefined" in page]
    assert pages.count("POST /api/spa/logout") == 0  # a destructive entry is never clicked
    assert result.failed_clicks == []
