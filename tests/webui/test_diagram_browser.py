"""The ER diagram of a 30-table schema in a real headless Chromium against the real app: drawn
once in view, zoomed with the buttons and the wheel, fitted, shown full screen, a table picked by
a click, and exported as SVG and PNG. Keeps screenshots."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from jobs.store import JobStore
from kernel.settings import Settings
from tests.webui.editor_support import make_job
from tests.webui.test_browser_smoke import app_url  # noqa: F401 - the running app fixture

pytestmark = pytest.mark.e2e
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


def zoom(page: object) -> float:
    return float(page.locator("[data-mark=er_diagram]").get_attribute("data-zoom") or 0)  # type: ignore[attr-defined]


def test_a_30_table_diagram_is_zoomed_focused_and_exported(app_url: str, app_db_url: str,  # noqa: F811
                                                           artifacts_dir: Path, tmp_path: Path) -> None:
    from editor_bench import big_schema
    from playwright.sync_api import expect, sync_playwright

    schema = big_schema(30, 8)
    job = make_job(JobStore(app_db_url), schema)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=Settings().chromium,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{app_url}/jobs/{job.id}")
        er = page.locator("[data-mark=er_diagram]")
        er.scroll_into_view_if_needed(timeout=60_000)
        expect(er.locator("svg g.node")).to_have_count(30, timeout=60_000)
        expect(er).to_have_attribute("data-drawn", "1")
        first = zoom(page)
        assert first >= 0.75, "the first view keeps the text readable"
        page.locator("[data-mark=er_zoom_in]").click()
        page.wait_for_function("z => Number(document.querySelector('[data-mark=er_diagram]').dataset.zoom) > z",
                               arg=first)
        box = er.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        zoomed = zoom(page)
        page.mouse.wheel(0, 300)
        page.wait_for_function("z => Number(document.querySelector('[data-mark=er_diagram]').dataset.zoom) < z",
                               arg=zoomed)
        page.locator("[data-mark=er_fit]").click()
        page.wait_for_function("() => Number(document.querySelector('[data-mark=er_diagram]').dataset.zoom) < 0.75")
        page.locator("[data-mark=er_full]").click()
        expect(page.locator(".wt-er-full")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "diagram-full-screen.png"))
        page.locator("[data-mark=er_full]").click()
        expect(page.locator(".wt-er-full")).to_have_count(0)

        # focus: pick a table in the diagram, then show it with its neighbours only
        er.locator("g.node#er-12").click()
        expect(page.locator("input[data-mark=table_name], [data-mark=table_name] input")).to_have_value(
            "table_012", timeout=10_000)
        page.get_by_role("button", name="Selected + related").click()
        expect(er.locator("svg g.node")).to_have_count(3, timeout=30_000)
        expect(er.locator("g.node.wt-selected")).to_have_count(1)
        er.screenshot(path=str(artifacts_dir / "diagram-focus.png"))
        page.locator(".wt-er-card").get_by_role("button", name="All tables").click()
        expect(er.locator("svg g.node")).to_have_count(30, timeout=30_000)
        page.locator("[data-mark=er_zoom_in]").click()
        er.screenshot(path=str(artifacts_dir / "diagram.png"))

        for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG")):
            page.locator("[data-mark=er_export]").click()
            with page.expect_download() as download:
                page.locator(f"[data-mark=er_export_{fmt}]").click()
            path = tmp_path / f"diagram.{fmt}"
            download.value.save_as(path)
            data = path.read_bytes()
            assert data.startswith(magic) and download.value.suggested_filename == f"bench-diagram.{fmt}"
            if fmt == "svg":
                assert all(f">table_{i:03d}<".encode() in data for i in range(30))
        browser.close()
