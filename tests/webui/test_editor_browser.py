"""The schema editor in a real headless Chromium against the real app process: open the demo's
inferred schema, change a type, add a foreign key, watch the SQL preview and ER diagram follow,
save, push, and read the edits back from the target database's catalog. Keeps screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from inference import infer_schema
from jobs.store import JobStore
from kernel.exchange import Exchange
from kernel.schema import Schema
from kernel.settings import Settings
from sql.introspect import introspect
from tests.factories import make_exchange
from tests.webui.editor_support import make_job
from tests.webui.test_browser_smoke import app_url  # noqa: F401 - the running app fixture

pytestmark = pytest.mark.e2e


def field(mark: str) -> str:
    """The native input of a marked Quasar field (Quasar puts attributes on the input or its root)."""
    return f"input[data-mark={mark}], [data-mark={mark}] input"


def demo_schema(demo_url: str) -> Schema:
    """Inferred from the demo app's API responses, fetched for real."""
    base = demo_url.rstrip("/")
    exchanges: list[Exchange] = []
    with httpx.Client(base_url=base, timeout=10) as client:
        def get(path: str) -> None:
            exchanges.append(make_exchange(base + path, client.get(path).json()))

        for path in ("/api/books?per_page=100", "/api/authors", "/api/publishers", "/api/genres",
                     "/api/customers", "/api/orders?page_size=100"):
            get(path)
        for book in client.get("/api/books?per_page=5").json()["data"]:
            get(f"/api/books/{book['slug']}")
            get(f"/api/books/{book['slug']}/reviews")
    return infer_schema(exchanges, name="demo")


def test_edit_the_demo_schema_and_push_it(app_url: str, app_db_url: str, target_db_url: str,  # noqa: F811
                                          demo_url: str, artifacts_dir: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    schema = demo_schema(demo_url)
    items = schema.table("order_items")
    customers = schema.table("customers")
    assert items is not None and customers is not None and schema.table("genres") is not None
    price = [c.name for c in items.columns].index("unit_price")
    new_field = len(customers.columns)
    job = make_job(JobStore(app_db_url), schema)

    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{app_url}/jobs/{job.id}")
        sql = page.locator("[data-mark=sql_preview]")
        er = page.locator("[data-mark=er_diagram]")
        expect(sql).to_contain_text('CREATE TABLE "order_items"', timeout=20_000)
        er.scroll_into_view_if_needed()  # the diagram is drawn once it is in view
        expect(er.locator("svg")).to_be_visible(timeout=20_000)
        page.get_by_text("Inferred schema:").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "editor-opened.png"), full_page=True)

        # change a type: order_items.unit_price numeric → numeric(10,2), typed into the type select
        page.locator("[data-mark=table-item-order_items]").click()
        expect(page.locator(field("field-name-0"))).to_have_value("order_id")
        type_input = page.locator(field(f"field-type-{price}"))
        type_input.click()
        type_input.fill("numeric(10,2)")
        type_input.press("Enter")
        expect(sql).to_contain_text('"unit_price" DECIMAL(10, 2)')
        expect(er).to_contain_text("numeric(10,2)")

        # add a field to customers and point it at genres.slug
        page.locator("[data-mark=table-item-customers]").click()
        expect(page.locator(field("field-name-0"))).to_have_value(customers.columns[0].name)
        page.get_by_role("button", name="Add field").click()
        name_input = page.locator(field(f"field-name-{new_field}"))
        name_input.fill("favourite_genre")
        expect(sql).to_contain_text('"favourite_genre" TEXT')
        page.locator(f"[data-mark=field-fk-{new_field}]").click()
        page.locator("[data-mark=fk-table]").click()
        page.get_by_role("option", name="genres", exact=True).click()
        expect(page.locator("[data-mark=fk-column]")).to_contain_text("slug")
        page.locator("[data-mark=fk-save]").click()
        expect(sql).to_contain_text('ADD FOREIGN KEY ("favourite_genre") REFERENCES "genres" ("slug")')
        expect(er).to_contain_text("favourite_genre")
        page.locator("[data-mark=sql_preview]").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "editor-edited.png"), full_page=True)
        page.get_by_text("Inferred schema:").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('[data-mark=save]').getBoundingClientRect().top - 20)")
        page.screenshot(path=str(artifacts_dir / "editor.png"))

        page.locator("[data-mark=save]").click()
        expect(page.get_by_text("saved as version 2").first).to_be_visible()
        page.get_by_role("button", name="Push", exact=True).click()
        expect(page.get_by_text(re.compile(r"created \d+ table")).first).to_be_visible(timeout=60_000)
        page.screenshot(path=str(artifacts_dir / "editor-pushed.png"), full_page=True)
        browser.close()

    live = introspect(target_db_url)
    pushed_items, pushed_customers = live.table("order_items"), live.table("customers")
    assert pushed_items is not None and pushed_customers is not None
    assert pushed_items.column("unit_price").type == "numeric(10,2)"  # type: ignore[union-attr]
    fk = next(f for f in pushed_customers.foreign_keys if f.columns == ["favourite_genre"])
    assert (fk.ref_table, fk.ref_columns) == ("genres", ["slug"])
