"""The push area's "Load captured sample data" checkbox: the job's captured records go into the new tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
from nicegui.testing import User

from jobs.store import JobStore
from kernel.schema import load_schema
from tests.webui.editor_support import make_job, open_job, wait_for

GOLDEN = Path(__file__).resolve().parent.parent / "inference" / "golden"


async def test_push_with_sample_data_shows_the_rows_loaded(user: User, ui_env: dict[str, str],
                                                           tmp_path: Path) -> None:
    store = JobStore(ui_env["WIRETABLE_DATABASE_URL"])
    job = make_job(store, load_schema(GOLDEN / "demo.schema.json"))
    traffic = tmp_path / "traffic.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    await open_job(user, job)
    user.find(marker="load_data").click()
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="loaded sample records (", seconds=20)
    await wait_for(user, marker="push_result", content="book_genres: 33")
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"]) as conn:
        assert conn.execute('SELECT count(*) FROM "book_genres"').fetchone() == (33,)
    assert any(e.message.startswith("loaded sample records") for e in store.events(job.id))


async def test_push_without_the_checkbox_loads_nothing(user: User, ui_env: dict[str, str]) -> None:
    store = JobStore(ui_env["WIRETABLE_DATABASE_URL"])
    job = make_job(store, load_schema(GOLDEN / "demo.schema.json"))
    await open_job(user, job)
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="created 10 table(s)", seconds=20)
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"]) as conn:
        assert conn.execute('SELECT count(*) FROM "authors"').fetchone() == (0,)


async def test_rows_that_cannot_be_stored_are_named_under_the_push_result(user: User, ui_env: dict[str, str],
                                                                          tmp_path: Path) -> None:
    from tests.sql.test_push_skipped_rows import captured, things_schema

    store = JobStore(ui_env["WIRETABLE_DATABASE_URL"])
    job = make_job(store, things_schema())
    traffic = tmp_path / "traffic.jsonl"
    traffic.write_text("".join(e.model_dump_json() + "\n" for e in captured()), encoding="utf-8")
    store.update(job.id, artifacts={"traffic": str(traffic)})
    await open_job(user, job)
    user.find(marker="load_data").click()
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="loaded sample records (things: 2); skipped things: 1",
                   seconds=20)
    line = "table things: 1 row skipped: code: 'xxxxxxxxxxx' is longer than varchar(10)"
    await wait_for(user, marker="skipped_rows", content=line)
    assert any(e.message == line for e in store.events(job.id))
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"]) as conn:
        assert conn.execute("SELECT id, code FROM things ORDER BY id").fetchall() == [(1, "ab"), (3, "ok")]
