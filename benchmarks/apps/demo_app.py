"""The bundled demo bookshop (``wiretable demo``): a single-page app with History-API routes."""

from __future__ import annotations

import sys

import httpx
from playwright.sync_api import Page

from benchmarks.apps.common import ROOT, Running, answers, app_dir, spawn, wait_until
from benchmarks.apps.walking import visit

NAME = "demo"
VERSION = "bundled"
REGISTRY = "this repository"
LICENCE = "the project's"


def install() -> None:
    """Nothing to install: the demo ships with the project."""


def start(port: int) -> Running:
    home = app_dir(NAME)
    process, log = spawn([sys.executable, "-m", "demo", "--port", str(port)], home, {"PYTHONPATH": str(ROOT)})
    wait_until(lambda: answers(f"http://127.0.0.1:{port}/api/genres"), 30, NAME, process, log)
    return Running(NAME, f"http://127.0.0.1:{port}/", process, home)


def walk(page: Page, url: str) -> None:
    base = url.rstrip("/")
    api = lambda path: httpx.get(f"{base}{path}", timeout=10, trust_env=False).json()  # noqa: E731
    books = api("/api/books")
    slugs = [b["slug"] for b in (books.get("books") or books.get("items") or books.get("data") or [])][:3] \
        if isinstance(books, dict) else [b["slug"] for b in books[:3]]
    pages = ["/", "/books", "/books?page=2", "/authors", "/genres", "/publishers", "/customers", "/orders"]
    pages += [f"/books/{s}" for s in slugs]
    pages += [f"/authors/{a['id']}" for a in api("/api/authors")[:2]]
    pages += [f"/genres/{g['slug']}" for g in api("/api/genres")[:3]]
    pages += [f"/publishers/{p['id']}" for p in api("/api/publishers")[:2]]
    pages += [f"/customers/{c['id']}" for c in api("/api/customers")[:2]]
    orders = api("/api/orders")
    rows = orders if isinstance(orders, list) else next(v for v in orders.values() if isinstance(v, list))
    pages += [f"/orders/{o['id']}" for o in rows[:2]]
    for path in pages:
        visit(page, base + path)
