"""What every export derives from a Schema: JSON Schema per column, relation names, code names.

These are pure functions of the document. The REST API runtime (``restapi``) uses the same
relation names and path names, so that the OpenAPI export and the served API cannot disagree.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from kernel.errors import SchemaError
from kernel.schema import Column, ForeignKey, Schema, Table
from sql.types import TypeName, parse_type

INT_RANGES: dict[str, tuple[int, int]] = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_REDACTED = re.compile(r"redacted|filtered|\*{3,}|<hidden>|^\[[\w:. -]*\]$", re.IGNORECASE)
_WORD = re.compile(r"[^0-9A-Za-z]+")


def element_json_schema(type_name: TypeName) -> dict[str, Any]:
    """JSON Schema for one value of a (non-array) column type."""
    base = type_name.base
    if base in INT_RANGES:
        low, high = INT_RANGES[base]
        return {"type": "integer", "format": "int64" if base == "bigint" else "int32",
                "minimum": low, "maximum": high}
    if base in ("numeric", "real", "double precision"):
        return {"type": "number"} if base == "numeric" else {"type": "number", "format": "double"}
    if base in ("text", "varchar", "char"):
        out: dict[str, Any] = {"type": "string"}
        if type_name.params:
            out["maxLength"] = type_name.params[0]
        return out
    if base == "boolean":
        return {"type": "boolean"}
    if base == "uuid":
        return {"type": "string", "format": "uuid"}
    if base == "date":
        return {"type": "string", "format": "date"}
    if base == "time":
        return {"type": "string", "format": "time"}
    if base in ("timestamp", "timestamptz"):
        return {"type": "string", "format": "date-time"}
    if base == "interval":
        return {"type": "string", "format": "duration"}
    if base == "bytea":
        return {"type": "string", "contentEncoding": "base64"}
    return {}  # json, jsonb: any JSON value


def column_type(column: Column) -> TypeName:
    try:
        return parse_type(column.type)
    except SchemaError as exc:
        raise SchemaError(f"{column.name}: {exc}", column=column.name) from exc


def column_json_schema(column: Column, *, with_null: bool = True) -> dict[str, Any]:
    """JSON Schema (2020-12, as OpenAPI 3.1 uses it) for the values of ``column``."""
    type_name = column_type(column)
    schema: dict[str, Any] = element_json_schema(type_name.element)
    if column.enum:
        schema = {"type": "string", "enum": list(column.enum)}
    if column.format in ("email", "uri", "url", "hostname", "ipv4", "ipv6") and schema.get("type") == "string":
        schema["format"] = "uri" if column.format == "url" else column.format
    for _ in range(type_name.array_dims):
        schema = {"type": "array", "items": schema}
    if column.description:
        schema["description"] = column.description
    if with_null and column.nullable:
        schema = _nullable(schema)
    return schema


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" not in schema:
        return schema  # any JSON value already admits null
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def examples(column: Column) -> list[Any]:
    """Example values from the evidence; captured values were redacted at capture, and anything
    that still looks redacted is left out rather than shown as an example."""
    if column.evidence is None:
        return []
    out = []
    for value in column.evidence.examples:
        if isinstance(value, str) and _REDACTED.search(value):
            continue
        out.append(value)
    return out[:3]


def has_default(column: Column) -> bool:
    return column.default is not None


@dataclass(frozen=True)
class Relation:
    """A named way from one table to related rows: to its parent (``many=False``) or children."""

    name: str
    table: str  # the table the relation starts from
    target: str  # the related table
    fk: ForeignKey
    child: str  # the table holding the foreign key
    many: bool

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(column of ``table``, column of ``target``) pairs that join them."""
        if self.many:
            return list(zip(self.fk.ref_columns, self.fk.columns, strict=True))
        return list(zip(self.fk.columns, self.fk.ref_columns, strict=True))


def relations(schema: Schema, table: Table) -> list[Relation]:
    """The relations of ``table``, named uniquely among its columns and each other.

    A single-column foreign key ``author_id`` is the relation ``author``; otherwise the parent
    table's name. Children are named after the child table, with ``_by_<column>`` when one child
    table refers to this table more than once.
    """
    taken = {c.name for c in table.columns}
    out: list[Relation] = []

    def unique(name: str) -> str:
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name}_{n}", n + 1
        taken.add(candidate)
        return candidate

    for fk in table.foreign_keys:
        if schema.table(fk.ref_table) is None:
            continue
        base = fk.ref_table
        if len(fk.columns) == 1 and fk.columns[0].endswith("_id") and len(fk.columns[0]) > 3:
            base = fk.columns[0][:-3]
        out.append(Relation(unique(base), table.name, fk.ref_table, fk, table.name, many=False))
    for child in schema.tables:
        refs = [fk for fk in child.foreign_keys if fk.ref_table == table.name]
        for fk in refs:
            base = child.name if len(refs) == 1 else f"{child.name}_by_{'_'.join(fk.columns)}"
            out.append(Relation(unique(base), table.name, child.name, fk, child.name, many=True))
    return out


def words(name: str) -> list[str]:
    parts = [p for p in _WORD.split(re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)) if p]
    return parts or ["x"]


def pascal(name: str) -> str:
    out = "".join(w[:1].upper() + w[1:].lower() for w in words(name))
    return out if out[0].isalpha() else "T" + out


def camel(name: str) -> str:
    p = pascal(name)
    out = p[:1].lower() + p[1:]
    return out


def snake(name: str) -> str:
    out = "_".join(w.lower() for w in words(name))
    if not out[0].isalpha():
        out = "c_" + out
    return out + "_" if keyword.iskeyword(out) else out


class UniqueNames:
    """Hand out names made by ``make`` without clashes: ``a``, ``a2``, ``a3``…"""

    def __init__(self, reserved: set[str] | None = None) -> None:
        self.used: set[str] = set(reserved or ())
        self.given: dict[str, str] = {}

    def __call__(self, original: str, made: str) -> str:
        if original in self.given:
            return self.given[original]
        candidate, n = made, 2
        while candidate in self.used:
            candidate, n = f"{made}{n}", n + 1
        self.used.add(candidate)
        self.given[original] = candidate
        return candidate


def path_segment(name: str) -> str:
    """A URL path segment for a table: its name where it is a plain word, else a safe spelling."""
    return name if re.fullmatch(r"[A-Za-z0-9_\-]+", name) else "_".join(words(name)).lower()


def param_name(name: str) -> str:
    """A path parameter name for a key column (letters, digits and ``_``)."""
    out = re.sub(r"\W", "_", name, flags=re.ASCII) or "key"
    return out if not out[0].isdigit() else "k_" + out


def js_string(text: str) -> str:
    """A JavaScript/TypeScript string literal."""
    import json

    return json.dumps(text, ensure_ascii=False)
