"""In-page exploration: tabs, "load more" and pagination controls, infinite scroll, client routes.

Single-page apps fetch data when the user clicks, not when a page loads. After the explorer has
loaded a page, :func:`interact` plays the safe part of a user:

- it clicks tabs, then "load more" / "next page" controls (a few times each, while they stay),
  then scrolls to the bottom while the page keeps growing;
- it never clicks a control whose label, name, id, class or link looks destructive or
  transactional (delete, remove, pay, buy, logout, send, submit...) and never submits a form:
  :data:`BLOCK_SUBMIT_SCRIPT` cancels every submit event, unless the user opted in;
- client-side routes the app announces (``history.pushState``, hash routes) are collected by
  :data:`ROUTE_RECORDER_SCRIPT` and handed back for breadth-first visiting;
- every wait is bounded by the time left and by ``cancel``.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

DESTRUCTIVE_CONTROL = re.compile(
    r"(?i)\b(delete|remove|destroy|erase|purge|wipe|trash|discard|drop|clear|reset|revoke|deactivate|disable|"
    r"archive|ban|block|kick|pay|payment|purchase|buy|checkout|check out|order now|place order|subscribe|"
    r"unsubscribe|donate|transfer|withdraw|refund|charge|log ?out|sign ?out|logout|signout|log_out|sign_out|"
    r"send|submit|post|publish|share|invite|confirm|approve|reject|accept|decline|cancel|close account|"
    r"report|flag|save|update|edit|upload|import)\b"
)
LOAD_MORE = re.compile(
    r"(?i)^\s*(load|show|see|view|fetch|get)\s+(more|all|older|next)\b|^\s*more(\s+(results|items|posts))?\s*$|"
    r"^\s*(next|older|weiter|suivant|siguiente)(\s+page)?\s*[›»→>]?\s*$|^\s*[›»→]\s*$"
)
ROUTE_RECORDER_SCRIPT = """
(() => {
  if (window.__wiretableRoutes) return;
  window.__wiretableRoutes = [];
  const record = (url) => { try { window.__wiretableRoutes.push(new URL(url, location.href).href); } catch (e) {} };
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function (state, title, url) { if (url) record(url); return original.apply(this, arguments); };
  }
  window.addEventListener('hashchange', () => record(location.href));
})();
"""
BLOCK_SUBMIT_SCRIPT = """
window.addEventListener('submit', (event) => { event.preventDefault(); event.stopImmediatePropagation(); }, true);
"""
# Marks candidate controls with data-wiretable-control and describes them, in one round trip.
_CANDIDATES_SCRIPT = """
(selectors) => {
  const seen = new Set();
  const found = [];
  let next = Number(document.documentElement.dataset.wiretableNext || 0);
  for (const [kind, selector] of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (seen.has(el) || found.length >= 60) continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if ((rect.width === 0 && rect.height === 0) || style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') continue;
      const form = el.closest('form');
      const type = (el.getAttribute('type') || '').toLowerCase();
      const submits = (el.tagName === 'BUTTON' && form && (type === '' || type === 'submit')) ||
                      (el.tagName === 'INPUT' && (type === 'submit' || type === 'image'));
      if (!el.dataset.wiretableControl) el.dataset.wiretableControl = String(next++);
      const label = (el.innerText || el.value || el.getAttribute('aria-label') || el.title || '').trim().slice(0, 80);
      const cls = typeof el.className === 'string' ? el.className : '';
      const attrs = [el.id, el.getAttribute('name'), el.getAttribute('href'), el.getAttribute('aria-label'), el.title,
                     el.getAttribute('data-action'), el.getAttribute('formaction')].filter(Boolean).join(' ');
      found.push({id: el.dataset.wiretableControl, kind, label, attrs, cls, submits,
                  selected: el.getAttribute('aria-selected') === 'true' || el.classList.contains('active')});
    }
  }
  document.documentElement.dataset.wiretableNext = String(next);
  return found;
}
"""
TAB_SELECTORS = (
    "[role=tab]", "[data-tab]", "[data-toggle=tab]", "[data-bs-toggle=tab]", ".tabs button", ".tabs a",
    ".nav-tabs a", ".tab", "[role=tablist] button",
)  # fmt: skip
MORE_SELECTORS = ("button", "a[rel=next]", "[role=button]", ".pagination a", ".pager a", "a")
ROUTE_SELECTORS = ("a[href^='#/']", "a[href^='#!/']", "[data-route]", "[routerlink]", "[data-href]", "nav button")
MAX_TAB_CLICKS = 12
MAX_MORE_CLICKS = 4
MAX_SCROLLS = 6
SETTLE_TIMEOUT = 2.0


@dataclass
class Interaction:
    clicks: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def is_destructive_control(label: str, attrs: str = "") -> bool:
    """True when a control's label or attributes suggest it changes data, pays, sends or logs out."""
    text = f"{label} {attrs}".replace("-", " ").replace("_", " ")
    return bool(DESTRUCTIVE_CONTROL.search(text))


def is_load_more(label: str, attrs: str = "", cls: str = "") -> bool:
    if LOAD_MORE.search(label):
        return True
    lowered = f"{attrs} {cls}".lower()
    return "load-more" in lowered or "loadmore" in lowered or "rel=next" in lowered or "next-page" in lowered


