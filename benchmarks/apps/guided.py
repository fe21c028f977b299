"""A guided walk: headless Chromium driven through an app's pages by its script, through the same
capture proxy as the explorer, so both sides are recorded and templated the same way."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from playwright.sync_api import sync_playwright

from capture.explorer import CHROMIUM_ARGS
from capture.proxy import ProxyProcess
from jobs.live import LiveTraffic
from kernel.settings import Settings


def record_walk(app: ModuleType, url: str, out: Path, settings: Settings) -> None:
    """Walk ``app`` at ``url`` in headless Chromium through mitmproxy, appending exchanges to ``out``."""
    with ProxyProcess(settings.mitmdump, out, settings.home_dir / "mitmproxy", body_cap=settings.body_cap_bytes) \
            as proxy, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=settings.chromium, headless=True,
                                             proxy={"server": proxy.url}, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(ignore_https_errors=True)
            page = context.new_page()
            app.walk(page, url)
            context.close()
        finally:
            with contextlib.suppress(Exception):
                browser.close()


def endpoint_templates(traffic: Path, host: str) -> set[str]:
    """The API endpoint templates of ``host`` in a traffic file, as the job page lists them."""
    live = LiveTraffic(traffic, host)
    live.poll()
    return {f"{row['method']} {row['path']}" for row in live.endpoints() if row["host"] == host}


_EMBEDDED_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _parts(template: str) -> list[str]:
    """Method and path segments; a UUID inside a literal segment (``prefect.deployment.<uuid>``)
    counts as a parameter, so that two samples of one route compare equal."""
    method, _, path = template.partition(" ")
    return [method, *(_EMBEDDED_UUID.sub("{uuid}", segment) for segment in path.split("/"))]


def covers(found: str, wanted: str) -> bool:
    """Whether a template seen by the explorer stands for a template of the walk (a literal
    segment on one side may be a parameter on the other, as templates collapse with more samples)."""
    a, b = _parts(found), _parts(wanted)
    return len(a) == len(b) and all(x == y or x.startswith("{") or y.startswith("{") for x, y in zip(a, b, strict=True))


def coverage(found: set[str], wanted: set[str]) -> tuple[int, int, list[str]]:
    """How many of the ``wanted`` templates ``found`` covers, out of how many, and the misses."""
    distinct: list[str] = []
    for template in sorted(wanted):  # samples of one route that differ only by an embedded UUID
        if not any(_parts(template) == _parts(other) for other in distinct):
            distinct.append(template)
    missed = [w for w in distinct if not any(covers(f, w) for f in found)]
    return len(distinct) - len(missed), len(distinct), missed


@contextlib.contextmanager
def started(app: ModuleType, port: int) -> Iterator[str]:
    running = app.start(port)
    try:
        yield running.url
    finally:
        running.stop()
