"""One browser capture: check the URL, start the proxy, explore with Chromium, stop, report.

``run_capture`` is what the job runner and the CLI call. It blocks, so the web UI runs it in a
worker thread. Guarantees:

- Bad input fails fast with :class:`~kernel.errors.CaptureError`, before any process starts:
  a URL that is not http(s) or has no host, a target that does not answer (refused, unknown host,
  TLS failure, timeout; bounded by ``REACH_TIMEOUT``), a first page that answers with a server
  error (5xx), a missing Chromium or mitmdump, and, with ``block_private``, a target on a
  private, loopback or link-local address.
- Credentials are used by the browser only; the addon hides their header names and values.
- The proxy is always stopped, also on errors, cancellation and exceptions raised by
  ``on_progress``; every completed exchange is in ``out_path`` when the function returns.
- ``on_progress`` is called from the calling thread: after every visited page and at least every
  ``PROGRESS_INTERVAL`` seconds while the browser explores.
- Exchange lines are appended to ``out_path``; ``requests_captured`` counts only the lines this
  run added.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from capture.auth import Credentials
from capture.explorer import ExploreResult, check_chromium, explore
from capture.frontier import CoverageSample
from capture.hosts import check_public_target
from capture.proxy import ProxyProcess, resolve_mitmdump
from kernel.errors import CaptureError
from kernel.redact import redact_url
from kernel.settings import Settings

PROGRESS_INTERVAL = 1.0
REACH_TIMEOUT = 5.0
# How long past its budget the explorer may take to wind down before the run gives up on it.
STOP_GRACE = 60.0


@dataclass(frozen=True)
class CaptureProgress:
    pages_visited: int
    requests_captured: int
    message: str
    elapsed_seconds: float = 0.0
    fraction: float = 0.0
    route_templates: int = 0
    api_templates: int = 0
    # (seconds, route templates, API endpoint templates) each time coverage grew
    coverage: tuple[tuple[float, int, int], ...] = ()


@dataclass(frozen=True)
class CaptureResult:
    out_path: Path
    pages_visited: list[str]
    requests_captured: int
    message: str
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False
    elapsed_seconds: float = 0.0
    explored: ExploreResult | None = None


def validate_url(url: str) -> str:
    """The stripped URL; CaptureError unless it is http(s) with a host."""
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        raise CaptureError(f"only http:// and https:// URLs can be captured: {url!r}", url=url)
    return candidate


def check_reachable(url: str, *, timeout: float = REACH_TIMEOUT) -> int:
    """The HTTP status that ``url`` answers with; CaptureError when nothing answers in time, or
    when the answer is a server error.

    A 4xx answer counts (a 404 or login start page is still an app); the body is not downloaded.
    Certificates are not verified, as the capture proxy does not verify them either.
    """
    status = _first_status(url, timeout)
    if status >= 500:
        raise CaptureError(
            f"the app's first page answered HTTP {status} (a server error); nothing to explore ({url})", url=url
        )
    return status


def _first_status(url: str, timeout: float) -> int:
    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout, connect=timeout),
                follow_redirects=True,
                verify=False,
                trust_env=False,
            ) as client,
            client.stream("GET", url, headers={"Accept": "text/html,*/*"}) as response,
        ):
            return response.status_code
    except httpx.TimeoutException as exc:
        raise CaptureError(f"cannot reach URL: no answer within {timeout:g} s ({url})", url=url) from exc
    except httpx.HTTPError as exc:
        reason = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc)) or type(exc).__name__
        if "SSL" in reason or "TLS" in reason or "certificate" in reason.lower():
            reason = f"the TLS handshake failed ({reason.splitlines()[0][:200]})"
        raise CaptureError(f"cannot reach URL: {reason} ({url})", url=url) from exc
    except ValueError as exc:  # URLs that httpx rejects after urlsplit accepted them
        raise CaptureError(f"cannot reach URL: {exc} ({url})", url=url) from exc


class _LineCounter:
    """Counts lines appended to a growing file by reading only the new bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._lines = 0
        self.baseline = self.count()

    def count(self) -> int:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._offset)
                chunk = handle.read()
        except FileNotFoundError:
            return self._lines
        self._offset += len(chunk)
        self._lines += chunk.count(b"\n")
        return self._lines

    def added(self) -> int:
        return self.count() - self.baseline


class _Reporter:
    """Turns page events and ticks into CaptureProgress calls with fresh counters."""

    def __init__(
        self,
        on_progress: Callable[[CaptureProgress], None] | None,
        counter: _LineCounter,
        budget: float,
        pages_limit: int,
    ) -> None:
        self.on_progress = on_progress
        self.counter = counter
        self.budget = budget
        self.pages_limit = pages_limit
        self.pages_visited = 0
        self.started = time.monotonic()
        self.curve: list[tuple[float, int, int]] = []

    def grew(self, sample: CoverageSample) -> None:
        point = (sample.seconds, sample.route_templates, sample.api_templates)
        if not self.curve or self.curve[-1][1:] != point[1:]:
            self.curve.append(point)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, message: str, *, fraction: float | None = None) -> None:
        if self.on_progress is None:
            return
        elapsed = self.elapsed
        if fraction is None:
            fraction = min(1.0, max(self.pages_visited / self.pages_limit, elapsed / self.budget))
        routes, apis = self.curve[-1][1:] if self.curve else (0, 0)
        self.on_progress(
            CaptureProgress(self.pages_visited, self.counter.added(), message, elapsed, fraction,
                            routes, apis, tuple(self.curve))
        )


