"""The schema editor on a job page, through NiceGUI's simulated user: tables and their settings.

Every test edits in the UI, checks the live SQL preview, saves a version and reads the model back
from the app database, so both the preview and the stored model are asserted.
"""

from __future__ import annotations

from nicegui.testing import User

from jobs.model import Job
from jobs.store import JobStore
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
)


async def test_add_rename_and_delete_a_table(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="add_table").click()
    await user.should_see(marker="table-item-new_table")
    await sql_has(user, 'CREATE TABLE "new_table"')

    user.find(marker="table_name").clear().type("authors")
    await sql_has(user, 'CREATE TABLE "authors"')
    await sql_lacks(user, 'CREATE TABLE "new_table"')
    await until(lambda: "<B>authors</B>" in diagram(user), "diagram shows authors")
    schema = await save(user, store, job)
    assert [t.name for t in schema.tables] == ["users", "posts", "authors"]
    assert schema.table("authors").primary_key == ["id"]  # type: ignore[union-attr]

    await select_table(user, "users")
    user.find(marker="delete_table").click()
    await user.should_see("deleted table users and 1 foreign key(s) pointing at it")
    await sql_lacks(user, 'CREATE TABLE "users"')
    await sql_lacks(user, "REFERENCES")
    schema = await save(user, store, job)
    assert [t.name for t in schema.tables] == ["posts", "authors"]
    assert schema.table("posts").foreign_keys == []  # type: ignore[union-attr]


async def test_renaming_a_table_follows_into_foreign_keys(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="table_name").clear().type("members")
    await sql_has(user, 'REFERENCES "members" ("id")')
    await user.should_see(marker="table-item-members")
    schema = await save(user, store, job)
    assert schema.table("posts").foreign_keys[0].ref_table == "members"  # type: ignore[union-attr]


async def test_duplicate_table_and_description(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    user.find(marker="table_description").type("Blog posts")
    user.find(marker="duplicate_table").click()
    await user.should_see(marker="table-item-posts_copy")
    await sql_has(user, 'CREATE TABLE "posts_copy"')
    schema = await save(user, store, job)
    copy = schema.table("posts_copy")
    assert copy is not None and copy.description == "Blog posts"
    assert copy.foreign_keys[0].ref_table == "users"


async def test_composite_primary_key(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    set_value(user, "primary_key", ["id", "tags"])
    await sql_has(user, 'PRIMARY KEY ("id", "tags")')
    schema = await save(user, store, job)
    posts = schema.table("posts")
    assert posts is not None and posts.primary_key == ["id", "tags"]
    assert posts.column("tags").nullable is False  # type: ignore[union-attr]


async def test_a_nullable_primary_key_blocks_the_push(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await user.should_see(marker="push")
    user.find(marker="field-required-0").click()  # users.id, the primary key
    await user.should_see("users.id: primary key column is nullable")
    await user.should_see(marker="push_blocked")
    await user.should_not_see(marker="push")
    await sql_has(user, '"id" UUID,')
    user.find(marker="undo").click()
    await user.should_not_see("users.id: primary key column is nullable")
    await sql_has(user, '"id" UUID NOT NULL')
    await user.should_see(marker="push")


async def test_audit_timestamps_realtime_and_rls(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    user.find(marker="audit_timestamps").click()
    sql = await sql_has(user, "updated_at")
    assert '"updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP' in sql
    assert 'CREATE TRIGGER "posts_set_updated_at" BEFORE UPDATE ON "posts"' in sql
    user.find(marker="realtime").click()
    set_value(user, "rls", "owner")
    await user.should_see("row-level security 'owner' needs an owner column")
    set_value(user, "rls_owner", "user_id")
    await user.should_not_see("row-level security 'owner' needs an owner column")
    schema = await save(user, store, job)
    posts = schema.table("posts")
    assert posts is not None and posts.audit_timestamps and posts.realtime
    assert posts.rls is not None and posts.rls.preset == "owner" and posts.rls.owner_column == "user_id"


async def test_dialect_selector_shows_each_dialect(user: User, job: Job) -> None:
    await open_job(user, job)
    set_value(user, "dialect", "mysql")
    await sql_has(user, "CREATE TABLE `users`", "`id` CHAR(36) NOT NULL")
    set_value(user, "dialect", "tsql")
    await sql_has(user, "CREATE TABLE [users]", "UNIQUEIDENTIFIER")
    set_value(user, "dialect", "sqlite")
    await sql_has(user, 'FOREIGN KEY ("user_id") REFERENCES "users" ("id")')
    set_value(user, "dialect", "postgres")
    await sql_has(user, 'ALTER TABLE "posts" ADD FOREIGN KEY')


async def test_undo_and_redo(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="table_name").clear().type("people")
    user.find(marker="add_table").click()
    await sql_has(user, 'CREATE TABLE "new_table"')
    user.find(marker="undo").click()
    await sql_lacks(user, 'CREATE TABLE "new_table"')
    await sql_has(user, 'CREATE TABLE "people"')
    user.find(marker="undo").click()  # the whole rename typed into one input is one step
    await sql_has(user, 'CREATE TABLE "users"')
    user.find(marker="redo").click()
    user.find(marker="redo").click()
    await sql_has(user, 'CREATE TABLE "people"', 'CREATE TABLE "new_table"')
    schema = await save(user, store, job)
    assert [t.name for t in schema.tables] == ["people", "posts", "new_table"]


async def test_evidence_beside_fields_and_low_confidence_highlight(user: User, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    meta = element(user, "field-evidence-4")
    assert meta.props.get("icon") == "warning"  # confidence 0.3
    assert "bg-amber-50" in element(user, "field-row-4").classes
    assert "bg-amber-50" not in element(user, "field-row-0").classes
    user.find(marker="field-evidence-4").click()
    await user.should_see("$.data[*].meta")
    await user.should_see("GET /api/posts")
    await user.should_see("3 (2 null)")
