"""`wiretable rows`: push the demo with its captured records from the command line, then read pages
of its tables back as CSV and JSON, sorted and paged on the server; bad names are one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import psycopg

from tests.sql.test_cli_plan import run

GOLDEN = Path(__file__).resolve().parent / "inference" / "golden"


def test_rows_prints_pages_of_a_pushed_table(target_db_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    shutil.copy(GOLDEN / "demo.schema.json", schema)
    pushed = run("push", str(schema), "--target", target_db_url, "--with-data", str(GOLDEN / "demo.jsonl"),
                 cwd=tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    with psycopg.connect(target_db_url) as conn:
        total = conn.execute('SELECT count(*) FROM "order_items"').fetchone()
        expected = conn.execute('SELECT order_id, book_slug, quantity FROM "order_items" '
                                "ORDER BY quantity DESC NULLS LAST, order_id DESC, book_slug DESC LIMIT 5 OFFSET 5"
                                ).fetchall()
    assert total is not None and total[0] == 70

    page = run("rows", "order_items", "--target", target_db_url, "--sort", "quantity", "--desc", "--limit", "5",
               "--offset", "5", cwd=tmp_path)
    assert page.returncode == 0, page.stderr
    header, *lines = list(csv.reader(io.StringIO(page.stdout)))
    assert header == ["order_id", "book_slug", "quantity", "unit_price"]
    assert [(int(r[0]), r[1], int(r[2])) for r in lines] == expected
    assert page.stderr.strip().startswith("order_items: 70 row(s) in ") and page.stderr.strip().endswith("rows 6–10")

    as_json = run("rows", "books", "--target", target_db_url, "--json", "--limit", "2", "--width", "5",
                  cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["total"] == 24 and len(data["rows"]) == 2
    assert {"name": "tags", "type": "text[]"} in data["columns"]
    assert all(v is None or len(v) <= 6 for row in data["rows"] for v in row.values())
    assert any(v is not None and v.endswith("…") for row in data["rows"] for v in row.values())


def test_rows_errors_are_one_line(target_db_url: str, tmp_path: Path) -> None:
    missing = run("rows", 'books"; DROP TABLE x; --', "--target", target_db_url, cwd=tmp_path)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.startswith("error: table 'books\"; DROP TABLE x; --' does not exist in ")
    assert len(missing.stderr.strip().splitlines()) == 1
    dead = run("rows", "books", "--target", "postgresql://nobody@127.0.0.1:1/x", cwd=tmp_path)
    assert dead.returncode == 1 and dead.stderr.startswith("error: cannot connect to ")
    assert len(dead.stderr.strip().splitlines()) == 1
