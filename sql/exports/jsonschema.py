"""JSON Schema (draft 2020-12) of each table's rows, one document per table."""

from __future__ import annotations

import json
from typing import Any

from kernel.schema import Schema, Table
from sql.exports.common import column_json_schema, examples, path_segment

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def table_json_schema(table: Table) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for column in table.columns:
        prop = column_json_schema(column)
        if found := examples(column):
            prop["examples"] = found
        props[column.name] = prop
    out: dict[str, Any] = {"$schema": DIALECT, "$id": f"{table.name}.schema.json", "title": table.name,
                           "type": "object", "properties": props,
                           "required": [c.name for c in table.columns if not c.nullable and c.default is None],
                           "additionalProperties": False}
    if table.description:
        out["description"] = table.description
    if table.primary_key:
        out["x-primary-key"] = list(table.primary_key)
    if table.foreign_keys:
        out["x-foreign-keys"] = [{"columns": fk.columns, "references": fk.ref_table,
                                  "ref_columns": fk.ref_columns} for fk in table.foreign_keys]
    return out


def render_jsonschema(schema: Schema) -> dict[str, str]:
    """``{"<table>.schema.json": document}`` for every table."""
    return {f"{path_segment(t.name)}.schema.json": json.dumps(table_json_schema(t), indent=2, ensure_ascii=False) + "\n"
            for t in schema.tables}
