"""Indexes, CHECK constraints, identity keys and enum types in the schema editor, through the
simulated user: each form asserted in the live SQL preview and in the saved model, bad input
refused with the validator's message, and an edited schema pushed to the embedded Postgres twice
(the second push is a no-op)."""

from __future__ import annotations

import psycopg
from nicegui.testing import User

from jobs.model import Job
from jobs.store import JobStore
from kernel.schema import Table
from tests.webui.editor_support import (
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


def absent(user: User, marker: str) -> bool:
    try:
        user.find(marker=marker)
    except AssertionError:
        return True
    return False


async def saved(user: User, store: JobStore, job: Job, table: str) -> Table:
    found = (await save(user, store, job)).table(table)
    assert found is not None
    return found


async def add_index(user: User, columns: list[str], *, unique: bool = False, where: str = "") -> None:
    set_value(user, "index_columns", columns)
    set_value(user, "index_unique", unique)
    set_value(user, "index_where", where)
    user.find(marker="add_index").click()


async def add_check(user: User, name: str, expression: str) -> None:
    set_value(user, "check_name", name)
    set_value(user, "check_expression", expression)
    user.find(marker="add_check").click()


async def test_single_multi_unique_and_partial_indexes(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    await wait_for(user, marker="no_indexes")
    await add_index(user, ["title"])
    await sql_has(user, 'CREATE INDEX ON "posts"("title")')
    await add_index(user, ["user_id", "title"], unique=True, where="title <> ''")
    await sql_has(user, 'CREATE UNIQUE INDEX ON "posts"("user_id", "title") WHERE "title" <> \'\'')
    await wait_for(user, content="(user_id, title) where title <> ''")
    posts = await saved(user, store, job, "posts")
    assert [(i.columns, i.unique, i.where) for i in posts.indexes] == [
        (["title"], False, None), (["user_id", "title"], True, "title <> ''")]

    user.find(marker="index-delete-0").click()
    await sql_lacks(user, 'CREATE INDEX ON "posts"("title")')
    posts = await saved(user, store, job, "posts")
    assert [i.columns for i in posts.indexes] == [["user_id", "title"]]


async def test_a_bad_index_predicate_is_refused(user: User, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    await add_index(user, ["title"], where="titel IS NOT NULL")
    await wait_for(user, marker="index_error", content="names an unknown column 'titel'")
    assert element(user, "index_where").value == "titel IS NOT NULL"  # what was typed stays for fixing
    await sql_lacks(user, "CREATE INDEX")
    await add_index(user, [])
    await wait_for(user, marker="index_error", content="pick at least one column")


async def test_check_constraints_are_added_refused_and_removed(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    await add_check(user, "title_not_empty", "length(title) > 0")
    await sql_has(user, 'CONSTRAINT "title_not_empty" CHECK (LENGTH("title") > 0)')
    await wait_for(user, marker="check-0")

    for expression, message in [("title >", "does not parse"),
                                 ("ttle <> ''", "names an unknown column 'ttle'"),
                                 ("id > 0); DROP TABLE posts; --", "does not parse"),
                                 ("id IN (SELECT id FROM users)", "may not hold a subquery")]:
        await add_check(user, "bad", expression)
        await wait_for(user, marker="check_error", content=message)
    await add_check(user, "title_not_empty", "id > 0")
    await wait_for(user, marker="check_error", content="already has a check named 'title_not_empty'")
    await add_check(user, "", "id > 0")  # unnamed: named as Postgres would
    await sql_has(user, 'CONSTRAINT "posts_check" CHECK ("id" > 0)')
    await sql_lacks(user, "DROP TABLE", '"bad"')
    await wait_for(user, marker="check-1")

    user.find(marker="field-name-2").clear().type("heading")  # the check follows the renamed column
    await sql_has(user, 'CHECK (LENGTH("heading") > 0)')
    posts = await saved(user, store, job, "posts")
    assert [(c.name, c.expression) for c in posts.checks] == [
        ("title_not_empty", "LENGTH(heading) > 0"), ("posts_check", "id > 0")]

    await wait_for(user, content="LENGTH(heading) > 0")
    user.find(marker="check-delete-0").click()
    await sql_lacks(user, "title_not_empty")
    posts = await saved(user, store, job, "posts")
    assert [c.name for c in posts.checks] == ["posts_check"]


async def test_identity_toggle_on_integer_primary_keys(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    assert absent(user, "field-identity-0")  # users.id is a uuid
    await select_table(user, "posts")
    await wait_for(user, marker="field-identity-0")
    set_value(user, "field-identity-0", "always")
    await sql_has(user, '"id" INT GENERATED ALWAYS AS IDENTITY NOT NULL')
    set_value(user, "dialect", "mysql")
    await sql_has(user, "`id` INT AUTO_INCREMENT NOT NULL")
    set_value(user, "dialect", "postgres")
    set_value(user, "field-identity-0", "by default")
    await sql_has(user, '"id" INT GENERATED BY DEFAULT AS IDENTITY NOT NULL')
    posts = await saved(user, store, job, "posts")
    assert posts.column("id").identity == "by default"  # type: ignore[union-attr]
    set_value(user, "field-type-0", "text")  # a text key cannot be an identity
    await sql_lacks(user, "IDENTITY")
    await until(lambda: absent(user, "field-identity-0"), "the identity toggle is gone")


async def test_enum_mode_switch_and_enum_type_names(user: User, store: JobStore, job: Job) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    set_value(user, "field-type-2", "enum")
    await wait_for(user, marker="field-enum-2")
    set_value(user, "field-enum-2", ["draft", "published"])
    await sql_has(user, "CHECK (\"title\" IN ('draft', 'published'))")
    set_value(user, "enum_mode", "type")
    await sql_has(user, "CREATE TYPE \"posts_title\" AS ENUM ('draft', 'published')",
                  '"title" "posts_title" NOT NULL')
    await sql_lacks(user, "CHECK (")
    await wait_for(user, marker="field-enum-type-2")
    user.find(marker="field-enum-type-2").type("post_state")
    await sql_has(user, "CREATE TYPE \"post_state\" AS ENUM", '"title" "post_state" NOT NULL')
    set_value(user, "dialect", "mysql")
    await sql_has(user, "`title` ENUM('draft', 'published') NOT NULL")
    set_value(user, "dialect", "sqlite")
    await sql_has(user, "CHECK (\"title\" IN ('draft', 'published'))")
    schema = await save(user, store, job)
    assert schema.enum_mode == "type"
    assert schema.table("posts").column("title").enum_type == "post_state"  # type: ignore[union-attr]


async def test_an_edited_schema_pushes_and_re_pushes_as_a_no_op(user: User, store: JobStore, job: Job,
                                                                ui_env: dict[str, str]) -> None:
    await open_job(user, job)
    await select_table(user, "posts")
    set_value(user, "field-identity-0", "by default")
    set_value(user, "field-type-2", "enum")
    await wait_for(user, marker="field-enum-2")
    set_value(user, "field-enum-2", ["draft", "live"])
    set_value(user, "enum_mode", "type")
    await add_index(user, ["user_id", "title"], unique=True, where="title <> 'draft'")
    await add_check(user, "id_positive", "id > 0")
    await sql_has(user, 'CONSTRAINT "id_positive"', "CREATE UNIQUE INDEX", "CREATE TYPE")
    await save(user, store, job)
    await wait_for(user, marker="push")
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="ledger version 1", seconds=30)
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"]) as conn:
        assert conn.execute("SELECT attidentity FROM pg_attribute WHERE attrelid = 'posts'::regclass"
                            " AND attname = 'id'").fetchone() == ("d",)
        assert conn.execute("SELECT enum_range(NULL::posts_title)::text").fetchone() == ("{draft,live}",)
        assert conn.execute("SELECT count(*) FROM pg_index WHERE indrelid = 'posts'::regclass"
                            " AND indpred IS NOT NULL").fetchone() == (1,)
        assert conn.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'posts'::regclass"
                            " AND contype = 'c'").fetchall() == [("id_positive",)]
    # the first push ends (its report, API panel and data view) before the button takes a click again
    await until(lambda: element(user, "push").enabled, "the push button stays disabled", seconds=60)
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="already up to date", seconds=30)
