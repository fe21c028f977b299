"""Versions, schema.json upload/download, the SQL edit round trip, two tabs on one job, and the
standalone schema page, through the simulated user."""

from __future__ import annotations

import json
from collections.abc import Callable

from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from jobs.model import Job
from jobs.store import JobStore
from kernel.schema import Column, Schema, Table
from tests.factories import make_schema
from tests.webui.editor_support import (
    element,
    evidence_schema,
    open_job,
    save,
    set_value,
    sql_has,
    sql_lacks,
    until,
    wait_for,
)


async def test_versions_view_diff_and_restore(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="table_name").clear().type("members")
    await save(user, store, job)  # version 2
    await wait_for(user, marker="version-2")

    user.find(marker="view-1").click()
    await wait_for(user, marker="version_ddl")
    assert 'CREATE TABLE "users"' in element(user, "version_ddl").content
    user.find(marker="close_version").click()

    set_value(user, "diff-a", 1)
    set_value(user, "diff-b", 2)
    user.find(marker="diff_run").click()
    await wait_for(user, marker="diff_output")
    await user.should_see("+ table members")
    await user.should_see("- table users")
    assert '+CREATE TABLE "members"' in element(user, "diff_output").content
    user.find(marker="close_diff").click()

    user.find(marker="restore-1").click()
    await wait_for(user, content="saved as version 3")
    await sql_has(user, 'CREATE TABLE "users"')
    await sql_lacks(user, '"members"')
    assert store.latest_schema_version(job.id) == 3
    restored = store.load_schema(job.id, 3)
    assert restored is not None and restored.content_hash() == evidence_schema().content_hash()
    assert [v["note"] for v in store.schema_versions(job.id)] == ["inferred", "edited", "restored version 1"]


async def test_download_the_schema_json(user: User, job: Job) -> None:
    await open_job(user, job)
    user.find(marker="table_name").clear().type("people")
    await sql_has(user, 'CREATE TABLE "people"')
    user.find(marker="download").click()
    response = await user.download.next(timeout=5)
    document = json.loads(response.content)
    assert [t["name"] for t in document["tables"]] == ["people", "posts"]
    assert document["tables"][0]["columns"][0]["evidence"]["endpoints"] == ["GET /api/users"]


async def test_upload_a_schema_json_and_a_bad_file(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    other = Schema(name="shop", tables=[Table(name="orders", columns=[
        Column(name="id", type="bigint", nullable=False), Column(name="total", type="numeric(10,2)")],
        primary_key=["id"])])
    upload = element(user, "upload")
    await upload.handle_uploads([SmallFileUpload("shop.json", "application/json", other.to_json().encode())])
    await sql_has(user, 'CREATE TABLE "orders"', '"total" DECIMAL(10, 2)')
    await sql_lacks(user, '"users"')
    await user.should_see(marker="table-item-orders")
    saved = await save(user, store, job)
    assert saved.content_hash() == other.content_hash()

    await upload.handle_uploads([SmallFileUpload("bad.json", "application/json", b'{"tables": [{"name": 1}]}')])
    await wait_for(user, content="bad.json: tables.0.name")
    await upload.handle_uploads([SmallFileUpload("junk.json", "application/json", b"not json")])
    await wait_for(user, content="junk.json: not a JSON schema document")
    await sql_has(user, 'CREATE TABLE "orders"')  # a refused file changes nothing


async def test_sql_edit_round_trip(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    before = await sql_has(user, 'CREATE TABLE "users"')
    user.find(marker="edit_sql").click()
    await wait_for(user, marker="sql_editor")
    editor = element(user, "sql_editor")
    assert editor.value == before

    user.find(marker="apply_sql").click()  # unchanged text: unchanged model, evidence kept
    await wait_for(user, content="SQL applied: 2 tables")
    unchanged = await save(user, store, job)
    assert unchanged.content_hash() == evidence_schema().content_hash()
    assert unchanged.tables[0].columns[0].evidence is not None

    editor.value = before.replace(
        '"title" TEXT NOT NULL,', "\"title\" VARCHAR(80) NOT NULL,\n  \"status\" TEXT DEFAULT 'draft' "
        "CHECK (status IN ('draft', 'live')),"
    ) + "\nCREATE TABLE tags (\n  name TEXT PRIMARY KEY,\n  post_id INT REFERENCES posts (id) ON DELETE CASCADE\n);"
    user.find(marker="apply_sql").click()
    await sql_has(user, '"title" VARCHAR(80) NOT NULL', 'CREATE TABLE "tags"',
                  'REFERENCES "posts" ("id") ON DELETE CASCADE')
    edited = await save(user, store, job)
    posts, tags = edited.table("posts"), edited.table("tags")
    assert posts is not None and tags is not None
    assert posts.column("status").enum == ["draft", "live"]  # type: ignore[union-attr]
    assert posts.column("status").default == "'draft'"  # type: ignore[union-attr]
    assert tags.primary_key == ["name"] and tags.foreign_keys[0].on_delete == "cascade"

    editor.value = 'CREATE TABLE "a" (\n  "x" INT\n);\n\nDROP TABLE "posts";'
    user.find(marker="apply_sql").click()
    await wait_for(user, marker="sql_error", content="line 5: unsupported statement 'DROP TABLE")
    editor.value = 'CREATE TABLE "a" (\n  "x" INT,\n  "y" TEXT DEFAULT\n);'
    user.find(marker="apply_sql").click()
    await wait_for(user, marker="sql_error", content="line 4: syntax error near ')': a clause is incomplete")
    await sql_has(user, 'CREATE TABLE "tags"')  # the model is unchanged by a failed parse


async def test_two_tabs_see_saves_and_a_conflicting_save_is_refused(
    user: User, create_user: Callable[[], User], store: JobStore, job: Job
) -> None:
    other = create_user()
    await open_job(user, job)
    await open_job(other, job)

    user.find(marker="table_name").clear().type("people")
    await save(user, store, job)  # version 2, from the first tab
    await until(lambda: 'CREATE TABLE "people"' in element(other, "sql_preview").content,
                "the second tab loads the saved version", seconds=10)
    await wait_for(other, content="version 2 was saved in another tab and is loaded here")

    user.find(marker="table_name").clear().type("humans")  # unsaved in tab one
    other.find(marker="table_name").clear().type("persons")
    other.find(marker="save").click()
    await wait_for(other, content="saved as version 3")
    await wait_for(user, marker="conflict", content="Version 3 was saved in another tab", seconds=10)
    user.find(marker="save").click()
    await wait_for(user, content="version 3 of this schema was saved meanwhile")
    latest = store.load_schema(job.id)
    assert latest is not None and latest.tables[0].name == "persons"
    assert store.latest_schema_version(job.id) == 3


async def test_the_schema_page_edits_an_uploaded_file(user: User) -> None:
    await user.open("/schema")
    await user.should_see("Schema editor")
    upload = element(user, "upload")
    await upload.handle_uploads([SmallFileUpload("blog.json", "application/json", make_schema().to_json().encode())])
    await sql_has(user, 'CREATE TABLE "posts"')
    user.find(marker="add_table").click()
    await sql_has(user, 'CREATE TABLE "new_table"')
    user.find(marker="download").click()
    response = await user.download.next(timeout=5)
    assert [t["name"] for t in json.loads(response.content)["tables"]] == ["users", "posts", "new_table"]
