"""In-page exploration: what a careful user clicks on a loaded page, and what it reveals.

Single-page apps fetch data when the user clicks, not when a page loads. After the explorer has
loaded and settled a page, :func:`interact` plays the safe part of a user, re-finding every
control just before it clicks it (``capture.controls``: no element handle outlives a re-render):

1. tabs, once per label on each kind of page (the tab already selected is not clicked; a tab
   that only rewrites the page's query, such as ``?tab=artifacts``, stays on the page);
2. toggles, selects and segmented controls, once per label in the whole exploration (a mode
   switch in a header reveals a section's links; they are collected after each click);
3. table rows, list items, cards and router buttons that open a detail page, a few per group,
   and every entry of a group whose clicks keep reaching new kinds of pages (a menu of items
   without links); one item of each repeated group (``capture.controls``: the rows of a grid, cards) is
   played first, even before the toggles (which may show a list as a grid), so that neither they nor a
   toolbar's controls keep a record's detail from being opened; a record's data (the sentence of a ticket
   asking for a refund) does not make it look destructive, its short texts (a "Delete" in a row) do; a
   click that navigates is a route for the explorer, which comes back to the
   page, and is not clicked again on other pages (a sidebar shown on every page); a click that led to
   a route built from a value the page had not loaded yet (``/projects/3/undefined``) was made too
   early: the explorer comes back, waits until the page has been quiet for ``PATIENT_QUIET`` seconds
   and clicks the control once more;
4. "load more" / "next page", again only while a click appends rows to the same page; a control
   whose click navigates elsewhere (a "view all" link) is a route, clicked once;
5. infinite scroll, while the page keeps growing;
6. fields, typed into once per kind of page with values the app answered with (``capture.field_input``): what
   a search, a filter or a lookup asks for, the app's writes withheld meanwhile;
7. links whose direct visit landed elsewhere (a route that needs the state its page hands it on click, an
   edit form opened from a list): each is clicked in a page once in the exploration, and the fields of
   the page it shows are typed into before the explorer comes back.

With the step ``again`` (the explorer's use of time left once nothing new is queued), the controls
that led to another route are played again on another sample of a kind of page, since where they
lead may depend on the record the page shows; not those whose route spells their label (a menu
entry "Members" that led to ``.../members`` leads there from any record).

It never clicks a control whose label or attributes look destructive or transactional (delete,
pay, send, logout, save, run...) and never submits a form: :data:`BLOCK_SUBMIT_SCRIPT` cancels
every submit event, unless the user opted in. Every wait is a bounded :func:`capture.settle.settle`,
and the outcome of every click (clicked, gone, failed) is counted for the explorer's report.
Client-side routes the app announces (``history.pushState``, hash routes) are collected by
:data:`ROUTE_RECORDER_SCRIPT`. ``steps`` chooses which of the seven to play, so that the explorer
can play a page's tabs as soon as it arrives and keep the costlier steps for later.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from capture.controls import (
    Control,
    click_control,
    find_controls,
    is_destructive_control,
    is_load_more,
    list_size,
)
from capture.field_input import TYPED_QUIET, TYPED_SETTLE, Typed, click_link, type_fields
from capture.routes import is_hash_route, is_unbuilt_route, normalize_route, route_template
from capture.settle import Settled, settle
from capture.values import Values

__all__ = ["BLOCK_SUBMIT_SCRIPT", "ROUTE_RECORDER_SCRIPT", "Interaction", "interact", "is_destructive_control",
           "is_load_more", "links", "recorded_routes", "route_fragment", "same_page", "same_route_path"]

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
window.addEventListener('submit', (event) => {
  if (window.__wiretableLetSubmit) return;  // a form the typing step may submit, its writes withheld
  event.preventDefault(); event.stopImmediatePropagation();
}, true);
"""
MAX_TABS = 6
MAX_TOGGLES = 6
FOLLOW_PER_GROUP = 2
MAX_FOLLOWS = 6
MENU_PER_GROUP = 10
MAX_MENU_FOLLOWS = 10
MAX_MORE_CLICKS = 4
MAX_SCROLLS = 3
CLICK_SETTLE = 3.0
#: Quiet seconds before a control that was clicked too early (it led to an unbuilt route) is clicked again.
PATIENT_QUIET = 2.0
MAX_STATEFUL = 4
STEPS = ("tabs", "toggles", "follow", "more", "scroll", "type", "stateful")


