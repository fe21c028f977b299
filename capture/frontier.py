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

# A page linking to more than this many literal children of its own (``/catalog`` to
# ``/catalog/aws``, ``/catalog/gcs``...) is a catalogue: past ``samples`` of them visited, the rest
# wait behind the other new kinds of pages.
CATALOGUE = 6
# A form: a page that makes or edits a record, and everything below it (``/profile/edit/sports``); a section of
# settings is a form itself, but the pages below it (``/settings/tokens``, ``/profile/blocked-users``) list data.
_MAKING_PAGE = re.compile(r"(?i)/(create|new|edit|add)(/|$)")
_SECTION_PAGE = re.compile(r"(?i)/(settings|preferences|profile|account)$")


def _section(template: str) -> bool:
    """A section of settings (``/settings``, ``/profile``, ``/#/account``), not a form below one that makes or edits
    a record."""
    path = template.partition("?")[0]
    route = path.partition("#")[2] or path
    return bool(_SECTION_PAGE.search(route)) and not _MAKING_PAGE.search(route)


def _literal_parent(template: str) -> str | None:
    """``host/a/b`` for ``host/a/b/c`` when ``c`` is a literal segment and ``host/a/b`` is not the
    root of the site or of its hash routes; None otherwise (queries, placeholders, the root)."""
    if "?" in template:
        return None
    head, _, last = template.rpartition("/")
    if not head or not last or last.startswith("{") or "/" not in head or head.endswith(("#", "#!", "/")):
        return None
    return head


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
        self._tabbed: set[str] = set()
        self._children: dict[str, set[str]] = {}  # a page's template -> its literal children's

    def add(self, url: str, found_on: str | None = None) -> bool:
        """Queue a normalized page URL (linked from the page ``found_on``); False when it was seen
        before."""
        if url in self._seen:
            return False
        self._seen.add(url)
        template = route_template(url)
        parent = _literal_parent(template)
        if found_on is not None and parent is not None and parent == route_template(found_on).partition("?")[0]:
            self._children.setdefault(parent, set()).add(template)
        self._queues.setdefault(template, deque()).append(url)
        self._visits.setdefault(template, 0)
        return True

    def mark_seen(self, url: str) -> None:
        self._seen.add(url)

    def has_tabs(self, url: str) -> None:
        """Note that ``url``'s kind of page has tabs: its samples show different tabs (a finished
        run has an Artifacts tab that a scheduled one lacks), so each of its samples counts as new."""
        self._tabbed.add(route_template(url))

    def _unseen(self, template: str) -> bool:
        visits = self._visits.get(template, 0)
        return not visits or (template in self._tabbed and visits < self.samples)

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
        return self._sample(best)

    def next_new(self, *, secondary: bool = True) -> str | None:
        """The first queued page of a template never visited (or of a template with tabs and
        samples left), or None. Pages that show data come
        before forms (``/create``, ``/new``, ``/edit``, settings, but not the pages below a section of settings)
        and before query variants of a
        path already known (``/runs?page&sort`` after ``/runs``); with ``secondary=False`` those
        are not handed out at all. Of those, a section of settings (``/account``) comes first: it shows the
        user's own records, which no other page does, while a form to make or edit one shows fields of records
        the app answered elsewhere."""
        later: str | None = None
        for template, queue in self._queues.items():
            if queue and self._unseen(template):
                if not self._secondary(template):
                    return self._sample(template)
                if later is None or (_section(template) and not _section(later)):
                    later = template
        if later is None or not secondary:
            return None
        return self._sample(later)

    def _sample(self, template: str) -> str:
        """The next sample of ``template``: its first page found, then the last, then one from the
        middle. Lists are sorted (by time, by name), and neighbours in a list are alike: a newest
        run is scheduled and has no results yet, an oldest one has finished."""
        queue = self._queues[template]
        visits = self._visits.get(template, 0)
        if visits == 0 or len(queue) == 1:
            return queue.popleft()
        if visits == 1:
            return queue.pop()
        index = len(queue) // 2
        page = queue[index]
        del queue[index]
        return page

    def _secondary(self, template: str) -> bool:
        parent = _literal_parent(template)
        siblings = self._children.get(parent or "", set())
        if len(siblings) > CATALOGUE and template in siblings and \
                sum(1 for sibling in siblings if self._visits.get(sibling, 0)) >= self.samples:
            return True
        path, _, query = template.partition("?")
        route = path.partition("#")[2] or path
        if _MAKING_PAGE.search(route) or _SECTION_PAGE.search(route):
            return True
        return bool(query) and path in self._queues

    def has_new(self, *, secondary: bool = True) -> bool:
        return any(queue and self._unseen(template) and (secondary or not self._secondary(template))
                   for template, queue in self._queues.items())

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
