"""The push area: plan preview, a confirm dialog naming destructive edits, saved target profiles."""

from __future__ import annotations

import psycopg
from nicegui.testing import User

from jobs.store import JobStore
from kernel.schema import Column
from sql.apply import push
from sql.introspect import introspect
from tests.factories import make_schema
from tests.webui.editor_support import element, make_job, open_job, wait_for


async def test_plan_then_push_shows_the_plan_first(user: User, ui_env: dict[str, str]) -> None:
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), make_schema())
    await open_job(user, job)
    user.find(marker="plan").click()
    await wait_for(user, marker="plan_sql")
    assert 'CREATE TABLE "users"' in element(user, "plan_sql").content
    assert introspect(ui_env["WIRETABLE_TARGET_URL"]).tables == []
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="created 2 table(s)")
    assert [t.name for t in introspect(ui_env["WIRETABLE_TARGET_URL"]).tables] == ["users", "posts"]


async def test_a_destructive_push_waits_for_confirmation(user: User, ui_env: dict[str, str]) -> None:
    target = ui_env["WIRETABLE_TARGET_URL"]
    wider = make_schema()
    wider.tables[0].columns.append(Column(name="legacy", type="text"))
    push(wider, target)
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), make_schema())
    await open_job(user, job)

    user.find(marker="push").click()
    await wait_for(user, marker="confirm_dialog")
    assert [e.text for e in user.find(marker="destructive_edit").elements] == [
        "drop column users.legacy (table holds 0 row(s))"]
    user.find(marker="cancel_destructive").click()
    await wait_for(user, marker="push_result", content="Push cancelled")
    assert introspect(target).table("users").column("legacy") is not None  # type: ignore[union-attr]

    user.find(marker="push").click()
    await wait_for(user, marker="confirm_destructive")
    assert len(user.find(marker="confirm_destructive").elements) == 1  # the cancelled dialog is gone
    user.find(marker="confirm_destructive").click()
    await wait_for(user, marker="push_result", content="ledger version 2")
    assert introspect(target).table("users").column("legacy") is None  # type: ignore[union-attr]


async def test_a_saved_profile_keeps_its_password_out_of_the_database(user: User, ui_env: dict[str, str]) -> None:
    target = ui_env["WIRETABLE_TARGET_URL"]
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), make_schema())
    await open_job(user, job)
    with_password = target.replace("postgres:@", "postgres:s3cretpassw0rd@")
    user.find(marker="profile_name").type("staging")
    user.find(marker="profile_url").type(with_password)
    user.find(marker="save_profile").click()
    await wait_for(user, marker="profile_row", content="staging")
    row = element(user, "profile_row").text
    assert "s3cr" not in row and "secret set" in row
    with psycopg.connect(ui_env["WIRETABLE_DATABASE_URL"]) as conn:
        stored = conn.execute("SELECT wiretable_targets::text FROM wiretable_targets").fetchall()
    # no part of the password: neither its first nor its last characters
    assert len(stored) == 1 and not any(part in stored[0][0] for part in ("s3cr", "0rd", "s3cretpassw0rd"))
    target_input = element(user, "target_url")
    assert target_input.value == "staging"
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="created 2 table(s)")
    assert len(introspect(target).tables) == 2
