"""What Postgres refuses although the document looks fine: the checks ``validate`` runs so that a
document it accepts also pushes, and re-pushes as a no-op.

Each check answers a message (or None) in the user's terms; ``sql.validate`` reports them as errors.
"""

from __future__ import annotations

from kernel.schema import MAX_IDENTIFIER_BYTES
from sql.types import TypeName

MAX_COLUMNS = 1600
#: One push takes several locks per table it creates; past this many the server's lock table
#: (max_locks_per_transaction x max_connections, 6,400 slots by default) runs out.
MAX_TABLES = 1500
#: Names Postgres gives every table's system columns; a user column cannot take them.
SYSTEM_COLUMNS = frozenset({"tableoid", "xmin", "cmin", "xmax", "cmax", "ctid"})
#: Tables of wiretable's own in the target (the push ledger).
OWN_TABLES = frozenset({"wiretable_migrations"})
#: Types without a btree operator class: no primary key, unique constraint or unique index.
NO_EQUALITY = frozenset({"json", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle"})
_NUMERIC = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision"})
_MAX_LENGTH = 10_485_760


def name_problem(name: str, kind: str) -> str | None:
    size = len(name.encode("utf-8"))
    if size > MAX_IDENTIFIER_BYTES:
        return (f"{kind} name is {size} bytes long; Postgres keeps only {MAX_IDENTIFIER_BYTES} bytes, so the "
                "pushed name would differ from the document's and every re-push would fail")
    return None


def column_name_problem(name: str) -> str | None:
    if name in SYSTEM_COLUMNS:
        return f"column name {name!r} is a Postgres system column name"
    return None


def table_name_problem(name: str) -> str | None:
    if name in OWN_TABLES:
        return f"table name {name!r} is wiretable's own ledger table in the target"
    return None


def type_problem(own: TypeName) -> str | None:
    """Type parameters Postgres refuses, or stores differently from how they are written."""
    base, params = own.base, own.params
    if own.array_dims > 1:
        return f"type {own}: Postgres stores every array as one-dimensional ({own.element}[])"
    if base == "numeric" and params:
        if not 1 <= params[0] <= 1000:
            return f"type {own}: numeric precision must be between 1 and 1000"
        if len(params) > 1 and not -1000 <= params[1] <= 1000:
            return f"type {own}: numeric scale must be between -1000 and 1000"
    if base in ("varchar", "char", "bit", "varbit") and params and not 1 <= params[0] <= _MAX_LENGTH:
        return f"type {own}: length must be between 1 and {_MAX_LENGTH}"
    if base in ("timestamptz", "timestamp", "time", "timetz", "interval") and params and not 0 <= params[-1] <= 6:
        return f"type {own}: fractional seconds precision must be between 0 and 6"
    return None


def enum_value_problem(values: list[str], own: TypeName | None) -> str | None:
    """Enumeration values the column's type cannot hold (the CHECK compares them as that type)."""
    if own is None or own.array_dims or own.base in ("text", "varchar", "char", "citext"):
        return None
    if own.base in _NUMERIC:
        for value in values:
            try:
                float(value)
            except ValueError:
                return f"enum value {value!r} is not a number, but the column type is {own}"
        return None
    return f"enum values are text but the column type is {own}"


def has_nul(text: str | None) -> bool:
    return text is not None and "\x00" in text


def default_name(name1: str, name2: str | None, label: str) -> str:
    """The name Postgres gives an unnamed constraint or index (``makeObjectName``): ``t_c_check``,
    with the longer of the two names shortened until the whole fits in 63 bytes."""
    first, second = name1.encode("utf-8"), (name2 or "").encode("utf-8")
    overhead = len(label.encode("utf-8")) + 1 + (1 if name2 is not None else 0)
    room = MAX_IDENTIFIER_BYTES - overhead
    keep1, keep2 = len(first), len(second)
    while keep1 + keep2 > room:
        if keep1 > keep2:
            keep1 -= 1
        else:
            keep2 -= 1
    parts = [first[:keep1].decode("utf-8", errors="ignore")]
    if name2 is not None:
        parts.append(second[:keep2].decode("utf-8", errors="ignore"))
    return "_".join([*parts, label])


def enum_check_name(table: str, column: str) -> str:
    """The name of the CHECK that holds a column's enum values (Postgres's own for a column CHECK)."""
    return default_name(table, column, "check")
