"""OpenAPI 3.1 of the REST API that ``wiretable api`` serves over a schema's tables.

Per table: ``GET /<table>`` (list with PostgREST-style filters, ``select``, ``order``, ``limit``,
``offset``, ``expand``), ``POST /<table>``; with a primary key also ``GET``, ``PATCH`` and
``DELETE /<table>/{key…}`` (one path segment per key column, in key order). Component schemas:
``<Table>`` (a row, with its relations as optional expanded properties), ``<Table>Create``
(``required`` = the NOT NULL columns without a default), ``<Table>Update`` (every non-key column,
optional) and ``<Table>Page`` (the list envelope). The document is a pure function of the
Schema; the API serves exactly this document at ``/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from kernel.schema import Schema, Table
from sql.exports.common import (
    UniqueNames,
    column_json_schema,
    examples,
    param_name,
    pascal,
    path_segment,
    relations,
)

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
OPERATORS = ("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "in", "is")
FILTER_PATTERN = r"^(eq|neq|gt|gte|lt|lte|like|ilike)\..*$|^in\.\(.*\)$|^is\.(null|not_null|true|false)$"

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,), "number": (int, float), "string": (str,), "boolean": (bool,), "array": (list,),
}


def component_names(schema: Schema) -> dict[str, str]:
    names = UniqueNames({"Error", "FieldError"})
    return {t.name: names(t.name, pascal(t.name)) for t in schema.tables}


def table_paths(schema: Schema) -> dict[str, str]:
    names = UniqueNames({"openapi.json", "docs"})
    return {t.name: names(t.name, path_segment(t.name)) for t in schema.tables}


def key_params(table: Table) -> list[tuple[str, str]]:
    """(column, path parameter name) for each primary-key column."""
    names = UniqueNames()
    return [(c, names(c, param_name(c))) for c in table.primary_key or []]


def _example_fits(value: Any, schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    if not kinds:
        return True
    if value is None:
        return "null" in kinds
    if isinstance(value, bool):
        return "boolean" in kinds
    if "enum" in schema and value not in schema["enum"]:
        return False
    if not any(isinstance(value, _JSON_TYPES.get(k, ())) for k in kinds):
        return False
    return not isinstance(value, str) or _format_fits(value, schema)


def _format_fits(value: str, schema: dict[str, Any]) -> bool:
    import datetime
    import uuid

    fmt = schema.get("format")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return False
    parse: dict[str, Any] = {"uuid": uuid.UUID, "date": datetime.date.fromisoformat,
                             "date-time": datetime.datetime.fromisoformat, "time": datetime.time.fromisoformat}
    if fmt in parse:
        try:
            parse[fmt](value)
        except ValueError:
            return False
    if fmt == "email":
        return "@" in value
    return True


def _property(column: Any) -> dict[str, Any]:
    prop = column_json_schema(column)
    fitting = [v for v in examples(column) if _example_fits(v, prop)]
    if fitting:
        prop["examples"] = fitting
    return prop


def _row_schema(schema: Schema, table: Table, names: dict[str, str], *, required: bool) -> dict[str, Any]:
    props: dict[str, Any] = {c.name: _property(c) for c in table.columns}
    for rel in relations(schema, table):
        ref = {"$ref": f"#/components/schemas/{names[rel.target]}"}
        cols = ", ".join(rel.fk.columns)
        if rel.many:
            props[rel.name] = {"type": "array", "items": ref,
                               "description": f"The {rel.target} rows whose {cols} refer to this row "
                                              f"(with ?expand={rel.name})."}
        else:
            props[rel.name] = {"anyOf": [ref, {"type": "null"}],
                               "description": f"The {rel.target} row that {cols} refers to "
                                              f"(with ?expand={rel.name})."}
    out: dict[str, Any] = {"type": "object", "properties": props}
    if table.description:
        out["description"] = table.description
    if required:
        out["required"] = [c.name for c in table.columns if not c.nullable]
    return out


def _create_schema(table: Table) -> dict[str, Any]:
    props = {c.name: column_json_schema(c) for c in table.columns}
    req = [c.name for c in table.columns if not c.nullable and c.default is None and c.identity is None]
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if req:
        out["required"] = req
    return out


def _update_schema(table: Table) -> dict[str, Any]:
    keys = set(table.primary_key or [])
    props = {c.name: column_json_schema(c) for c in table.columns if c.name not in keys}
    return {"type": "object", "properties": props, "additionalProperties": False}


def _errors(*codes: int) -> dict[str, Any]:
    text = {400: "Unknown column, operator or malformed value", 404: "No row with this key",
            409: "A unique or foreign-key constraint refused the change",
            422: "The body does not match the table's columns"}
    return {str(code): {"description": text[code], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for code in codes}


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def expand_schema(schema: Schema, table: Table) -> dict[str, Any]:
    import re

    names = "|".join(re.escape(r.name) for r in relations(schema, table))
    return {"type": "string", "pattern": f"^(({names})(,({names}))*)?$" if names else "^$"}


def _list_params(schema: Schema, table: Table) -> list[dict[str, Any]]:
    rels = ", ".join(r.name for r in relations(schema, table)) or "none"
    params: list[dict[str, Any]] = [
        {"name": "select", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Columns to return, comma-separated; `*` for all; `relation(*)` or "
                        "`relation(col,…)` expands a relation."},
        {"name": "order", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "`column.asc` or `column.desc` (optionally `.nullsfirst`/`.nullslast`), comma-separated."},
        {"name": "limit", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 0},
         "description": f"At most this many rows (default {DEFAULT_LIMIT}; capped at {MAX_LIMIT})."},
        {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
        {"name": "expand", "in": "query", "required": False, "schema": expand_schema(schema, table),
         "description": f"Relations to embed, comma-separated: {rels}."},
    ]
    reserved = {"select", "order", "limit", "offset", "expand"}
    for column in table.columns:
        if column.name in reserved:
            continue
        params.append({"name": column.name, "in": "query", "required": False,
                       "schema": {"type": "string", "pattern": FILTER_PATTERN},
                       "description": f"Filter on {column.name}: `op.value` with op one of "
                                      f"{', '.join(OPERATORS)} (`in.(a,b)`, `is.null`)."})
    return params


def _table_paths(schema: Schema, table: Table, names: dict[str, str], segment: str) -> dict[str, Any]:
    name = names[table.name]
    tag = [table.name]
    paths: dict[str, Any] = {}
    paths[f"/{segment}"] = {
        "get": {"operationId": f"list_{segment}", "tags": tag, "summary": f"List {table.name}",
                "parameters": _list_params(schema, table),
                "responses": {"200": {"description": "One page of rows and the total count",
                                      "content": _json(f"{name}Page")}, **_errors(400)}},
        "post": {"operationId": f"create_{segment}", "tags": tag, "summary": f"Create a {table.name} row",
                 "requestBody": {"required": True, "content": _json(f"{name}Create")},
                 "responses": {"201": {"description": "The created row", "content": _json(name)},
                               **_errors(400, 409, 422)}},
    }
    keys = key_params(table)
    if keys:
        template = f"/{segment}/" + "/".join("{" + p + "}" for _, p in keys)
        cols = {c.name: c for c in table.columns}
        params = [{"name": p, "in": "path", "required": True,
                   "schema": column_json_schema(cols[c], with_null=False) if c in cols else {"type": "string"}}
                  for c, p in keys]
        expand = {"name": "expand", "in": "query", "required": False, "schema": expand_schema(schema, table),
                  "description": "Relations to embed, comma-separated."}
        paths[template] = {
            "parameters": params,
            "get": {"operationId": f"get_{segment}", "tags": tag, "summary": f"One {table.name} row by key",
                    "parameters": [expand],
                    "responses": {"200": {"description": "The row", "content": _json(name)}, **_errors(400, 404)}},
            "patch": {"operationId": f"update_{segment}", "tags": tag, "summary": f"Update a {table.name} row",
                      "requestBody": {"required": True, "content": _json(f"{name}Update")},
                      "responses": {"200": {"description": "The updated row", "content": _json(name)},
                                    **_errors(400, 404, 409, 422)}},
            "delete": {"operationId": f"delete_{segment}", "tags": tag, "summary": f"Delete a {table.name} row",
                       "responses": {"204": {"description": "Deleted"}, **_errors(400, 404, 409)}},
        }
    return paths


def _error_schemas() -> dict[str, Any]:
    return {
        "FieldError": {"type": "object", "required": ["field", "message"],
                       "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
        "Error": {"type": "object", "required": ["code", "message"],
                  "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                 "fields": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}}},
    }


def openapi_document(schema: Schema, *, server_url: str | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the generated REST API over ``schema``."""
    names = component_names(schema)
    segments = table_paths(schema)
    components: dict[str, Any] = _error_schemas()
    paths: dict[str, Any] = {}
    for table in schema.tables:
        name = names[table.name]
        components[name] = _row_schema(schema, table, names, required=True)
        selection = _row_schema(schema, table, names, required=False)
        selection["description"] = f"A {table.name} row as listed: only the selected columns."
        components[f"{name}Selection"] = selection
        components[f"{name}Create"] = _create_schema(table)
        components[f"{name}Update"] = _update_schema(table)
        components[f"{name}Page"] = {
            "type": "object", "required": ["data", "total", "limit", "offset"],
            "properties": {"data": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}Selection"}},
                           "total": {"type": "integer", "minimum": 0, "description": "Rows matching the filters"},
                           "limit": {"type": "integer"}, "offset": {"type": "integer"}}}
        paths.update(_table_paths(schema, table, names, segments[table.name]))
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": f"{schema.name} REST API", "version": schema.content_hash()[:12],
                 "description": f"CRUD over the tables of the {schema.name!r} schema, generated by wiretable."},
        "tags": [{"name": t.name, **({"description": t.description} if t.description else {})}
                 for t in schema.tables],
        "paths": paths,
        "components": {"schemas": components},
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc


def render_openapi(schema: Schema, *, server_url: str | None = None) -> str:
    import json

    return json.dumps(openapi_document(schema, server_url=server_url), indent=2, ensure_ascii=False) + "\n"