def run_capture(
    url: str,
    out_path: Path,
    *,
    settings: Settings,
    budget_seconds: float | None = None,
    max_pages: int | None = None,
    on_progress: Callable[[CaptureProgress], None] | None = None,
    cancel: threading.Event | None = None,
    credentials: Credentials | None = None,
    allow_destructive: bool = False,
    max_requests: int | None = None,
    block_private: bool = False,
) -> CaptureResult:
    """Capture ``url``'s traffic into ``out_path`` (Exchange JSON Lines); see the module doc."""
    budget = settings.budget_seconds if budget_seconds is None else budget_seconds
    pages_limit = settings.max_pages if max_pages is None else max_pages
    if budget <= 0 or pages_limit <= 0:
        raise ValueError(f"budget_seconds and max_pages must be positive, not {budget}, {pages_limit}")
    target = validate_url(url)
    chromium = check_chromium(settings.chromium)
    mitmdump = resolve_mitmdump(settings.mitmdump)
    if block_private:
        check_public_target(target)
    check_reachable(target)

    out_path = Path(out_path)
    counter = _LineCounter(out_path)
    report = _Reporter(on_progress, counter, budget, pages_limit)
    user_cancel = cancel or threading.Event()
    if user_cancel.is_set():
        report("cancelled before the capture started", fraction=1.0)
        return CaptureResult(out_path, [], 0, "cancelled before the capture started", cancelled=True)
    stop = threading.Event()

    creds = credentials if credentials is not None and not credentials.empty else None
    proxy = ProxyProcess(
        mitmdump, out_path, settings.home_dir / "mitmproxy", body_cap=settings.body_cap_bytes,
        redact_headers=creds.header_names() if creds else (),
        redact_values=creds.secret_values() if creds else (),
        block_private=block_private,
    )
    explore_options: dict[str, object] = {
        "credentials": creds, "allow_destructive": allow_destructive, "max_requests": max_requests,
    }
    with proxy:
        report(f"capture proxy listening on {proxy.url}")
        explored, proxy_failure = _explore_in_thread(
            target, proxy, chromium, budget, pages_limit, stop, user_cancel, report, explore_options
        )
        if proxy_failure is None and not proxy.running:
            proxy_failure = proxy.stderr_tail() or "no output"
    requests = counter.added()
    elapsed = report.elapsed

    if proxy_failure is not None:
        raise CaptureError(f"the capture proxy stopped unexpectedly: {proxy_failure}", url=target)
    cancelled = user_cancel.is_set()
    if not explored.pages_visited and explored.errors and not cancelled:
        reason = explored.errors[0].removeprefix(f"{redact_url(target)}: ")
        raise CaptureError(f"the browser could not load {redact_url(target)}: {reason}", url=target)
    message = f"captured {requests} requests from {len(explored.pages_visited)} pages"
    if explored.clicks:
        message += f", {explored.clicks} clicks"
    if explored.route_templates:
        message += (f"; reached {len(explored.route_templates)} kinds of pages and "
                    f"{len(explored.api_templates)} API endpoints")
    if explored.stopped_by == "saturation" and not cancelled:
        message += "; stopped when nothing new appeared"
    elif explored.stopped_by and not cancelled:
        message += f"; stopped at the {explored.stopped_by}"
    if explored.errors:
        message += f" ({len(explored.errors)} page errors)"
    if cancelled:
        message += "; cancelled"
    report.pages_visited = len(explored.pages_visited)
    report(message, fraction=1.0)
    return CaptureResult(
        out_path=out_path,
        pages_visited=explored.pages_visited,
        requests_captured=requests,
        message=message,
        errors=explored.errors,
        cancelled=cancelled,
        elapsed_seconds=elapsed,
        explored=explored,
    )


def _explore_in_thread(
    target: str,
    proxy: ProxyProcess,
    chromium: str,
    budget: float,
    pages_limit: int,
    stop: threading.Event,
    user_cancel: threading.Event,
    report: _Reporter,
    options: dict[str, object],
) -> tuple[ExploreResult, str | None]:
    """Run the explorer in a worker thread while this thread reports progress and watches for
    cancellation and a dying proxy. Returns the exploration and the proxy's failure, if any."""
    events: queue.Queue[tuple[str, int] | CoverageSample] = queue.Queue()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["result"] = explore(
                target,
                proxy_url=proxy.url,
                chromium_path=chromium,
                budget_seconds=budget,
                max_pages=pages_limit,
                on_page=lambda page, count: events.put((page, count)),
                on_coverage=events.put,
                cancel=stop,
                **options,  # type: ignore[arg-type]
            )
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="wiretable-explorer", daemon=True)
    give_up = time.monotonic() + budget + STOP_GRACE
    proxy_failure: str | None = None
    worker.start()
    try:
        while worker.is_alive() or not events.empty():
            try:
                event = events.get(timeout=PROGRESS_INTERVAL)
            except queue.Empty:
                message = "exploring"
            else:
                if isinstance(event, CoverageSample):
                    report.grew(event)
                    message = ""
                else:
                    page, count = event
                    report.pages_visited = count
                    message = f"visited {redact_url(page)}"
            if user_cancel.is_set() and not stop.is_set():
                stop.set()
                message = "cancelling"
            if proxy_failure is None and not proxy.running:
                proxy_failure = proxy.stderr_tail() or "no output"
                stop.set()
            if time.monotonic() > give_up:
                stop.set()
            if time.monotonic() > give_up + STOP_GRACE:
                raise CaptureError("the browser did not stop; its exploration was abandoned", url=target)
            if message:
                report(message)
    finally:
        stop.set()
        worker.join(timeout=STOP_GRACE)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    result = outcome.get("result")
    return (result if isinstance(result, ExploreResult) else ExploreResult()), proxy_failure
