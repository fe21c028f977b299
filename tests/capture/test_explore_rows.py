"""Detail views behind clickable rows and cards (no link, no role, no listener of their own), in real headless
Chromium against a small app on 127.0.0.1: one item of each repeated group is clicked before the page's other
controls can crowd it out, its detail's requests are captured, and nothing destructive is clicked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from capture.controls import find_controls
from capture.explorer import ExploreResult, _new_context, explore
from capture.interact import Memory, interact
from capture.proxy import ProxyProcess
from capture.settle import settle
from kernel.settings import Settings
from tests.capture.explore_pages import PagesServer, serve_pages
from tests.capture.local_pages import launched_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def pages() -> Iterator[PagesServer]:
    with serve_pages() as server:
        yield server


@pytest.fixture
def page(browser: Browser, pages: PagesServer) -> Iterator[Page]:
    context = _new_context(browser, pages.url, None, False)
    yield context.new_page()
    context.close()


def _open(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    assert not settle(page, remaining=lambda: 60.0, cancel=threading.Event(), limit=20).timed_out


def _writes(pages: PagesServer) -> list[str]:
    return [hit for hit in pages.hits if hit.startswith("POST ")]


def test_rows_and_cards_are_repeated_groups_of_their_own(page: Page, pages: PagesServer) -> None:
    _open(page, f"{pages.url}/rows")
    controls = find_controls(page, "follow")
    rows = [c for c in controls if c.label.endswith("task x")]
    cards = [c for c in controls if c.label.startswith("Card")]
    avatar = next(c for c in controls if c.label == "AD")
    assert len(rows) == 4 and {c.repeated for c in rows} == {4} and len({c.group for c in rows}) == 1
    assert len(cards) == 3 and {c.repeated for c in cards} == {3}
    # the avatar sits in the same structure as the rows, but it is no record of a repeated group
    assert avatar.repeated == 0 and avatar.group != rows[0].group != cards[0].group


def test_a_row_click_opens_the_detail_view_and_nothing_destructive_is_clicked(page: Page, pages: PagesServer) -> None:
    _open(page, f"{pages.url}/rows")
    found: list[str] = []
    played = interact(page, template="rows", remaining=lambda: 60.0, cancel=threading.Event(),
                      allow_destructive=False, memory=Memory(), out_of_requests=lambda: False,
                      found_link=found.append)
    assert played.failed == []
    # a row, clicked before the avatar and the summary could close its group (its text asks for a refund: data,
    # not what the click does): its detail and the route it pushed
    assert pages.count("/api/rowtasks/1") >= 1 and pages.count("/api/rowtasks/1/annotations") >= 1
    assert any(link.startswith(f"{pages.url}/rows?task=") for link in found), found
    assert pages.count("/api/rowcards/") >= 1  # a card opens its detail in the page
    assert _writes(pages) == []  # neither "Log out" nor a row's trash button
    assert "Log out" in played.skipped
    assert "toggle Grid" in played.clicks  # after the rows: the grid view shows none


def test_explore_captures_detail_views_behind_rows(pages: PagesServer, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    outcome: list[ExploreResult] = []
    with ProxyProcess(settings.mitmdump, tmp_path / "out.jsonl", tmp_path / "mitmproxy", body_cap=100_000) as proxy:
        worker = threading.Thread(target=lambda: outcome.append(explore(
            f"{pages.url}/rows", proxy_url=proxy.url, chromium_path=settings.chromium, budget_seconds=120,
            max_pages=50, saturation_seconds=5)))
        worker.start()
        worker.join(timeout=180)
    assert outcome, "the exploration did not finish"
    result = outcome[0]
    assert {"GET /api/rowtasks/{id}", "GET /api/rowtasks/{id}/annotations",
            "GET /api/rowcards/{id}"} <= set(result.api_templates), result.api_templates
    host = pages.url.removeprefix("http://")
    assert f"{host}/rows?task" in result.route_templates, result.route_templates
    assert result.failed_clicks == []
    assert _writes(pages) == []
