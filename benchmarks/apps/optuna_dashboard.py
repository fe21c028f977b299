"""optuna-dashboard (PyPI, MIT): a React single-page app over a JSON API, reading an Optuna
SQLite storage that is seeded through Optuna itself."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, answers, app_dir, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import settle, visit

NAME = "optuna-dashboard"
VERSION = "0.21.0"
REGISTRY = "PyPI"
LICENCE = "MIT"
REQUIREMENTS = ("optuna-dashboard==0.21.0", "optuna==5.1.0", "SQLAlchemy==2.1.9")



def install() -> None:
    venv(NAME, REQUIREMENTS)


def start(port: int) -> Running:
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    database = home / "optuna.sqlite3"
    storage = f"sqlite:///{database}"
    run_in(env, HERE_APPS / "seed_optuna.py", storage)
    process, log = spawn([str(env / "bin" / "optuna-dashboard"), storage, "--host", "127.0.0.1",
                          "--port", str(port)], home)
    url = f"http://127.0.0.1:{port}/dashboard"
    wait_until(lambda: answers(f"http://127.0.0.1:{port}/api/meta"), 60, NAME, process, log)
    return Running(NAME, url, process, home)


def walk(page: Page, url: str) -> None:
    """The study list, then every view of every study, as a user clicks through the sidebar."""
    base = url.rstrip("/")
    visit(page, base)
    api = base.removesuffix("/dashboard")
    studies = httpx.get(f"{api}/api/studies", timeout=10, trust_env=False).json()["study_summaries"]
    for study in studies:
        sid = study["study_id"]
        for view in ("", "/analytics", "/trials", "/trialTable", "/note", "/smartSelection"):
            visit(page, f"{base}/studies/{sid}{view}")
    ids = "&".join(f"study_ids={s['study_id']}" for s in studies[:2])
    visit(page, f"{base}/compare-studies?{ids}")
    settle(page)
