"""Endpoints: which exchanges are API traffic, and the templated route of each.

``/users/17`` -> ``/users/{id}``, ``/orders/6f1c…`` -> ``/orders/{uuid}``, a content hash ->
``{hash}``, and a code or slug that follows a collection (``/customers/ALFKI``) -> ``{key}``.
Noise never reaches inference: preflight and HEAD requests, static assets and HTML, analytics and
other third-party hosts, error answers, and bodies that are not JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from inference.naming import is_plural, snake

if TYPE_CHECKING:
    from kernel.exchange import Exchange

_STATIC_EXT = re.compile(
    r"\.(js|mjs|cjs|map|css|png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot|mp4|webm|mp3|wav|ogg|"
    r"pdf|zip|gz|wasm|html?|txt|xml|webmanifest|manifest)$",
    re.I,
)
_NOISE_HOSTS = (
    "google-analytics.com", "googletagmanager.com", "doubleclick.net", "googlesyndication.com",
    "googleadservices.com", "analytics.google.com", "stats.g.doubleclick.net", "plausible.io",
    "segment.io", "segment.com", "sentry.io", "mixpanel.com", "hotjar.com", "hotjar.io",
    "facebook.com", "facebook.net", "connect.facebook.net", "amplitude.com", "intercom.io",
    "cloudflareinsights.com", "newrelic.com", "nr-data.net", "datadoghq.com", "browser-intake-datadoghq.com",
    "fullstory.com", "clarity.ms", "bing.com", "heap.io", "heapanalytics.com", "posthog.com",
    "matomo.cloud", "quantserve.com", "scorecardresearch.com", "chartbeat.com", "optimizely.com",
    "launchdarkly.com", "bugsnag.com", "rollbar.com", "logrocket.com", "fonts.googleapis.com",
    "fonts.gstatic.com", "gravatar.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com",
    "update.googleapis.com", "clients2.google.com", "safebrowsing.googleapis.com", "adnxs.com",
)
_NOISE_PATHS = re.compile(r"/(collect|g/collect|track|beacon|pixel|analytics|telemetry|__webpack_hmr|sockjs-node)(/|$)", re.I)
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_HASH = re.compile(r"^[0-9a-f]{16,}$|^[0-9A-Za-z_-]{20,}$", re.I)
_NUMBER = re.compile(r"^-?\d+$")
_API_ROOT = re.compile(r"^(api|rest)$", re.I)
_VERSION = re.compile(r"^v\d+(\.\d+)*$|^api$|^rest$|^graphql$|^json$", re.I)
#: A run of three digits or more: a serial number.
_SERIAL = re.compile(r"\d{3}")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")
_ACTION = re.compile(
    r"^(_?search|find.*|filter|query|list|all|paginate|get.*|by.*|latest|popular|recent|top|feed|count|bulk|batch|export|"
    r"random|add|create|new|update|edit|delete|remove)$",
    re.I,
)
#: Segments of routes that answer figures computed over records rather than records.
_AGGREGATE = re.compile(
    r"^_?(count|counts|count[-_]by|stats|statistics|history|histogram|aggregate|aggregates|aggregation|"
    r"summary|totals|timeseries|time[-_]series|metrics)$",
    re.I,
)
#: Escaped sigils and separators of qualified ids (``!``, ``#``, ``$``, ``+``, ``/``, ``:``); an escaped space may
#: be a collection's own name (``Design%20Projects``).
_ESCAPED = re.compile(r"%(21|23|24|2[Bb]|2[Ff]|3[Aa])")
_JSON_TYPE = re.compile(r"json|javascript", re.I)
WRITE_METHODS = {"POST", "PUT", "PATCH"}


@dataclass(frozen=True)
class Route:
    """A templated route: literal segments and ``{param}`` placeholders, plus the raw values."""

    method: str
    host: str
    segments: tuple[str, ...]
    values: tuple[str | None, ...]

    @property
    def template(self) -> str:
        return f"{self.method} /" + "/".join(self.segments)


def api_version(previous: str, segment: str) -> bool:
    """A number right after an API's root (``/api/4/``, ``/rest/2/``): the API's version, a literal."""
    return bool(_NUMBER.match(segment)) and bool(_API_ROOT.match(previous))


@lru_cache(maxsize=1 << 14)  # literal segments (``api``, ``orders``) repeat in every request
def template_segment(segment: str, previous: str | None) -> str | None:
    """The placeholder for a path segment that carries a value, or None for a literal."""
    if not segment:
        return None
    if _NUMBER.match(segment):  # an API's version number after its ``api``/``rest`` root (``/rest/api/2``)
        return None if previous is not None and _API_ROOT.match(previous) else "{id}"
    if _UUID.match(segment):
        return "{uuid}"
    if _HASH.match(segment) and re.search(r"\d", segment) and not _VERSION.match(segment):
        return "{hash}"
    if _VERSION.match(segment):
        return None
    after_collection = previous is not None and not previous.startswith("{") and is_plural(snake(previous))
    if after_collection and (_CODE.match(segment) and not segment.isalpha() or segment.isupper() and len(segment) > 1):
        return "{key}"
    if after_collection and re.search(r"\d", segment):
        return "{key}"
    if after_collection and re.match(r"^[a-z0-9]+(-[a-z0-9]+){2,}$", segment):
        return "{slug}"
    if "@" in segment or "%40" in segment:
        return "{key}"
    if _ESCAPED.search(segment):  # an escaped qualified id (``%21room%3Ahost``): no word of the API
        return "{key}"
    return None


_PLAIN_URL = re.compile(r"^https?://([^/?#]*)([^?#]*)", re.I)


def host_and_path(url: str) -> tuple[str, str]:
    """The lower-cased host name and the path of a URL, as ``urlsplit`` gives them (a plain
    ``http(s)://`` URL is cut with one regular expression, which is much quicker)."""
    match = _PLAIN_URL.match(url) if url.isprintable() else None
    if match is None:
        parts = urlsplit(url)
        return (parts.hostname or "").lower(), parts.path
    return _plain_host_and_path(match)


def _plain_host_and_path(match: re.Match[str]) -> tuple[str, str]:
    host = match.group(1).rpartition("@")[2]
    host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
    return host.lower(), match.group(2)


_KEY_IN_PARENS = re.compile(r"^([A-Za-z_][\w.]*)\((.+)\)$")


def key_in_parentheses(segment: str) -> tuple[str, str] | None:
    """A collection addressed by its key in parentheses (``People('russellwhyte')``, ``Trips(1001)``,
    ``Items(a=1,b=2)``, as OData spells key lookups): the collection and the key, unquoted."""
    if not segment.endswith((")", "%29")):
        return None
    match = _KEY_IN_PARENS.match(unquote(segment))
    if match is None:
        return None
    key = match.group(2).strip()
    if len(key) > 1 and key[0] == key[-1] == "'":
        key = key[1:-1]
    return match.group(1), key


def _id_suffix(segment: str) -> bool:
    """A segment right after a collection's key that carries a serial number (a run of three digits or more beside
    letters: ``jrn.2003.0042``, ``rep16696``): no word of the API but the id's second part, its slash kept."""
    return _SERIAL.search(segment) is not None and not segment.isdigit() and not _VERSION.match(segment)


def parse_route(method: str, url: str) -> Route:
    host, path = host_and_path(url)
    return _route(method.upper(), host, path)


@lru_cache(maxsize=1 << 12)  # a list's pages share their path (only the query differs)
def _route(method: str, host: str, path: str) -> Route:
    raw = [s for s in path.split("/") if s]
    if raw and len(raw[-1]) > 5 and raw[-1][-5:].lower() == ".json":
        raw[-1] = raw[-1][:-5]  # a format suffix (``/orders/7.json``, as Rails routes serve JSON)
    segments: list[str] = []
    values: list[str | None] = []
    previous: str | None = None
    for seg in raw:
        keyed = key_in_parentheses(seg)
        if keyed is not None:  # ``People('russellwhyte')``: the collection, then its key
            segments += [keyed[0], "{key}"]
            values += [None, keyed[1]]
            previous = "{key}"
            continue
        if len(segments) > 1 and values[-1] is not None and values[-2] is None and _id_suffix(seg):
            values[-1] += "/" + seg  # an id holding a slash, spanning two segments (a DOI: ``10.1000/jrn.0042``)
            continue
        placeholder = template_segment(seg, previous)
        segments.append(placeholder or seg)
        values.append(seg if placeholder else None)
        previous = placeholder or seg
    return Route(method, host, tuple(segments), tuple(values))


@lru_cache(maxsize=64)  # asked twice in a row of each request: before its body is read, and after
def is_noise_url(method: str, url: str) -> bool:
    """Noise judged from the request line alone: preflights, static files, third-party beacons."""
    if method.upper() in {"OPTIONS", "HEAD", "CONNECT", "TRACE"}:
        return True
    match = _PLAIN_URL.match(url) if url.isprintable() else None
    if match is not None and match.group(1).isascii() and "[" not in match.group(1) and "]" not in match.group(1):
        host, path = _plain_host_and_path(match)  # a plain URL, which urlsplit would not refuse
    else:
        try:
            parts = urlsplit(url)
        except ValueError:
            return True
        if parts.scheme not in {"http", "https"}:
            return True
        host, path = (parts.hostname or "").lower(), parts.path
    if _noise_host(host) and not _service_api_read(method, host):
        return True
    return bool(_STATIC_EXT.search(path) or _NOISE_PATHS.search(path))


def _service_api_read(method: str, host: str) -> bool:
    """A read (``GET``) from the ``api.`` host of a third-party service is the service's own REST API fetched on
    purpose (``api.<service>/v1/contacts``); its widgets and trackers load from other hosts and post their beacons."""
    return method.upper() == "GET" and host.startswith("api.")


@lru_cache(maxsize=1 << 12)
def _noise_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in _NOISE_HOSTS)


