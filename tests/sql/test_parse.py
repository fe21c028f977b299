"""SQL back into the model: round trips through render_ddl, hand-written forms, errors with lines."""

from __future__ import annotations

import pytest

from kernel.errors import SchemaError
from kernel.schema import Evidence, Schema
from sql.ddl import render_ddl
from sql.parse import merge_annotations, parse_ddl, split_statements
from tests.factories import make_schema
from tests.sql.test_ddl import HOSTILE, rich_schema
from tests.sql.test_dialects import every_type_schema

ROUND_TRIP = {"blog": make_schema, "rich": rich_schema, "every_type": every_type_schema}


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_render_then_parse_gives_the_same_structure(name: str) -> None:
    schema = ROUND_TRIP[name]()
    parsed = merge_annotations(parse_ddl(render_ddl(schema)), schema)
    assert parsed.structure() == schema.structure()


def test_merge_keeps_evidence_and_descriptions() -> None:
    schema = make_schema()
    schema.tables[0].description = "people"
    schema.tables[0].columns[1].evidence = Evidence(endpoints=["GET /api/users"], samples=3)
    merged = merge_annotations(parse_ddl(render_ddl(schema)), schema)
    assert merged.tables[0].description == "people"
    assert merged.tables[0].columns[1].evidence == schema.tables[0].columns[1].evidence


def test_hostile_names_round_trip() -> None:
    schema = make_schema()
    schema.tables[0].columns[1].name = HOSTILE
    assert parse_ddl(render_ddl(schema)).tables[0].columns[1].name == HOSTILE


def test_hand_written_forms() -> None:
    schema = parse_ddl("""
        create table Authors (id bigint primary key, name varchar(80) not null);
        -- a comment; with a semicolon
        create table books (
            id int,
            author_id bigint references authors(id) on delete set null,
            title text not null default 'untitled; really',
            kind text check (kind in ('novel', 'poem')),
            isbn text,
            constraint pk primary key (id),
            unique (title, author_id),
            unique (isbn)
        );
        create index on books (title);
        alter table books add constraint fk foreign key (id) references authors (id) on delete cascade;
    """)
    authors, books = schema.tables
    assert authors.name == "authors" and authors.primary_key == ["id"] and not authors.columns[0].nullable
    assert books.primary_key == ["id"] and books.column("id").nullable is False  # type: ignore[union-attr]
    assert books.column("title").default == "'untitled; really'"  # type: ignore[union-attr]
    assert books.column("kind").enum == ["novel", "poem"]  # type: ignore[union-attr]
    assert books.column("isbn").unique  # type: ignore[union-attr]
    assert [(i.columns, i.unique) for i in books.indexes] == [(["title", "author_id"], True), (["title"], False)]
    assert [(f.columns, f.ref_table, f.on_delete) for f in books.foreign_keys] == [
        (["author_id"], "authors", "set null"), (["id"], "authors", "cascade")]


def test_unknown_types_are_kept_for_validation_to_report() -> None:
    assert parse_ddl("create table t (a money)").tables[0].columns[0].type == "money"


@pytest.mark.parametrize(("script", "message"), [
    ("", "the SQL is empty"),
    ("create table a (x int);\n\ndrop table a;", "line 3: unsupported statement 'DROP TABLE a'"),
    ("create table a (\n  x int,\n  y\n);", "line 1: column 'y' has no type"),
    ("create table a (x int);\ncreate table a (y int);", "line 2: table 'a' is created twice"),
    ("create table a (x int);\n\ncreate table b (\n y int,\n z text default\n)",
     "line 6: syntax error near ')': a clause is incomplete"),
    ("create table a (x int check (x > 0))", "only CHECK (x IN ('a', 'b', …)) is supported"),
    ("alter table nope add foreign key (x) references a (x)", "line 1: table 'nope' is not created in this script"),
    ("create table a (x int);\ncreate index on b (x);", "line 2: table 'b' is not created"),
    ("create table a (x int references b (x) on delete set default)", "unsupported ON DELETE action 'SET DEFAULT'"),
    ("create table a (x text default now() + 1)", "line 1: x: default"),
    ("create table a (x text 'oops", "cannot read the SQL"),
])
def test_errors_name_the_line(script: str, message: str) -> None:
    with pytest.raises(SchemaError) as info:
        parse_ddl(script)
    assert message in str(info.value)


def test_split_statements_knows_each_first_line() -> None:
    pieces = split_statements("select 1;\n\n  select ';';\nselect 3")
    assert [(p.text, p.line) for p in pieces] == [("select 1", 1), ("select ';'", 3), ("select 3", 4)]


def test_a_parsed_schema_is_a_schema() -> None:
    assert isinstance(parse_ddl("create table a (x int)", name="mine"), Schema)
    assert parse_ddl("create table a (x int)", name="mine").name == "mine"