@dataclass
class Interaction:
    clicks: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    gone: int = 0
    failed: list[str] = field(default_factory=list)
    settles: list[Settled] = field(default_factory=list)
    tabs: int = 0  # tabs seen on the page (played or not)
    typed: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)


@dataclass
class Memory:
    """What the exploration remembers across pages: controls already played."""

    toggles: set[str] = field(default_factory=set)
    per_template: set[str] = field(default_factory=set)
    navigating: set[str] = field(default_factory=set)
    led: dict[str, str] = field(default_factory=dict)  # follow controls whose click led to another route: where
    replayed: set[str] = field(default_factory=set)  # "page|control" played again on another sample
    typed: set[str] = field(default_factory=set)  # "template|field" typed into
    redirected: set[str] = field(default_factory=set)  # templates of links whose visit landed elsewhere
    stateful: set[str] = field(default_factory=set)  # of those, the ones clicked in a page
    values: Values = field(default_factory=Values)  # the app's answers' values, to type


class _Groups:
    """The follow controls played on one page, by structural group. A group is sampled
    (``FOLLOW_PER_GROUP`` clicks) until it shows what it is: rows of a table open detail pages of
    one kind, so a click reaching a kind of page the group already reached closes it; rows that
    only expand in the page close it after ``FOLLOW_PER_GROUP`` such clicks. A group whose clicks
    keep reaching kinds of pages not reached before is a menu (a sidebar of items without links):
    all of its entries are played, up to ``MAX_MENU_FOLLOWS`` beyond ``MAX_FOLLOWS``."""

    def __init__(self, here: str) -> None:
        self.here = here
        self.clicks = 0
        self._reached: dict[str, list[str]] = {}
        self._in_page: dict[str, int] = {}
        self._closed: set[str] = set()

    def open(self, group: str) -> bool:
        return group not in self._closed

    def tried(self, group: str) -> bool:
        return group in self._reached or group in self._in_page

    def menu(self, group: str) -> bool:
        return group not in self._closed and len(set(self._reached.get(group, []))) >= 2

    def played(self, group: str, reached: str | None) -> None:
        self.clicks += 1
        routes = self._reached.setdefault(group, [])
        if reached is None or reached == self.here:
            self._in_page[group] = self._in_page.get(group, 0) + 1
            if self._in_page[group] >= FOLLOW_PER_GROUP:
                self._closed.add(group)
        elif reached in routes:
            self._closed.add(group)
        else:
            routes.append(reached)
        if len(routes) + self._in_page.get(group, 0) >= FOLLOW_PER_GROUP + MENU_PER_GROUP:
            self._closed.add(group)


def spells(label: str, url: str) -> bool:
    """Whether the route ``url`` ends in a segment that spells the label of the control that led
    there (``Members`` and ``/projects/1/members``, ``API keys`` and ``#/api-keys``)."""
    parts = urlsplit(url)
    route = parts.fragment.partition("?")[0] if route_fragment(parts.fragment) else parts.path
    last = re.findall(r"[a-z0-9]+", route.rstrip("/").rpartition("/")[2].lower())
    words = re.findall(r"[a-z0-9]+", label.lower())
    if not last or not words:
        return False
    return set(last) <= set(words) or set(words) <= set(last) or "".join(last) == "".join(words)


