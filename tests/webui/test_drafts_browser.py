"""Edits are never lost, in a real headless Chromium against the real app process: a rename is
kept as the job's draft at once, survives a forced reload and a restart of the app (shown as an
unsaved draft), leaving the page asks first, and Save version turns the draft into a version."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from jobs.drafts import DraftStore
from jobs.store import JobStore
from kernel.settings import Settings
from tests.webui.editor_support import evidence_schema, make_job
from tests.webui.test_browser_smoke import WIRETABLE, free_port

pytestmark = pytest.mark.e2e


def field(mark: str) -> str:
    return f"input[data-mark={mark}], [data-mark={mark}] input"


@contextmanager
def serving(tmp_path: Path, app_db_url: str, target_db_url: str) -> Iterator[str]:
    """``wiretable serve`` on a free port until the block ends (then stopped as a user would)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp_path / "home"), WIRETABLE_DATABASE_URL=app_db_url,
               WIRETABLE_TARGET_URL=target_db_url)
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([WIRETABLE, "serve", "--port", str(port)], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"wiretable serve did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


LEAVING_ASKS = """() => {
    const event = new Event("beforeunload", {cancelable: true});
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""


def wait_until(check: object, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_a_rename_survives_reload_and_restart_as_a_draft(tmp_path: Path, app_db_url: str,
                                                         target_db_url: str, artifacts_dir: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    store = JobStore(app_db_url)
    job = make_job(store, evidence_schema())
    drafts = DraftStore(app_db_url)
    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        def on_dialog(dialog: object) -> None:
            dialog.accept()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)
        name = page.locator(field("field-name-1"))
        status = page.locator("[data-mark=save_status]")
        with serving(tmp_path, app_db_url, target_db_url) as url:
            page.goto(f"{url}/jobs/{job.id}")
            expect(name).to_have_value("email", timeout=30_000)
            name.click()
            name.fill("email_address")
            expect(status).to_contain_text("unsaved draft")
            wait_until(lambda: (d := drafts.load(job.id)) is not None
                       and d.schema.tables[0].columns[1].name == "email_address", "the draft is kept")

            # Leaving asks first while a draft exists. Chromium may skip the dialog itself when the tab is slow to
            # answer (its beforeunload hang timer), so the page's own answer to the event is what is checked.
            page.wait_for_function("window.wtUnsavedDraft === true", timeout=30_000)
            assert page.evaluate(LEAVING_ASKS)
            page.reload()  # the dialog, if Chromium shows it, is accepted
            expect(name).to_have_value("email_address", timeout=30_000)
            expect(status).to_contain_text("unsaved draft")
        with serving(tmp_path, app_db_url, target_db_url) as url:  # the app restarted
            page.goto(f"{url}/jobs/{job.id}")
            expect(name).to_have_value("email_address", timeout=30_000)
            expect(status).to_contain_text("unsaved draft")
            page.screenshot(path=str(artifacts_dir / "editor-draft-restored.png"))
            page.locator("[data-mark=save]").click()
            expect(status).to_contain_text("saved as version 2")
            wait_until(lambda: drafts.load(job.id) is None, "saving a version discards the draft")
            page.wait_for_function("window.wtUnsavedDraft === false", timeout=30_000)
            assert not page.evaluate(LEAVING_ASKS)
            page.reload()
            expect(name).to_have_value("email_address", timeout=30_000)
            expect(status).to_contain_text("saved as version 2")
        browser.close()
    saved = store.load_schema(job.id)
    assert saved is not None and saved.tables[0].columns[1].name == "email_address"
