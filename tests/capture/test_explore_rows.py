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
from capture.interact import Memory, interact
from tests.capture.explore_pages import PagesServer, serve_pages
from tests.capture.local_pages import explore_through_proxy, fresh_page, launched_chromium, open_settled


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
    with fresh_page(browser, pages.url) as fresh:
        yield fresh


def _writes(pages: PagesServer) -> list[str]:
    return [hit for hit in pages.hits if hit.startswith("POST ")]


def test_rows_and_cards_are_repeated_groups_of_their_own(page: Page, pages: PagesServer) -> None:
    open_settled(page, f"{pages.url}/rows")
    controls = find_controls(page, "follow")
    rows = [c for c in controls if c.label.endswith("task x")]
    cards = [c for c in controls if c.label.startswith("Card")]
    avatar = next(c for c in controls if c.label == "AD")
    assert len(rows) == 4 and {c.repeated for c in rows} == {4} and len({c.group for c in rows}) == 1
    assert len(cards) == 3 and {c.repeated for c in cards} == {3}
    # the avatar sits in the same structure as the rows, but it is no record of a repeated group
    assert avatar.repeated == 0 and avatar.group != rows[0].group != cards[0].group


def test_a_row_click_opens_the_detail_view_and_nothing_destructive_is_clicked(page: Page, pages: PagesServer) -> None:
    open_settled(page, f"{pages.url}/rows")
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
    result = explore_through_proxy(f"{pages.url}/rows", tmp_path, saturation_seconds=5)
    assert {"GET /api/rowtasks/{id}", "GET /api/rowtasks/{id}/annotations",
            "GET /api/rowcards/{id}"} <= set(result.api_templates), result.api_templates
    host = pages.url.removeprefix("http://")
    assert f"{host}/rows?task" in result.route_templates, result.route_templates
    assert result.failed_clicks == []
    assert _writes(pages) == []
