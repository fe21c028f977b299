"""Request models generated from the Schema: one pydantic model per table for create and update.

Validation is strict JSON validation (``model_validate_json``): a string is not an integer, a
number is not a date, unknown fields are refused. Field errors become a 422 answer. Values are
then shaped for psycopg (JSON columns wrapped as ``Jsonb``, bytea decoded from base64).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal, cast

from psycopg.types.json import Jsonb
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model

from kernel.schema import Column, Table
from restapi.query import ApiError
from sql.exports.common import INT_RANGES, column_type
from sql.types import TypeName

_STRICT = ConfigDict(strict=True, extra="forbid")
_SCALARS: dict[str, Any] = {
    "real": float, "double precision": float, "numeric": float, "boolean": bool, "uuid": uuid.UUID,
    "date": datetime.date, "time": datetime.time, "timestamp": datetime.datetime,
    "timestamptz": datetime.datetime, "interval": str, "bytea": str, "json": Any, "jsonb": Any,
}


def _integer(low: int, high: int) -> Callable[[int | float], int]:
    """JSON Schema's integer: 3 and 3.0 alike, within the column type's range."""

    def check(value: int | float) -> int:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError("Input should be a valid integer")
            value = int(value)
        if not low <= value <= high:
            raise ValueError(f"Input should be between {low} and {high}")
        return value

    return check


def _element(column: Column, t: TypeName) -> Any:
    if column.enum:
        return Literal[tuple(column.enum)]
    if t.base in INT_RANGES:
        return Annotated[int | float, AfterValidator(_integer(*INT_RANGES[t.base]))]
    if t.base in ("text", "varchar", "char"):
        return Annotated[str, Field(max_length=t.params[0])] if t.params else str
    return _SCALARS[t.base]


def field_type(column: Column) -> Any:
    t = column_type(column)
    out = _element(column, t.element)
    for _ in range(t.array_dims):
        out = list[out]  # type: ignore[valid-type]
    return out | None if column.nullable else out


def _model(name: str, fields: dict[str, Any]) -> type[BaseModel]:
    # Field names are the columns' names, whatever they are; aliases keep pydantic from objecting.
    spec = {f"f{i}": (tp, Field(default, alias=col)) for i, (col, (tp, default)) in enumerate(fields.items())}
    model: Any = create_model(  # type: ignore[call-overload, unused-ignore]
        name, __config__=ConfigDict(strict=True, extra="forbid", populate_by_name=False), **spec)
    return cast("type[BaseModel]", model)


class TableModels:
    """The create and update models of one table, and the shaping of validated values."""

    def __init__(self, table: Table) -> None:
        self.table = table
        keys = set(table.primary_key or [])
        required = {c.name for c in table.columns if not c.nullable and c.default is None and c.identity is None}
        self.create = _model(f"{table.name}_create", {
            c.name: (field_type(c), ... if c.name in required else None) for c in table.columns})
        self.update = _model(f"{table.name}_update", {
            c.name: (field_type(c), None) for c in table.columns if c.name not in keys})
        self.kinds = {c.name: column_type(c) for c in table.columns}

    def validate(self, body: bytes, *, update: bool = False) -> dict[str, Any]:
        model = self.update if update else self.create
        try:
            parsed = model.model_validate_json(body or b"")
        except ValidationError as exc:
            fields: list[dict[str, str]] = []
            for error in exc.errors(include_url=False)[:20]:
                name = str(error["loc"][0]) if error["loc"] else "body"
                if all(f["field"] != name for f in fields):  # a union reports each of its members
                    fields.append({"field": name, "message": error["msg"]})
            raise ApiError(422, "invalid_body", "the body does not match the table's columns", fields) from None
        values = parsed.model_dump(by_alias=True, exclude_unset=True)
        return {name: self._shape(name, value) for name, value in values.items()}

    def _shape(self, name: str, value: Any) -> Any:
        kind = self.kinds[name]
        if value is None:
            return None
        if kind.base in ("json", "jsonb") and not kind.array_dims:
            return Jsonb(value)
        if kind.base == "bytea" and not kind.array_dims:
            try:
                return base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise ApiError(422, "invalid_body", "the body does not match the table's columns",
                               [{"field": name, "message": "not base64"}]) from None
        return value
