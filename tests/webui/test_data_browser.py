"""The Data view in a real headless Chromium against the real app process: push the demo schema with
its captured sample data, unfold Data, see the rows of a pushed table, sort by a column header on
the server, switch tables and page on. Keeps a screenshot (``data-grid.png``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import psycopg
import pytest

from jobs.store import JobStore
from kernel.schema import load_schema
from kernel.settings import Settings
from tests.webui.editor_support import make_job
from tests.webui.test_browser_smoke import app_url  # noqa: F401 - the running app fixture

pytestmark = pytest.mark.e2e
GOLDEN = Path(__file__).resolve().parent.parent / "inference" / "golden"


def test_the_data_view_shows_the_pushed_rows(app_url: str, app_db_url: str, target_db_url: str,  # noqa: F811
                                             tmp_path: Path, artifacts_dir: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    store = JobStore(app_db_url)
    job = make_job(store, load_schema(GOLDEN / "demo.schema.json"))
    traffic = tmp_path / "traffic.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})

    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{app_url}/jobs/{job.id}")
        expect(page.get_by_text("Inferred schema:")).to_be_visible(timeout=20_000)
        page.get_by_text("Load captured sample data").click()
        page.get_by_role("button", name="Push", exact=True).click()
        expect(page.get_by_text(re.compile(r"loaded sample records \(")).first).to_be_visible(timeout=60_000)

        with psycopg.connect(target_db_url) as conn:
            customers = conn.execute('SELECT count(*) FROM "customers"').fetchone()
            top = conn.execute('SELECT email FROM "customers" ORDER BY loyalty_points DESC NULLS LAST, id DESC '
                               "LIMIT 1").fetchone()
        assert customers is not None and customers[0] > 0 and top is not None

        section = page.locator("[data-mark=data_section]")
        section.get_by_text("Data", exact=True).click()
        count = page.locator("[data-mark=data_count]")
        expect(count).to_contain_text(re.compile(r"books: \d+ row\(s\)"), timeout=20_000)
        grid = page.locator("[data-mark=data_grid]")
        expect(grid.locator("thead")).to_contain_text("title")
        expect(grid.locator("thead")).to_contain_text("text[]")  # the catalog's type under each name

        # another table, picked in the Table select
        page.locator("[data-mark=data_table]").click()
        page.get_by_role("option", name="customers", exact=True).click()
        expect(count).to_contain_text(f"customers: {customers[0]} row(s)")
        expect(grid.locator("tbody tr")).to_have_count(min(customers[0], 100))

        # sort on the server: a header click asks for ascending, a second one for descending
        header = grid.locator("thead th", has_text="loyalty_points")
        header.click()
        expect(count).to_contain_text("sorted by loyalty_points")
        header.click()
        expect(count).to_contain_text("sorted by loyalty_points descending")
        expect(grid.locator("tbody tr").first).to_contain_text(top[0])

        # 25 rows a page, then the next page: each is read from the server
        with psycopg.connect(target_db_url) as conn:
            items = conn.execute('SELECT count(*) FROM "order_items"').fetchone()
            second = conn.execute('SELECT order_id, book_slug FROM "order_items" ORDER BY order_id, book_slug '
                                  "OFFSET 25 LIMIT 1").fetchone()
        assert items is not None and items[0] > 50 and second is not None
        page.locator("[data-mark=data_table]").click()
        page.get_by_role("option", name="order_items", exact=True).click()
        expect(count).to_contain_text(f"order_items: {items[0]} row(s)")
        grid.locator(".q-table__bottom .q-select").click()
        page.get_by_role("option", name="25", exact=True).click()
        expect(count).to_contain_text(f"rows 1–25 of {items[0]}")
        expect(grid.locator("tbody tr")).to_have_count(25)
        grid.locator(".q-table__bottom button:has(i:text-is('chevron_right'))").click()
        expect(count).to_contain_text(f"rows 26–50 of {items[0]}")
        expect(grid.locator("tbody tr").first).to_contain_text(second[1])

        # the picture in the README: the books, their cells cut to the column's width
        page.locator("[data-mark=data_table]").click()
        page.get_by_role("option", name="books", exact=True).click()
        expect(count).to_contain_text(re.compile(r"books: \d+ row\(s\)"))
        page.evaluate("document.querySelectorAll('.q-notifications__list').forEach(n => n.remove())")
        section.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('[data-mark=data_section]')"
                      ".getBoundingClientRect().top - 60)")
        page.screenshot(path=str(artifacts_dir / "data-grid.png"))
        browser.close()
