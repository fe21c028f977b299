"""The Schema document: the single source of truth, saved as ``schema.json``.

``Schema`` → ``Table`` → ``Column`` are pydantic models with a ``format_version`` and a stable
``content_hash()`` that ignores evidence and descriptions, so that two documents describing the
same database structure hash alike. Stored documents of older format versions are upgraded by
``load_schema`` through stepwise converters in ``_MIGRATIONS``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)

from kernel.errors import SchemaError

FORMAT_VERSION: Final = 1
#: Postgres truncates longer table and column names (NAMEDATALEN - 1).
MAX_IDENTIFIER_BYTES: Final = 63

OnDelete = Literal["cascade", "set null", "restrict", "no action"]
#: How an integer key column generates its values: ``GENERATED ALWAYS`` or ``BY DEFAULT AS IDENTITY``.
Identity = Literal["always", "by default"]
#: How enum columns are made in Postgres: a CHECK (col IN (...)) on a text column, or an enum type.
EnumMode = Literal["check", "type"]


class _Document(BaseModel):
    """A part of the document whose optional features are left out of its JSON while unused.

    Documents written before a feature existed therefore dump, and hash, exactly as they did.
    """

    _omit_unused: ClassVar[dict[str, Any]] = {}

    @model_serializer(mode="wrap")
    def _without_unused(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key, unused in self._omit_unused.items():
                if key in data and data[key] == unused:
                    del data[key]
        return data


class Evidence(BaseModel):
    """Where a fact came from. Open for extra keys so inference can record more detail."""

    model_config = ConfigDict(extra="allow")

    endpoints: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    samples: int = 0
    nulls: int = 0
    distinct: int | None = None
    examples: list[Any] = Field(default_factory=list)
    rule: str | None = None
    confidence: float | None = None
    source: str = "heuristic"


class Column(_Document):
    """A column. ``identity`` makes an integer column generate its values; ``enum_type`` names the
    Postgres enum type its ``enum`` values make (see :meth:`Schema.enum_type_of`)."""

    model_config = ConfigDict(extra="ignore")
    _omit_unused: ClassVar[dict[str, Any]] = {"identity": None, "enum_type": None}

    name: str
    type: str
    nullable: bool = True
    unique: bool = False
    default: str | None = None
    enum: list[str] | None = None
    enum_type: str | None = None
    identity: Identity | None = None
    format: str | None = None
    description: str | None = None
    evidence: Evidence | None = None


class ForeignKey(BaseModel):
    model_config = ConfigDict(extra="ignore")

    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    on_delete: OnDelete = "no action"
    evidence: Evidence | None = None


class Index(_Document):
    """A single- or multi-column index; ``where`` (a Postgres condition) makes it partial."""

    model_config = ConfigDict(extra="ignore")
    _omit_unused: ClassVar[dict[str, Any]] = {"where": None}

    columns: list[str]
    unique: bool = False
    where: str | None = None


class Check(BaseModel):
    """A named CHECK constraint; ``expression`` is a condition in Postgres syntax, as written."""

    model_config = ConfigDict(extra="ignore")

    name: str
    expression: str


RlsPreset = Literal["public_read", "authenticated_rw", "owner", "none"]


class RlsPolicy(BaseModel):
    """Row-level security for Supabase targets. ``owner`` needs ``owner_column`` (= auth.uid())."""

    model_config = ConfigDict(extra="ignore")

    preset: RlsPreset = "none"
    owner_column: str | None = None


class Table(_Document):
    model_config = ConfigDict(extra="ignore")
    _omit_unused: ClassVar[dict[str, Any]] = {"checks": []}

    name: str
    description: str | None = None
    columns: list[Column] = Field(default_factory=list)
    primary_key: list[str] | None = None
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    indexes: list[Index] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    audit_timestamps: bool = False
    realtime: bool = False
    rls: RlsPolicy | None = None
    evidence: Evidence | None = None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


class Schema(_Document):
    model_config = ConfigDict(extra="ignore")
    _omit_unused: ClassVar[dict[str, Any]] = {"enum_mode": "check"}

    format_version: Literal[1] = FORMAT_VERSION
    name: str = "schema"
    #: ``type``: every enum column becomes a Postgres enum type; ``check``: only columns naming
    #: their ``enum_type`` do, the others get a CHECK constraint.
    enum_mode: EnumMode = "check"
    tables: list[Table] = Field(default_factory=list)

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    def enum_type_of(self, table: Table, column: Column) -> str | None:
        """The Postgres enum type that ``column`` uses, or None when its enum is a CHECK.

        A column's own ``enum_type`` wins; with ``enum_mode`` ``type`` the others are named
        ``<table>_<column>``. Columns without enum values use none.
        """
        if not column.enum:
            return None
        if column.enum_type:
            return column.enum_type
        if self.enum_mode == "type":
            return default_enum_type(table.name, column.name)
        return None

    def structure(self) -> dict[str, Any]:
        """The document without evidence and descriptions: what the database would hold."""
        return self.model_dump(
            mode="json",
            exclude={
                "tables": {
                    "__all__": {
                        "evidence": True,
                        "description": True,
                        "columns": {"__all__": {"evidence", "description", "format"}},
                        "foreign_keys": {"__all__": {"evidence"}},
                    }
                }
            },
        )

    def content_hash(self) -> str:
        canonical = json.dumps(self.structure(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", exclude_none=False), indent=2, ensure_ascii=False) + "\n"


def default_enum_type(table: str, column: str) -> str:
    """``<table>_<column>``, cut to the bytes Postgres keeps in a name."""
    name = f"{table}_{column}"
    return name.encode("utf-8")[:MAX_IDENTIFIER_BYTES].decode("utf-8", errors="ignore")


# Stepwise converters: _MIGRATIONS[n] upgrades a raw document from version n to n + 1.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def parse_schema(data: Any, name: str = "<schema>") -> Schema:
    if not isinstance(data, dict):
        raise SchemaError(f"{name}: a schema document must be a JSON object with a 'tables' list")
    version = data.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise SchemaError(
            f"{name}: unsupported format_version {version!r} (this wiretable reads 1..{FORMAT_VERSION})"
        )
    while version < FORMAT_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
    try:
        return Schema.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise SchemaError(f"{name}: {where}: {err['msg']}") from exc


def load_schema(path: Path | str) -> Schema:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SchemaError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    return parse_schema(data, name=str(path))


def save_schema(schema: Schema, path: Path | str) -> None:
    """Write atomically so an interrupted save never leaves a half-written schema.json."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(schema.to_json(), encoding="utf-8")
    tmp.replace(path)
