"""The editor's pure edits keep a schema consistent: names follow into keys, deletes clean up."""

from __future__ import annotations

import pytest

from sql.validate import validate_schema
from tests.factories import make_schema
from webui.editor import ops
from webui.editor.state import EditorState


def test_rename_table_and_column_follow_into_keys() -> None:
    schema = make_schema()
    ops.rename_table(schema, "users", "people")
    ops.rename_column(schema, "people", "id", "person_id")
    posts = schema.table("posts")
    assert posts is not None and posts.foreign_keys[0].ref_table == "people"
    assert posts.foreign_keys[0].ref_columns == ["person_id"]
    assert schema.tables[0].primary_key == ["person_id"]
    assert validate_schema(schema) == []


def test_renaming_a_duplicate_leaves_the_original_columns_references() -> None:
    schema = make_schema()
    users = schema.tables[0]
    email = users.columns[1]
    ops.rename_column(schema, "users", "email", "id", email)  # a transient duplicate while typing
    ops.rename_column(schema, "users", "id", "select", email)
    assert users.primary_key == ["id"]
    assert schema.tables[1].foreign_keys[0].ref_columns == ["id"]
    assert [c.name for c in users.columns] == ["id", "select", "created_at"]


def test_deletes_remove_what_pointed_at_them() -> None:
    schema = make_schema()
    ops.delete_column(schema, "users", "id")
    assert schema.tables[0].primary_key is None and schema.tables[1].foreign_keys == []
    schema = make_schema()
    assert ops.delete_table(schema, "users") == 1
    assert [t.name for t in schema.tables] == ["posts"] and schema.tables[0].foreign_keys == []


def test_duplicate_add_and_move() -> None:
    schema = make_schema()
    copy = ops.duplicate_table(schema, "posts")
    assert copy.name == "posts_copy" and schema.tables[2] is copy
    assert ops.duplicate_table(schema, "posts").name == "posts_copy_2"
    column = ops.add_column(schema, "users")
    assert column.name == "new_column" and ops.add_column(schema, "users").name == "new_column_2"
    ops.move_column(schema, "users", "new_column", -10)
    assert schema.tables[0].columns[0].name == "new_column"


def test_types_enums_and_foreign_keys() -> None:
    schema = make_schema()
    ops.set_column_type(schema, "posts", "title", ops.ENUM)
    assert schema.tables[1].columns[2].enum == [] and schema.tables[1].columns[2].type == "text"
    ops.set_enum_values(schema, "posts", "title", [" a ", "b"])
    assert schema.tables[1].columns[2].enum == ["a", "b"]
    ops.set_column_type(schema, "posts", "title", "integer")
    assert schema.tables[1].columns[2].enum is None
    ops.set_foreign_key(schema, "posts", "user_id", "users", "id", "cascade")
    assert len(schema.tables[1].foreign_keys) == 1 and schema.tables[1].foreign_keys[0].on_delete == "cascade"
    ops.remove_foreign_key(schema, "posts", "user_id")
    assert schema.tables[1].foreign_keys == []
    assert ops.key_candidates(schema.tables[0]) == ["id", "email"]
    with pytest.raises(ValueError, match="no table 'nope'"):
        ops.add_column(schema, "nope")


@pytest.mark.parametrize(("type_text", "first"), [("uuid", "gen_random_uuid()"), ("timestamptz", "now()"),
                                                  ("boolean", "false"), ("numeric(10,2)", "0"),
                                                  ("text[]", "'{}'"), ("bytea", None)])
def test_default_suggestions(type_text: str, first: str | None) -> None:
    suggestions = ops.default_suggestions(type_text)
    assert (suggestions[0] if suggestions else None) == first


def test_state_undo_redo_coalesces_typing_and_caches_ddl() -> None:
    state = EditorState(make_schema())
    for text in ("p", "pe", "people"):
        state.edit(lambda s, t=text: ops.rename_table(s, s.tables[0].name, t), key="rename")
    assert 'CREATE TABLE "people"' in state.ddl()
    state.undo()
    assert state.schema.tables[0].name == "users" and not state.can_undo
    state.redo()
    assert state.schema.tables[0].name == "people" and state.dirty
    with pytest.raises(ValueError):
        state.edit(lambda s: ops.add_column(s, "nope"))
    assert state.schema.tables[0].name == "people"  # a failed edit leaves the schema as it was
    assert state.ddl("mysql").startswith("CREATE TABLE `people`")