def route_fragment(fragment: str) -> bool:
    """Hash routes (``#/books``, ``#!/books``) name pages; other fragments are anchors."""
    return is_hash_route(fragment)


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


def links(page: Page) -> list[str]:
    """Every ``a[href]`` target on the page now, absolute."""
    try:
        hrefs = page.eval_on_selector_all("a[href]", "elements => elements.map(element => element.href)")
    except PlaywrightError:
        return []
    return [href for href in hrefs if isinstance(href, str)]


def _normal(url: str) -> str:
    try:
        return normalize_route(url)
    except ValueError:
        return url


def _route_kind(url: str) -> str | None:
    """The route template of a page's URL; None for a link that is no web page (``mailto:``, ``javascript:``,
    ``about:blank``)."""
    try:
        return route_template(url)
    except ValueError:
        return None


def same_route_path(a: str, b: str) -> bool:
    """Whether two URLs show one page up to their query: ``/runs/7?tab=logs`` and
    ``/runs/7?tab=artifacts`` (also within a hash route) are one page whose tab changed."""
    pa, pb = urlsplit(_normal(a)), urlsplit(_normal(b))
    return (pa.netloc, pa.path, pa.fragment.partition("?")[0]) == (pb.netloc, pb.path, pb.fragment.partition("?")[0])


