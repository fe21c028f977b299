"""Manual mode through the web UI: start the proxy, drive a separate Chromium through it like a
person would, watch the live endpoint list grow, press Stop, get a schema."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from nicegui.testing import User
from playwright.sync_api import sync_playwright

from capture.explorer import CHROMIUM_ARGS
from kernel.settings import Settings
from tests.capture.spa_app import WORKSPACE_KEY, run_spa, storage_state
from tests.webui.conftest import ui_env, user  # noqa: F401  (fixtures)
from tests.webui.test_pages import wait_for

pytestmark = pytest.mark.e2e


def _browse(proxy: str, url: str, chromium: str) -> None:
    """A person's session: open the app, click a tab, open the projects route, load more."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             proxy={"server": f"http://{proxy}"}, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(storage_state=storage_state(url),  # type: ignore[arg-type]
                                          extra_http_headers={"X-Workspace": WORKSPACE_KEY})
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            # a click starts a request after the page is already idle, so waiting for "networkidle" could
            # return at once and close the browser with the request in flight: wait for each answer itself
            with page.expect_response(lambda r: "/api/milestones" in r.url):
                page.get_by_role("tab", name="Milestones").click()
            with page.expect_response(lambda r: "/api/projects" in r.url):
                page.goto(url + "#/projects")
            with page.expect_response(lambda r: "/api/projects" in r.url):
                page.get_by_text("Load more").click()
        finally:
            browser.close()


async def test_manual_capture_shows_live_endpoints_then_infers(user: User, tmp_path: Path) -> None:  # noqa: F811
    settings = Settings()
    if not settings.chromium or not Path(settings.mitmdump).exists():
        pytest.skip("Chromium or mitmdump is not installed")
    with run_spa(third_party=False) as (app, _):
        await user.open("/")
        user.find(marker="url").clear().type(app.url)
        user.find(marker="start_manual").click()
        await wait_for(user, marker="proxy_port", seconds=30)
        await user.should_see(marker="ca_download")
        await user.should_see("trust the wiretable CA certificate", retries=1)
        host = user.find(marker="proxy_host").elements.pop()
        port = user.find(marker="proxy_port").elements.pop()
        proxy = f"{host.text}:{port.text}"  # type: ignore[attr-defined]

        await asyncio.to_thread(_browse, proxy, app.url, settings.chromium)
        await wait_for(user, content="GET /api/milestones", seconds=30)
        await wait_for(user, content="GET /api/projects  ×2", seconds=30)  # the live view catches up
        endpoints = [e.text for e in user.find(marker="endpoint").elements]  # type: ignore[attr-defined]
        assert any(text.startswith("GET /api/projects  ×2  200×2") for text in endpoints), endpoints

        user.find(marker="stop").click()
        await wait_for(user, marker="schema_title", seconds=60)
    assert "GET /api/milestones" in app.hits and "POST /api/token" in app.hits
