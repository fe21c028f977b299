"""The schema editor's fields grid through the simulated user: every field action, asserted in the
SQL preview and in the saved model."""

from __future__ import annotations

from nicegui.testing import User

from jobs.model import Job
from jobs.store import JobStore
from kernel.schema import Table
from tests.webui.editor_support import (
    diagram,
    element,
    open_job,
    save,
    select_table,
    set_value,
    sql_has,
    sql_lacks,
    until,
    wait_for,
)


async def saved(user: User, store: JobStore, job: Job, table: str) -> Table:
    found = (await save(user, store, job)).table(table)
    assert found is not None
    return found


async def test_add_rename_reorder_and_delete_fields(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="add_field").click()
    await sql_has(user, '"new_column" TEXT')
    await wait_for(user, marker="field-name-3")
    user.find(marker="field-name-3").clear().type("nickname")
    await sql_has(user, '"created_at" TIMESTAMPTZ NOT NULL,\n  "nickname" TEXT,\n  PRIMARY KEY')
    user.find(marker="field-up-3").click()
    await sql_has(user, '"nickname" TEXT,\n  "created_at"')
    users = await saved(user, store, job, "users")
    assert [c.name for c in users.columns] == ["id", "email", "nickname", "created_at"]

    user.find(marker="field-delete-1").click()  # email
    await sql_lacks(user, '"email"')
    users = await saved(user, store, job, "users")
    assert [c.name for c in users.columns] == ["id", "nickname", "created_at"]


async def test_renaming_a_key_column_follows_into_keys(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="field-name-0").clear().type("user_id")
    await sql_has(user, 'PRIMARY KEY ("user_id")', 'REFERENCES "users" ("user_id")')
    users = await saved(user, store, job, "users")
    assert users.primary_key == ["user_id"]


