from __future__ import annotations

import pytest

from kernel.errors import SchemaError
from sql.types import is_known_type, normalize_type, to_datatype


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("integer", "integer"),
        ("int4", "integer"),
        ("INT", "integer"),
        ("bigint", "bigint"),
        ("numeric", "numeric"),
        ("numeric(10, 2)", "numeric(10,2)"),
        ("decimal(5)", "numeric(5)"),
        ("double precision", "double precision"),
        ("float8", "double precision"),
        ("text", "text"),
        ("character varying(20)", "varchar(20)"),
        ("varchar", "varchar"),
        ("bool", "boolean"),
        ("uuid", "uuid"),
        ("date", "date"),
        ("timestamp with time zone", "timestamptz"),
        ("timestamp(3) with time zone", "timestamptz(3)"),
        ("timestamp without time zone", "timestamp"),
        ("time without time zone", "time"),
        ("jsonb", "jsonb"),
        ("text[]", "text[]"),
        ("character varying(20)[]", "varchar(20)[]"),
        ("integer[][]", "integer[][]"),
        ("text ARRAY", "text[]"),
    ],
)
def test_type_spellings_normalize_to_the_model_names(spelling: str, canonical: str) -> None:
    assert normalize_type(spelling) == canonical


@pytest.mark.parametrize(
    "spelling", ["", "strng", "varchar(1,2,3)", "integer(4)", "text; drop table x", "geometry"]
)
def test_unknown_types_are_schema_errors(spelling: str) -> None:
    assert not is_known_type(spelling)
    with pytest.raises(SchemaError, match="type"):
        normalize_type(spelling)


@pytest.mark.parametrize(
    ("model_type", "postgres", "sqlite"),
    [
        ("integer", "INT", "INTEGER"),
        ("numeric(10,2)", "DECIMAL(10, 2)", "NUMERIC"),
        ("double precision", "DOUBLE PRECISION", "REAL"),
        ("uuid", "UUID", "TEXT"),
        ("timestamptz", "TIMESTAMPTZ", "TEXT"),
        ("jsonb", "JSONB", "TEXT"),
        ("text[]", "TEXT[]", "TEXT"),
        ("boolean", "BOOLEAN", "INTEGER"),
    ],
)
def test_each_dialect_has_its_own_type_mapping(model_type: str, postgres: str, sqlite: str) -> None:
    assert to_datatype(model_type, "postgres").sql("postgres") == postgres
    assert to_datatype(model_type, "sqlite").sql("sqlite") == sqlite


def test_an_unsupported_dialect_is_a_programmer_error() -> None:
    with pytest.raises(ValueError, match="unsupported dialect"):
        to_datatype("text", "oracle")
