"""In real headless Chromium against ``wiretable serve``: push the demo schema with its captured
rows, then the REST API panel shows live answers of the API mounted in the app; keeps a screenshot."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from jobs.store import JobStore
from kernel.schema import load_schema
from kernel.settings import Settings
from tests.webui.editor_support import make_job
from tests.webui.test_browser_smoke import app_url  # noqa: F401 - the running app fixture

pytestmark = pytest.mark.e2e
GOLDEN = Path(__file__).resolve().parents[1] / "inference" / "golden"


def test_the_api_panel_in_a_real_browser(app_url: str, app_db_url: str, artifacts_dir: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    schema = load_schema(GOLDEN / "demo.schema.json")
    job = make_job(JobStore(app_db_url), schema)
    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{app_url}/jobs/{job.id}")
        expect(page.locator("[data-mark=sql_preview]")).to_contain_text('CREATE TABLE "books"', timeout=60_000)
        page.get_by_role("button", name="Push", exact=True).click()
        panel = page.locator("[data-mark=api_panel]")
        expect(panel).to_be_visible(timeout=60_000)
        expect(page.locator("[data-mark=api_sample_books]")).to_contain_text('"total": 0')
        panel.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('[data-mark=api_panel]')"
                      ".getBoundingClientRect().top - 20)")
        page.screenshot(path=str(artifacts_dir / "api-panel.png"), full_page=False)
        browser.close()
    answer = httpx.get(f"{app_url}/rest/{job.id}/books", params={"limit": 2}, timeout=10)
    assert answer.status_code == 200 and answer.json()["total"] == 0
