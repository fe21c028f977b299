"""Label Studio (PyPI, Apache-2.0): a data-labelling tool, a React single-page app over a Django REST framework
API (``/api/projects`` pages ``{count, next, previous, results}``, the Data Manager's task pages
``{total, total_annotations, total_predictions, tasks}``), behind a sign-in; seeded through its own sign-up,
sign-in and API by ``seed_label_studio.py``, which also writes the signed-in browser state."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, answers, app_dir, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import click_all, visit
from capture.auth import Credentials

NAME = "label-studio"
VERSION = "1.23.2"
REGISTRY = "PyPI"
LICENCE = "Apache-2.0"
REQUIREMENTS = ("label-studio==1.23.2",)
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "wiretable-seed"  # the local admin of the seeded instance: test data only
STATE = "state.json"  # the admin's signed-in browser state, beside the app's environment
CAPTURE_PATH = "projects/"  # the root redirects there once signed in


def install() -> None:
    venv(NAME, REQUIREMENTS)


def _variables(home: Path) -> dict[str, str]:
    # no error reports or usage analytics sent anywhere; git is not asked about the folder above the app
    # (Label Studio's /api/version reports the commit of a git work tree around its package, and writes it there)
    return {"LABEL_STUDIO_BASE_DATA_DIR": str(home), "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": "",
            "COLLECT_ANALYTICS": "false", "GIT_CEILING_DIRECTORIES": str(home.parent)}


def state_path() -> Path:
    return app_dir(NAME) / STATE


def credentials() -> Credentials:
    """The seeded admin's session, for a capture that starts signed in."""
    return Credentials(storage_state=json.loads(state_path().read_text(encoding="utf-8")))


def start(port: int) -> Running:
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    data = home / "data"
    shutil.rmtree(data, ignore_errors=True)  # a fresh database, seeded the same way every time
    data.mkdir()
    # its own server (Django's, threaded) bound to loopback; the first start migrates a fresh SQLite database
    process, log = spawn([str(env / "bin" / "label-studio"), "start", "--no-browser", "--data-dir", str(data),
                          "--database", str(data / "label_studio.sqlite3"), "--internal-host", "127.0.0.1",
                          "--port", str(port), "--username", ADMIN_EMAIL, "--password", ADMIN_PASSWORD],
                         home, _variables(data))
    url = f"http://127.0.0.1:{port}/"
    wait_until(lambda: answers(f"{url}user/login/"), 300, NAME, process, log)
    running = Running(NAME, url, process, home)
    try:
        run_in(env, HERE_APPS / "seed_label_studio.py", url, ADMIN_EMAIL, ADMIN_PASSWORD, str(state_path()))
    except BaseException:
        running.stop()
        raise
    return running


def walk(page: Page, url: str) -> None:
    """Signed in as the admin: the project list, each project's Data Manager, its tabs and a task's labelling
    page, each project's settings sections, and the organization's people and account pages."""
    base = url.rstrip("/")
    state = json.loads(state_path().read_text(encoding="utf-8"))
    page.context.add_cookies(state["cookies"])
    cookies = {c["name"]: c["value"] for c in state["cookies"]}
    visit(page, f"{base}/projects/")
    projects = httpx.get(f"{base}/api/projects/", cookies=cookies, timeout=10, trust_env=False).json()["results"]
    for project in projects:
        pid = project["id"]
        visit(page, f"{base}/projects/{pid}/data")
        click_all(page, "[role=tab]", limit=3)
        tasks = httpx.get(f"{base}/api/tasks/?project={pid}&page_size=1", cookies=cookies, timeout=10,
                          trust_env=False).json()["tasks"]
        if tasks:
            visit(page, f"{base}/projects/{pid}/data?task={tasks[0]['id']}")
        visit(page, f"{base}/projects/{pid}/data/export")
        for section in ("", "labeling", "instruction", "ml", "predictions", "storage", "webhooks", "danger-zone"):
            visit(page, f"{base}/projects/{pid}/settings/{section}")
    for path in ("/organization/", "/organization/webhooks", "/user/account/", "/models/"):
        visit(page, f"{base}{path}")
