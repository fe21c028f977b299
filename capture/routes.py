"""Page routes as the explorer counts them: normalized URLs and their templates.

A single-page app names one page in many spellings, and one kind of page by many URLs. The
explorer visits kinds of pages, not spellings:

- :func:`normalize_route` gives one spelling per page: scheme and host lower-cased, default ports
  dropped, an empty hash route (``/#/``, ``/#!/``, ``#``) dropped, a trailing slash dropped
  (except the root), query parameters sorted, anchors (``#section``) dropped while hash routes
  (``#/books/3``) are kept.
- :func:`is_unbuilt_route` tells a URL that a click made before its data had loaded built from a
  missing value (``/projects/1/undefined``): the explorer never queues one.
- :func:`route_template` gives the kind of page: path segments (of the path, or of the hash route)
  that carry a value become ``{id}``, ``{uuid}``, ``{hash}`` or ``{key}``, and query values are
  dropped (the names stay, sorted). ``/#/experiments/3`` and ``/#/experiments/7`` are one
  template; so are ``/runs?page=2`` and ``/runs?page=5``.

The same templating applies to API request URLs (:func:`api_template`), so that the explorer can
count the API endpoints it has reached while it runs. It mirrors the segment rules of the
inference package without importing it (capture and inference are independent).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_NUMBER = re.compile(r"^-?\d+$")
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_HASH = re.compile(r"^[0-9a-f]{16,}$|^[0-9A-Za-z_-]{20,}$")
_VERSION = re.compile(r"^v\d+(\.\d+)*$", re.I)
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+){2,}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNBUILT = re.compile(r"^(undefined|null|NaN|\[object \w+\])$")


def is_hash_route(fragment: str) -> bool:
    """Hash routes (``#/books``, ``#!/books``) name pages; other fragments are anchors."""
    return fragment.startswith(("/", "!/"))


def is_unbuilt_route(url: str) -> bool:
    """A URL built from a value the app had not loaded yet (``/projects/1/undefined``,
    ``#/runs/null``, ``/items/NaN``, ``/a/[object Object]``): not a page of the app, but a click
    made too early."""
    parts = urlsplit(url.strip())
    route, _, hash_query = parts.fragment.partition("?") if is_hash_route(parts.fragment) else ("", "", "")
    values = [unquote(s) for s in f"{parts.path}/{route}".split("/") if s]
    values += [value for _, value in parse_qsl(f"{parts.query}&{hash_query}", keep_blank_values=True)]
    return any(_UNBUILT.match(value) for value in values)


def normalize_route(url: str) -> str:
    """One spelling per page; see the module doc. Raises ValueError for a URL without a host."""
    parts = urlsplit(url.strip())
    if not parts.hostname:
        raise ValueError(f"not an absolute URL: {url!r}")
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = _strip_slash(parts.path or "/")
    query = _sorted_query(parts.query)
    fragment = ""
    if is_hash_route(parts.fragment):
        route, _, hash_query = parts.fragment.partition("?")
        prefix = "!/" if route.startswith("!/") else "/"
        route = _strip_slash("/" + route[len(prefix):])
        if route != "/" or hash_query:
            fragment = prefix + route[1:] + (f"?{_sorted_query(hash_query)}" if hash_query else "")
    return urlunsplit((scheme, host, path, query, fragment))


def route_template(url: str) -> str:
    """The kind of page ``url`` shows: its normalized form with value segments as placeholders."""
    parts = urlsplit(normalize_route(url))
    path = template_path(parts.path)
    query = _query_names(parts.query)
    fragment = ""
    if parts.fragment:
        route, _, hash_query = parts.fragment.partition("?")
        prefix = "!/" if route.startswith("!/") else "/"
        fragment = prefix + template_path("/" + route[len(prefix):])[1:] + (
            f"?{_query_names(hash_query)}" if hash_query else "")
    netloc = parts.netloc
    return urlunsplit(("", netloc, path, query, fragment)).removeprefix("//")


def api_template(method: str, url: str) -> str:
    """``GET /api/studies/{id}`` for an API request URL (host and query left out)."""
    return f"{method.upper()} {template_path(urlsplit(url).path or '/')}"


def template_path(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    out: list[str] = []
    previous: str | None = None
    for segment in segments:
        placeholder = template_segment(segment, previous)
        out.append(placeholder or segment)
        previous = placeholder or segment
    return "/" + "/".join(out)


def template_segment(segment: str, previous: str | None) -> str | None:
    """The placeholder for a path segment that carries a value, or None for a literal."""
    if _NUMBER.match(segment):
        return "{id}"
    if _UUID.match(segment):
        return "{uuid}"
    if _VERSION.match(segment):
        return None
    if _HASH.match(segment) and re.search(r"\d", segment):
        return "{hash}"
    after_literal = previous is not None and not previous.startswith("{")
    if after_literal and (_CODE.match(segment) and re.search(r"\d", segment)):
        return "{key}"
    if after_literal and _SLUG.match(segment):
        return "{slug}"
    if "@" in segment or "%40" in segment:
        return "{key}"
    return None


def _strip_slash(path: str) -> str:
    stripped = re.sub(r"/{2,}", "/", path).rstrip("/")
    return stripped or "/"


def _sorted_query(query: str) -> str:
    if not query:
        return ""
    return urlencode(sorted(parse_qsl(query, keep_blank_values=True)))


def _query_names(query: str) -> str:
    names = sorted({name for name, _ in parse_qsl(query, keep_blank_values=True)})
    return "&".join(names)