def endpoint_template(method: str, url: str) -> str | None:
    """``GET /api/users/{id}`` for an API-looking request line, None for noise."""
    if is_noise_url(method, url):
        return None
    return parse_route(method, url).template


def is_api_exchange(exchange: Exchange) -> bool:
    """True when the exchange is a successful JSON answer from something that looks like an API."""
    request, response = exchange.request, exchange.response
    if not wants_body(request.method, request.url, response.status, response.content_type):
        return False
    return not response.body_truncated and isinstance(response.body, dict | list)


def wants_body(method: str, url: str, status: int, content_type: str | None) -> bool:
    """Whether an answer may be API data, judged before its body is read: not noise, a 2xx
    status, and a JSON-like content type (or none)."""
    if is_noise_url(method, url) or not 200 <= status < 300:
        return False
    content_type = content_type or ""
    return not content_type or bool(_JSON_TYPE.search(content_type)) or content_type.startswith("text/plain")


def is_action(segment: str) -> bool:
    """A path segment that names an operation (``filter``, ``search``, ``count``) rather than a resource."""
    return bool(_ACTION.match(segment))


def is_aggregate(route: Route, answer: Any = None) -> bool:
    """``/events/count-by/time``, ``/runs/history``, ``/orders/stats``: an answer of counts, buckets or
    totals computed over records, not records of a table. One object stamped with its own creation
    (``created_at``) is a stored record, whatever the address calls it (a project's ``summary`` kept beside it)."""
    return _aggregate_segments(route.segments) and not (
        isinstance(answer, dict) and any(k in _CREATION_STAMPS for k in answer))


