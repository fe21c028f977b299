"""Each patch kind, checked against the samples: what holds is applied, what does not is refused."""

from __future__ import annotations

from typing import Any

import pytest

from inference.advisor import PATCH_ADAPTER, Samples, review
from inference.advisor.fit import fits
from kernel.schema import Schema
from sql.types import parse_type
from sql.validate import schema_errors, validate_schema


def _patch(**fields: Any) -> Any:
    return PATCH_ADAPTER.validate_python({"rationale": "because", **fields})


@pytest.mark.parametrize("value, type_name, ok", [
    (5, "integer", True), (2**31, "integer", False), (2**31, "bigint", True), ("17", "integer", True),
    (True, "integer", False), (5.0, "integer", True), (5.5, "integer", False),
    ("12.50", "numeric", True), ("twelve", "numeric", False), (12.345, "numeric(5,2)", False),
    (123.45, "numeric(5,2)", True), (1234.5, "numeric(5,2)", False),
    ("2026-01-02T10:00:00Z", "timestamptz", True), (1767225600, "timestamptz", True), ("soon", "timestamptz", False),
    ("2026-01-02", "date", True), ("2026-01-02T10:00:00Z", "date", False),
    ("6f1c2b1e-8d3a-4c2e-9b1a-0c5d2e3f4a5b", "uuid", True), ("not-a-uuid", "uuid", False),
    ("anything", "text", True), (42, "text", True), ({"a": 1}, "text", False), ({"a": 1}, "jsonb", True),
    ("abcdef", "varchar(5)", False), ("abcde", "varchar(5)", True),
    (["a", "b"], "text[]", True), ([1, "b"], "integer[]", False), ("a", "text[]", False),
    (None, "integer", True), ("NULL", "uuid", True), (True, "boolean", True), ("yes", "boolean", False),
    ("1 day", "interval", False),
])
def test_fits(value: object, type_name: str, ok: bool) -> None:
    assert fits(value, parse_type(type_name)) is ok


@pytest.mark.parametrize("patch, reason", [
    ({"op": "rename_table", "table": "nope", "new_name": "x"}, "there is no table 'nope'"),
    ({"op": "rename_table", "table": "users", "new_name": ""}, "not a plain snake_case"),
    ({"op": "rename_table", "table": "users", "new_name": "a" * 64}, "longer than 63 bytes"),
    ({"op": "rename_table", "table": "users", "new_name": "Users"}, "not a plain snake_case"),
    ({"op": "rename_table", "table": "users", "new_name": "users"}, "already named"),
    ({"op": "rename_column", "table": "posts", "column": "title", "new_name": "user_id"}, "already used"),
    ({"op": "rename_column", "table": "posts", "column": "nope", "new_name": "x"}, "has no column 'nope'"),
    ({"op": "set_description", "table": "posts", "column": None, "description": " "}, "printable characters"),
    ({"op": "change_type", "table": "posts", "column": "user_id", "new_type": "bigint"},
     "foreign key (user_id) → users: type bigint does not match users.id (integer)"),
    ({"op": "change_type", "table": "posts", "column": "score", "new_type": "money"}, "unknown column type"),
    ({"op": "change_type", "table": "posts", "column": "score", "new_type": "text"}, "already text"),
    ({"op": "set_enum", "table": "posts", "column": "status", "values": ["draft"]},
     "1 observed value(s) of posts.status are not in the enumeration (e.g. 'published')"),
    ({"op": "set_enum", "table": "posts", "column": "id", "values": ["1"]}, "only text columns"),
    ({"op": "add_foreign_key", "table": "comments", "columns": ["writer"], "ref_table": "users",
      "ref_columns": ["handle"]}, "are not observed in users(handle)"),
    ({"op": "add_foreign_key", "table": "comments", "columns": ["text"], "ref_table": "users",
      "ref_columns": ["id", "handle"]}, "as many referenced columns"),
    ({"op": "add_foreign_key", "table": "comments", "columns": ["post_id"], "ref_table": "posts",
      "ref_columns": ["id"]}, "already has a foreign key"),
    ({"op": "remove_foreign_key", "table": "comments", "columns": ["writer"], "ref_table": "users"},
     "has no foreign key"),
    ({"op": "set_primary_key", "table": "users", "columns": ["id"]}, "already (id)"),
    ({"op": "set_primary_key", "table": "comments", "columns": ["writer"]}, "is not unique"),
    ({"op": "merge_tables", "table": "comments", "into": "comments"}, "into itself"),
    ({"op": "merge_tables", "table": "logins", "into": "users"}, "do not share a primary key"),
    ({"op": "merge_tables", "table": "comments", "into": "posts"}, "share 0 column(s) besides the key"),
    ({"op": "mark_server_generated", "table": "posts", "column": "id"}, "integer columns cannot get"),
    ({"op": "mark_server_generated", "table": "posts", "column": "title"}, "text columns cannot get"),
    ({"op": "rename_table", "table": "users", "new_name": "people", "rationale": "  "}, "no rationale"),
])
def test_patches_that_do_not_hold_are_rejected(blog: tuple[Schema, Samples], patch: dict[str, Any],
                                               reason: str) -> None:
    schema, samples = blog
    result = review(schema, [_patch(**patch)], samples, check=schema_errors)
    assert [o.accepted for o in result.outcomes] == [False]
    assert reason in (result.outcomes[0].reason or ""), result.outcomes[0].reason
    assert result.schema.content_hash() == schema.content_hash()


