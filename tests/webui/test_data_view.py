"""The job page's Data view with NiceGUI's simulated user: nothing pushed yet, the rows of a pushed
table, another table, and a table dropped from the target since the push."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
from nicegui import ui
from nicegui.testing import User

from jobs.store import JobStore
from kernel.schema import load_schema
from tests.webui.editor_support import element, make_job, open_job, wait_for

GOLDEN = Path(__file__).resolve().parent.parent / "inference" / "golden"


def unfold(user: User) -> None:
    section = element(user, "data_section")
    assert isinstance(section, ui.expansion)
    section.value = True


def grid_rows(user: User) -> list[dict[str, object]]:
    grid = element(user, "data_grid")
    assert isinstance(grid, ui.table)
    return list(grid.rows)


async def test_the_data_view_says_when_nothing_was_pushed(user: User, ui_env: dict[str, str]) -> None:
    job = make_job(JobStore(ui_env["WIRETABLE_DATABASE_URL"]), load_schema(GOLDEN / "demo.schema.json"))
    await open_job(user, job)
    unfold(user)
    await wait_for(user, marker="data_message", content="Nothing has been pushed yet")
    await user.should_not_see(marker="data_grid")


async def test_after_a_push_the_data_view_shows_the_rows(user: User, ui_env: dict[str, str],
                                                         tmp_path: Path) -> None:
    store = JobStore(ui_env["WIRETABLE_DATABASE_URL"])
    job = make_job(store, load_schema(GOLDEN / "demo.schema.json"))
    traffic = tmp_path / "traffic.jsonl"
    shutil.copy(GOLDEN / "demo.jsonl", traffic)
    store.update(job.id, artifacts={"traffic": str(traffic)})
    await open_job(user, job)
    unfold(user)  # unfolded before the push: the push reads it again
    await wait_for(user, marker="data_message", content="Nothing has been pushed yet")
    user.find(marker="load_data").click()
    user.find(marker="push").click()
    await wait_for(user, marker="push_result", content="loaded sample records (", seconds=20)
    await wait_for(user, marker="data_count", content="books: ")
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"]) as conn:
        books = conn.execute('SELECT count(*) FROM "books"').fetchone()
        slugs = {r[0] for r in conn.execute('SELECT slug FROM "books"').fetchall()}
    assert books is not None
    await wait_for(user, marker="data_count", content=f"books: {books[0]} row(s)")
    rows = grid_rows(user)
    assert len(rows) == min(books[0], 100) and {r["c0"] for r in rows} <= slugs

    table = element(user, "data_table")
    assert isinstance(table, ui.select)
    table.value = "book_genres"
    await wait_for(user, marker="data_count", content="book_genres: 33 row(s)")
    assert len(grid_rows(user)) == 33

    # a click on a header asks the server for the page sorted by that column
    request = {"pagination": {"page": 1, "rowsPerPage": 10, "sortBy": "c1", "descending": True, "rowsNumber": 33}}
    user.find(marker="data_grid").trigger("request", request)
    await wait_for(user, marker="data_count", content="rows 1–10 of 33, sorted by genre_slug descending")
    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"]) as conn:
        expected = conn.execute('SELECT genre_slug FROM "book_genres" ORDER BY genre_slug DESC, book_slug DESC '
                                "LIMIT 10").fetchall()
    assert [r["c1"] for r in grid_rows(user)] == [e[0] for e in expected]

    with psycopg.connect(ui_env["WIRETABLE_TARGET_URL"], autocommit=True) as conn:
        conn.execute('DROP TABLE "book_genres"')
    request["pagination"]["page"] = 2
    user.find(marker="data_grid").trigger("request", request)
    await wait_for(user, marker="data_message", content="table 'book_genres' does not exist in")
    await user.should_not_see(marker="data_grid")
    user.find(marker="data_reload").click()  # the dropped table is no longer offered
    await wait_for(user, marker="data_count", content="books: ")
    assert "book_genres" not in table.options