#: Names of a record's own creation time.
_CREATION_STAMPS = frozenset({"created_at", "createdAt", "created", "date_created", "creation_date", "createdOn",
                              "created_on", "dateCreated"})


@lru_cache(maxsize=1 << 12)
def _aggregate_segments(segments: tuple[str, ...]) -> bool:
    return any(not seg.startswith("{") and _AGGREGATE.match(seg) is not None for seg in segments)


_GROUPED = re.compile(r"\bgroup\s+by\b", re.I)
#: What an address needs to say ``group`` once split and decoded: the word, a percent escape, or a tab or newline
#: (which urlsplit drops).
_GROUP_SPELT = re.compile(r"group|[%\t\r\n]", re.I)


def grouped_sql(url: str) -> bool:
    """A query sent in the address that groups its rows (``?q=SELECT kind, COUNT(id) FROM parcels GROUP BY kind``:
    SQL or a dialect of it over HTTP): its answer holds computed rows, one per group with the aggregates the query
    named (``expr0``), not records of a table."""
    if "?" not in url or _GROUP_SPELT.search(url) is None:
        return False  # no query, or none that can say GROUP BY: most addresses, unparsed
    query = urlsplit(url).query
    return bool(query) and any(_GROUPED.search(value) for _, value in parse_qsl(query))


def collection_segments(route: Route) -> list[tuple[int, str]]:
    """Literal segments that can name a resource, skipping versions, action words and segments
    without a letter (``/db/-/query``)."""
    out: list[tuple[int, str]] = []
    for i, seg in enumerate(route.segments):
        if seg.startswith("{") or _VERSION.match(seg) or _ACTION.match(seg) or not any(c.isalpha() for c in seg):
            continue
        if out and is_endpoint_keyword(seg):
            continue
        out.append((i, seg))
    return out


def is_endpoint_keyword(segment: str) -> bool:
    """A literal spelt with a leading underscore after a resource (``/my-index/_doc/7``, ``/db/_all_docs``,
    ``/idx/_search``): a keyword of the API addressing that resource's records, not a collection."""
    return len(segment) > 1 and segment[0] == "_" and segment[1].isalpha()
