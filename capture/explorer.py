"""The Chromium explorer: reaches the kinds of pages of a web app through the capture proxy.

It uses Playwright's sync API, so it runs in a worker thread (never inside an asyncio loop), and it
launches a system Chromium by ``executable_path``; it never downloads browsers.

Guarantees:

- All traffic goes through ``proxy_url``: Playwright's ``proxy`` launch option also routes
  loopback targets through it, which a bare ``--proxy-server`` flag would not.
- Pages are counted by route template (``capture.routes``): ``/`` and ``/#/`` are one page,
  ``/#/experiments/3`` and ``/#/experiments/7`` one kind of page, sampled at most
  ``SAMPLES_PER_ROUTE`` times, breadth first across kinds (``capture.frontier``). Same-origin
  ``a[href]`` links and client-side routes (``history.pushState``, hash routes) are followed,
  skipping non-http schemes, downloads and links that look destructive (logout, delete...).
- A page is read once it has settled (``capture.settle``: its API calls answered and its DOM
  quiet, polling ignored), never by waiting for network idle; every wait is bounded and the
  waits that ran into their bound are reported.
- On the first sample of each kind of page it plays tabs, toggles, detail openers, "load more"
  and scrolling (``capture.interact``), re-finding every control before each click; it never
  clicks destructive-looking controls or submits forms unless ``allow_destructive`` is set. With
  nothing new left to visit, the time left replays, on the later samples of each kind of page, the
  controls that led to another route on its first sample (where they lead may depend on the record).
- With the time left once nothing else is (also once saturated: typed input may reveal what navigation
  did not), it types into the fields of each kind of page (``capture.field_input``: never a password or a secret) with
  values the app's own JSON answers gave, presses Enter and the button beside a field, and records what
  that asked for; the writes that input would send are withheld by the browser (listed in
  ``ExploreResult.withheld``) unless ``allow_destructive`` is set. A link whose visit landed on another
  route (an edit page that needs the state its list hands it) is clicked on the page it was found on.
- It stops at ``max_pages``, at ``max_requests`` browser requests, at ``budget_seconds`` (every
  wait is bounded by what is left), when nothing new (route template or API endpoint template)
  has appeared for a saturation window, and as soon as ``cancel`` is set.
- ``on_coverage`` receives a :class:`~capture.frontier.CoverageSample` whenever coverage grows
  and after every page, for a live curve.
- Credentials (``capture.auth.Credentials``) log the browser in: the storage state opens the
  context, extra headers are added only to requests to the target's own origin, so a third-party
  host never receives them.
- Page failures are collected in ``ExploreResult.errors``; only a missing or unlaunchable browser
  raises :class:`~kernel.errors.CaptureError`.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit, urlunsplit

from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from capture.auth import Credentials
from capture.controls import LISTENER_SCRIPT
from capture.frontier import Coverage, CoverageSample, Frontier
from capture.interact import (
    BLOCK_SUBMIT_SCRIPT,
    ROUTE_RECORDER_SCRIPT,
    STEPS,
    Interaction,
    Memory,
    interact,
    links,
    route_fragment,
)
from capture.routes import is_unbuilt_route, normalize_route, route_template
from capture.settle import TRACKER_SCRIPT, settle
from kernel.errors import CaptureError
from kernel.redact import redact_text, redact_url

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-quic",
)
NAVIGATION_TIMEOUT = 15.0
FIRST_NAVIGATION_TIMEOUT = 40.0
PAGE_SETTLE_LIMIT = 5.0
SAMPLES_PER_ROUTE = 3
# Nothing new for this share of the budget (at least SATURATION_MIN seconds) ends the exploration.
SATURATION_SHARE = 0.3
SATURATION_MIN = 25.0
TYPING = ("type", "stateful")

_DESTRUCTIVE = re.compile(
    r"(?i)(log-?out|sign-?out|log_out|sign_out|delete|destroy|remove|unsubscribe|deactivate|"
    r"revoke|reset|purge|wipe|cancel-?account|close-?account)"
)
# A path segment that starts or stops something (``/hub/spawn/alice``, ``/servers/3/stop``): some apps act on a
# plain GET of such a link, and a capture must leave the app as it found it.
_PROCESS_ACTION = re.compile(r"(?i)/(spawn|start|stop|restart|shutdown|kill|terminate)(/|$)")
_SKIPPED_EXTENSIONS = (
    ".pdf", ".zip", ".gz", ".tgz", ".tar", ".rar", ".7z", ".exe", ".dmg", ".msi", ".apk",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tiff",
    ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".avi", ".mov",
    ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".csv", ".xls", ".xlsx", ".doc", ".docx", ".ppt", ".pptx",
)  # fmt: skip


@dataclass
class ExploreResult:
    pages_visited: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    clicks: int = 0
    skipped_controls: list[str] = field(default_factory=list)
    stopped_by: str | None = None
    failed_clicks: list[str] = field(default_factory=list)
    gone_controls: int = 0
    settle_timeouts: int = 0
    settle_seconds: float = 0.0
    coverage: list[CoverageSample] = field(default_factory=list)
    route_templates: list[str] = field(default_factory=list)
    api_templates: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # "field words = value" typed into
    withheld: list[str] = field(default_factory=list)  # writes the browser withheld while typing


def origin(url: str) -> tuple[str, str]:
    """``(scheme, host:port)`` with default ports made explicit, for same-origin checks."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return scheme, f"{(parts.hostname or '').lower()}:{port}"


