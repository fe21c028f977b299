from __future__ import annotations

from collections.abc import Callable

import pytest

from kernel.errors import SchemaError
from kernel.schema import Column, ForeignKey, Index, Schema, Table
from sql.validate import check_schema, validate_schema
from tests.factories import make_schema


def users(s: Schema) -> Table:
    return s.tables[0]


def posts(s: Schema) -> Table:
    return s.tables[1]


def _set(obj: object, **values: object) -> None:
    for key, value in values.items():
        setattr(obj, key, value)


# Each case edits a valid schema and names the one problem that edit must produce.
CASES: list[tuple[str, Callable[[Schema], None], str, str]] = [
    ("empty table name", lambda s: _set(users(s), name=""), "error", "table name is empty"),
    ("duplicate table", lambda s: _set(posts(s), name="users"), "error", "duplicate table name 'users'"),
    (
        "no columns",
        lambda s: _set(posts(s), columns=[], primary_key=None, foreign_keys=[]),
        "error",
        "at least one column",
    ),
    ("empty column name", lambda s: _set(users(s).columns[2], name=" "), "error", "column name is empty"),
    (
        "duplicate column",
        lambda s: _set(users(s).columns[2], name="email"),
        "error",
        "duplicate column name 'email'",
    ),
    (
        "pk column missing",
        lambda s: _set(users(s), primary_key=["uid"]),
        "error",
        "primary key column 'uid' does not exist",
    ),
    (
        "pk nullable",
        lambda s: _set(users(s).columns[0], nullable=True),
        "error",
        "primary key column is nullable",
    ),
    (
        "unknown type",
        lambda s: _set(users(s).columns[1], type="strng"),
        "error",
        "unknown column type 'strng'",
    ),
    ("enum without values", lambda s: _set(users(s).columns[1], enum=[]), "error", "enum has no values"),
    (
        "bad default",
        lambda s: _set(users(s).columns[1], default="drop()"),
        "error",
        "default 'drop()' is not supported",
    ),
    (
        "index column missing",
        lambda s: users(s).indexes.append(Index(columns=["nope"])),
        "error",
        "index column 'nope'",
    ),
    (
        "fk to missing table",
        lambda s: _set(posts(s).foreign_keys[0], ref_table="people"),
        "error",
        "references a missing table 'people'",
    ),
    (
        "fk to missing column",
        lambda s: _set(posts(s).foreign_keys[0], ref_columns=["uid"]),
        "error",
        "referenced column users.uid does not exist",
    ),
    (
        "fk local column missing",
        lambda s: _set(posts(s).foreign_keys[0], columns=["author_id"]),
        "error",
        "column 'author_id' does not exist",
    ),
    (
        "fk column count",
        lambda s: _set(posts(s).foreign_keys[0], ref_columns=["id", "email"]),
        "error",
        "has 1 column(s) but references 2",
    ),
    (
        "fk type mismatch",
        lambda s: _set(posts(s).columns[1], type="integer"),
        "error",
        "type integer does not match users.id (uuid)",
    ),
    (
        "fk to a non-key column",
        lambda s: posts(s).foreign_keys.append(
            ForeignKey(columns=["title"], ref_table="users", ref_columns=["created_at"])
        ),
        "error",
        "are not a primary key or unique",
    ),
    ("long table name", lambda s: _set(posts(s), name="p" * 64), "error", "Postgres keeps only 63 bytes"),
    (
        "long column name",
        lambda s: _set(posts(s).columns[2], name="é" * 32),
        "error",
        "Postgres keeps only 63 bytes",
    ),
    ("reserved table name", lambda s: _set(posts(s), name="order"), "warning", "'order' is a reserved word"),
    (
        "reserved column name",
        lambda s: _set(posts(s).columns[2], name="User"),
        "warning",
        "'User' is a reserved word",
    ),
    (
        "set null on not null",
        lambda s: _set(posts(s).foreign_keys[0], on_delete="set null"),
        "warning",
        "ON DELETE SET NULL but the column is NOT NULL",
    ),
]


def test_the_factory_schema_is_valid() -> None:
    assert validate_schema(make_schema()) == []


@pytest.mark.parametrize(("edit", "level", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_problems(edit: Callable[[Schema], None], level: str, message: str) -> None:
    schema = make_schema()
    edit(schema)
    problems = validate_schema(schema)
    assert [p for p in problems if p.level == level and message in p.message], problems
    if level == "warning":
        assert not [p for p in problems if p.level == "error"]


def test_problems_name_their_table_and_column() -> None:
    schema = make_schema()
    users(schema).columns[1].type = "strng"
    (problem,) = validate_schema(schema)
    assert (problem.table, problem.column, problem.message) == (
        "users",
        "email",
        "users.email: unknown column type 'strng'",
    )


def test_check_schema_raises_on_errors_and_returns_warnings() -> None:
    schema = make_schema()
    posts(schema).name = "order"
    posts(schema).columns.append(Column(name="select", type="text"))
    assert len(check_schema(schema)) == 2
    users(schema).columns[0].nullable = True
    with pytest.raises(SchemaError, match="users.id: primary key column is nullable"):
        check_schema(schema)
