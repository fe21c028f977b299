"""The validations the editor shows as you type, each produced by one edit of a valid schema."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kernel.schema import RlsPolicy, Schema
from sql.validate import validate_schema
from tests.factories import make_schema


def edit(fn: Callable[[Schema], None]) -> Schema:
    schema = make_schema()
    fn(schema)
    return schema


CASES: list[tuple[str, Callable[[Schema], None], str, str]] = [
    ("enum without values", lambda s: setattr(s.tables[0].columns[1], "enum", []), "error", "enum has no values"),
    ("enum empty value", lambda s: setattr(s.tables[0].columns[1], "enum", ["a", ""]), "error",
     "enum has an empty value"),
    ("enum repeated value", lambda s: setattr(s.tables[0].columns[1], "enum", ["a", "a"]), "warning",
     "enum value 'a' is listed twice"),
    ("enum on a number", lambda s: setattr(s.tables[1].columns[0], "enum", ["abc"]), "error",
     "enum value 'abc' is not a number, but the column type is integer"),
    ("text default on integer", lambda s: setattr(s.tables[1].columns[0], "default", "'abc'"), "error",
     "default \"'abc'\" is not a number"),
    ("bad boolean default", lambda s: (setattr(s.tables[1].columns[2], "type", "boolean"),
                                       setattr(s.tables[1].columns[2], "default", "'maybe'")), "error",
     "is not a boolean"),
    ("uuid default on integer", lambda s: setattr(s.tables[1].columns[0], "default", "gen_random_uuid()"),
     "error", "default 'gen_random_uuid()' does not fit type integer"),
    ("now() on jsonb", lambda s: setattr(s.tables[1].columns[4], "default", "now()"), "error",
     "does not fit type jsonb"),
    ("number on a date", lambda s: (setattr(s.tables[1].columns[2], "type", "date"),
                                    setattr(s.tables[1].columns[2], "default", "3")), "error",
     "default '3' does not fit type date"),
    ("audit over a text created_at", lambda s: (setattr(s.tables[0], "audit_timestamps", True),
                                                setattr(s.tables[0].columns[2], "type", "text")), "error",
     "audit timestamps need created_at to be a timestamp"),
    ("rls owner without column", lambda s: setattr(s.tables[0], "rls", RlsPolicy(preset="owner")), "error",
     "row-level security 'owner' needs an owner column"),
    ("rls owner missing column", lambda s: setattr(s.tables[0], "rls", RlsPolicy(preset="owner",
                                                                                   owner_column="nope")),
     "error", "owner column 'nope' does not exist"),
]


@pytest.mark.parametrize(("label", "change", "level", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_edit_is_reported(label: str, change: Callable[[Schema], None], level: str, message: str) -> None:
    problems = validate_schema(edit(change))
    assert any(p.level == level and message in p.message for p in problems), problems


@pytest.mark.parametrize("default", ["0", "'12.5'", "-1"])
def test_fitting_defaults_are_fine(default: str) -> None:
    schema = make_schema()
    schema.tables[1].columns[0].default = default
    assert validate_schema(schema) == []


def test_good_defaults_for_each_kind_pass() -> None:
    schema = make_schema()
    schema.tables[0].columns[0].default = "gen_random_uuid()"
    schema.tables[0].columns[2].default = "now()"
    schema.tables[1].columns[4].default = "'{}'::jsonb"
    schema.tables[0].audit_timestamps = True
    schema.tables[0].rls = RlsPolicy(preset="owner", owner_column="id")
    assert validate_schema(schema) == []
