"""Sign-in in a real headless Chromium against the real server: an admin signs in, captures the demo
and pushes it; a viewer signs in and is refused when it tries to start a capture."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jobs.accounts import AccountStore
from kernel.settings import Settings
from sql.introspect import introspect
from tests.webui.test_browser_smoke import free_port

pytestmark = pytest.mark.e2e
WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


@pytest.fixture
def signed_app(tmp_path: Path, app_db_url: str, target_db_url: str) -> Iterator[str]:
    accounts = AccountStore(app_db_url)
    accounts.add_user("ada", "ada-password", "admin")
    accounts.add_user("vic", "vic-password", "viewer")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp_path / "home"), WIRETABLE_DATABASE_URL=app_db_url,
               WIRETABLE_TARGET_URL=target_db_url)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([WIRETABLE, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(url + "/login", timeout=1).status_code == 200:
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


def test_sign_in_capture_and_push_in_a_real_browser(signed_app: str, demo_url: str, target_db_url: str,
                                                    artifacts_dir: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def sign_in(name: str, password: str) -> None:
            page.goto(signed_app + "/")
            page.wait_for_url(re.compile(r".*/login\?next=.*"))
            page.get_by_label("User name").fill(name)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(signed_app + "/")
            expect(page.get_by_text(f"{name} (")).to_be_visible()

        page.goto(signed_app + "/")
        page.wait_for_url(re.compile(r".*/login.*"))
        page.get_by_label("User name").fill("ada")
        page.get_by_label("Password").fill("wrong-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("wrong user name or password")
        # The app's stylesheet reaches the login page before anyone signed in (rounded-lg: 8 px).
        expect(page.locator("[data-mark=login_form]")).to_have_css("border-radius", "8px")
        page.screenshot(path=str(artifacts_dir / "login.png"))

        sign_in("ada", "ada-password")
        page.get_by_label("URL of the web app").fill(demo_url)
        page.get_by_label("Time budget (seconds)").fill("15")
        page.get_by_label("Max pages").fill("3")  # a few pages make the point: signed in, it captures
        page.get_by_role("button", name="Start").click()
        page.wait_for_url("**/jobs/*", timeout=15_000)
        expect(page.get_by_text("Inferred schema:")).to_be_visible(timeout=150_000)
        page.get_by_role("button", name="Push", exact=True).click()
        expect(page.get_by_text(re.compile(r"created \d+ table")).first).to_be_visible(timeout=60_000)
        page.screenshot(path=str(artifacts_dir / "signed-in-pushed.png"), full_page=True)
        assert len(introspect(target_db_url).tables) >= 3

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(re.compile(r".*/login$"))
        sign_in("vic", "vic-password")
        page.get_by_label("URL of the web app").fill(demo_url)
        page.get_by_role("button", name="Start").click()
        expect(page.get_by_text("your role (viewer) cannot do this; it needs editor")).to_be_visible()
        assert page.url == signed_app + "/"
        browser.close()
