"""The explorer on a single-page app that starts slowly and navigates through a sidebar of entries
without links or roles (history-API routes), in real headless Chromium through mitmproxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from capture.explorer import normalize_link
from capture.interact import spells
from capture.routes import is_unbuilt_route
from tests.capture.explore_pages import SIDEBAR_SECTIONS, PagesServer, serve_pages
from tests.capture.local_pages import explore_through_proxy


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


@pytest.mark.parametrize(("label", "url", "spelt"), [
    ("Members", "http://a.test/projects/1/members", True),
    ("API keys", "http://a.test/#/api-keys", True),
    ("Data set", "http://a.test/p/1/dataset?page=1", True),
    ("Start Annotation", "http://a.test/projects/1/text-classification?page=1", False),
    ("Open", "http://a.test/kinds#/texts", False),
    ("Home", "http://a.test/projects/1", False),
])
def test_a_route_that_spells_its_controls_label_is_the_same_from_any_record(label: str, url: str, spelt: bool) -> None:
    assert spells(label, url) is spelt


@pytest.fixture(scope="module")
def pages() -> Iterator[PagesServer]:
    with serve_pages() as server:
        yield server


def test_a_sidebar_of_entries_without_links_drives_every_route(pages: PagesServer, tmp_path: Path) -> None:
    result = explore_through_proxy(f"{pages.url}/spa", tmp_path, saturation_seconds=8)
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


def test_time_left_plays_a_controls_route_again_on_another_record(pages: PagesServer, tmp_path: Path) -> None:
    result = explore_through_proxy(f"{pages.url}/kinds", tmp_path, saturation_seconds=8)
    # "Open" leads to the page of the item's kind: the first item's, then, with time left, the second's
    assert {"GET /api/kinds/texts", "GET /api/kinds/spans"} <= set(result.api_templates), result.api_templates
    assert result.failed_clicks == []


def test_a_control_clicked_before_its_data_arrived_is_clicked_again(pages: PagesServer, tmp_path: Path) -> None:
    result = explore_through_proxy(f"{pages.url}/late", tmp_path, saturation_seconds=8)
    # "Open" builds its route from an item the page loads after a pause: the first click, made when
    # the page looked settled, went to #/undefined; once the item had arrived it led to the item's kind
    assert {"GET /api/kinds/texts", "GET /api/kinds/spans"} <= set(result.api_templates), result.api_templates
    assert not [page for page in result.pages_visited if "undefined" in page]
    assert result.failed_clicks == []
