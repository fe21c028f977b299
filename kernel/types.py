"""The column types of the Schema document: Postgres type names, parsed and normalised.

The Schema document spells types the way Postgres does (``integer``, ``numeric(10,2)``,
``timestamptz``, ``text[]``). :func:`parse_type` accepts the common aliases too (``int4``,
``character varying(20)``, ``timestamp with time zone``) and returns one canonical
:class:`TypeName`, so that a catalog read back by introspection and the document compare alike.
How each type maps to a SQL dialect is ``sql.types``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kernel.errors import SchemaError

__all__ = ["TypeName", "is_known_type", "normalize_type", "parse_type"]

# canonical base name -> (min params, max params)
_BASES: dict[str, tuple[int, int]] = {
    "smallint": (0, 0),
    "integer": (0, 0),
    "bigint": (0, 0),
    "numeric": (0, 2),
    "real": (0, 0),
    "double precision": (0, 0),
    "text": (0, 0),
    "varchar": (0, 1),
    "char": (0, 1),
    "boolean": (0, 0),
    "uuid": (0, 0),
    "date": (0, 0),
    "time": (0, 1),
    "timestamp": (0, 1),
    "timestamptz": (0, 1),
    "interval": (0, 0),
    "json": (0, 0),
    "jsonb": (0, 0),
    "bytea": (0, 0),
}

_ALIASES: dict[str, str] = {
    "int": "integer",
    "int4": "integer",
    "int2": "smallint",
    "int8": "bigint",
    "decimal": "numeric",
    "float": "double precision",
    "float8": "double precision",
    "double": "double precision",
    "float4": "real",
    "character varying": "varchar",
    "character": "char",
    "bpchar": "char",
    "bool": "boolean",
    "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp",
    "time without time zone": "time",
}

_TYPE_RE = re.compile(
    r"^(?P<name>[a-z][a-z0-9 ]*?)\s*(?:\(\s*(?P<params>\d+(?:\s*,\s*\d+)?)\s*\))?"
    r"(?P<zone>\s+with(?:out)?\s+time\s+zone)?$"
)
_ARRAY_RE = re.compile(r"\s*\[\s*\d*\s*\]$")


@dataclass(frozen=True)
class TypeName:
    """A parsed, canonical column type: ``numeric(10,2)[]`` is base numeric, params (10, 2), 1 dim."""

    base: str
    params: tuple[int, ...] = ()
    array_dims: int = 0

    def __str__(self) -> str:
        text = self.base
        if self.params:
            text += "(" + ",".join(str(p) for p in self.params) + ")"
        return text + "[]" * self.array_dims

    @property
    def element(self) -> TypeName:
        return TypeName(self.base, self.params)


def parse_type(text: str) -> TypeName:
    """Parse a type name into its canonical form; SchemaError if it is not a supported type."""
    if not isinstance(text, str):
        raise TypeError(f"a type name must be a string, not {type(text).__name__}")
    rest = " ".join(text.strip().lower().split())
    dims = 0
    while True:
        stripped = _ARRAY_RE.sub("", rest)
        if stripped == rest:
            break
        rest, dims = stripped, dims + 1
    if rest.endswith(" array"):
        rest, dims = rest[: -len(" array")], dims + 1
    match = _TYPE_RE.match(rest)
    if not match:
        raise SchemaError(f"unknown column type {text!r}", type=text)
    name = match["name"].strip()
    if match["zone"]:
        name += " " + " ".join(match["zone"].split())
    name = _ALIASES.get(name, name)
    params = tuple(int(p) for p in match["params"].split(",")) if match["params"] else ()
    if name not in _BASES:
        raise SchemaError(f"unknown column type {text!r}", type=text)
    low, high = _BASES[name]
    if not low <= len(params) <= high:
        raise SchemaError(f"column type {text!r} takes {low}..{high} parameters", type=text)
    return TypeName(name, params, dims)


def normalize_type(text: str) -> str:
    """The canonical spelling of a type (``character varying(20)`` → ``varchar(20)``)."""
    return str(parse_type(text))


def is_known_type(text: str) -> bool:
    try:
        parse_type(text)
    except SchemaError:
        return False
    return True
