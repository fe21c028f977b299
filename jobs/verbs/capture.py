"""Capture: explore a web app in headless Chromium through the capture proxy (or only run the proxy
for a person to use the app through) and record its traffic as redacted Exchange JSON Lines, or as a
HAR 1.2 file when the output is named ``.har`` (see :mod:`capture.har_write`).

Sign-in material (:class:`Credentials`) is used by the browser only and never written.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from capture.auth import Credentials, load_storage_state, parse_headers, parse_storage_state
from capture.har_write import har_output, is_har_name
from capture.hosts import is_loopback_host
from capture.manual import ProxyInfo, instructions
from capture.run import CaptureProgress, CaptureResult
from jobs.model import check_target_url
from kernel.errors import CaptureError
from kernel.settings import Settings

__all__ = [
    "CaptureProgress", "CaptureResult", "Credentials", "ProxyInfo", "capture", "capture_manual", "make_credentials",
    "instructions", "is_loopback_host", "parse_storage_state",
]


def make_credentials(*, storage_state: Path | dict[str, Any] | None = None,
                headers: list[str] | str | None = None) -> Credentials:
    """Sign-in material from a storage-state file (or its parsed content) and ``Name: value`` lines."""
    state = load_storage_state(storage_state) if isinstance(storage_state, Path) else storage_state
    return Credentials(storage_state=state, headers=parse_headers(headers or []))


def capture(url: str | None, output: Path, settings: Settings, *, budget_seconds: float | None = None,
            max_pages: int | None = None, max_requests: int | None = None, credentials: Credentials | None = None,
            storage_state: Path | None = None, headers: list[str] | None = None,
            allow_destructive: bool = False, on_progress: Callable[[CaptureProgress], None] | None = None,
            cancel: threading.Event | None = None, block_private: bool = False) -> CaptureResult:
    """Explore ``url`` and record its traffic into ``output`` (see :func:`capture.run.run_capture`).

    Sign-in material is ``credentials``, or read from ``storage_state`` and ``headers`` once the
    URL is known to be valid.
    """
    from capture.run import run_capture

    if not url:
        raise CaptureError("give the URL of the web app to capture (or --manual to only run the proxy)")
    url = check_target_url(url)
    if credentials is None and (storage_state is not None or headers is not None):
        credentials = make_credentials(storage_state=storage_state, headers=headers)
    def run(target: Path) -> CaptureResult:
        return run_capture(url, target, settings=settings, budget_seconds=budget_seconds, max_pages=max_pages,
                           on_progress=on_progress, cancel=cancel, credentials=credentials,
                           allow_destructive=allow_destructive, max_requests=max_requests,
                           block_private=block_private)

    return _recorded(output, run)


def capture_manual(output: Path, settings: Settings, *, stop: threading.Event, cancel: threading.Event | None = None,
                   budget_seconds: float | None = None, listen_host: str | None = None, port: int | None = None,
                   on_ready: Callable[[ProxyInfo], None] | None = None,
                   on_progress: Callable[[CaptureProgress], None] | None = None,
                   block_private: bool = False) -> CaptureResult:
    """Run only the capture proxy until ``stop``, ``cancel`` or the budget; the settings give the
    default interface and port."""
    from capture.manual import run_manual

    def run(target: Path) -> CaptureResult:
        return run_manual(target, settings=settings, stop=stop, cancel=cancel, budget_seconds=budget_seconds,
                          listen_host=listen_host or settings.manual_proxy_host,
                          port=port or settings.manual_proxy_port or None, on_ready=on_ready,
                          on_progress=on_progress, block_private=block_private)

    return _recorded(output, run)


def _recorded(output: Path, run: Callable[[Path], CaptureResult]) -> CaptureResult:
    """``run`` recording into ``output``; for a ``.har`` output, into the JSON Lines beside it, then
    written as the HAR (see :func:`capture.har_write.har_output`)."""
    if not is_har_name(output):
        return run(output)
    with har_output(output) as lines:
        result = run(lines)
    return dataclasses.replace(result, out_path=output)
