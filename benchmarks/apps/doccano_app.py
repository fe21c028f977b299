"""doccano (PyPI, MIT): a text-annotation tool, a Nuxt (Vue) single-page app over a Django REST framework
API (``{count, next, previous, results}`` pages, resources nested under ``/v1/projects/{id}``), behind a
sign-in; seeded through its own API by ``seed_doccano.py``, which also writes the signed-in browser state."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, answers, app_dir, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import click_all, visit
from capture.auth import Credentials

NAME = "doccano"
VERSION = "1.8.4"
REGISTRY = "PyPI"
LICENCE = "MIT"
# doccano 1.8.4 leaves these open; the versions it was released against
REQUIREMENTS = ("doccano==1.8.4", "marshmallow==3.26.2", "numpy==1.26.4")
ADMIN_PASSWORD = "wiretable-seed"  # the local admin of the seeded instance: test data only
STATE = "state.json"  # the admin's signed-in browser state, beside the app's environment
CAPTURE_PATH = "projects"  # the root is a landing page whose only way in is the sign-in form


def install() -> None:
    venv(NAME, REQUIREMENTS)


def _variables(home: Path) -> dict[str, str]:
    return {"DOCCANO_HOME": str(home), "STANDALONE": "True", "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}", "MEDIA_ROOT": str(home / "media"), "DEBUG": "False"}


def state_path() -> Path:
    return app_dir(NAME) / STATE


def credentials() -> Credentials:
    """The seeded admin's session, for a capture that starts signed in."""
    return Credentials(storage_state=json.loads(state_path().read_text(encoding="utf-8")))


def start(port: int) -> Running:
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    data = home / "home"
    shutil.rmtree(data, ignore_errors=True)  # a fresh database, seeded the same way every time
    data.mkdir()
    variables = _variables(data)
    doccano = str(env / "bin" / "doccano")
    with (home / "init.log").open("wb") as log:
        subprocess.run([doccano, "init"], env={**os.environ, **variables}, stdout=log, stderr=subprocess.STDOUT,
                       check=True, timeout=300)
        subprocess.run([doccano, "createuser", "--username", "admin", "--password", ADMIN_PASSWORD],
                       env={**os.environ, **variables}, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=120)
    backend = next((env / "lib").glob("python3*/site-packages/backend"))
    # doccano's own `webserver` command binds every interface; gunicorn directly binds loopback only. One
    # process with threads, warmed by the readiness check below (with two, a capture right after the start often
    # read the project list's page as settled before it asked for its list: likely a cold worker's first answer)
    process, log = spawn([str(env / "bin" / "gunicorn"), "--chdir", str(backend), "--bind", f"127.0.0.1:{port}",
                          "--workers", "1", "--threads", "4", "config.wsgi"], home, variables)
    url = f"http://127.0.0.1:{port}/"
    wait_until(lambda: answers(f"{url}v1/projects"), 120, NAME, process, log)
    running = Running(NAME, url, process, home)
    try:
        run_in(env, HERE_APPS / "seed_doccano.py", url, ADMIN_PASSWORD, str(state_path()))
    except BaseException:
        running.stop()
        raise
    return running


def walk(page: Page, url: str) -> None:
    """Signed in as the admin: the project list, then every section of each project, an example's edit
    page and a label's, and each project's annotation page."""
    base = url.rstrip("/")
    state = json.loads(state_path().read_text(encoding="utf-8"))
    page.context.add_cookies(state["cookies"])
    cookies = {c["name"]: c["value"] for c in state["cookies"]}
    visit(page, f"{base}/projects")
    projects = httpx.get(f"{base}/v1/projects", cookies=cookies, timeout=10, trust_env=False).json()["results"]
    annotate = {"DocumentClassification": "text-classification", "SequenceLabeling": "sequence-labeling",
                "Seq2seq": "sequence-to-sequence"}
    for project in projects:
        pid = project["id"]
        for section in ("", "/dataset", "/labels", "/members", "/comments", "/guideline", "/metrics", "/settings"):
            visit(page, f"{base}/projects/{pid}{section}")
            if section in ("/labels", "/metrics"):
                click_all(page, "[role=tab]", limit=4)
        visit(page, f"{base}/projects/{pid}/{annotate[project['project_type']]}?page=1")
        examples = httpx.get(f"{base}/v1/projects/{pid}/examples?limit=1", cookies=cookies, timeout=10,
                             trust_env=False).json()["results"]
        if examples:
            visit(page, f"{base}/projects/{pid}/dataset/{examples[0]['id']}/edit")
