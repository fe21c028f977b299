"""The capture stage of a job, for the automatic (browser) and the manual (proxy) modes.

Both report progress as job events while they run: counters (pages, requests, API endpoints), the
fraction done and a short message; the full live view (hosts, endpoints with status codes, latest
requests) is kept in memory for the job page and stored once, in the event that ends the capture.
Credentials stay in the in-memory :class:`CaptureSession` and are dropped when the job ends.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from capture.auth import Credentials
from capture.hosts import url_host
from jobs.events import CaptureFinished, EndpointsSeen, ProxyReady
from jobs.live import LiveTraffic
from jobs.model import Job, JobStatus
from kernel.errors import CaptureError

if TYPE_CHECKING:
    from capture.run import CaptureProgress
    from jobs.runner import JobRunner


@dataclass
class CaptureSession:
    """What a running capture keeps in memory only."""

    credentials: Credentials | None = None
    block_private: bool = False
    stop: threading.Event = field(default_factory=threading.Event)
    live: LiveTraffic | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The last progress reported as an event: (counters, message) and when.
    reported: tuple[dict[str, int], str] | None = None
    reported_at: float = 0.0


# A progress report with nothing new (a manual capture polls every second) is an event at most this
# often; one with new counters or a new message always is.
QUIET_SECONDS = 30.0


def _progress(runner: JobRunner, job: Job, session: CaptureSession, progress: CaptureProgress,
              pages: bool = True) -> None:
    assert session.live is not None
    with session.lock:
        session.live.poll()
        endpoints = session.live.endpoints()
        requests = session.live.requests
    counters = {"requests": max(progress.requests_captured, requests), "endpoints": len(endpoints)}
    data = EndpointsSeen(endpoints=[f"{e['method']} {e['path']}" for e in endpoints])
    if pages:
        counters["pages"] = progress.pages_visited
    if progress.coverage:  # the explorer's coverage curve, for the job page's live chart
        counters["route_templates"] = progress.route_templates
        counters["api_templates"] = progress.api_templates
        data.coverage = list(progress.coverage)
    message = progress.message or "capturing"
    now = time.monotonic()
    if session.reported == (counters, message) and now - session.reported_at < QUIET_SECONDS \
            and not progress.coverage:
        return
    session.reported, session.reported_at = (counters, message), now
    runner.store.update(job.id, counters=counters)
    runner.record_event(job.id, "capturing", message, counters=counters,
                  fraction=min(1.0, max(0.0, progress.fraction)), data=data)


def _finish(runner: JobRunner, job: Job, session: CaptureSession, what: str) -> None:
    assert session.live is not None
    include, exclude = runner.host_choices(job.id)
    with session.lock:
        session.live.poll()
        snapshot: dict[str, Any] = session.live.snapshot(include, exclude)
    counters = {"requests": snapshot["requests"], "endpoints": len(snapshot["endpoints"])}
    runner.store.update(job.id, counters=counters)
    if snapshot["requests"] == 0:
        raise CaptureError(f"the capture of {what} recorded no requests; check that the app loads in a browser"
                           if job.mode == "browser" else
                           "the manual capture recorded no requests: no browser or device used the proxy",
                           url=job.target_url)
    runner.record_event(job.id, "capturing",
                  f"capture finished: {snapshot['requests']} requests, {len(snapshot['endpoints'])} API endpoints",
                  counters=counters, fraction=1.0,
                  data=CaptureFinished(endpoints=[f"{e['method']} {e['path']}" for e in snapshot["endpoints"]],
                                       traffic=snapshot))


def run_browser_job(runner: JobRunner, job: Job, traffic: Path, cancel: threading.Event,
                    session: CaptureSession) -> None:
    from jobs.verbs.capture import capture

    runner.record_status(job.id, JobStatus.CAPTURING, f"capturing {job.target_url}")
    session.live = LiveTraffic(traffic, url_host(job.target_url))
    stop_or_cancel = _either(cancel, session.stop)
    options = job.options
    try:
        capture(
            job.target_url, traffic, runner.settings, budget_seconds=options.budget_seconds,
            max_pages=options.max_pages, on_progress=lambda p: _progress(runner, job, session, p),
            cancel=stop_or_cancel, credentials=session.credentials,
            allow_destructive=options.allow_destructive_clicks, max_requests=options.max_requests,
            block_private=session.block_private,
        )
    finally:
        stop_or_cancel.set()  # ends the watcher thread
        session.credentials = None
    _finish(runner, job, session, job.target_url)


def run_manual_job(runner: JobRunner, job: Job, traffic: Path, cancel: threading.Event,
                   session: CaptureSession) -> None:
    from jobs.verbs.capture import ProxyInfo, capture_manual, instructions

    settings = runner.settings
    target = url_host(job.target_url) if job.target_url.startswith(("http://", "https://")) else None
    session.live = LiveTraffic(traffic, target)

    def ready(info: ProxyInfo) -> None:
        runner.store.update(job.id, artifacts={"proxy": info.address, "ca_cert": str(info.ca_cert)})
        runner.record_status(job.id, JobStatus.CAPTURING, f"proxy listening on {info.address}")
        runner.record_event(job.id, "capturing", f"point a browser or device at {info.address}", kind="info",
                      data=ProxyReady(proxy=info.address, instructions=instructions(info)))

    capture_manual(
        traffic, settings, stop=session.stop, cancel=cancel, on_ready=ready,
        on_progress=lambda p: _progress(runner, job, session, p, pages=False),
        block_private=session.block_private,
    )
    if not cancel.is_set():
        _finish(runner, job, session, "the manual session")


def _either(first: threading.Event, second: threading.Event) -> threading.Event:
    """An event that is set as soon as either is (checked by a small watcher thread)."""
    merged = threading.Event()

    def watch() -> None:
        while not merged.is_set():
            if first.wait(0.2) or second.is_set():
                merged.set()

    threading.Thread(target=watch, name="wiretable-stop-watch", daemon=True).start()
    return merged
