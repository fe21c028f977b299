"""Manual capture: the proxy runs and a person uses the app through it, from any browser or device.

:func:`run_manual` starts mitmdump on ``listen_host`` (``127.0.0.1`` by default; ``0.0.0.0`` lets a
phone on the same network connect), reports how to reach it, then blocks, reporting the number of
captured requests at least every ``PROGRESS_INTERVAL`` seconds, until ``stop`` or ``cancel`` is set
or the optional budget runs out. The proxy is always stopped before it returns, and every
completed exchange is in ``out_path`` (redacted by the addon like any capture).
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from capture.hosts import is_loopback_host
from capture.proxy import ProxyProcess, resolve_mitmdump
from capture.run import CaptureProgress, CaptureResult, _LineCounter
from kernel.errors import CaptureError
from kernel.settings import Settings

PROGRESS_INTERVAL = 1.0


@dataclass(frozen=True)
class ProxyInfo:
    """Where a person points a browser or device: ``host:port`` and the CA certificate to trust."""

    host: str
    port: int
    ca_cert: Path
    #: Proxy credentials, required whenever the proxy listens beyond loopback.
    username: str | None = None
    password: str | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def advertised_host(listen_host: str) -> str:
    """The address to show: the listen address, or this machine's LAN address for 0.0.0.0."""
    if listen_host not in ("0.0.0.0", "::", ""):
        return listen_host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("10.255.255.255", 1))  # no packet is sent; this only picks the route
            return str(sock.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def instructions(info: ProxyInfo) -> list[str]:
    """Step-by-step text for pointing a browser, curl or a phone at the proxy."""
    return [
        f"Set the HTTP and HTTPS proxy of your browser or device to {info.address}.",
        f"Chromium: chromium --proxy-server=http://{info.address} --proxy-bypass-list='<-loopback>' "
        "--user-data-dir=$(mktemp -d)",
        "Firefox: Settings → Network Settings → Manual proxy configuration, HTTP proxy "
        f"{info.host} port {info.port}, and tick “Also use this proxy for HTTPS”.",
        "For HTTPS sites, trust the wiretable CA certificate (download it below): in Chrome/Chromium, "
        "Settings → Privacy and security → Manage certificates → Authorities → Import; in Firefox, "
        "Settings → Certificates → View Certificates → Authorities → Import; on macOS, open it in "
        "Keychain Access and set it to Always Trust; on Android/iOS, install it as a CA profile. "
        "Remove it again when you are done.",
        *([f"The proxy asks for a user name and password: {info.username} / {info.password} "
            f"(curl: --proxy-user {info.username}:{info.password})."] if info.username else []),
        f"curl: curl --proxy http://{info.address} --cacert mitmproxy-ca-cert.pem https://app.example.com/",
        "Log in and use the app as usual; the requests appear below as they happen. Press Stop when done.",
    ]


def run_manual(
    out_path: Path,
    *,
    settings: Settings,
    stop: threading.Event,
    cancel: threading.Event | None = None,
    listen_host: str = "127.0.0.1",
    port: int | None = None,
    budget_seconds: float | None = None,
    on_ready: Callable[[ProxyInfo], None] | None = None,
    on_progress: Callable[[CaptureProgress], None] | None = None,
    block_private: bool = False,
) -> CaptureResult:
    """Run the proxy until ``stop``/``cancel``/the budget; see the module doc."""
    mitmdump = resolve_mitmdump(settings.mitmdump)
    cancel = cancel or threading.Event()
    out_path = Path(out_path)
    counter = _LineCounter(out_path)
    # Beyond loopback the proxy is no open proxy: it asks for credentials made for this run, and
    # refuses private, loopback and link-local destinations.
    exposed = not is_loopback_host(listen_host)
    username, password = ("wiretable", secrets.token_urlsafe(12)) if exposed else (None, None)
    proxy = ProxyProcess(
        mitmdump, out_path, settings.home_dir / "mitmproxy", port=port or None,
        body_cap=settings.body_cap_bytes, listen_host=listen_host, block_private=block_private or exposed,
        extra_args=("--set", f"proxyauth={username}:{password}") if exposed else (),
    )
    started = time.monotonic()
    with proxy:
        assert proxy.port is not None
        info = ProxyInfo(advertised_host(listen_host), proxy.port, proxy.ca_cert_path, username, password)
        if on_ready is not None:
            on_ready(info)
        reason = "stopped"
        while True:
            if stop.wait(PROGRESS_INTERVAL):
                break
            if cancel.is_set():
                reason = "cancelled"
                break
            elapsed = time.monotonic() - started
            if budget_seconds is not None and elapsed >= budget_seconds:
                reason = "time budget reached"
                break
            if not proxy.running:
                raise CaptureError(f"the capture proxy stopped unexpectedly: {proxy.stderr_tail() or 'no output'}")
            if on_progress is not None:
                fraction = min(1.0, elapsed / budget_seconds) if budget_seconds else 0.0
                on_progress(CaptureProgress(0, counter.added(), f"proxy on {info.address}: waiting for traffic",
                                            elapsed, fraction))
    requests = counter.added()
    message = f"manual capture {reason}: {requests} requests captured"
    if on_progress is not None:
        on_progress(CaptureProgress(0, requests, message, time.monotonic() - started, 1.0))
    return CaptureResult(out_path, [], requests, message, cancelled=cancel.is_set(),
                         elapsed_seconds=time.monotonic() - started)
