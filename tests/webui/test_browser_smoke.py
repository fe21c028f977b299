"""Smoke test in a real headless Chromium against the real app process; keeps screenshots."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kernel.settings import Settings

pytestmark = pytest.mark.e2e
WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def app_url(tmp_path: Path, app_db_url: str, target_db_url: str) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp_path / "home"), WIRETABLE_DATABASE_URL=app_db_url,
               WIRETABLE_TARGET_URL=target_db_url)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([WIRETABLE, "serve", "--port", str(port)], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"wiretable serve exited: {(tmp_path / 'serve.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_capture_the_demo_in_a_real_browser(app_url: str, demo_url: str, artifacts_dir: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(app_url + "/")
        url_input = page.get_by_label("URL of the web app")
        url_input.fill(demo_url)
        page.get_by_label("Time budget (seconds)").fill("30")
        page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
        page.get_by_role("button", name="Start").click()
        page.wait_for_url("**/jobs/*", timeout=15_000)
        expect(page.get_by_text("Requests captured")).to_be_visible()
        expect(page.get_by_text("Inferred schema:")).to_be_visible(timeout=150_000)
        page.screenshot(path=str(artifacts_dir / "job.png"), full_page=True)
        page.get_by_text("Inferred schema:").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "schema.png"))
        page.get_by_role("button", name="Push", exact=True).click()
        expect(page.get_by_text(re.compile(r"created \d+ table")).first).to_be_visible(timeout=60_000)
        page.screenshot(path=str(artifacts_dir / "pushed.png"), full_page=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(artifacts_dir / "pushed-top.png"))
        browser.close()
