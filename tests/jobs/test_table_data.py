"""The data view's reads on the real embedded Postgres: push the demo schema with its captured
sample data through a job, then read its tables a page at a time — rows, count, paging, sort,
hostile names, large values, missing tables, dead targets and slow reads."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from jobs.runner import JobRunner
from jobs.store import JobStore
from jobs.targets import with_password
from jobs.verbs.data import pushed_tables, pushed_targets, secretless, table_rows
from kernel.errors import PushError
from kernel.settings import Settings
from sql.rows import read_rows
from tests.jobs.test_queue_push import ready_job

HOSTILE_TABLE = 'x"; DROP TABLE books; --'
HOSTILE_COLUMN = 'a"b; DELETE FROM books'


@pytest.fixture
def runner(settings: Settings) -> JobRunner:
    return JobRunner(settings, JobStore(settings.database_url or ""))


@pytest.fixture
def pushed(runner: JobRunner, tmp_path: Path) -> str:
    """A job whose demo schema was pushed with its sample data to the configured target."""
    job = ready_job(runner, tmp_path)
    result = runner.push(job.id, load_data=True)
    assert result.created_tables and result.seeded
    return job.id


def db(settings: Settings) -> psycopg.Connection:
    assert settings.target_url
    return psycopg.connect(settings.target_url, autocommit=True)


def test_a_job_that_was_never_pushed_has_no_targets(runner: JobRunner, tmp_path: Path) -> None:
    job = ready_job(runner, tmp_path)
    assert pushed_targets(runner.store, job.id) == []
    runner.push(job.id, dry_run=True)  # a plan is not a push
    assert pushed_targets(runner.store, job.id) == []


def test_the_pushed_target_is_recorded_and_a_page_shows_its_rows(runner: JobRunner, pushed: str,
                                                                  settings: Settings) -> None:
    targets = pushed_targets(runner.store, pushed)
    assert settings.target_url and [t.target for t in targets] == [secretless(settings.target_url)]
    schema = runner.store.load_schema(pushed)
    assert schema is not None
    names = [t.name for t in schema.tables]
    assert pushed_tables(settings, targets[0].target, [*names, "not_pushed"]) == names

    page = table_rows(settings, targets[0].target, "books", limit=10)
    with db(settings) as conn:
        total = conn.execute('SELECT count(*) FROM "books"').fetchone()
        catalog = conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_name = 'books' ORDER BY ordinal_position").fetchall()
        slugs = [r[0] for r in conn.execute('SELECT slug FROM "books" ORDER BY slug LIMIT 10').fetchall()]
    assert total is not None and total[0] > 10
    assert page.total == total[0] and len(page.rows) == 10 and (page.first, page.last) == (1, 10)
    assert [c.name for c in page.columns] == [name for name, _ in catalog]
    assert dict((c.name, c.type) for c in page.columns)["tags"] == "text[]"
    # without a sort column the rows come in primary-key order
    assert [row[0] for row in page.rows] == slugs


def test_pages_cover_every_row_once_and_sort_on_the_server(runner: JobRunner, pushed: str,
                                                          settings: Settings) -> None:
    target = pushed_targets(runner.store, pushed)[0].target
    first = table_rows(settings, target, "customers", limit=7)
    seen: list[tuple[str | None, ...]] = []
    for offset in range(0, first.total, 7):
        seen += table_rows(settings, target, "customers", offset=offset, limit=7).rows
    assert len(seen) == first.total and len({row[0] for row in seen}) == first.total
    assert table_rows(settings, target, "customers", offset=first.total, limit=7).rows == ()

    points = [c.name for c in first.columns].index("loyalty_points")
    up = table_rows(settings, target, "customers", limit=first.total, order_by="loyalty_points")
    down = table_rows(settings, target, "customers", limit=first.total, order_by="loyalty_points", descending=True)
    values = [int(r[points]) for r in up.rows if r[points] is not None]
    assert values == sorted(values) and len(set(values)) > 1
    assert [int(r[points]) for r in down.rows if r[points] is not None] == sorted(values, reverse=True)
    # a page of a sorted table is that slice of the whole sorted table
    assert table_rows(settings, target, "customers", offset=5, limit=5, order_by="loyalty_points").rows == \
        up.rows[5:10]

    price = [c.name for c in table_rows(settings, target, "books", limit=1).columns].index("price")
    books = table_rows(settings, target, "books", limit=500, order_by="price", descending=True).rows
    prices = [Decimal(r[price]) for r in books if r[price] is not None]
    assert prices == sorted(prices, reverse=True)


def test_hostile_names_are_refused_or_quoted(runner: JobRunner, pushed: str, settings: Settings) -> None:
    target = pushed_targets(runner.store, pushed)[0].target
    with pytest.raises(PushError, match="does not exist in"):
        table_rows(settings, target, 'books"; DROP TABLE books; --')
    with pytest.raises(PushError, match="has no column"):
        table_rows(settings, target, "books", order_by="title; DROP TABLE books")
    with pytest.raises(PushError, match="is not a table name"):
        table_rows(settings, target, "bo\x00oks")
    with db(settings) as conn:
        conn.execute(sql.SQL("CREATE TABLE {} ({} text, n int)").format(sql.Identifier(HOSTILE_TABLE),
                                                                         sql.Identifier(HOSTILE_COLUMN)))
        conn.execute(sql.SQL("INSERT INTO {} VALUES ('z', 1), ('y', 2)").format(sql.Identifier(HOSTILE_TABLE)))
    page = table_rows(settings, target, HOSTILE_TABLE, order_by=HOSTILE_COLUMN)
    assert [c.name for c in page.columns] == [HOSTILE_COLUMN, "n"]
    assert page.rows == (("y", "2"), ("z", "1")) and page.total == 2
    with db(settings) as conn:
        assert conn.execute('SELECT count(*) FROM "books"').fetchone() != (0,)


def test_large_values_are_cut_on_the_server(runner: JobRunner, pushed: str, settings: Settings) -> None:
    target = pushed_targets(runner.store, pushed)[0].target
    document = {"items": [{"n": i, "text": "y" * 50} for i in range(2000)]}
    with db(settings) as conn:
        conn.execute("CREATE TABLE blobs (id int PRIMARY KEY, doc jsonb, note text, empty text)")
        conn.execute("INSERT INTO blobs VALUES (1, %s, %s, ''), (2, '{}', 'short', NULL)",
                     (json.dumps(document), "x" * 100_000))
    page = table_rows(settings, target, "blobs", max_chars=80)
    (one, doc, note, empty), two = page.rows
    assert doc is not None and note is not None
    assert len(doc) == 81 and doc.endswith("…") and doc.startswith('{"items"')
    assert note == "x" * 80 + "…" and empty == ""
    assert two == ("2", "{}", "short", None)
    assert page.truncated == 2


def test_a_missing_table_and_a_dead_target_are_clear_errors(runner: JobRunner, pushed: str,
                                                           settings: Settings) -> None:
    target = pushed_targets(runner.store, pushed)[0].target
    with db(settings) as conn:
        conn.execute('DROP TABLE "book_awards"')
    with pytest.raises(PushError, match="table 'book_awards' does not exist in .*push the schema"):
        table_rows(settings, target, "book_awards")
    started = time.monotonic()
    with pytest.raises(PushError, match="cannot connect to postgresql://nobody@127.0.0.1:1/x"):
        table_rows(settings, "postgresql://nobody@127.0.0.1:1/x", "books")
    assert time.monotonic() - started < 10
    with pytest.raises(PushError, match="unknown target 'no-such-profile'"):
        table_rows(settings, "no-such-profile", "books")


def test_a_slow_read_stops_at_the_statement_timeout(target_db_url: str) -> None:
    with psycopg.connect(target_db_url, autocommit=True) as conn:
        conn.execute("CREATE VIEW slow AS SELECT x FROM generate_series(1, 3) x WHERE pg_sleep(5) IS NOT NULL")
    started = time.monotonic()
    with pytest.raises(PushError, match="took longer than 0.5 s"):
        read_rows(target_db_url, "slow", statement_timeout=0.5)
    assert time.monotonic() - started < 4


def test_the_read_is_read_only(target_db_url: str) -> None:
    with psycopg.connect(target_db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE counted (n int)")
        conn.execute("CREATE FUNCTION bump() RETURNS int LANGUAGE sql AS 'INSERT INTO counted VALUES (1) RETURNING n'")
        conn.execute("CREATE VIEW bumps AS SELECT bump() AS n")
    with pytest.raises(PushError, match="read-only transaction"):
        read_rows(target_db_url, "bumps")
    with psycopg.connect(target_db_url) as conn:
        assert conn.execute("SELECT count(*) FROM counted").fetchone() == (0,)


def test_a_password_given_with_the_target_is_not_recorded(runner: JobRunner, settings: Settings,
                                                          tmp_path: Path) -> None:
    assert settings.target_url
    secret = "s3cret-Pa55word"
    job = ready_job(runner, tmp_path)
    runner.push(job.id, with_password(settings.target_url, secret) + "&password=" + secret)
    (recorded,) = pushed_targets(runner.store, job.id)
    assert secret not in recorded.target and secret not in recorded.label
    with psycopg.connect(settings.database_url or "") as conn:
        stored = conn.execute("SELECT string_agg(data::text || message, ' ') FROM wiretable_job_events "
                              "WHERE job_id = %s", (job.id,)).fetchone()
    assert stored is not None and secret not in stored[0]
    assert table_rows(settings, recorded.target, "genres").total == 0  # pushed without data


@pytest.mark.parametrize(("given", "kept"), [
    ("postgresql://u:pw@db.example:5432/app", "postgresql://u@db.example:5432/app"),
    ("postgres://u@h/db?sslmode=require&password=pw", "postgres://u@h/db?sslmode=require"),
    ("postgresql://u:@/db?host=/tmp/s&Password=x&port=5", "postgresql://u@/db?host=/tmp/s&port=5"),
    ("embedded", "embedded"),
    (" my-profile ", "my-profile"),
])
def test_secretless_removes_every_password(given: str, kept: str) -> None:
    assert secretless(given) == kept


def test_a_push_recorded_before_targets_were_kept_is_found_by_its_label(runner: JobRunner, pushed: str,
                                                                        settings: Settings) -> None:
    assert settings.database_url
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        conn.execute("UPDATE wiretable_job_events SET data = data - 'target' WHERE job_id = %s", (pushed,))
        conn.execute("INSERT INTO wiretable_job_events (job_id, seq, at, kind, stage, message, data) "
                     "SELECT job_id, seq + 1000, at, kind, stage, message, jsonb_set(data, '{result,target}', "
                     "'\"postgresql://u:***@db.example/x\"') FROM wiretable_job_events WHERE job_id = %s "
                     "AND data->>'type' = 'push'", (pushed,))
    (found,) = pushed_targets(runner.store, pushed)  # the one whose password was redacted cannot be read again
    assert settings.target_url and found.target == found.label == settings.target_url
    assert table_rows(settings, found.target, "genres").total == 10