def settle(page: Page, remaining: Callable[[], float], cancel: threading.Event, limit: float) -> None:
    """Wait until the network is idle, at most ``limit`` seconds, in slices that honour cancel."""
    deadline = time.monotonic() + min(limit, max(0.0, remaining()))
    while not cancel.is_set():
        slice_s = min(0.5, deadline - time.monotonic())
        if slice_s <= 0:
            return
        try:
            page.wait_for_load_state("networkidle", timeout=slice_s * 1000)
            return
        except PlaywrightError:
            continue


def _candidates(page: Page, selectors: tuple[tuple[str, str], ...]) -> list[dict[str, object]]:
    try:
        found = page.evaluate(_CANDIDATES_SCRIPT, [list(pair) for pair in selectors])
    except PlaywrightError:
        return []
    return [item for item in found if isinstance(item, dict)]


def _click(page: Page, control_id: str, remaining: Callable[[], float]) -> bool:
    timeout = max(100.0, min(2000.0, remaining() * 1000))
    try:
        page.click(f"[data-wiretable-control='{control_id}']", timeout=timeout, no_wait_after=True)
    except PlaywrightError:
        return False
    return True


def route_fragment(fragment: str) -> bool:
    """Hash routes (``#/books``, ``#!/books``) name pages; other fragments are anchors."""
    return fragment.startswith(("/", "!/"))


def same_page(a: str, b: str) -> bool:
    (base_a, frag_a), (base_b, frag_b) = urldefrag(a), urldefrag(b)
    if base_a != base_b:
        return False
    return (frag_a if route_fragment(frag_a) else "") == (frag_b if route_fragment(frag_b) else "")


def recorded_routes(page: Page) -> list[str]:
    try:
        routes = page.evaluate("() => (window.__wiretableRoutes || []).splice(0)")
    except PlaywrightError:
        return []
    return [route for route in routes if isinstance(route, str)]


def interact(
    page: Page,
    *,
    remaining: Callable[[], float],
    cancel: threading.Event,
    allow_destructive: bool,
    clicked_tabs: set[str],
    out_of_requests: Callable[[], bool],
) -> Interaction:
    """Play tabs, load-more controls, scrolling and route links on the loaded page; see the module doc."""
    result = Interaction()
    home_url = page.url

    def stop() -> bool:
        return cancel.is_set() or remaining() <= 1.0 or out_of_requests()

    def allowed(item: dict[str, object]) -> bool:
        label, attrs = str(item.get("label") or ""), str(item.get("attrs") or "")
        if allow_destructive:
            return True
        if item.get("submits") or is_destructive_control(label, attrs):
            result.skipped.append(label or attrs[:40])
            return False
        return True

    def back_home() -> None:
        """A click that navigated away is a route to visit later; come back to the page."""
        if not same_page(page.url, home_url):
            result.routes.append(page.url)
            try:
                page.goto(home_url, wait_until="domcontentloaded", timeout=max(500.0, min(10.0, remaining()) * 1000))
            except PlaywrightError:
                return
            settle(page, remaining, cancel, SETTLE_TIMEOUT)

    # 1. tabs: each label once per exploration, since the same tab bar repeats on many pages
    tabs = [(kind, sel) for kind, sel in (("tab", s) for s in TAB_SELECTORS)]
    for item in _candidates(page, tuple(tabs))[:MAX_TAB_CLICKS]:
        if stop():
            return result
        key = str(item.get("label") or item.get("attrs"))
        if key in clicked_tabs or not allowed(item):
            continue
        clicked_tabs.add(key)
        if _click(page, str(item["id"]), remaining):
            result.clicks.append(f"tab {key}")
            settle(page, remaining, cancel, SETTLE_TIMEOUT)
            back_home()

    # 2. load more / next page, again while the control stays on the page
    for _ in range(MAX_MORE_CLICKS):
        if stop():
            return result
        more = [item for item in _candidates(page, tuple(("more", s) for s in MORE_SELECTORS))
                if is_load_more(str(item.get("label") or ""), str(item.get("attrs") or ""), str(item.get("cls") or ""))
                and allowed(item)]
        if not more or not _click(page, str(more[0]["id"]), remaining):
            break
        result.clicks.append(f"more {more[0].get('label')}")
        settle(page, remaining, cancel, SETTLE_TIMEOUT)
        back_home()

    # 3. infinite scroll: scroll while the page keeps growing
    last_height = -1
    for _ in range(MAX_SCROLLS):
        if stop():
            return result
        try:
            height = page.evaluate("() => { window.scrollTo(0, document.body.scrollHeight); "
                                   "return document.body.scrollHeight; }")
        except PlaywrightError:
            break
        settle(page, remaining, cancel, SETTLE_TIMEOUT)
        if height == last_height:
            break
        last_height = height
        result.clicks.append("scroll")

    # 4. route links and buttons that navigate inside the app (hash routes, router links)
    for item in _candidates(page, tuple(("route", s) for s in ROUTE_SELECTORS))[:MAX_TAB_CLICKS]:
        if stop():
            break
        if not allowed(item) or not _click(page, str(item["id"]), remaining):
            continue
        result.clicks.append(f"route {item.get('label')}")
        settle(page, remaining, cancel, SETTLE_TIMEOUT)
        back_home()
    result.routes.extend(recorded_routes(page))
    return result
