"""An OpenAPI 3.1 document of a captured app's own API, as observed, naming the inferred entities.

Paths and methods are the operations of :mod:`inference.operations` (route templates made as
inference makes them), with path parameters, query parameters, JSON and form request bodies and
one response per observed status code. Bodies are described from their merged shapes; wherever
an object in a response is a row of a table of the schema (:mod:`inference.entity_match`), its
schema is a ``$ref`` to a component named after that table, inside whatever envelope carried it (``{data:
[$ref], meta: {...}}``, ``{"order": $ref}``). A component describes every object that was matched
to its table, so each captured body conforms to the document; a property takes its column's JSON
Schema where every observed value fits it, else the observed one. Tables never seen in a body get
a component from their columns alone. Request bodies stay inline: what a client sends (no key,
a partial update) is not the entity as the API returns it.

Pure: the caller passes the exchanges, the schema, the JSON Schema of a column and the component
name of each table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from inference.entity_match import EntityMatcher
from inference.naming import snake
from inference.operations import ApiObserver, Operation, parameter_names
from inference.value_shapes import Shape
from kernel.errors import InferenceError
from kernel.schema import Column, Schema, Table

if TYPE_CHECKING:
    from kernel.exchange import Exchange

ColumnSchema = Callable[[Column], dict[str, Any]]
_ROUNDS = 50  # component re-walks per table at most (each one follows a real widening)


def observed_openapi(exchanges: Iterable[Exchange], schema: Schema, *, column_schema: ColumnSchema,
                     component_names: dict[str, str]) -> dict[str, Any]:
    """The OpenAPI document of the API calls among ``exchanges``, its bodies' objects named after
    the tables of ``schema``. Raises InferenceError when the traffic holds no API call."""
    observer = ApiObserver().observe_all(exchanges)
    operations = observer.operations()
    if not operations:
        raise InferenceError(f"no API calls found in the traffic ({observer.exchanges} exchanges; pages, "
                             "static files and third-party requests are not the app's API)",
                             exchanges=observer.exchanges)
    return _Document(schema, column_schema, component_names).build(operations, observer.exchanges)


class _Document:
    def __init__(self, schema: Schema, column_schema: ColumnSchema, names: dict[str, str]) -> None:
        self.schema = schema
        self.column_schema = column_schema
        self.names = names
        self.matcher = EntityMatcher(schema)
        self.merged: dict[str, Shape] = {}  # table -> every object matched to it
        self.decided: dict[int, str] = {}  # id(shape) -> table, for the shapes that are rows
        self.queue: list[str] = []
        self.rounds: dict[str, int] = {}

    # -- matching ----------------------------------------------------------------------------

    def _walk(self, shape: Shape, path: str | None, endpoint: str | None, parent: str | None,
              key: str | None) -> None:
        table = self.matcher.match(shape, path, endpoint, parent, key)
        if table is not None:
            self.decided[id(shape)] = table
            merged = self.merged.get(table)
            if merged is None:
                merged = self.merged[table] = Shape()
                merged.merge(shape)
                self.queue.append(table)
            elif merged.merge(shape) and table not in self.queue:
                self.queue.append(table)
        else:  # the objects here are no rows: look for rows among their properties
            self.decided.pop(id(shape), None)
            for prop_key, prop in shape.props.items():
                self._walk(prop, f"{path}.{prop_key}" if path else None, endpoint, parent, prop_key)
        if shape.map_values is not None:
            self._walk(shape.map_values, None, endpoint, parent, key)
        if shape.items is not None:
            self._walk(shape.items, f"{path}[]" if path else None, endpoint, parent, key)

    def _settle(self) -> None:
        """Match the objects nested in each table's rows, until no component widens any more."""
        while self.queue:
            table = self.queue.pop(0)
            self.rounds[table] = self.rounds.get(table, 0) + 1
            if self.rounds[table] > _ROUNDS:
                continue
            merged = self.merged[table]
            for prop_key, prop in list(merged.props.items()):
                self._walk(prop, None, None, table, prop_key)
            if merged.items is not None:
                self._walk(merged.items, None, None, table, None)

    # -- rendering ---------------------------------------------------------------------------

    def _ref(self, table: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{self.names[table]}"}

    def render(self, shape: Shape, table: Table | None = None, prefix: tuple[str, ...] = ()) -> dict[str, Any]:
        """JSON Schema of ``shape``; ``table`` and ``prefix`` say which row and which of its
        nested objects it is part of, whose columns may type its properties."""
        parts: list[dict[str, Any]] = []
        if "object" in shape.kinds:
            if id(shape) in self.decided:
                parts.append(self._ref(self.decided[id(shape)]))
            elif shape.map_values is not None:
                parts.append({"type": "object", "additionalProperties": self.render(shape.map_values)})
            else:
                parts.append(self._object(shape, table, prefix))
        if "array" in shape.kinds:
            items = shape.items
            parts.append({"type": "array", "items": self.render(items, table, prefix)}
                         if items is not None and items.kinds else {"type": "array"})
        scalar = shape.scalar_schema()
        if scalar or not parts:
            parts.append(scalar)
        return parts[0] if len(parts) == 1 else {"anyOf": parts}

    def _object(self, shape: Shape, table: Table | None, prefix: tuple[str, ...]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for key, prop in shape.props.items():
            column = self._column(table, (*prefix, key))
            typed = self.column_schema(column) if column is not None and id(prop) not in self.decided else None
            props[key] = typed if typed is not None and fits(typed, prop) else self.render(prop, table, (*prefix, key))
        out: dict[str, Any] = {"type": "object", "properties": props}
        required = shape.required()
        if required:
            out["required"] = required
        return out

    @staticmethod
    def _column(table: Table | None, keys: tuple[str, ...]) -> Column | None:
        if table is None:
            return None
        if len(keys) == 1 and table.column(keys[0]) is not None:
            return table.column(keys[0])
        return table.column("_".join(snake(k) for k in keys))

    def _component(self, table: Table) -> dict[str, Any]:
        merged = self.merged.get(table.name)
        if merged is not None:
            out = self._object(merged, table, ())
        else:
            out = {"type": "object", "properties": {c.name: self.column_schema(c) for c in table.columns},
                   "description": "No captured body held these rows; the columns of the table."}
        described = {"title": table.name, **({"description": table.description} if table.description else {})}
        return {**described, **out}

    # -- the document ------------------------------------------------------------------------

    def build(self, operations: list[Operation], exchanges: int) -> dict[str, Any]:
        items = _path_items(operations)  # first: it merges operations, and matching marks shapes
        for op in (op for ops in items.values() for op in ops):
            for bodies in op.responses.values():
                for shape in bodies.values():
                    self._walk(shape, "$", op.template, None, None)
        self._settle()
        origins: Counter[str] = Counter()
        for op in operations:
            origins.update(op.origins)
        main = origins.most_common(1)[0][0]
        paths: dict[str, Any] = {}
        operation_ids: set[str] = set()
        for path, ops in items.items():
            item: dict[str, Any] = {}
            item_origins = {o for op in ops for o in op.origins}
            if item_origins != {main}:
                item["servers"] = [{"url": o} for o in sorted(item_origins)]
            for op in ops:
                item[op.method.lower()] = self._operation(op, operation_ids)
            paths[path] = item
        calls = sum(op.count for ops in items.values() for op in ops)
        return {
            "openapi": "3.1.0",
            "info": {"title": f"{self.schema.name} API (observed)", "version": self.schema.content_hash()[:12],
                     "description": f"The API as observed in {calls} captured calls ({exchanges} exchanges), "
                                    f"{sum(len(ops) for ops in items.values())} operations. Response bodies refer to the entities of "
                                    f"the {self.schema.name!r} schema. Generated by wiretable."},
            "servers": [{"url": main}],
            "paths": paths,
            "components": {"schemas": {self.names[t.name]: self._component(t) for t in self.schema.tables}},
        }

    def _operation(self, op: Operation, taken: set[str]) -> dict[str, Any]:
        names = parameter_names(op.segments)
        params: list[dict[str, Any]] = [
            {"name": names[i], "in": "path", "required": True, "schema": param_schema(op.path.get(i, Shape()))}
            for i in sorted(names)]
        for name, shape in sorted(op.query.items()):
            params.append({"name": name, "in": "query", "required": op.query_seen[name] == op.count,
                           "schema": param_schema(shape)})
        out: dict[str, Any] = {"operationId": _operation_id(op, names, taken),
                               "summary": f"{op.method} {_path(op, names)}", "x-observed-calls": op.count}
        tag = self._tag(op)
        if tag:
            out["tags"] = [tag]
        if params:
            out["parameters"] = params
        if op.requests:
            sent = sum(s.count for s in op.requests.values())
            out["requestBody"] = {"required": sent == op.count,
                                  "content": {m: {"schema": self.render(s)} for m, s in sorted(op.requests.items())}}
        out["responses"] = self._responses(op)
        return out

    def _responses(self, op: Operation) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for status, bodies in sorted(op.responses.items()):
            if not 100 <= status <= 599:
                continue
            calls = sum(s.count for s in bodies.values()) or 1
            entry: dict[str, Any] = {"description": f"{_phrase(status)} (observed {calls}×)"}
            content = {m: {"schema": self.render(s) if "json" in m else {"type": "string"}}
                       for m, s in sorted(bodies.items()) if m}
            if content:
                entry["content"] = content
            out[str(status)] = entry
        return out or {"default": {"description": "No answer was captured"}}

    def _tag(self, op: Operation) -> str | None:
        for status in sorted(op.responses):
            if 200 <= status < 300:
                for shape in op.responses[status].values():
                    found = _first_entity(shape, self.decided)
                    if found:
                        return found
        literals = [s for s in op.segments if not s.startswith("{")]
        return literals[-1] if literals else None


def _first_entity(shape: Shape, decided: dict[int, str], depth: int = 0) -> str | None:
    if id(shape) in decided:
        return decided[id(shape)]
    if depth > 3:
        return None
    for child in [*shape.props.values(), *([shape.items] if shape.items else [])]:
        found = _first_entity(child, decided, depth + 1)
        if found:
            return found
    return None


def _phrase(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _segment(segment: str) -> str:
    return segment.replace("{", "%7B").replace("}", "%7D")


def _path(op: Operation, names: dict[int, str]) -> str:
    parts = ["{" + names[i] + "}" if i in names else _segment(s) for i, s in enumerate(op.segments)]
    return "/" + "/".join(parts) + op.suffix


def _path_items(operations: list[Operation]) -> dict[str, list[Operation]]:
    """Operations by OpenAPI path; routes that differ only in their placeholders' names (which
    OpenAPI counts as one path) are one, and one method there is one operation."""
    groups: dict[tuple[tuple[str, ...], str], dict[str, Operation]] = {}
    for op in operations:
        shape = (tuple("{}" if i in parameter_names(op.segments) else s for i, s in enumerate(op.segments)), op.suffix)
        methods = groups.setdefault(shape, {})
        if op.method in methods:
            methods[op.method].absorb(op)
        else:
            methods[op.method] = op
    out: dict[str, list[Operation]] = {}
    for methods in groups.values():
        first = next(iter(methods.values()))
        names = parameter_names(first.segments)
        for op in methods.values():
            op.segments = tuple("{" + names[i] + "}" if i in names else s for i, s in enumerate(op.segments))
        out[_path(first, parameter_names(first.segments))] = list(methods.values())
    return dict(sorted(out.items()))


def _operation_id(op: Operation, names: dict[int, str], taken: set[str]) -> str:
    words = [snake(s) for i, s in enumerate(op.segments) if i not in names] or ["root"]
    base = f"{op.method.lower()}_{'_'.join(words)}"
    if names:
        base += "_by_" + "_".join(snake(names[i]) for i in sorted(names))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def param_schema(shape: Shape) -> dict[str, Any]:
    """JSON Schema of a parameter's values as written in URLs: one scalar type where they agree,
    else a string; a repeated query parameter is an array."""
    if "array" in shape.kinds:
        return {"type": "array", "items": param_schema(shape.items) if shape.items else {"type": "string"}}
    kinds = shape.kinds - {"null"}
    if kinds <= {"integer"} and kinds:
        return {"type": "integer"}
    if kinds <= {"integer", "number"} and kinds:
        return {"type": "number"}
    if kinds == {"boolean"}:
        return {"type": "boolean"}
    fmt = shape.string_format() if kinds == {"string"} else None
    return {"type": "string", **({"format": fmt} if fmt else {})}


def fits(schema: dict[str, Any], shape: Shape) -> bool:
    """Whether every value ``shape`` saw is valid against ``schema`` (the subset of JSON Schema that
    column schemas use: type, enum, format, maxLength, minimum, maximum, items)."""
    if not shape.kinds:
        return True
    declared = schema.get("type")
    if declared is None:  # any JSON value (json, jsonb): what was observed says more
        return False
    types = set(declared) if isinstance(declared, list) else {declared}
    if "number" in types:
        types.add("integer")
    if not shape.kinds <= types:
        return False
    if "enum" in schema and (shape.overflow or not shape.values <= set(schema["enum"])):
        return False
    if "string" in shape.kinds:
        fmt = schema.get("format")
        if fmt in ("uuid", "date", "date-time", "time") and shape.string_format() != fmt:
            return False
        if shape.max_length > schema.get("maxLength", shape.max_length):
            return False
    if shape.low is not None and shape.low < schema.get("minimum", shape.low):
        return False
    if shape.high is not None and shape.high > schema.get("maximum", shape.high):
        return False
    if "array" in shape.kinds and shape.items is not None and "items" in schema:
        return fits(schema["items"], shape.items)
    return True