def interact(
    page: Page,
    *,
    template: str,
    remaining: Callable[[], float],
    cancel: threading.Event,
    allow_destructive: bool,
    memory: Memory,
    out_of_requests: Callable[[], bool],
    found_link: Callable[[str], None],
    steps: tuple[str, ...] = STEPS,
) -> Interaction:
    """Play tabs, toggles, detail openers, load-more controls and scrolling (those of ``steps``) on
    the loaded page; see the module doc. ``found_link`` receives every link and route revealed on
    the way."""
    result = Interaction()
    home = _normal(page.url)
    reached: list[str] = []  # where the clicks that navigated led

    def stop() -> bool:
        return cancel.is_set() or remaining() <= 1.5 or out_of_requests()

    def wait() -> None:
        result.settles.append(settle(page, remaining=remaining, cancel=cancel, limit=CLICK_SETTLE))

    def allowed(control: Control) -> bool:
        if allow_destructive:
            return True
        # a tab only shows another panel: its label tells what it shows, while its generated id
        # (``radix-:r1:-trigger-logs``) says nothing about what a click does
        attrs = "" if control.kind == "tab" else control.attrs
        if control.submits or is_destructive_control(control.action_label, attrs):
            if control.label not in result.skipped:
                result.skipped.append(control.label or control.attrs[:40])
            return False
        return True

    def harvest() -> None:
        for link in links(page):
            found_link(link)
        for route in recorded_routes(page):
            found_link(route)

    def play(control: Control, what: str, early: bool = False) -> str:
        """Click, settle, note where it led; come back when it navigated. Returns the outcome.
        A click that led to a route built from a value the page had not loaded yet
        (``/projects/3/undefined``) was made too early: the page is given time for its data and
        the control is clicked once more (``early``)."""
        outcome = click_control(page, control)
        if outcome == "gone":
            result.gone += 1
            return outcome
        if outcome != "clicked":
            result.failed.append(f"{what} {control.label[:40]}: {outcome}")
            return outcome
        result.clicks.append(f"{what} {control.label[:40]}")
        wait()
        _close_dialogs(page)
        harvest()
        if what == "tab" and same_route_path(page.url, home):
            return outcome  # the tab rewrote the page's query: still the same page
        if _normal(page.url) != home:
            reached.append(page.url)
            found_link(page.url)
            if is_unbuilt_route(page.url) and not early:
                back(home, patient=True)
                if _normal(page.url) == home and not stop():
                    return play(control, what, early=True)
                return "navigated"
            back(home)
            return "navigated"
        return outcome

    def back(url: str, patient: bool = False) -> None:
        """Load the page again: going back in history is not enough for apps that ignore popstate.
        ``patient``: the page is read only once it has been quiet for ``PATIENT_QUIET`` seconds (data
        some apps ask for only after their first answers)."""
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=max(500.0, min(10.0, remaining()) * 1000))
        except PlaywrightError:
            return
        if patient:
            result.settles.append(settle(page, remaining=remaining, cancel=cancel, limit=CLICK_SETTLE + PATIENT_QUIET,
                                         quiet=PATIENT_QUIET, first_quiet=PATIENT_QUIET))
        else:
            wait()

    # 1. tabs, once per label on each kind of page; the one already shown needs no click
    for _ in range(MAX_TABS if "tabs" in steps else 0):
        if stop():
            return result
        tabs = find_controls(page, "tab")
        result.tabs = max(result.tabs, len(tabs))
        todo = [c for c in tabs if f"{template}|{c.label}" not in memory.per_template]
        for shown in (c for c in todo if c.selected):
            memory.per_template.add(f"{template}|{shown.label}")
        todo = [c for c in todo if not c.selected and allowed(c)]
        if not todo:
            break
        memory.per_template.add(f"{template}|{todo[0].label}")
        play(todo[0], "tab")

    groups = _Groups(route_template(home))

    def follow(records: bool) -> None:
        """Step 3; with ``records``, only the first item of each repeated group (a table's rows, a list's items,
        cards), before the page's toggles may switch its layout (a list shown as a grid) or filter it."""
        for _ in range(MAX_FOLLOWS + MAX_MENU_FOLLOWS if "follow" in steps else 0):
            if stop():
                return
            # a control is known by its label or by its place in its group (a re-render may relabel it);
            # one that led to a route elsewhere (a sidebar shown on every page) is not clicked again
            todo = [c for c in find_controls(page, "follow")
                    if f"{template}|follow|{c.key}" not in memory.per_template
                    and f"{template}|place|{c.group}|{c.x}|{c.y}" not in memory.per_template
                    and c.key not in memory.led and groups.open(c.group) and allowed(c)]
            # one item of each repeated group first (also past MAX_FOLLOWS): what opens a record's detail, which
            # a toolbar's or a header's controls before them must not crowd out
            fresh = [c for c in todo if c.repeated and not groups.tried(c.group)]
            if groups.clicks >= MAX_FOLLOWS:
                todo = [c for c in todo if groups.menu(c.group)]
            todo = fresh if records else fresh + [c for c in todo if c not in fresh]
            if not todo:
                return
            control = todo[0]
            memory.per_template.add(f"{template}|follow|{control.key}")
            memory.per_template.add(f"{template}|place|{control.group}|{control.x}|{control.y}")
            outcome = play(control, "open")
            # a click made before the page's data had loaded may lead to a route built from a missing
            # value (``/undefined``): not where the control leads, so another page may play it again
            led = outcome == "navigated" and not is_unbuilt_route(reached[-1])
            if led:
                memory.led[control.key] = reached[-1]
            groups.played(control.group, route_template(reached[-1]) if led else None)

    follow(records=True)

    # 2. toggles and segmented controls, once per label in the whole exploration
    for _ in range(MAX_TOGGLES if "toggles" in steps else 0):
        if stop():
            return result
        todo = [c for c in find_controls(page, "toggle") if c.key not in memory.toggles and allowed(c)]
        if not todo:
            break
        memory.toggles.add(todo[0].key)
        play(todo[0], "toggle")

    # 3'. on another sample of a kind of page, the controls that led elsewhere on an earlier one: where
    # they lead may depend on the record shown (the page of an item's kind)
    for _ in range(MAX_FOLLOWS + MAX_MENU_FOLLOWS if "again" in steps else 0):
        if stop():
            return result
        # a control whose route spells its label (a menu entry "Members" led to ``.../members``) leads
        # to that same kind of page from any record: only the others are worth their time
        todo = [c for c in find_controls(page, "follow")
                if c.key in memory.led and not spells(c.label, memory.led[c.key])
                and f"{home}|{c.key}" not in memory.replayed and allowed(c)]
        if not todo:
            break
        memory.replayed.add(f"{home}|{todo[0].key}")
        play(todo[0], "open")

    # 3. rows, list items, cards: a few per group, once per kind of page; every entry of a menu
    follow(records=False)

    # 4. load more, only while it appends to this page's lists
    for _ in range(MAX_MORE_CLICKS if "more" in steps else 0):
        if stop():
            return result
        more = [c for c in find_controls(page, "more")
                if is_load_more(c.label, c.attrs, c.cls) and c.key not in memory.navigating and allowed(c)]
        if not more:
            break
        before = list_size(page)
        outcome = play(more[0], "more")
        if outcome == "navigated":
            memory.navigating.add(more[0].key)  # a "view all" link: a route, not more rows
            continue
        if outcome != "clicked" or list_size(page) <= before:
            break

    # 5. infinite scroll: scroll while the page keeps growing (not at all when it fits the window)
    last_height = -1
    for _ in range(MAX_SCROLLS if "scroll" in steps else 0):
        if stop():
            break
        try:
            height = page.evaluate("() => { if (document.body.scrollHeight <= window.innerHeight + 8) return -1; "
                                   "window.scrollTo(0, document.body.scrollHeight); "
                                   "return document.body.scrollHeight; }")
        except PlaywrightError:
            break
        if height == -1:
            break
        wait()
        if height == last_height:
            break
        last_height = height
        result.clicks.append("scroll")

    def type_here(kind: str) -> None:
        """Type into the page's fields (``capture.field_input``); an input that navigated comes back home."""
        here = _normal(page.url)

        def after() -> bool:
            harvest()
            if same_route_path(page.url, here):  # a search that rewrote the page's query stays on the page
                return False
            reached.append(page.url)
            found_link(page.url)
            if here == home:
                back(home)
            return True

        typed: Typed = type_fields(
            page, template=kind, typed=memory.typed, values=memory.values, allow_destructive=allow_destructive,
            stop=stop, after=after, leave=lambda: back(home), wait=lambda: result.settles.append(settle(
                page, remaining=remaining, cancel=cancel, limit=TYPED_SETTLE, quiet=TYPED_QUIET)))
        result.typed.extend(typed.fields)
        result.clicks.extend(typed.triggers)
        result.withheld.extend(typed.withheld)
        result.failed.extend(typed.failed)

    # 6. fields, typed into once per kind of page: what a search or a lookup asks for
    if "type" in steps and not stop():
        type_here(template)

    # 7. links whose visit landed elsewhere (a route that needs the state its page hands it, an edit form
    # opened from a list): each clicked in a page once in the exploration, and its fields typed into there
    for _ in range(MAX_STATEFUL if "stateful" in steps else 0):
        if stop():
            break
        stateful = [(link, kind) for link in links(page) if (kind := _route_kind(link)) is not None
                    and kind in memory.redirected and kind not in memory.stateful]
        if not stateful:
            break
        href, kind = stateful[0]
        memory.stateful.add(kind)
        outcome = click_link(page, href)
        if outcome != "clicked":
            if outcome != "gone":
                result.failed.append(f"link {kind[-40:]}: {outcome}")
            continue
        result.clicks.append(f"link {kind[-40:]}")
        wait()
        harvest()
        if _route_kind(page.url) == kind and not stop():
            type_here(kind)
        if _normal(page.url) != home:
            back(home)
    harvest()
    return result


def _close_dialogs(page: Page) -> None:
    """A click that opened a modal dialog is closed with Escape, as a user would."""
    try:
        if page.evaluate("() => !!document.querySelector('[role=dialog], [aria-modal=true], dialog[open]')"):
            page.keyboard.press("Escape")
    except PlaywrightError:
        pass
