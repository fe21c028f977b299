"""Column types mapped per dialect. The model's Postgres type names are parsed and normalised by
:mod:`kernel.types` (re-exported here: :func:`parse_type`, :class:`TypeName`).

Each target dialect has its own mapping table from canonical base names to sqlglot data types
(:data:`DIALECTS`); DDL never relies on sqlglot's transpiler to translate a Postgres type, because
transpiling loses meaning (``numeric`` becomes ``REAL`` in SQLite, ``jsonb`` stays ``JSONB`` in
T-SQL). Adding a dialect means adding a :class:`DialectTypes` entry. Dialect names are
sqlglot's: ``postgres``, ``sqlite``, ``mysql`` (MySQL and MariaDB) and ``tsql`` (SQL Server).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlglot import exp

from kernel.errors import SchemaError
from kernel.types import TypeName, is_known_type, normalize_type, parse_type

__all__ = ["DIALECTS", "DType", "DialectTypes", "TypeName", "dialect_types", "is_known_type", "normalize_type",
           "parse_type", "to_datatype"]

DType = exp.DType  # the enum behind exp.DataType.Type, named so that mypy sees a class


def _build(dtype: DType, params: tuple[int, ...] = ()) -> exp.DataType:
    expressions = [exp.DataTypeParam(this=exp.Literal.number(p)) for p in params]
    return exp.DataType(this=dtype, expressions=expressions or None, nested=False)


def _same(dtype: DType) -> Callable[[TypeName], exp.DataType]:
    return lambda t: _build(dtype, t.params)


def _fixed(dtype: DType, *params: int) -> Callable[[TypeName], exp.DataType]:
    return lambda t: _build(dtype, params)


@dataclass(frozen=True)
class DialectTypes:
    """How one dialect spells each canonical type, and what it can do."""

    name: str
    mapping: Mapping[str, Callable[[TypeName], exp.DataType]]
    array: Callable[[exp.DataType, TypeName], exp.DataType] | None = None
    array_fallback: Callable[[TypeName], exp.DataType] | None = None
    # Whether foreign keys can be added after CREATE TABLE with ALTER TABLE ADD CONSTRAINT.
    alter_add_foreign_key: bool = True
    supports_uuid_default: bool = True
    # How a column that is part of a key (primary, unique, indexed, foreign) is spelled when its
    # usual type cannot be indexed there (MySQL cannot index TEXT, SQL Server not NVARCHAR(MAX)).
    key_mapping: Mapping[str, Callable[[TypeName], exp.DataType]] = field(default_factory=dict)

    def key_datatype(self, type_name: TypeName) -> exp.DataType:
        override = self.key_mapping.get(type_name.base)
        if override is not None and not type_name.array_dims:
            return override(type_name)
        return self.datatype(type_name)

    def datatype(self, type_name: TypeName) -> exp.DataType:
        element = self.mapping.get(type_name.base)
        if element is None:
            raise SchemaError(f"type {str(type_name)!r} has no {self.name} equivalent", type=str(type_name))
        if not type_name.array_dims:
            return element(type_name)
        if self.array is not None:
            result = element(type_name.element)
            for _ in range(type_name.array_dims):
                result = self.array(result, type_name)
            return result
        assert self.array_fallback is not None
        return self.array_fallback(type_name)


def _pg_array(inner: exp.DataType, _: TypeName) -> exp.DataType:
    return exp.DataType(this=DType.ARRAY, expressions=[inner], nested=True)


POSTGRES = DialectTypes(
    name="postgres",
    mapping={
        "smallint": _same(DType.SMALLINT),
        "integer": _same(DType.INT),
        "bigint": _same(DType.BIGINT),
        "numeric": _same(DType.DECIMAL),
        "real": _same(DType.FLOAT),
        "double precision": _same(DType.DOUBLE),
        "text": _same(DType.TEXT),
        "varchar": _same(DType.VARCHAR),
        "char": _same(DType.CHAR),
        "boolean": _same(DType.BOOLEAN),
        "uuid": _same(DType.UUID),
        "date": _same(DType.DATE),
        "time": _same(DType.TIME),
        "timestamp": _same(DType.TIMESTAMP),
        "timestamptz": _same(DType.TIMESTAMPTZ),
        "interval": _same(DType.INTERVAL),
        "json": _same(DType.JSON),
        "jsonb": _same(DType.JSONB),
        "bytea": _same(DType.VARBINARY),
    },
    array=_pg_array,
)

# SQLite keeps any declared type name and derives an affinity from it. The names chosen here
# give the intended affinity: NUMERIC for decimals (not REAL), TEXT for uuid/json/timestamps.
_SQLITE_TEXT = _fixed(DType.TEXT)
SQLITE = DialectTypes(
    name="sqlite",
    mapping={
        "smallint": _fixed(DType.INT),
        "integer": _fixed(DType.INT),
        "bigint": _fixed(DType.INT),
        "numeric": lambda t: exp.DataType(this=DType.USERDEFINED, kind="NUMERIC"),
        "real": _fixed(DType.DOUBLE),
        "double precision": _fixed(DType.DOUBLE),
        "text": _SQLITE_TEXT,
        "varchar": _SQLITE_TEXT,
        "char": _SQLITE_TEXT,
        "boolean": _fixed(DType.BOOLEAN),
        "uuid": _SQLITE_TEXT,
        "date": _SQLITE_TEXT,
        "time": _SQLITE_TEXT,
        "timestamp": _SQLITE_TEXT,
        "timestamptz": _SQLITE_TEXT,
        "interval": _SQLITE_TEXT,
        "json": _SQLITE_TEXT,
        "jsonb": _SQLITE_TEXT,
        "bytea": _fixed(DType.VARBINARY),
    },
    array_fallback=lambda t: _build(DType.TEXT),
    alter_add_foreign_key=False,
    supports_uuid_default=False,
)



def _with_default_params(dtype: DType, *defaults: int) -> Callable[[TypeName], exp.DataType]:
    return lambda t: _build(dtype, t.params or defaults)


def _max(dtype: DType) -> Callable[[TypeName], exp.DataType]:
    return lambda t: exp.DataType(
        this=dtype, expressions=[exp.DataTypeParam(this=exp.var("MAX"))], nested=False
    )


def _sized_or(dtype: DType, unsized: Callable[[TypeName], exp.DataType]) -> Callable[[TypeName], exp.DataType]:
    return lambda t: _build(dtype, t.params) if t.params else unsized(t)


# What MySQL and SQL Server spell alike. An unparameterised numeric becomes DECIMAL(38,10) rather
# than the DECIMAL(18,0) or DECIMAL(10,0) either would default to.
_NUMBERS_AND_DATES: dict[str, Callable[[TypeName], exp.DataType]] = {
    "smallint": _fixed(DType.SMALLINT),
    "integer": _fixed(DType.INT),
    "bigint": _fixed(DType.BIGINT),
    "numeric": _with_default_params(DType.DECIMAL, 38, 10),
    "real": _fixed(DType.FLOAT),
    "double precision": _fixed(DType.DOUBLE),
    "date": _fixed(DType.DATE),
    "time": _fixed(DType.TIME),
}

# MySQL (and MariaDB): no arrays, uuid or time zones. Arrays are JSON, uuid is CHAR(36), both
# timestamp kinds are DATETIME(6). TEXT cannot be a key, so key columns become VARCHAR(255).
_MYSQL_TEXT = _fixed(DType.LONGTEXT)
MYSQL = DialectTypes(
    name="mysql",
    mapping={
        **_NUMBERS_AND_DATES,
        "text": _MYSQL_TEXT,
        "varchar": _sized_or(DType.VARCHAR, _MYSQL_TEXT),
        "char": _with_default_params(DType.CHAR, 1),
        "boolean": _fixed(DType.BOOLEAN),
        "uuid": _fixed(DType.CHAR, 36),
        "timestamp": _fixed(DType.DATETIME, 6),
        "timestamptz": _fixed(DType.DATETIME, 6),
        "interval": _fixed(DType.VARCHAR, 64),
        "json": _fixed(DType.JSON),
        "jsonb": _fixed(DType.JSON),
        "bytea": _fixed(DType.LONGBLOB),
    },
    array_fallback=lambda t: _build(DType.JSON),
    key_mapping={
        "text": _fixed(DType.VARCHAR, 255),
        "varchar": _with_default_params(DType.VARCHAR, 255),
        "bytea": _fixed(DType.VARBINARY, 255),
    },
)

# SQL Server: Unicode text types, BIT for booleans, DATETIMEOFFSET keeps the zone, arrays and
# JSON are NVARCHAR(MAX). NVARCHAR(MAX) cannot be a key, so key columns become NVARCHAR(450)
# (900 bytes, the index key limit).
_TSQL_TEXT = _max(DType.NVARCHAR)
TSQL = DialectTypes(
    name="tsql",
    mapping={
        **_NUMBERS_AND_DATES,
        "text": _TSQL_TEXT,
        "varchar": _sized_or(DType.NVARCHAR, _TSQL_TEXT),
        "char": _with_default_params(DType.NCHAR, 1),
        "boolean": _fixed(DType.BIT),
        "uuid": _fixed(DType.UUID),
        "timestamp": _fixed(DType.DATETIME2),
        "timestamptz": _fixed(DType.TIMESTAMPTZ),
        "interval": _fixed(DType.NVARCHAR, 64),
        "json": _TSQL_TEXT,
        "jsonb": _TSQL_TEXT,
        "bytea": _max(DType.VARBINARY),
    },
    array_fallback=_TSQL_TEXT,
    key_mapping={
        "text": _fixed(DType.NVARCHAR, 450),
        "varchar": _sized_or(DType.NVARCHAR, _fixed(DType.NVARCHAR, 450)),
        "bytea": _fixed(DType.VARBINARY, 900),
    },
)

DIALECTS: dict[str, DialectTypes] = {d.name: d for d in (POSTGRES, SQLITE, MYSQL, TSQL)}
DIALECT_LABELS: dict[str, str] = {
    "postgres": "Postgres", "sqlite": "SQLite", "mysql": "MySQL / MariaDB", "tsql": "SQL Server",
}


def dialect_types(dialect: str) -> DialectTypes:
    try:
        return DIALECTS[dialect]
    except KeyError:
        raise ValueError(f"unsupported dialect {dialect!r}; choose one of {sorted(DIALECTS)}") from None


def to_datatype(type_text: str, dialect: str = "postgres") -> exp.DataType:
    """The sqlglot data type for a model type name in ``dialect``; SchemaError if unknown."""
    return dialect_types(dialect).datatype(parse_type(type_text))
