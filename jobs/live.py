"""The live view of a capture: requests per host, API endpoints with counts and status codes, the
latest requests, and which hosts go into inference.

:class:`LiveTraffic` reads the growing traffic file incrementally (only new complete lines), so
polling it every second costs little. Everything it keeps comes from the traffic file, which the
capture addon has already redacted. :func:`included_hosts` decides the hosts inference sees: the
app's own hosts (see ``capture.hosts``) by default, third-party hosts only when the user includes
them; a HAR import includes every host by default, as the user chose what to export.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from capture.hosts import is_first_party, url_host
from inference.endpoints import endpoint_template, is_noise_url
from inference.templates import collapse_templates
from kernel.exchange import Exchange

LATEST = 15
MAX_ENDPOINTS = 300


@dataclass
class HostStats:
    requests: int = 0
    api_requests: int = 0


@dataclass
class EndpointStats:
    host: str
    count: int = 0
    statuses: Counter[int] = field(default_factory=Counter)


def is_api_like(exchange: Exchange) -> bool:
    """An API call whatever its status: not noise, and a JSON answer."""
    if is_noise_url(exchange.request.method, exchange.request.url):
        return False
    response = exchange.response
    return isinstance(response.body, dict | list) or "json" in (response.content_type or "")


def _matches(raw: str, collapsed: str) -> bool:
    a, b = raw.split("/"), collapsed.split("/")
    return len(a) == len(b) and all(x == y or y.startswith("{") for x, y in zip(a, b, strict=True))


class LiveTraffic:
    """Incremental statistics over a traffic file; see the module doc."""

    def __init__(self, path: Path, target_host: str | None = None) -> None:
        self.path = path
        self.target_host = target_host
        self._offset = 0
        self.requests = 0
        self.hosts: dict[str, HostStats] = {}
        self._endpoints: dict[tuple[str, str], EndpointStats] = {}
        self.latest: deque[dict[str, Any]] = deque(maxlen=LATEST)

    def poll(self) -> None:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._offset)
                data = handle.read()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n")
        if end < 0:
            return
        self._offset += end + 1
        for line in data[: end + 1].splitlines():
            try:
                exchange = Exchange.model_validate(json.loads(line))
            except ValueError:
                continue
            self.observe(exchange)

    def observe(self, exchange: Exchange) -> None:
        self.requests += 1
        request = exchange.request
        host = url_host(request.url)
        stats = self.hosts.setdefault(host, HostStats())
        stats.requests += 1
        parts = urlsplit(request.url)
        self.latest.appendleft({
            "method": request.method, "host": host, "status": exchange.response.status,
            "path": (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
        })
        if not is_api_like(exchange):
            return
        template = endpoint_template(request.method, request.url)
        if not template:
            return
        stats.api_requests += 1
        key = (host, template)
        if key not in self._endpoints and len(self._endpoints) >= MAX_ENDPOINTS * 4:
            return
        endpoint = self._endpoints.setdefault(key, EndpointStats(host))
        endpoint.count += 1
        endpoint.statuses[exchange.response.status] += 1

    def primary_host(self) -> str | None:
        """The target host, or, without one, the host with the most API calls."""
        if self.target_host:
            return self.target_host
        ranked = sorted(self.hosts.items(), key=lambda item: (-item[1].api_requests, -item[1].requests))
        return ranked[0][0] if ranked and ranked[0][1].api_requests else None

    def endpoints(self) -> list[dict[str, Any]]:
        """Endpoints per host, with literal key segments merged into parameters."""
        by_host: dict[str, dict[str, EndpointStats]] = {}
        for (host, template), stats in self._endpoints.items():
            by_host.setdefault(host, {})[template] = stats
        rows = []
        for host, templates in by_host.items():
            collapsed = collapse_templates({t: s.count for t, s in templates.items()})
            for template, count in collapsed.items():
                statuses: Counter[int] = Counter()
                for raw, stats in templates.items():
                    if raw == template or _matches(raw, template):
                        statuses.update(stats.statuses)
                method, _, path = template.partition(" ")
                rows.append({"host": host, "method": method, "path": path, "count": count,
                             "statuses": {str(k): v for k, v in sorted(statuses.items())}})
        rows.sort(key=lambda r: (r["host"], r["path"], r["method"]))
        return rows[:MAX_ENDPOINTS]

    def snapshot(self, include: Iterable[str] = (), exclude: Iterable[str] = (), *,
                 all_hosts: bool = False) -> dict[str, Any]:
        """JSON-ready state for the job page and the job's events."""
        primary = self.primary_host()
        include_set, exclude_set = set(include), set(exclude)
        hosts = []
        for host, stats in sorted(self.hosts.items(), key=lambda item: -item[1].requests):
            first = is_first_party(host, primary)
            hosts.append({
                "host": host, "requests": stats.requests, "api_requests": stats.api_requests,
                "third_party": not first,
                "included": host_included(host, primary, include_set, exclude_set, all_hosts=all_hosts),
            })
        endpoints = self.endpoints()
        return {"requests": self.requests, "primary_host": primary, "hosts": hosts[:100],
                "endpoints": endpoints, "latest": list(self.latest)}


def host_included(host: str, primary: str | None, include: set[str], exclude: set[str], *,
                  all_hosts: bool = False) -> bool:
    if host in exclude:
        return False
    return host in include or all_hosts or is_first_party(host, primary)


def filter_hosts(exchanges: Iterable[Exchange], primary: str | None, include: Iterable[str],
                 exclude: Iterable[str], *, all_hosts: bool = False) -> Iterator[Exchange]:
    """Only the exchanges whose host goes into inference (see :func:`host_included`)."""
    include_set, exclude_set = set(include), set(exclude)
    verdicts: dict[str, bool] = {}
    for exchange in exchanges:
        host = url_host(exchange.request.url)
        verdict = verdicts.get(host)
        if verdict is None:
            verdict = verdicts[host] = host_included(host, primary, include_set, exclude_set, all_hosts=all_hosts)
        if verdict:
            yield exchange
