"""What every editor button does to the model: the schema edits of :mod:`kernel.schema_ops` and
:mod:`sql.schema_objects` (indexes, checks, identity, enum types), and
the editor's own choices (the field grid's types, ``enum`` as a type, the on-delete actions).

The functions change the schema in place, keep it consistent, raise ``ValueError`` for programmer
mistakes and never touch the UI, so they are tested without a browser.
"""

from __future__ import annotations

from kernel.schema import OnDelete, Schema
from kernel.schema_ops import (
    add_column,
    add_table,
    column_named,
    delete_table,
    duplicate_table,
    foreign_key_of,
    key_candidates,
    move_column,
    remove_foreign_key,
    rename_table,
    set_enum_values,
    set_foreign_key,
    set_primary_key,
    table_named,
)
from sql.schema_objects import (
    INTEGER_TYPES,
    add_check,
    add_index,
    remove_check,
    remove_index,
    set_enum_mode,
    set_enum_type,
    set_identity,
)
from sql.schema_objects import delete_column_everywhere as delete_column
from sql.schema_objects import rename_column_everywhere as rename_column

__all__ = [
    "ARRAY_TYPES", "BASE_TYPES", "ENUM", "INTEGER_TYPES", "ON_DELETE_CHOICES", "TYPE_CHOICES", "add_check", "add_column",
    "add_index", "add_table", "default_suggestions", "delete_column", "delete_table", "duplicate_table",
    "foreign_key_of", "key_candidates", "move_column", "remove_check", "remove_foreign_key", "remove_index",
    "rename_column", "rename_table", "set_column_type", "set_enum_mode", "set_enum_type", "set_enum_values",
    "set_foreign_key", "set_identity", "set_primary_key",
]

# The type choices of the field grid: Postgres names, as the Schema document spells them.
BASE_TYPES = [
    "integer", "bigint", "smallint", "numeric", "numeric(10,2)", "real", "double precision", "text",
    "varchar(255)", "boolean", "uuid", "date", "timestamptz", "timestamp", "time", "interval", "jsonb",
    "json", "bytea",
]
ARRAY_TYPES = [f"{t}[]" for t in ("integer", "bigint", "numeric", "text", "boolean", "uuid", "date",
                                  "timestamptz", "jsonb")]
ENUM = "enum"
TYPE_CHOICES = [*BASE_TYPES, *ARRAY_TYPES, ENUM]

ON_DELETE_CHOICES: list[OnDelete] = ["no action", "cascade", "set null", "restrict"]


def default_suggestions(type_text: str) -> list[str]:
    """Defaults that fit a type, offered beside the default input."""
    base = type_text.split("(")[0].strip().lower()
    if type_text.endswith("[]"):
        return ["'{}'"]
    return {
        "uuid": ["gen_random_uuid()"],
        "timestamptz": ["now()"], "timestamp": ["now()"], "date": ["current_date"], "time": ["current_time"],
        "boolean": ["false", "true"],
        "integer": ["0"], "bigint": ["0"], "smallint": ["0"], "numeric": ["0"], "real": ["0"],
        "double precision": ["0"],
        "text": ["''"], "varchar": ["''"],
        "jsonb": ["'{}'::jsonb", "'[]'::jsonb"], "json": ["'{}'::json"],
    }.get(base, [])


def set_column_type(schema: Schema, table_name: str, name: str, choice: str) -> None:
    """Set a type from the grid's choices; ``enum`` makes a text column with allowed values."""
    column = column_named(table_named(schema, table_name), name)
    if choice == ENUM:
        column.type = "text"
        if column.enum is None:
            column.enum = []
        return
    column.type = choice
    if column.enum is not None and choice.split("(")[0] not in ("text", "varchar", "char"):
        column.enum = None
        column.enum_type = None
    if column.identity is not None and choice not in INTEGER_TYPES:
        column.identity = None