def normalize_link(href: str) -> str | None:
    """An absolute http(s) link without its fragment (kept for hash routes such as ``#/books``),
    or None when it is not worth visiting (a download, a non-http scheme, a route built from a
    value not loaded yet such as ``/projects/1/undefined``)."""
    url, fragment = urldefrag(href.strip())
    fragment = fragment if route_fragment(fragment) else ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path or "/"
    if path.lower().endswith(_SKIPPED_EXTENSIONS) or is_unbuilt_route(href):
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, fragment))


def is_destructive(url: str) -> bool:
    """Links whose visit may log out, destroy data or start or stop something (``/logout``, ``?action=delete``,
    ``/hub/spawn/alice``)."""
    parts = urlsplit(url)
    return bool(_DESTRUCTIVE.search(parts.path) or _DESTRUCTIVE.search(parts.query) or _PROCESS_ACTION.search(parts.path))


def check_chromium(chromium_path: str | None) -> str:
    """The Chromium executable's path; CaptureError telling how to install it when missing."""
    if not chromium_path or not os.path.isfile(chromium_path) or not os.access(chromium_path, os.X_OK):
        raise CaptureError(
            f"Chromium not found{f' at {chromium_path}' if chromium_path else ''}: install it with "
            "`apt-get install chromium` (or set WIRETABLE_CHROMIUM to a Chromium binary)",
            path=chromium_path,
        )
    return chromium_path


