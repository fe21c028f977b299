"""Helpers for guided walks: visit a page and wait until the user would see it, bounded."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

QUIET_MS = 1500


def settle(page: Page, quiet_ms: int = QUIET_MS, limit_ms: int = 8000) -> None:
    """Give the page time to fetch what it shows: network idle, else the limit (apps that poll)."""
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=limit_ms)
    page.wait_for_timeout(quiet_ms)


def visit(page: Page, url: str) -> None:
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=30_000)
    except PlaywrightError as exc:
        print(f"  walk: {url}: {str(exc).splitlines()[0]}")
        return
    settle(page)


def click_all(page: Page, selector: str, limit: int = 20) -> None:
    """Click each match of ``selector`` once (re-queried every time), settling after each."""
    for index in range(limit):
        items = page.locator(selector)
        if index >= items.count():
            return
        with contextlib.suppress(PlaywrightError):
            items.nth(index).click(timeout=3000)
            settle(page, 800, 4000)
