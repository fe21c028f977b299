"""The explorer's page behaviour in real headless Chromium against small apps on 127.0.0.1:
route templates, settling beside a polling request, re-finding controls after re-renders, a mode
switch that reveals links, "load more" told apart from "view all", and tabs on detail pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from capture.frontier import CoverageSample, Frontier
from capture.interact import Interaction, Memory, interact
from capture.routes import api_template, normalize_route, route_template
from capture.settle import settle
from kernel.exchange import read_exchanges
from tests.capture.explore_pages import SLOW_SECONDS, PagesServer, serve_pages
from tests.capture.local_pages import explore_through_proxy, fresh_page, launched_chromium, open_settled


@pytest.mark.parametrize(("url", "normal"), [
    ("http://App.test:80/", "http://app.test/"),
    ("http://app.test/#/", "http://app.test/"),
    ("http://app.test/#!/", "http://app.test/"),
    ("http://app.test/runs/", "http://app.test/runs"),
    ("http://app.test/runs?b=2&a=1", "http://app.test/runs?a=1&b=2"),
    ("http://app.test/runs#details", "http://app.test/runs"),
    ("http://app.test/#/experiments/3/", "http://app.test/#/experiments/3"),
    ("http://app.test:8080//a//b/", "http://app.test:8080/a/b"),
])
def test_routes_are_normalized(url: str, normal: str) -> None:
    assert normalize_route(url) == normal


@pytest.mark.parametrize(("a", "b", "same"), [
    ("http://app.test/#/experiments/3", "http://app.test/#/experiments/7", True),
    ("http://app.test/runs?page=2", "http://app.test/runs?page=5", True),
    ("http://app.test/runs/flow-run/0b7d2c3e-1111-4222-8333-444455556666",
     "http://app.test/runs/flow-run/9f8e7d6c-1111-4222-8333-444455556666", True),
    ("http://app.test/books/the-silent-river-garden", "http://app.test/books/a-tale-of-two-cities", True),
    ("http://app.test/", "http://app.test/#/", True),
    ("http://app.test/#/experiments", "http://app.test/#/models", False),
    ("http://app.test/runs?page=2", "http://app.test/runs?state=failed", False),
])
def test_route_templates(a: str, b: str, same: bool) -> None:
    assert (route_template(a) == route_template(b)) is same


def test_api_templates() -> None:
    assert api_template("get", "http://h/api/studies/3?after=0") == "GET /api/studies/{id}"
    assert api_template("POST", "http://h/api/flow_runs/filter") == "POST /api/flow_runs/filter"


def test_frontier_goes_breadth_first_across_templates_and_samples_a_few() -> None:
    frontier = Frontier(samples=2)
    for url in ["http://a/#/e/1", "http://a/#/e/2", "http://a/#/e/3", "http://a/#/e/4", "http://a/#/models"]:
        frontier.add(normalize_route(url))
    assert not frontier.add(normalize_route("http://a/#/e/1/"))  # the same page spelled differently
    order = []
    while (url := frontier.next()) is not None:
        frontier.visited(url)
        order.append(url)
    # samples spread over the list (first, last): neighbours in a sorted list are alike
    assert order == ["http://a/#/e/1", "http://a/#/models", "http://a/#/e/4"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def pages() -> Iterator[PagesServer]:
    with serve_pages() as server:
        yield server


@pytest.fixture
def page(browser: Browser, pages: PagesServer) -> Iterator[Page]:
    with fresh_page(browser, pages.url) as fresh:
        yield fresh


def _interact(page: Page, template: str, found: list[str]) -> Interaction:
    return interact(page, template=template, remaining=lambda: 60.0, cancel=threading.Event(),
                    allow_destructive=False, memory=Memory(), out_of_requests=lambda: False,
                    found_link=found.append)


def test_settle_waits_for_the_api_and_ignores_polling(page: Page, pages: PagesServer) -> None:
    page.goto(f"{pages.url}/polling", wait_until="domcontentloaded")
    settled = settle(page, remaining=lambda: 60.0, cancel=threading.Event(), limit=20)
    assert not settled.timed_out
    assert settled.waited >= SLOW_SECONDS * 0.8  # it waited for the slow answer...
    assert page.evaluate("() => document.body.dataset.rendered") == "yes"  # ...and its rendering
    page.wait_for_function("() => true")
    polls = pages.count("/api/poll")
    page.wait_for_function("(n) => window.__wiretablePolling().length > 0", arg=polls)
    assert pages.count("/api/poll") >= 3  # the page never stopped polling, and settle did not wait for it


def test_settle_is_bounded(page: Page, pages: PagesServer) -> None:
    page.goto(f"{pages.url}/polling", wait_until="domcontentloaded")
    settled = settle(page, remaining=lambda: 60.0, cancel=threading.Event(), limit=0.3)
    assert settled.timed_out and settled.waited < 5


def test_controls_are_found_again_after_every_re_render(page: Page, pages: PagesServer) -> None:
    open_settled(page, f"{pages.url}/rerender")
    played = _interact(page, "rerender", [])
    assert played.failed == []
    assert pages.count("/api/items/1") == 1 and pages.count("/api/items/2") == 1  # two samples of one group
    assert pages.count("/api/items/3") == 0


def test_a_mode_switch_reveals_a_sections_links(page: Page, pages: PagesServer) -> None:
    open_settled(page, f"{pages.url}/toggle")
    found: list[str] = []
    played = _interact(page, "toggle", found)
    assert any(click.startswith("toggle") for click in played.clicks)
    assert f"{pages.url}/toggle#/models" in found and f"{pages.url}/toggle#/models/7" in found


def test_load_more_appends_while_view_all_is_a_route_clicked_once(page: Page, pages: PagesServer) -> None:
    open_settled(page, f"{pages.url}/more")
    found: list[str] = []
    played = _interact(page, "more", found)
    assert played.failed == []
    for n in (1, 2, 3):
        assert pages.count(f"/api/rows?page={n}") >= 1
    assert [c for c in played.clicks if c.startswith("more View all")] == ["more View all"]
    assert f"{pages.url}/all" in found


def test_explore_reports_coverage_and_stops_at_saturation(pages: PagesServer, tmp_path: Path) -> None:
    samples: list[CoverageSample] = []
    result = explore_through_proxy(f"{pages.url}/toggle", tmp_path, saturation_seconds=3, on_coverage=samples.append)
    assert result.stopped_by in ("saturation", None)  # nothing new for 3 s, or nothing left to visit
    assert f"127.0.0.1:{pages.url.rsplit(':', 1)[1]}/toggle#/models/{{id}}" in result.route_templates
    assert samples and samples[-1].route_templates == len(result.route_templates)
    assert result.failed_clicks == []


def test_a_catalogue_of_literal_children_waits_behind_other_new_kinds() -> None:
    frontier = Frontier(samples=2)
    frontier.add("http://a/runs")
    catalogue = [f"http://a/catalog/{name}" for name in ("aws", "gcs", "s3", "smb", "ftp", "sftp", "webdav")]
    for member in catalogue:
        frontier.add(member, found_on="http://a/catalog")
    frontier.add("http://a/flows")
    order = []
    while (url := frontier.next_new()) is not None:
        frontier.visited(url)
        order.append(url)
    # two members sampled in turn, then the other new kind, then the rest of the catalogue
    assert order[:4] == ["http://a/runs", "http://a/catalog/aws", "http://a/catalog/gcs", "http://a/flows"]
    assert sorted(order[4:]) == sorted(catalogue[2:])


def test_tabs_of_a_detail_page_are_played_on_the_page(page: Page, pages: PagesServer) -> None:
    open_settled(page, f"{pages.url}/tabs#/runs/2")
    loads = pages.count("/tabs")
    found: list[str] = []
    played = _interact(page, "tabs#/runs/{id}", found)
    assert played.failed == [] and played.gone == 0
    tabs = [click for click in played.clicks if click.startswith("tab ")]
    assert tabs == ["tab Details", "tab Artifacts"]  # the shown tab (Logs) needs no click
    assert pages.count("/api/runs/2/artifacts") == 1
    assert pages.count("/tabs") == loads  # a tab that rewrites ?tab= is not a navigation: no reload
    assert f"{pages.url}/tabs#/artifacts/20" in found  # what the tab's panel links to


def test_explore_captures_what_tabs_on_detail_pages_fetch(pages: PagesServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = explore_through_proxy(f"{pages.url}/tabs", tmp_path, saturation_seconds=5)
    assert result.failed_clicks == [] and result.gone_controls == 0
    # the first run found is scheduled and has no Artifacts tab: a later sample of the kind has one
    assert "GET /api/runs/{id}/artifacts" in result.api_templates
    assert "GET /api/artifacts/{id}" in result.api_templates  # linked only from that tab's panel
    captured = {urlsplit(x.request.url).path for x in read_exchanges(out)}
    assert any(path.startswith("/api/runs/") and path.endswith("/artifacts") for path in captured)