def explore(
    url: str,
    *,
    proxy_url: str,
    chromium_path: str | None,
    budget_seconds: float,
    max_pages: int,
    on_page: Callable[[str, int], None] | None = None,
    cancel: threading.Event | None = None,
    max_requests: int | None = None,
    allow_destructive: bool = False,
    credentials: Credentials | None = None,
    on_coverage: Callable[[CoverageSample], None] | None = None,
    saturation_seconds: float | None = None,
) -> ExploreResult:
    """Visit ``url`` and the kinds of same-origin pages it leads to; see the module doc.

    ``on_page(page_url, pages_visited_so_far)`` is called after every visited page, from this
    thread.
    """
    executable = check_chromium(chromium_path)
    deadline = time.monotonic() + budget_seconds
    cancel = cancel or threading.Event()
    result = ExploreResult()
    start = normalize_link(url)
    if start is None:
        raise CaptureError(f"only http:// and https:// URLs can be explored: {url}", url=url)
    home = origin(start)
    frontier = Frontier(SAMPLES_PER_ROUTE)
    frontier.add(normalize_route(start))
    window = saturation_seconds if saturation_seconds is not None else max(
        SATURATION_MIN, SATURATION_SHARE * budget_seconds)
    coverage = Coverage(window)
    visited: set[str] = set()
    memory = Memory()
    to_play: deque[str] = deque()
    sources: dict[str, str] = {}  # the page each link was first found on
    later: deque[str] = deque()  # later samples of kinds of pages, to play again with time left
    to_type: deque[str] = deque()  # first samples of kinds of pages, whose fields are typed into with time left
    controls_turn = True

    def remaining() -> float:
        return deadline - time.monotonic()

    def out_of_requests() -> bool:
        return max_requests is not None and result.requests >= max_requests

    def count_request(_request: object) -> None:
        result.requests += 1

    def finished(request: Request) -> None:  # answers whose values may be typed into fields
        with contextlib.suppress(Exception):
            if request.resource_type in ("fetch", "xhr") and origin(request.url) == home:
                memory.values.offer(request)

    def observe(response: Response) -> None:
        with contextlib.suppress(Exception):
            json_answer = origin(response.url) == home and 200 <= response.status < 300 and \
                "json" in (response.headers.get("content-type") or "")
            if json_answer and coverage.api(response.request.method, response.url) and on_coverage is not None:
                on_coverage(coverage.now())

    def play_controls(page: Page, landed: str, steps: tuple[str, ...]) -> Interaction:
        played = interact(page, template=route_template(landed), remaining=remaining, cancel=cancel,
                          allow_destructive=allow_destructive, memory=memory, out_of_requests=out_of_requests,
                          found_link=found_link, steps=steps)
        result.clicks += len(played.clicks)
        result.gone_controls += played.gone
        result.failed_clicks.extend(played.failed)
        result.typed.extend(played.typed)
        result.withheld.extend(played.withheld)
        for waited in played.settles:
            result.settle_seconds += waited.waited
            result.settle_timeouts += waited.timed_out
        result.skipped_controls.extend(s for s in played.skipped if s not in result.skipped_controls)
        return played

    def found_link(candidate: str, found_on: str | None = None) -> None:
        link = normalize_link(candidate)
        if link is not None and origin(link) == home and not is_destructive(link) and \
                frontier.add(normalize_route(link), found_on) and found_on is not None:
            sources[normalize_route(link)] = found_on

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable,
                headless=True,
                proxy={"server": proxy_url},
                args=list(CHROMIUM_ARGS),
                timeout=30_000,
            )
        except PlaywrightError as exc:
            raise CaptureError(
                f"Chromium ({executable}) failed to start: {str(exc).splitlines()[0]}", path=executable
            ) from exc
        try:
            context = _new_context(browser, start, credentials, allow_destructive)
            context.on("request", count_request)
            context.on("response", observe)
            context.on("requestfinished", finished)
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.dismiss())
            while True:
                if len(result.pages_visited) >= max_pages:
                    result.stopped_by = "page limit"
                    break
                if cancel.is_set() or remaining() <= 0.5 or out_of_requests():
                    result.stopped_by = ("cancelled" if cancel.is_set() else
                                         "request limit" if out_of_requests() else "time budget")
                    break
                saturated = bool(result.pages_visited) and coverage.saturated()
                if saturated and not to_type:
                    result.stopped_by = "saturation"
                    break
                # Breadth first: a kind of page never seen comes first; then, taking turns, the
                # controls of pages already seen (links are cheap, clicks are not) and the secondary
                # new kinds (forms, query variants, the rest of a catalogue); then more samples; then, with
                # nothing new left, other samples' controls; last (also once saturated), typing into fields.
                target, replay, typing = None if saturated else frontier.next_new(secondary=False), False, False
                if target is None and not saturated:
                    if to_play and (controls_turn or not frontier.has_new()):
                        target, replay = to_play.popleft(), True
                    else:
                        target = frontier.next_new() or frontier.next()
                    controls_turn = not replay
                again = target is None and not saturated and bool(later)
                if again:
                    target = later.popleft()
                if target is None and to_type:
                    target, typing = to_type.popleft(), True
                if target is None:
                    break
                landed = _visit(page, target, remaining, cancel, result)
                memory.values.drain()
                if landed is not None and not (replay or again or typing) and route_template(landed) != route_template(target):
                    memory.redirected.add(route_template(target))  # a route that may need its page's state:
                    source = sources.get(target)  # its link is clicked on the page it was found on
                    if source in visited and source not in to_type:
                        to_type.append(source)
                if landed is None or (landed in visited and not (replay or again or typing)):
                    continue  # failed, or redirected to a page already explored
                if typing or again:
                    play_controls(page, landed, ("type", "stateful") if typing else ("again", "stateful"))
                    continue
                if not replay:
                    visited.add(landed)
                    frontier.mark_seen(landed)
                    # the app may rewrite its URL on load (a default ?tab=...): the visit counts for
                    # the kind of page asked for as well as for the one landed on
                    samples = frontier.visited(landed)
                    if route_template(target) != route_template(landed):
                        samples = min(samples, frontier.visited(target))
                    result.pages_visited.append(landed)
                    coverage.page(landed)
                    for link in links(page):
                        found_link(link, landed)
                    # tabs on every sample (each label once per kind of page): they are in-page,
                    # cheap, and what detail pages hide their sub-resources behind
                    if play_controls(page, landed, ("tabs",)).tabs:
                        frontier.has_tabs(landed)
                        frontier.has_tabs(target)
                    if samples > 1:
                        later.append(landed)
                    if samples == 1 and frontier.has_new(secondary=False):
                        to_play.append(landed)  # the costlier controls wait until the new kinds are visited
                    elif samples == 1:
                        replay = True
                if replay:  # the other controls are played on the first sample of each kind of page; its
                    # fields are typed into once nothing new is left to visit
                    play_controls(page, landed, tuple(step for step in STEPS if step not in ("tabs", *TYPING)))
                    if landed not in to_type:
                        to_type.append(landed)
                if on_page is not None:
                    on_page(landed, len(result.pages_visited))
                if on_coverage is not None:
                    on_coverage(coverage.now())
            context.close()
        except PlaywrightError as exc:
            raise CaptureError(
                f"the browser failed while exploring {start}: {str(exc).splitlines()[0]}", url=start
            ) from exc
        finally:
            with contextlib.suppress(PlaywrightError):
                browser.close()
    result.coverage = [*coverage.samples, coverage.now()]
    result.route_templates = sorted(coverage.routes)
    result.api_templates = sorted(coverage.apis)
    return result


