"""A generated corpus of hostile schema documents (names, types, defaults, enumerations, keys,
sizes), each a plain JSON-ready dict as a user or a tool might write it.

The documents are built from small axes (where a hostile value goes x which value) rather than
listed one by one; ``hostile_schemas()`` yields ``(id, document)`` pairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

HOSTILE_NAMES = {
    "long_ascii": "n" * 70,
    "long_63": "c" * 63,
    "long_multibyte": "名" * 22,  # 66 bytes in 22 characters
    "ctid": "ctid",
    "xmin": "xmin",
    "xmax": "xmax",
    "cmin": "cmin",
    "tableoid": "tableoid",
    "oid": "oid",
    "reserved": "select",
    "quote": 'a"b',
    "single_quote": "it's",
    "semicolon": "x; DROP TABLE t; --",
    "space": "first name",
    "upper": "CamelCase",
    "hebrew": "שם",
    "emoji": "🔥",
    "nul": "a\x00b",
    "empty": "",
    "dollar": "$$x$$",
    "backslash": "a\\b",
    "newline": "a\nb",
    "ledger": "wiretable_migrations",
}


def _col(name: str, type_: str = "text", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "nullable": extra.pop("nullable", True), **extra}


def _table(name: str, columns: list[dict[str, Any]], pk: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "columns": columns, "primary_key": pk, "foreign_keys": extra.pop("fks", []),
            "indexes": extra.pop("indexes", []), **extra}


def _doc(*tables: dict[str, Any]) -> dict[str, Any]:
    return {"format_version": 1, "name": "hostile", "tables": list(tables)}


def _names() -> Iterator[tuple[str, dict[str, Any]]]:
    for key, name in HOSTILE_NAMES.items():
        yield f"table-{key}", _doc(_table(name, [_col("id", "integer", nullable=False)], ["id"]))
        yield f"column-{key}", _doc(_table("t", [_col("id", "integer", nullable=False), _col(name)], ["id"]))
        yield f"pkfk-{key}", _doc(
            _table("parent", [_col(name, "integer", nullable=False)], [name]),
            _table("child", [_col("id", "integer", nullable=False), _col(f"{name}", "integer")], ["id"],
                   fks=[{"columns": [name], "ref_table": "parent", "ref_columns": [name]}]),
        )


_TYPES = ["integer", "bigint", "numeric(1000,2)", "numeric(0)", "varchar(0)", "varchar(10485761)", "text[][]",
          "integer[]", "json", "jsonb", "xml", "point", "money", "serial", "bogus_type", "timestamptz(9)",
          "bit(0)", "char(20000000)", "interval", "uuid", "text; DROP TABLE x"]


def _types() -> Iterator[tuple[str, dict[str, Any]]]:
    for i, type_ in enumerate(_TYPES):
        yield f"type-{i}", _doc(_table("t", [_col("id", "integer", nullable=False), _col("v", type_)], ["id"]))
        yield f"type-unique-{i}", _doc(_table("t", [_col("id", "integer", nullable=False),
                                                     _col("v", type_, unique=True)], ["id"]))


_DEFAULTS = [("integer", "1"), ("integer", "'x'"), ("text", "'a''b'"), ("text", "now()"), ("boolean", "maybe"),
             ("text", "'\x00'"), ("integer", "1; DROP TABLE t"), ("uuid", "gen_random_uuid()"),
             ("timestamptz", "now()"), ("integer", "(select 1)"), ("text", "'" + "d" * 5000 + "'"),
             ("jsonb", "'{}'"), ("integer", "nextval('nope')")]


def _defaults() -> Iterator[tuple[str, dict[str, Any]]]:
    for i, (type_, default) in enumerate(_DEFAULTS):
        yield f"default-{i}", _doc(_table("t", [_col("id", "integer", nullable=False),
                                                 _col("v", type_, default=default)], ["id"]))


_ENUMS = [["a", "b"], ["it's", 'q"uote'], ["a\x00b", "c"], [""], [], ["x" * 3000, "y"], ["a", "a"],
          [f"v{i}" for i in range(500)], ["🔥", "שם"], ["1; DROP TABLE t", "--"]]


def _enums() -> Iterator[tuple[str, dict[str, Any]]]:
    for i, values in enumerate(_ENUMS):
        yield f"enum-{i}", _doc(_table("t", [_col("id", "integer", nullable=False), _col("v", enum=values)], ["id"]))
        yield f"enum-int-{i}", _doc(_table("t", [_col("id", "integer", nullable=False),
                                                  _col("v", "integer", enum=values)], ["id"]))


def _structures() -> Iterator[tuple[str, dict[str, Any]]]:
    yield "no-tables", _doc()
    yield "no-columns", _doc(_table("t", []))
    yield "dup-tables", _doc(_table("t", [_col("a")]), _table("t", [_col("b")]))
    yield "dup-columns", _doc(_table("t", [_col("a"), _col("a")]))
    yield "dup-columns-after-cut", _doc(_table("t", [_col("c" * 64 + "1"), _col("c" * 64 + "2")]))
    yield "pk-nullable", _doc(_table("t", [_col("id", "integer")], ["id"]))
    yield "pk-missing", _doc(_table("t", [_col("id", "integer", nullable=False)], ["nope"]))
    yield "pk-empty", _doc(_table("t", [_col("id", "integer", nullable=False)], []))
    yield "pk-json", _doc(_table("t", [_col("id", "json", nullable=False)], ["id"]))
    yield "fk-missing-table", _doc(_table("t", [_col("p", "integer")], fks=[
        {"columns": ["p"], "ref_table": "nope", "ref_columns": ["id"]}]))
    yield "fk-not-unique", _doc(_table("p", [_col("id", "integer")]), _table("c", [_col("p", "integer")], fks=[
        {"columns": ["p"], "ref_table": "p", "ref_columns": ["id"]}]))
    yield "fk-type-mismatch", _doc(_table("p", [_col("id", "integer", nullable=False)], ["id"]),
                                   _table("c", [_col("p", "text")], fks=[
                                       {"columns": ["p"], "ref_table": "p", "ref_columns": ["id"]}]))
    yield "fk-cycle", _doc(
        _table("a", [_col("id", "integer", nullable=False), _col("b_id", "integer")], ["id"],
               fks=[{"columns": ["b_id"], "ref_table": "b", "ref_columns": ["id"]}]),
        _table("b", [_col("id", "integer", nullable=False), _col("a_id", "integer")], ["id"],
               fks=[{"columns": ["a_id"], "ref_table": "a", "ref_columns": ["id"]}]))
    yield "fk-self", _doc(_table("a", [_col("id", "integer", nullable=False), _col("parent_id", "integer")], ["id"],
                                 fks=[{"columns": ["parent_id"], "ref_table": "a", "ref_columns": ["id"]}]))
    yield "index-missing-column", _doc(_table("t", [_col("a")], indexes=[{"columns": ["nope"]}]))
    yield "index-json-unique", _doc(_table("t", [_col("a", "json")], indexes=[{"columns": ["a"], "unique": True}]))
    yield "too-many-columns", _doc(_table("t", [_col(f"c{i}", "integer") for i in range(1700)]))
    yield "description-nul", _doc(_table("t", [_col("a", description="x\x00y")], description="t\x00"))
    yield "rls-owner-missing", _doc(_table("t", [_col("a")], rls={"preset": "owner", "owner_column": "nope"}))
    yield "fk-chain-1000", _doc(*[
        _table(f"t{i}", [_col("id", "integer", nullable=False), _col("prev_id", "integer")], ["id"],
               fks=[{"columns": ["prev_id"], "ref_table": f"t{i - 1}", "ref_columns": ["id"]}] if i else [])
        for i in range(1000)])
    yield "fk-chain-1000-reversed", _doc(*[
        _table(f"t{i}", [_col("id", "integer", nullable=False), _col("next_id", "integer")], ["id"],
               fks=[{"columns": ["next_id"], "ref_table": f"t{i + 1}", "ref_columns": ["id"]}] if i < 999 else [])
        for i in range(1000)])
    yield "tables-1500-keyed", _doc(*[
        _table(f"t{i}", [_col("id", "integer", nullable=False), _col("code", unique=True), _col("p", "integer")],
               ["id"], indexes=[{"columns": ["p"]}],
               fks=[{"columns": ["p"], "ref_table": f"t{i - 1}", "ref_columns": ["id"]}] if i else [])
        for i in range(1500)])
    yield "tables-5000", _doc(*[_table(f"t{i}", [_col("id", "integer", nullable=False)], ["id"]) for i in range(5000)])


def hostile_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    yield from _names()
    yield from _types()
    yield from _defaults()
    yield from _enums()
    yield from _structures()
