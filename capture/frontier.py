"""What to visit next, and how much of the app the exploration has reached so far.

:class:`Frontier` keeps the pages still to visit grouped by route template
(``capture.routes.route_template``) and hands them out breadth first across templates: a template
never visited comes before a second sample of one already visited, and each template is sampled
at most ``samples`` times, so ``/#/experiments/3`` and ``/#/experiments/7`` are one kind of page
to sample, not hundreds of pages to visit.

:class:`Coverage` counts, over time, the route templates visited and the API endpoint templates
seen (JSON answers from the app's origin), and tells when the exploration has *saturated*: nothing
new for ``window`` seconds.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field

from capture.routes import api_template, route_template

_FORM_PAGE = re.compile(r"(?i)/(create|new|edit|add|settings|preferences|profile|account)(/|$)")


@dataclass(frozen=True)
class CoverageSample:
    seconds: float
    route_templates: int
    api_templates: int
    pages: int


class Frontier:
    """Pages to visit, grouped by route template; see the module doc."""

    def __init__(self, samples: int = 3) -> None:
        self.samples = samples
        self._queues: dict[str, deque[str]] = {}
        self._visits: dict[str, int] = {}
        self._seen: set[str] = set()

    def add(self, url: str) -> bool:
        """Queue a normalized page URL; False when it was seen before."""
        if url in self._seen:
            return False
        self._seen.add(url)
        template = route_template(url)
        self._queues.setdefault(template, deque()).append(url)
        self._visits.setdefault(template, 0)
        return True

    def mark_seen(self, url: str) -> None:
        self._seen.add(url)

    def visited(self, url: str) -> int:
        """Count a visit of ``url``'s template (also for pages reached by a redirect); returns how
        many samples of that template have been visited, this one included."""
        template = route_template(url)
        self._visits[template] = self._visits.get(template, 0) + 1
        return self._visits[template]

    def next(self) -> str | None:
        """The next page: from the least-visited template that still has pages and samples left
        (first discovered first among equals); None when there is nothing left to visit."""
        best: str | None = None
        for template, queue in self._queues.items():
            if not queue or self._visits.get(template, 0) >= self.samples:
                continue
            if best is None or self._visits.get(template, 0) < self._visits.get(best, 0):
                best = template
        if best is None:
            return None
        return self._queues[best].popleft()

    def next_new(self) -> str | None:
        """The first queued page of a template never visited, or None. Pages that show data come
        before forms (``/create``, ``/new``, ``/edit``, settings) and before query variants of a
        path already known (``/runs?page&sort`` after ``/runs``)."""
        later: str | None = None
        for template, queue in self._queues.items():
            if queue and not self._visits.get(template, 0):
                if not self._secondary(template):
                    return queue.popleft()
                later = later or template
        return self._queues[later].popleft() if later is not None else None

    def _secondary(self, template: str) -> bool:
        path, _, query = template.partition("?")
        if _FORM_PAGE.search(path.partition("#")[2] or path):
            return True
        return bool(query) and path in self._queues

    def has_new(self) -> bool:
        return any(queue and not self._visits.get(template, 0) for template, queue in self._queues.items())

    @property
    def templates(self) -> int:
        return len(self._queues)


@dataclass
class Coverage:
    """Route and API endpoint templates reached over time; see the module doc."""

    window: float
    started: float = field(default_factory=time.monotonic)
    routes: set[str] = field(default_factory=set)
    apis: set[str] = field(default_factory=set)
    pages: int = 0
    last_new: float = field(default_factory=time.monotonic)
    samples: list[CoverageSample] = field(default_factory=list)

    def page(self, url: str) -> None:
        self.pages += 1
        if self._add(self.routes, route_template(url)):
            self._sample()

    def api(self, method: str, url: str) -> bool:
        """Note an API answer; True when its endpoint template is new."""
        if self._add(self.apis, api_template(method, url)):
            self._sample()
            return True
        return False

    def _add(self, bucket: set[str], item: str) -> bool:
        if item in bucket:
            return False
        bucket.add(item)
        self.last_new = time.monotonic()
        return True

    def _sample(self) -> None:
        self.samples.append(self.now())

    def now(self) -> CoverageSample:
        return CoverageSample(round(time.monotonic() - self.started, 1), len(self.routes), len(self.apis), self.pages)

    def saturated(self) -> bool:
        return time.monotonic() - self.last_new >= self.window
