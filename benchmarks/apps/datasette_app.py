"""Datasette (PyPI, Apache-2.0): HTML pages over a SQLite database, each with a JSON twin that
the pages link to (tables, row pages, foreign-key links between rows)."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from benchmarks.apps.common import HERE_APPS, Running, answers, app_dir, run_in, spawn, venv, wait_until
from benchmarks.apps.walking import visit

NAME = "datasette"
VERSION = "1.0a41"
REGISTRY = "PyPI"
LICENCE = "Apache-2.0"
REQUIREMENTS = ("datasette==1.0a41",)
TABLES = ("branches", "authors", "books", "members", "loans")


def install() -> None:
    venv(NAME, REQUIREMENTS)


def start(port: int) -> Running:
    env = venv(NAME, REQUIREMENTS)
    home = app_dir(NAME)
    database = home / "library.db"
    run_in(env, HERE_APPS / "seed_datasette.py", str(database))
    process, log = spawn([str(env / "bin" / "datasette"), "serve", str(database), "--host", "127.0.0.1",
                          "--port", str(port), "--setting", "default_page_size", "50"], home)
    wait_until(lambda: answers(f"http://127.0.0.1:{port}/-/versions.json"), 60, NAME, process, log)
    return Running(NAME, f"http://127.0.0.1:{port}/", process, home)


def _json_twin(page: Page) -> str | None:
    """The page's own "json" link, as a user would follow it."""
    with contextlib.suppress(PlaywrightError):
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        base = page.url.split("?")[0].split("#")[0]
        for link in links:
            if isinstance(link, str) and link.split("?")[0] in (f"{base}.json", f"{base.rstrip('/')}.json"):
                return link
    return None


def walk(page: Page, url: str) -> None:
    """The home and database pages, every table, a few rows of each, each with its JSON twin."""
    base = url.rstrip("/")
    pages = [f"{base}/", f"{base}/library"]
    pages += [f"{base}/library/{table}" for table in TABLES]
    pages += [f"{base}/library/{table}/{pk}" for table, pk in
              (("branches", 1), ("branches", 2), ("authors", 3), ("authors", 4), ("members", 5), ("members", 6),
               ("loans", 7), ("loans", 8))]
    visit(page, f"{base}/library/books")
    with contextlib.suppress(PlaywrightError):
        first = page.eval_on_selector_all("td.col-isbn a, td.type-pk a", "els => els.slice(0, 2).map(e => e.href)")
        pages += [str(link) for link in first]
    for target in pages:
        visit(page, target)
        twin = _json_twin(page)
        if twin:
            visit(page, twin)