def test_renames_carry_through_keys_relations_and_later_patches(blog: tuple[Schema, Samples]) -> None:
    schema, samples = blog
    result = review(schema, [
        _patch(op="rename_table", table="users", new_name="authors"),
        _patch(op="rename_column", table="authors", column="id", new_name="author_id"),
        _patch(op="change_type", table="authors", column="author_id", new_type="bigint"),
        _patch(op="set_primary_key", table="authors", columns=["handle"]),
        _patch(op="remove_foreign_key", table="posts", columns=["user_id"], ref_table="authors"),
        _patch(op="change_type", table="authors", column="author_id", new_type="bigint"),
    ], samples, check=schema_errors)
    assert [o.accepted for o in result.outcomes] == [True, True, False, True, True, True], result.messages()
    assert "does not match authors.author_id (bigint)" in (result.outcomes[2].reason or "")
    authors, posts = result.schema.table("authors"), result.schema.table("posts")
    assert authors is not None and posts is not None
    assert authors.primary_key == ["handle"] and authors.column("author_id").type == "bigint"  # type: ignore[union-attr]
    assert posts.foreign_keys == []
    assert not [p for p in validate_schema(result.schema) if p.level == "error"]
    assert samples.table("users") is not None and samples.table("authors") is None


def test_merging_tables_repoints_relations(blog: tuple[Schema, Samples]) -> None:
    schema, samples = blog
    result = review(schema, [_patch(op="rename_table", table="logins", new_name="login_answers")], samples, check=schema_errors)
    assert result.accepted
    rows = samples.copy()
    rows.tables["people"] = rows.tables["users"].__class__([{"id": 9, "handle": "user9", "bio": "hi"},
                                                           {"id": 1, "handle": "user1", "bio": None}])
    people = schema.table("users").model_copy(deep=True)  # type: ignore[union-attr]
    people.name = "people"
    people.columns = [c for c in people.columns if c.name in ("id", "handle")]
    people.columns.append(people.columns[1].model_copy(update={"name": "bio", "nullable": True}))
    extended = schema.model_copy(deep=True)
    extended.tables.append(people)
    extended.table("comments").foreign_keys.append(  # type: ignore[union-attr]
        extended.table("posts").foreign_keys[0].model_copy(update={"columns": ["writer"], "ref_table": "people"}))
    merged = review(extended, [_patch(op="merge_tables", table="people", into="users")], rows, check=schema_errors)
    assert merged.accepted, merged.messages()
    users = merged.schema.table("users")
    assert merged.schema.table("people") is None and users is not None
    assert users.column("bio").nullable and users.column("email").nullable  # type: ignore[union-attr]
    assert [fk.ref_table for fk in merged.schema.table("comments").foreign_keys] == ["posts", "users"]  # type: ignore[union-attr]
    clash = rows.copy()
    clash.tables["people"].rows[1]["handle"] = "somebody-else"
    refused = review(extended, [_patch(op="merge_tables", table="people", into="users")], clash, check=schema_errors)
    assert "rows with the same key '1' disagree on handle" in (refused.outcomes[0].reason or "")


def test_patches_without_samples_are_refused_but_names_are_not(blog: tuple[Schema, Samples]) -> None:
    schema, _ = blog
    result = review(schema, [
        _patch(op="change_type", table="posts", column="score", new_type="numeric"),
        _patch(op="rename_column", table="posts", column="score", new_name="rating"),
    ], Samples(), check=schema_errors)
    assert "no captured samples of table posts" in (result.outcomes[0].reason or "")
    assert result.outcomes[1].accepted


def test_accepted_patches_say_what_changed(blog: tuple[Schema, Samples]) -> None:
    schema, samples = blog
    result = review(schema, [
        _patch(op="change_type", table="posts", column="score", new_type="numeric"),
        _patch(op="rename_table", table="users", new_name="people"),
    ], samples, check=schema_errors)
    assert result.outcomes[0].changes == ("~ posts.score type: text → numeric",)
    assert result.outcomes[1].changes == ("- table users (6 columns)", "+ table people (6 columns)",
                                          "- posts foreign key (user_id) → users(id)",
                                          "+ posts foreign key (user_id) → people(id)")


def test_samples_follow_a_table_renamed_after_capture(blog: tuple[Schema, Samples]) -> None:
    schema, samples = blog
    edited = schema.model_copy(deep=True)
    edited.table("posts").name = "articles"  # type: ignore[union-attr]
    patch = _patch(op="change_type", table="articles", column="title", new_type="integer")
    assert "no captured samples" in (review(edited, [patch], samples, check=schema_errors).outcomes[0].reason or "")
    aligned = samples.aligned(edited)
    assert aligned.table("articles") is not None and aligned.table("posts") is None
    assert "do not fit integer" in (review(edited, [patch], aligned, check=schema_errors).outcomes[0].reason or "")
    assert samples.table("posts") is not None
