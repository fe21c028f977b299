"""How responsive the schema editor is on a large schema (default 100 tables x 30 columns).

Measures, and prints as a table:

- server side: the work after one edit (the edit with its undo snapshot, DDL in the dialect,
  validation, ER text, the dirty check), for Postgres and MySQL;
- in a real headless Chromium against ``wiretable serve``: the job page load until the editor and
  the SQL preview of the last table are shown, and the time from typing one character into a
  field name is edited until the SQL preview shows it (median of several edits), with the preview
  showing the selected table (the default above 30 tables) and the whole script.

Run:  .venv/bin/python benchmarks/editor_bench.py [--tables 100] [--columns 30] [--edits 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobs.model import JobStatus  # noqa: E402
from jobs.store import JobStore  # noqa: E402
from kernel.schema import Column, Evidence, ForeignKey, Schema, Table  # noqa: E402
from kernel.settings import Settings  # noqa: E402
from webui.editor import ops  # noqa: E402
from webui.editor.state import EditorState  # noqa: E402

TYPES = ["text", "integer", "bigint", "numeric(10,2)", "boolean", "uuid", "timestamptz", "jsonb", "text[]",
         "varchar(80)", "date"]


def big_schema(tables: int, columns: int) -> Schema:
    out = []
    for t in range(tables):
        cols = [Column(name="id", type="bigint", nullable=False)]
        cols += [Column(name=f"field_{c}", type=TYPES[c % len(TYPES)], nullable=c % 3 != 0,
                        evidence=Evidence(endpoints=[f"GET /api/t{t}"], samples=50, nulls=c % 5,
                                          confidence=0.4 if c % 9 == 0 else 0.9))
                 for c in range(1, columns - 1)]
        fks = []
        if t:
            cols.append(Column(name="parent_id", type="bigint"))
            fks.append(ForeignKey(columns=["parent_id"], ref_table=f"table_{t - 1:03d}", ref_columns=["id"]))
        else:
            cols.append(Column(name="note", type="text"))
        out.append(Table(name=f"table_{t:03d}", columns=cols, primary_key=["id"], foreign_keys=fks))
    return Schema(name="bench", tables=out)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def server_side(schema: Schema, edits: int) -> list[tuple[str, float]]:
    rows = []
    start = time.perf_counter()
    state = EditorState(schema.model_copy(deep=True))
    state.ddl()
    rows.append(("open: state + first DDL", time.perf_counter() - start))
    for dialect in ("postgres", "mysql"):
        state.dialect = dialect
        state.ddl()
        samples = []
        for i in range(edits):
            start = time.perf_counter()
            name = state.schema.tables[50 % len(state.schema.tables)].name
            state.edit(lambda s, n=name, i=i: ops.set_column_type(s, n, s.table(n).columns[1].name,  # type: ignore[union-attr]
                                                                  TYPES[i % len(TYPES)]))
            state.ddl(), state.problems(), state.er(), state.dirty  # noqa: B018 - what every edit recomputes
            samples.append(time.perf_counter() - start)
        rows.append((f"one edit, {dialect}: edit + DDL + validation + ER (median)", statistics.median(samples)))
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Checked on every animation frame, so the figure is not rounded up to Playwright's polling steps.
_SHOWS = """text => [...document.querySelectorAll('[data-mark=sql_preview], [data-mark=sql_preview_plain]')]
    .some(e => e.offsetParent !== null && e.innerText.includes(text))"""


def shows(page: Any, text: str) -> None:
    page.wait_for_function(_SHOWS, arg=text, polling="raf", timeout=60_000)


def browser_side(schema: Schema, edits: int) -> list[tuple[str, float]]:
    from playwright.sync_api import expect, sync_playwright

    from sql.embedded import EmbeddedPostgres

    tmp = Path(tempfile.mkdtemp(prefix="wiretable-bench-", dir="/tmp"))
    server = EmbeddedPostgres(tmp / "pg")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.app_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    app_db = server.app_url.replace("/postgres?", f"/{name}?")
    store = JobStore(app_db)
    job = store.create_job("http://127.0.0.1:8081/", mode="har")
    store.set_status(job.id, JobStatus.INFERRING, "inferring")
    store.save_schema_version(job.id, schema, note="benchmark")
    store.set_status(job.id, JobStatus.READY, "ready")

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp / "home"), WIRETABLE_DATABASE_URL=app_db, WIRETABLE_TARGET_URL=app_db)
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).with_name("wiretable")), "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    rows = []
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=Settings().chromium,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            sql = page.locator("[data-mark=sql_preview], [data-mark=sql_preview_plain]").locator("visible=true")
            first = schema.tables[0].name
            start = time.perf_counter()
            page.goto(f"{url}/jobs/{job.id}")
            expect(sql).to_contain_text(f'CREATE TABLE "{first}"', timeout=60_000)
            expect(page.locator("input[data-mark=field-name-0], [data-mark=field-name-0] input")).to_be_visible()
            rows.append(("page load until editor + SQL preview shown (browser)", time.perf_counter() - start))
            field = page.locator("input[data-mark=field-name-2], [data-mark=field-name-2] input")
            typed = ""
            for scope in ("Selected table", "All tables"):
                page.get_by_role("button", name=scope).first.click()
                if scope == "All tables":
                    expect(sql).to_contain_text(f'CREATE TABLE "{schema.tables[-1].name}"', timeout=60_000)
                samples = []
                for _ in range(edits):
                    typed += "abcdefghijklmnopqrstuvwxyz"[len(typed) % 26]
                    start = time.perf_counter()
                    field.fill(f"field_2{typed}")
                    shows(page, f'"field_2{typed}"')
                    samples.append(time.perf_counter() - start)
                rows.append((f"rename a field until the SQL preview ({scope.lower()}) shows it, "
                             "browser, median", statistics.median(samples)))
                rows.append(("  same, slowest", max(samples)))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--columns", type=int, default=30)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    args = parser.parse_args()
    schema = big_schema(args.tables, args.columns)
    print(f"schema: {args.tables} tables x {args.columns} columns")
    for label, seconds in server_side(schema, args.edits):
        print(f"{ms(seconds)}  {label}", flush=True)
    if not args.no_browser:
        for label, seconds in browser_side(schema, args.edits):
            print(f"{ms(seconds)}  {label}", flush=True)


if __name__ == "__main__":
    main()
