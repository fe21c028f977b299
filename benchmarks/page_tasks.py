"""Does the job page keep the browser free? The longest main-thread task and the reload count of
a job page left open, in a real headless Chromium against ``wiretable serve``.

For each schema size it opens the job page, scrolls the ER diagram into view (so that a diagram
drawn only when visible is drawn and counted), then keeps the page open and records:

- every long task (``PerformanceObserver`` of type ``longtask``, buffered, registered before any
  page script runs) - the longest one is reported;
- every load of the page (the first one included): reloads = loads - 1.

Sizes: ``demo`` is the schema inferred from the bundled demo app (10 tables); a number N is a
generated schema of N tables (``--columns`` columns each, every table but the first with a foreign
key to the one before); ``har:PATH`` is the schema inferred from a HAR file.

Run:  .venv/bin/python benchmarks/page_tasks.py [--seconds 120] [--sizes demo 30 100]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from editor_bench import big_schema, free_port  # noqa: E402

from jobs.model import JobStatus  # noqa: E402
from jobs.store import JobStore  # noqa: E402
from kernel.schema import Schema  # noqa: E402
from kernel.settings import Settings  # noqa: E402

# Runs before any script of every page load: keeps the figures of all loads in sessionStorage.
OBSERVE = """
(() => {
  const s = window.sessionStorage;
  s.setItem('wt_loads', String(Number(s.getItem('wt_loads') || 0) + 1));
  const seen = (d) => {
    s.setItem('wt_tasks', String(Number(s.getItem('wt_tasks') || 0) + 1));
    if (d > Number(s.getItem('wt_longest') || 0)) s.setItem('wt_longest', String(d));
  };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) seen(e.duration); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) { s.setItem('wt_error', String(e)); }
})();
"""
READ = """() => ({loads: Number(sessionStorage.getItem('wt_loads') || 0),
  longest: Number(sessionStorage.getItem('wt_longest') || 0),
  tasks: Number(sessionStorage.getItem('wt_tasks') || 0),
  error: sessionStorage.getItem('wt_error')})"""


def demo_schema() -> Schema:
    from demo.server import make_server
    from inference import infer_schema
    from tests.factories import make_exchange

    server = make_server("127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    exchanges = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for path in ("/api/books?per_page=100", "/api/authors", "/api/publishers", "/api/genres",
                     "/api/customers", "/api/orders?page_size=100"):
            exchanges.append(make_exchange(base + path, client.get(path).json()))
        for book in client.get("/api/books?per_page=5").json()["data"]:
            for path in (f"/api/books/{book['slug']}", f"/api/books/{book['slug']}/reviews"):
                exchanges.append(make_exchange(base + path, client.get(path).json()))
    server.shutdown()
    return infer_schema(exchanges, name="demo")


def har_schema(path: Path, tmp: Path) -> Schema:
    out = tmp / "har-schema.json"
    subprocess.run([str(Path(sys.executable).with_name("wiretable")), "infer", str(path), "-o", str(out)],
                   check=True, capture_output=True)
    return Schema.model_validate_json(out.read_text())


def schema_for(size: str, columns: int, tmp: Path) -> Schema:
    if size == "demo":
        return demo_schema()
    if size.startswith("har:"):
        return har_schema(Path(size[4:]), tmp)
    return big_schema(int(size), columns)


def measure(page: Any, url: str, seconds: float) -> dict[str, Any]:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_text("Inferred schema:")).to_be_visible(timeout=120_000)
    diagram = page.locator("[data-mark=er_diagram]")
    diagram.scroll_into_view_if_needed(timeout=60_000)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page.wait_for_timeout(min(5_000, max(1, (end - time.monotonic()) * 1000)))
    figures: dict[str, Any] = page.evaluate(READ)
    figures["svg"] = page.locator("[data-mark=er_diagram] svg").count() > 0
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["demo", "30", "100"])
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from sql.embedded import EmbeddedPostgres

    tmp = Path(tempfile.mkdtemp(prefix="wiretable-tasks-", dir="/tmp"))
    server = EmbeddedPostgres(tmp / "pg")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.app_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    app_db = server.app_url.replace("/postgres?", f"/{name}?")
    store = JobStore(app_db)
    jobs = {}
    for size in args.sizes:
        schema = schema_for(size, args.columns, tmp)
        job = store.create_job("http://127.0.0.1:8081/", mode="har")
        store.set_status(job.id, JobStatus.INFERRING, "inferring")
        store.save_schema_version(job.id, schema, note="benchmark")
        store.set_status(job.id, JobStatus.READY, "ready")
        jobs[size] = (job.id, len(schema.tables))

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    env.update(WIRETABLE_HOME=str(tmp / "home"), WIRETABLE_DATABASE_URL=app_db, WIRETABLE_TARGET_URL=app_db)
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).with_name("wiretable")), "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(url + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=Settings().chromium,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            if not args.json:
                print(f"{'schema':>14} {'tables':>6} {'longest task':>13} {'long tasks':>10} {'reloads':>7}"
                      f"  (page open {args.seconds:.0f} s, diagram in view)", flush=True)
            for size, (job_id, tables) in jobs.items():
                context = browser.new_context(viewport={"width": 1600, "height": 1000})
                context.add_init_script(OBSERVE)
                page = context.new_page()
                figures = measure(page, f"{url}/jobs/{job_id}", args.seconds)
                context.close()
                row = {"schema": size, "tables": tables, "longest_task_ms": round(figures["longest"]),
                       "long_tasks": figures["tasks"], "reloads": figures["loads"] - 1,
                       "diagram_drawn": figures["svg"], "observer_error": figures["error"]}
                if args.json:
                    print(json.dumps(row), flush=True)
                else:
                    print(f"{Path(size).name:>14} {tables:>6} {row['longest_task_ms']:>10} ms {row['long_tasks']:>10}"
                          f" {row['reloads']:>7}" + ("" if figures["svg"] else "  (no diagram drawn)"), flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(15)
        log.close()
        server.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
