"""Prefect server (PyPI, Apache-2.0): a Vue single-page app over a JSON API (mostly ``POST
.../filter`` reads), with a SQLite database seeded by running real flows through Prefect."""

from __future__ import annotations

import shutil

import httpx
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, answers, app_dir, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import click_all, visit

NAME = "prefect"
VERSION = "3.9.1"
REGISTRY = "PyPI"
LICENCE = "Apache-2.0"
REQUIREMENTS = ("prefect==3.9.1",)


def install() -> None:
    venv(NAME, REQUIREMENTS)


def _env(home_dir: str, port: int) -> dict[str, str]:
    return {"PREFECT_HOME": home_dir, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_API_URL": f"http://127.0.0.1:{port}/api", "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",
            "PREFECT_LOGGING_LEVEL": "WARNING", "DO_NOT_TRACK": "1",
            # the root serves the V1 (Vue) UI that the guided walk walks; left at its default, the
            # root redirects a browser without a saved preference to the V2 UI under /v2, another
            # app with other API calls than the walk's
            "PREFECT_SERVER_UI_V2_ENABLED": "false"}


def start(port: int) -> Running:
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    prefect_home = home / "prefect-home"
    shutil.rmtree(prefect_home, ignore_errors=True)  # a fresh database, seeded the same way every time
    prefect_home.mkdir()
    variables = _env(str(prefect_home), port)
    process, log = spawn([str(env / "bin" / "prefect"), "server", "start", "--host", "127.0.0.1",
                          "--port", str(port)], home, variables)
    wait_until(lambda: answers(f"http://127.0.0.1:{port}/api/health"), 120, NAME, process, log)
    running = Running(NAME, f"http://127.0.0.1:{port}/", process, home)
    try:
        run_in(env, HERE_APPS / "seed_prefect.py", extra_env=variables)
    except BaseException:
        running.stop()
        raise
    return running


def _ids(api: str, what: str, key: str = "id", limit: int = 3) -> list[str]:
    answer = httpx.post(f"{api}/{what}/filter", json={"limit": limit}, timeout=10, trust_env=False)
    answer.raise_for_status()
    return [str(item[key]) for item in answer.json()]


def walk(page: Page, url: str) -> None:
    """Every section of the sidebar, then a few detail pages of each kind, with their tabs."""
    base = url.rstrip("/")
    api = f"{base}/api"
    for section in ("/dashboard", "/runs", "/flows", "/deployments", "/work-pools", "/blocks", "/blocks/catalog",
                    "/variables", "/concurrency-limits", "/automations", "/events", "/artifacts", "/settings"):
        visit(page, base + section)
    tabs = "[role=tab], .p-tabs__tab, button.p-tab"
    details = [
        *(f"/flows/flow/{i}" for i in _ids(api, "flows")),
        *(f"/runs/flow-run/{i}" for i in _ids(api, "flow_runs")),
        *(f"/runs/task-run/{i}" for i in _ids(api, "task_runs", limit=2)),
        *(f"/deployments/deployment/{i}" for i in _ids(api, "deployments")),
        *(f"/work-pools/work-pool/{n}" for n in _ids(api, "work_pools", key="name")),
        *(f"/blocks/block/{i}" for i in _ids(api, "block_documents", limit=2)),
        *(f"/artifacts/artifact/{i}" for i in _ids(api, "artifacts", limit=2)),
        "/artifacts/key/sales-summary",
    ]
    for path in details:
        visit(page, base + path)
        click_all(page, tabs, limit=8)
