"""Typing into fields: values from the app's own answers, a search reached by typing, a lookup button
clicked with the app's writes withheld, secrets and destructive buttons left alone, and a route that
needs its page's state reached by clicking its link; in real headless Chromium, through mitmproxy."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from capture.field_input import clickable
from capture.interact import Interaction, Memory, interact
from capture.settle import settle
from capture.values import Field, Values
from kernel.exchange import read_exchanges
from tests.capture.local_pages import explore_through_proxy, fresh_page, launched_chromium
from tests.capture.typing_pages import BOOKS, PEOPLE, TypingServer, serve_typing_pages


def test_values_come_from_the_apps_answers_matched_by_the_fields_words() -> None:
    values = Values()
    values.add("http://a.test/api/groups", [{"name": "students", "users": ["vera"], "size": 3}])
    values.add("http://a.test/api/users", {"items": [{"name": "omar", "email": "omar@a.test"}], "total": 1})
    # "name" is spelt by "username"; the users' context beats the groups'
    assert values.choose(Field("text", "username-input Add by username"), samples=2)[0] in ("vera", "omar")
    assert values.choose(Field("text", "Group name")) == ["students"]
    assert values.choose(Field("email", "contact")) == ["omar@a.test"]
    assert values.choose(Field("number", "quantity")) == ["1"]  # no count seen: a placeholder
    assert values.choose(Field("search", "Search")) == ["students"]  # the first word of a seen name
    assert Values().choose(Field("url", "homepage")) == ["https://example.com"]
    assert Values().choose(Field("text", "notes")) == ["test"]


@pytest.mark.parametrize(("label", "attrs", "clicked"), [
    ("Add user", "validate-user", True),
    ("Search", "", True),
    ("Create", "", True),
    ("Delete project", "", False),
    ("Send", "", False),
    ("", "", False),
    ("Log out", "", False),
])
def test_the_button_beside_a_field_is_clicked_unless_destructive(label: str, attrs: str, clicked: bool) -> None:
    assert clickable(label, attrs) is clicked


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def pages() -> Iterator[TypingServer]:
    with serve_typing_pages() as server:
        yield server


@pytest.fixture
def page(browser: Browser, pages: TypingServer) -> Iterator[Page]:
    with fresh_page(browser, pages.url) as fresh:
        yield fresh


def _typed(page: Page, url: str) -> Interaction:
    memory = Memory()
    page.on("requestfinished", memory.values.offer)
    page.goto(url, wait_until="domcontentloaded")
    assert not settle(page, remaining=lambda: 60.0, cancel=threading.Event(), limit=20).timed_out
    return interact(page, template=url, remaining=lambda: 60.0, cancel=threading.Event(), allow_destructive=False,
                    memory=memory, out_of_requests=lambda: False, found_link=lambda _link: None, steps=("type",))


def test_a_search_field_is_typed_into_and_its_results_asked_for(page: Page, pages: TypingServer) -> None:
    played = _typed(page, f"{pages.url}/search")
    searched = [hit for hit in pages.hits if hit.startswith("GET /api/search?")]
    assert searched, (played.typed, pages.hits)
    # the word typed is one of the app's own titles, so the search finds something
    query = parse_qs(urlsplit(searched[0].split(" ", 1)[1]).query)["q"][0]
    assert any(query.lower() in book["title"].lower() for book in BOOKS)
    assert pages.count("GET /api/leak") == 0  # the password field is never typed into
    assert page.eval_on_selector("#pw", "el => el.value") == ""
    # the notes were typed into, and the page loaded afresh before its save could leave
    assert any(typed.startswith("notes Notes = ") for typed in played.typed), played.typed
    assert page.eval_on_selector("#notes", "el => el.value") == "" and pages.count("PUT /api/notes") == 0
    assert played.failed == []


def test_a_lookup_button_is_clicked_and_the_write_it_leads_to_withheld(page: Page, pages: TypingServer) -> None:
    played = _typed(page, f"{pages.url}/members")
    names = [person["username"] for person in PEOPLE]
    # a name the app answered with, looked up; then a second one, two samples of the lookup
    assert {f"GET /api/people/{name}" for name in names} <= set(pages.hits), (played.typed, pages.hits)
    assert pages.count("POST /api/members") == 0  # the add it leads to never reaches the app...
    assert any(w.startswith("POST ") and w.endswith("/api/members") for w in played.withheld)  # ...and is reported
    assert pages.count("POST /api/delete") == 0  # the destructive button beside a field is never clicked
    assert not [click for click in played.clicks if "Delete" in click]


def test_explore_reaches_a_lookup_on_a_page_that_needs_its_lists_state(pages: TypingServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = explore_through_proxy(f"{pages.url}/app", tmp_path, saturation_seconds=8)
    # #/edit, visited directly, went back to the list; clicked in the list it showed the lookup
    captured = {f"{x.request.method} {urlsplit(x.request.url).path}" for x in read_exchanges(out)}
    assert {f"GET /api/people/{person['username']}" for person in PEOPLE} & captured, (result.typed, captured)
    assert "POST /api/members" not in captured and pages.count("POST /api/members") == 0
    assert result.failed_clicks == []
