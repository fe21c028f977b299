"""The web UI through NiceGUI's simulated user: start a job, watch it, see the schema, push it."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User

from sql.introspect import introspect


async def wait_for(user: User, *, marker: str | None = None, content: str | None = None,
                   seconds: float = 120) -> None:
    for _ in range(int(seconds / 0.5)):
        try:
            await user.should_see(marker=marker, content=content, retries=1)
            return
        except AssertionError:
            await asyncio.sleep(0.5)
    await user.should_see(marker=marker, content=content, retries=1)


async def test_home_page_offers_the_demo_url(user: User) -> None:
    await user.open("/")
    await user.should_see("Infer the database behind a web app")
    url = user.find(marker="url").elements.pop()
    assert isinstance(url, ui.input)
    assert url.value.startswith("http://127.0.0.1:8081")
    await user.should_see("No jobs yet.")


async def test_a_bad_url_is_refused_with_a_notification(user: User) -> None:
    await user.open("/")
    user.find(marker="url").clear().type("ftp://example.com/")
    user.find(marker="start").click()
    await user.should_see("only http:// and https:// URLs can be captured")


async def test_start_job_watch_progress_see_schema_and_push(user: User, demo_url: str,
                                                            ui_env: dict[str, str]) -> None:
    await user.open("/")
    user.find(marker="url").clear().type(demo_url)
    budget = user.find(marker="budget").elements.pop()
    assert isinstance(budget, ui.number)
    budget.value = 30
    user.find(marker="start").click()

    await wait_for(user, marker="target", content=demo_url, seconds=10)
    await wait_for(user, content="capturing", seconds=30)
    await wait_for(user, marker="schema_title", seconds=150)
    pages = user.find(marker="counter-pages").elements.pop()
    endpoints = user.find(marker="counter-endpoints").elements.pop()
    assert isinstance(pages, ui.label) and int(pages.text) >= 3
    assert isinstance(endpoints, ui.label) and int(endpoints.text) >= 5
    coverage = user.find(marker="coverage_line").elements.pop()  # the explorer's live coverage curve
    assert isinstance(coverage, ui.label) and "kinds of pages" in coverage.text, coverage.text
    await user.should_see(marker="ddl")

    user.find(marker="push").click()
    await wait_for(user, marker="push_result", seconds=60)
    result = user.find(marker="push_result").elements.pop()
    assert isinstance(result, ui.label) and "failed" not in result.text.lower(), result.text
    assert len(introspect(ui_env["WIRETABLE_TARGET_URL"]).tables) >= 5


async def test_unknown_job_page_says_so(user: User) -> None:
    await user.open("/jobs/doesnotexist")
    await user.should_see("no job with id 'doesnotexist'")