async def test_type_change_with_parameters_and_required_unique_default(user: User, store: JobStore,
                                                                       job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    set_value(user, "field-type-2", "varchar(255)")
    await sql_has(user, '"title" VARCHAR(255) NOT NULL')
    set_value(user, "field-type-0", "numeric(12,4)")  # typed in: not one of the listed choices
    await sql_has(user, '"id" DECIMAL(12, 4) NOT NULL')
    user.find(marker="field-required-3").click()
    user.find(marker="field-unique-2").click()
    await sql_has(user, '"tags" TEXT[] NOT NULL', '"title" VARCHAR(255) NOT NULL UNIQUE')
    user.find(marker="field-default-3").type("'{}'")
    await sql_has(user, """"tags" TEXT[] NOT NULL DEFAULT '{}'""")
    posts = await saved(user, store, job, "posts")
    assert posts.column("title").type == "varchar(255)" and posts.column("title").unique  # type: ignore[union-attr]
    assert posts.column("id").type == "numeric(12,4)"  # type: ignore[union-attr]
    assert posts.column("tags").nullable is False and posts.column("tags").default == "'{}'"  # type: ignore[union-attr]


async def test_default_suggestions_fit_the_type(user: User, job: Job) -> None:
    await open_job(user, job)
    assert element(user, "field-default-0").props["_autocomplete"] == ["gen_random_uuid()"]
    assert element(user, "field-default-2").props["_autocomplete"] == ["now()"]
    user.find(marker="field-default-0").type("gen_random_uuid()")
    await sql_has(user, '"id" UUID NOT NULL DEFAULT GEN_RANDOM_UUID()')
    user.find(marker="field-default-1").type("42")
    await sql_has(user, '"email" TEXT NOT NULL DEFAULT 42 UNIQUE')
    user.find(marker="field-default-2").type("'soon'")
    await sql_has(user, "DEFAULT 'soon'")


async def test_pick_a_foreign_key_with_on_delete(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    user.find(marker="add_field").click()
    await sql_has(user, '"new_column" TEXT')
    await wait_for(user, marker="field-name-5")
    user.find(marker="field-name-5").clear().type("editor_id")
    set_value(user, "field-type-5", "uuid")
    await sql_has(user, '"editor_id" UUID')
    user.find(marker="field-fk-5").click()
    await wait_for(user, marker="fk-table")
    set_value(user, "fk-table", "users")
    assert element(user, "fk-column").value == "id"
    set_value(user, "fk-on-delete", "set null")
    user.find(marker="fk-save").click()
    await sql_has(user, 'ALTER TABLE "posts" ADD FOREIGN KEY ("editor_id") REFERENCES "users" ("id") ON DELETE SET NULL')
    await until(lambda: "posts(editor_id) → users(id)" in diagram(user), "diagram shows the new relation")
    posts = await saved(user, store, job, "posts")
    fk = next(f for f in posts.foreign_keys if f.columns == ["editor_id"])
    assert (fk.ref_table, fk.ref_columns, fk.on_delete) == ("users", ["id"], "set null")


async def test_a_foreign_key_with_mismatched_types_is_an_error(user: User, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    set_value(user, "field-type-1", "integer")  # posts.user_id → users.id (uuid)
    await wait_for(user, content="type integer does not match users.id (uuid)")
    await user.should_see(marker="push_blocked")
    user.find(marker="field-fk-1").click()
    await wait_for(user, marker="fk-match-type")
    user.find(marker="fk-match-type").click()
    await sql_has(user, '"user_id" UUID NOT NULL')
    await user.should_not_see("type integer does not match users.id (uuid)")


async def test_match_type_keeps_the_picker_open_with_its_choices(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    user.find(marker="add_field").click()
    await wait_for(user, marker="field-name-5")
    user.find(marker="field-name-5").clear().type("reviewer_id")
    await sql_has(user, '"reviewer_id" TEXT')
    user.find(marker="field-fk-5").click()
    await wait_for(user, marker="fk-table")
    set_value(user, "fk-table", "users")
    user.find(marker="fk-match-type").click()
    await sql_has(user, '"reviewer_id" UUID')
    assert (element(user, "fk-table").value, element(user, "fk-column").value) == ("users", "id")
    user.find(marker="fk-save").click()
    await sql_has(user, 'ALTER TABLE "posts" ADD FOREIGN KEY ("reviewer_id") REFERENCES "users" ("id")')
    posts = await saved(user, store, job, "posts")
    fk = next(f for f in posts.foreign_keys if f.columns == ["reviewer_id"])
    assert (fk.ref_table, fk.ref_columns, posts.column("reviewer_id").type) == ("users", ["id"], "uuid")  # type: ignore[union-attr]


async def test_enum_with_editable_values(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    set_value(user, "field-type-2", "enum")
    await wait_for(user, marker="field-enum-2")
    await wait_for(user, content="posts.title: enum has no values")
    await user.should_see(marker="push_blocked")
    set_value(user, "field-enum-2", ["draft", "published"])
    await sql_has(user, """CHECK ("title" IN ('draft', 'published'))""")
    await user.should_not_see("posts.title: enum has no values")
    posts = await saved(user, store, job, "posts")
    assert posts.column("title").enum == ["draft", "published"]  # type: ignore[union-attr]
    set_value(user, "field-type-2", "integer")
    await sql_lacks(user, "CHECK")


async def test_validation_as_you_type(user: User, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="field-name-1").clear()
    await wait_for(user, content="users: column name is empty")
    user.find(marker="field-name-1").type("id")
    await wait_for(user, content="users.id: duplicate column name 'id'")
    user.find(marker="field-name-1").clear().type("select")
    await wait_for(user, content="users.select: column name 'select' is a reserved word; it works only quoted")
    await sql_has(user, '"select" TEXT NOT NULL UNIQUE')
    user.find(marker="field-name-1").clear().type("x" * 64)
    await wait_for(user, content="name is 64 bytes long; Postgres keeps only 63 bytes")
    set_value(user, "field-type-1", "money")
    await wait_for(user, content="unknown column type 'money'")
    await sql_has(user, "-- cannot render the SQL")
    await user.should_see(marker="push_blocked")
