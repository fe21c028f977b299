"""Checks an observed-API OpenAPI document against the traffic it was made from: every API call
has its operation, its status code, and a request body, response body, path and query parameters
that validate against the document's schemas (with jsonschema, Draft 2020-12, $refs resolved in
the document's components)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jsonschema import Draft202012Validator

from inference.operations import is_api_call, media_type, text_value
from kernel.exchange import Exchange


@dataclass
class Conformance:
    calls: int = 0
    bodies: int = 0  # JSON response bodies validated
    success_bodies: int = 0  # of those, the 2xx ones
    entity_bodies: int = 0  # of the 2xx ones, bodies whose schema refers to a component
    failures: list[str] = field(default_factory=list)


def _routes(doc: dict[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    routes = []
    for path in doc["paths"]:
        pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>[^/]+)", re.escape(path))
        routes.append((re.compile(f"^{pattern}/?$"), path))
    # literal segments win over parameters, as OpenAPI resolves them
    return sorted(routes, key=lambda r: (-len(re.sub(r"\{\w+\}", "", r[1])), r[1]))


def _refers(schema: Any) -> bool:
    if isinstance(schema, dict):
        return "$ref" in schema or any(_refers(v) for v in schema.values())
    if isinstance(schema, list):
        return any(_refers(v) for v in schema)
    return False


def check_conformance(doc: dict[str, Any], exchanges: Iterable[Exchange]) -> Conformance:
    report = Conformance()
    routes = _routes(doc)
    components = doc.get("components", {})
    validators: dict[int, Draft202012Validator] = {}

    def valid(schema: dict[str, Any], value: Any, where: str, text: Any = None) -> None:
        """``value`` valid against ``schema``; ``text``: the same value as written in the URL,
        which a string parameter takes as it is."""
        validator = validators.get(id(schema))
        if validator is None:
            validator = validators[id(schema)] = Draft202012Validator({**schema, "components": components})
        error = next(iter(validator.iter_errors(value)), None)
        if error is not None and text is not None and validator.is_valid(text):
            return
        if error is not None and len(report.failures) < 20:
            report.failures.append(f"{where}: {error.message[:200]} at {list(error.absolute_path)}")

    for exchange in exchanges:
        if not is_api_call(exchange):
            continue
        report.calls += 1
        request, response = exchange.request, exchange.response
        method = request.method.lower()
        parts = urlsplit(request.url)
        path = parts.path.rstrip("/") or "/"
        found = next(((m, p) for pattern, p in routes if (m := pattern.match(path)) and method in doc["paths"][p]),
                     None)
        where = f"{request.method} {path}"
        if found is None:
            report.failures.append(f"{where}: no operation")
            continue
        match, template = found
        op = doc["paths"][template][method]
        params = {(p["name"], p["in"]): p["schema"] for p in op.get("parameters", [])}
        for name, value in match.groupdict().items():
            valid(params[(name, "path")], text_value(value), f"{where} path {name}", value)
        query: dict[str, list[str]] = {}
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            query.setdefault(name, []).append(value)
        for name, texts in query.items():
            if (name, "query") not in params:
                report.failures.append(f"{where}: query parameter {name} undocumented")
                continue
            values = [text_value(t) for t in texts]
            valid(params[(name, "query")], values[0] if len(values) == 1 else values, f"{where} query {name}",
                  texts[0] if len(texts) == 1 else texts)
        if isinstance(request.body, dict | list):
            body = op.get("requestBody", {}).get("content", {}).get(media_type(request))
            if body is None:
                report.failures.append(f"{where}: request body undocumented")
            else:
                valid(body["schema"], request.body, f"{where} request")
        answer = op["responses"].get(str(response.status))
        if answer is None:
            report.failures.append(f"{where}: status {response.status} undocumented")
            continue
        if isinstance(response.body, dict | list) and not response.body_truncated:
            content = answer.get("content", {})
            media = media_type(response) if media_type(response) in content else "application/json"
            if media not in content:
                report.failures.append(f"{where}: {response.status} body undocumented")
                continue
            report.bodies += 1
            if 200 <= response.status < 300:
                report.success_bodies += 1
                report.entity_bodies += _refers(content[media]["schema"])
            valid(content[media]["schema"], response.body, f"{where} {response.status}")
    return report
