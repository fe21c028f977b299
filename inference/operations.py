"""Operations: the API calls seen in captured traffic, grouped by method and route template.

Each exchange that belongs to the app's API (a JSON answer, or a write with a JSON or form body;
not noise, HTML or static files) is filed under its route template, made exactly as inference
makes it (``endpoints.parse_route``, then ``templates.collapse_templates`` over all the routes
seen). Per operation it keeps the hosts, the shapes of the path parameters' values, of each query
parameter, of the request bodies per media type and of the response bodies per status code and
media type (:mod:`inference.value_shapes`), so memory stays bounded however long the capture is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from inference.endpoints import is_noise_url, parse_route
from inference.naming import singular, snake
from inference.templates import collapse_templates, template_covers
from inference.value_shapes import Shape

if TYPE_CHECKING:
    from kernel.exchange import Exchange, Message

_INTEGER = re.compile(r"^-?\d{1,18}$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_NOT_API = re.compile(r"html|css|javascript|ecmascript|^image/|^font/|^audio/|^video/", re.I)
_FORM = "application/x-www-form-urlencoded"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class Operation:
    """One method on one route template, with what was seen of its parameters and bodies."""

    method: str
    segments: tuple[str, ...]  # literal segments and placeholders (``{id}``), in path order
    suffix: str = ""  # a format suffix of the last segment the template drops (``.json``)
    count: int = 0
    origins: Counter[str] = field(default_factory=Counter)
    path: dict[int, Shape] = field(default_factory=dict)  # by segment index
    query: dict[str, Shape] = field(default_factory=dict)
    query_seen: Counter[str] = field(default_factory=Counter)
    requests: dict[str, Shape] = field(default_factory=dict)  # by media type
    responses: dict[int, dict[str, Shape]] = field(default_factory=dict)  # by status, then media type

    @property
    def template(self) -> str:
        """The route as inference writes it in evidence: ``GET /api/books/{slug}``."""
        return f"{self.method} /" + "/".join(self.segments)

    def absorb(self, other: Operation) -> None:
        """Merge ``other`` (a route this one's template covers) into this operation."""
        self.count += other.count
        self.origins.update(other.origins)
        for index, segment in enumerate(other.segments):
            if not _is_param(self.segments[index]):
                continue
            if _is_param(segment):
                self.path.setdefault(index, Shape()).merge(other.path.get(index, Shape()))
            else:  # a literal merged into a parameter: each call used that value
                literal = Shape()
                literal.add(text_value(segment))
                literal.count = other.count
                self.path.setdefault(index, Shape()).merge(literal)
        for name, shape in other.query.items():
            self.query.setdefault(name, Shape()).merge(shape)
        self.query_seen.update(other.query_seen)
        for media, shape in other.requests.items():
            self.requests.setdefault(media, Shape()).merge(shape)
        for status, bodies in other.responses.items():
            mine = self.responses.setdefault(status, {})
            for media, shape in bodies.items():
                mine.setdefault(media, Shape()).merge(shape)


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def text_value(text: str) -> Any:
    """A value written as text in a URL, as the JSON value it stands for (``"17"`` → 17)."""
    if text in ("true", "false"):
        return text == "true"
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return float(text)
    return text


def media_type(message: Message) -> str:
    """The media type of a message's body: its Content-Type without parameters, lower-cased."""
    return (message.content_type or "").split(";", 1)[0].strip().lower()


def _answers_json(exchange: Exchange) -> bool:
    media = media_type(exchange.response)
    return "json" in media or isinstance(exchange.response.body, dict | list)


def is_api_call(exchange: Exchange) -> bool:
    """Whether an exchange is a call of the app's API: a JSON answer, or a write whose answer is
    no page, script, style or media file; noise (preflights, static files, beacons) never is."""
    request, response = exchange.request, exchange.response
    method = request.method.upper()
    if is_noise_url(method, request.url) or _NOT_API.search(media_type(response)):
        return False
    return _answers_json(exchange) or method in WRITES


class ApiObserver:
    """Files each API call under its route as the exchanges stream by."""

    def __init__(self) -> None:
        self.raw: dict[tuple[str, str], Operation] = {}  # by (template, suffix)
        self.exchanges = 0

    def observe_all(self, exchanges: Iterable[Exchange]) -> ApiObserver:
        for exchange in exchanges:
            self.observe(exchange)
        return self

    def observe(self, exchange: Exchange) -> None:
        self.exchanges += 1
        if not is_api_call(exchange):
            return
        request, response = exchange.request, exchange.response
        route = parse_route(request.method, request.url)
        parts = urlsplit(request.url)
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        suffix = ".json" if route.segments and last.lower().endswith(".json") and len(last) > 5 else ""
        op = self.raw.get((route.template, suffix))
        if op is None:
            op = self.raw[(route.template, suffix)] = Operation(route.method, route.segments, suffix)
        op.count += 1
        op.origins[f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"] += 1
        for index, value in enumerate(route.values):
            if value is not None:
                op.path.setdefault(index, Shape()).add(text_value(value))
        self._query(op, parts.query)
        if request.body is not None or request.body_text or media_type(request):
            op.requests.setdefault(media_type(request) or "application/octet-stream", Shape()).add_body(
                _request_body(exchange))
        bodies = op.responses.setdefault(response.status, {})
        if _answers_json(exchange):
            shape = bodies.setdefault(media_type(response) if "json" in media_type(response) else "application/json",
                                      Shape())
            shape.add_body(None if response.body_truncated else response.body)
        elif media_type(response) or response.body_text:
            bodies.setdefault(media_type(response) or "application/octet-stream", Shape()).add_body(None)
        else:
            bodies.setdefault("", Shape())  # no body (204, a redirect)

    @staticmethod
    def _query(op: Operation, query: str) -> None:
        values: dict[str, list[Any]] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            values.setdefault(name, []).append(text_value(value))
        for name, seen in values.items():
            op.query.setdefault(name, Shape()).add(seen[0] if len(seen) == 1 else seen)
            op.query_seen[name] += 1

    def operations(self) -> list[Operation]:
        """The operations, literal key segments merged into parameters as inference merges them,
        most called first."""
        counts: Counter[str] = Counter()
        for (template, _), op in self.raw.items():
            counts[template] += op.count
        collapsed = collapse_templates(dict(counts))
        merged: dict[tuple[str, str], Operation] = {}
        for (template, suffix), op in sorted(self.raw.items(), key=lambda kv: -kv[1].count):
            target = template if template in collapsed else next(
                (c for c in collapsed if template_covers(c, template)), template)
            key = (target, suffix)
            if key not in merged:
                method, _, path = target.partition(" ")
                merged[key] = Operation(method, tuple(s for s in path.split("/") if s), suffix)
            merged[key].absorb(op)
        return sorted(merged.values(), key=lambda o: (-o.count, o.template))


def _request_body(exchange: Exchange) -> Any:
    """The request body as JSON: parsed JSON, a form as an object of its fields, else None."""
    request = exchange.request
    if request.body_truncated:
        return None
    if request.body is not None:
        return request.body
    if media_type(request) == _FORM and request.body_text:
        fields: dict[str, Any] = {}
        for name, value in parse_qsl(request.body_text, keep_blank_values=True):
            fields[name] = value if name not in fields else [
                *(fields[name] if isinstance(fields[name], list) else [fields[name]]), value]
        return fields
    return None


def parameter_names(segments: tuple[str, ...]) -> dict[int, str]:
    """A unique OpenAPI name for each placeholder: its own (``id``) where it is the only one of
    that name, else prefixed by the singular of the segment before it (``customer_id``)."""
    placeholders = {i: s[1:-1] for i, s in enumerate(segments) if _is_param(s)}
    repeated = {n for n in placeholders.values() if list(placeholders.values()).count(n) > 1}
    names: dict[int, str] = {}
    for index, name in placeholders.items():
        if name in repeated and index > 0 and not _is_param(segments[index - 1]):
            name = f"{singular(snake(segments[index - 1]))}_{name}"
        base, n = name, 2
        while name in names.values():
            name, n = f"{base}{n}", n + 1
        names[index] = name
    return names