def _new_context(
    browser: Browser, start: str, credentials: Credentials | None, allow_destructive: bool
) -> BrowserContext:
    state = credentials.browser_state(start) if credentials is not None else None
    context = browser.new_context(
        ignore_https_errors=True,
        accept_downloads=False,
        storage_state=state,  # type: ignore[arg-type]
    )
    context.add_init_script(ROUTE_RECORDER_SCRIPT)
    context.add_init_script(TRACKER_SCRIPT)
    context.add_init_script(LISTENER_SCRIPT)
    if not allow_destructive:
        context.add_init_script(BLOCK_SUBMIT_SCRIPT)
    headers = credentials.request_headers() if credentials is not None else {}
    if headers:
        home = origin(start)

        def add_headers(route: Route) -> None:
            request = route.request
            if origin(request.url) != home:
                route.continue_()
                return
            route.continue_(headers={**request.headers, **headers})

        context.route("**/*", add_headers)
    return context


def _visit(
    page: Page,
    target: str,
    remaining: Callable[[], float],
    cancel: threading.Event,
    result: ExploreResult,
) -> str | None:
    """Open ``target`` and wait (bounded) until it has settled; the landed page, normalized, or None."""
    limit = NAVIGATION_TIMEOUT if result.pages_visited else FIRST_NAVIGATION_TIMEOUT  # a cold first load is slow
    timeout_ms = max(1.0, min(limit, remaining())) * 1000
    try:
        response = page.goto(target, wait_until="domcontentloaded", timeout=timeout_ms)
    except PlaywrightError as exc:
        result.errors.append(f"{redact_url(target)}: {_reason(exc, timeout_ms)}")
        return None
    if response is not None and response.status >= 400:
        result.errors.append(f"{redact_url(target)}: HTTP {response.status}")
    waited = settle(page, remaining=remaining, cancel=cancel, limit=PAGE_SETTLE_LIMIT)
    result.settle_seconds += waited.waited
    result.settle_timeouts += waited.timed_out
    landed = normalize_link(page.url)
    return normalize_route(landed) if landed else page.url


def _reason(exc: PlaywrightError, timeout_ms: float) -> str:
    """A one-line reason for a failed navigation, without Playwright's call log."""
    first = str(exc).splitlines()[0]
    if "Timeout" in first and "exceeded" in first:
        return f"the page did not finish loading within {timeout_ms / 1000:.0f} s"
    first = re.sub(r"^Page\.goto:\s*", "", first)
    net = re.search(r"net::(ERR_[A-Z_]+)", first)
    if net:
        return {
            "ERR_CONNECTION_REFUSED": "connection refused",
            "ERR_NAME_NOT_RESOLVED": "the host name does not resolve",
            "ERR_EMPTY_RESPONSE": "the server closed the connection without answering",
            "ERR_TUNNEL_CONNECTION_FAILED": "the capture proxy could not connect to the server",
        }.get(net.group(1), f"{net.group(1)} ({redact_text(first)[:200]})")
    return redact_text(first)[:300]
