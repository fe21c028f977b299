"""Wall time of N demo captures on the task queue with one worker process against three.

    .venv/bin/python benchmarks/workers.py [--jobs 10] [--workers 1,3] [--concurrency 2]
                                           [--budget 30] [--pages 3]

Each round uses a fresh app database (an embedded Postgres in a temporary WIRETABLE_HOME), the
bundled demo app on 127.0.0.1, and real `wiretable worker` processes (mitmdump + headless
Chromium per capture). The time runs from deferring the first job to the last job's end; every
job must end ready. The figures depend on the machine's cores: captures are CPU-bound here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def one_round(workers: int, jobs: int, concurrency: int, budget: float, pages: int, demo_url: str) -> float:
    from jobs.model import JobOptions
    from jobs.queue import TaskQueue, hook
    from jobs.runner import JobRunner
    from jobs.store import JobStore
    from kernel.settings import Settings
    from sql.embedded import EmbeddedPostgres

    home = Path(tempfile.mkdtemp(prefix="wiretable-bench-", dir="/tmp"))
    server = EmbeddedPostgres(home / "pgdata")
    settings = Settings(home=home, database_url=server.app_url, queue="postgres")
    store = JobStore(server.app_url)
    runner = JobRunner(settings, store)
    hook(runner, TaskQueue(settings, store))
    env = {**os.environ, "WIRETABLE_HOME": str(home), "WIRETABLE_DATABASE_URL": server.app_url,
           "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([WIRETABLE, "worker", "--concurrency", str(concurrency)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
             for _ in range(workers)]
    try:
        time.sleep(3)  # let the workers connect before the clock starts
        started = time.monotonic()
        ids = [runner.start_capture(demo_url, JobOptions(budget_seconds=budget, max_pages=pages)).id
               for _ in range(jobs)]
        ended = [runner.wait(i, timeout=1800) for i in ids]
        elapsed = time.monotonic() - started
        bad = [(j.id, j.status.value, j.error) for j in ended if j.status.value != "ready"]
        if bad:
            raise SystemExit(f"jobs did not end ready: {bad}")
        return elapsed
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(30)
        server.close()
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10)
    parser.add_argument("--workers", default="1,3")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--budget", type=float, default=30)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    from demo.server import make_server

    demo = make_server("127.0.0.1", 0)
    threading.Thread(target=demo.serve_forever, daemon=True).start()
    demo_url = f"http://127.0.0.1:{demo.server_address[1]}/"
    print(f"{args.jobs} demo captures (budget {args.budget:g} s, {args.pages} pages), "
          f"{args.concurrency} at once per worker, {os.cpu_count()} CPUs")
    print("workers  wall s  jobs/min")
    for count in (int(n) for n in args.workers.split(",")):
        elapsed = one_round(count, args.jobs, args.concurrency, args.budget, args.pages, demo_url)
        print(f"{count:>7}  {elapsed:>6.1f}  {args.jobs / elapsed * 60:>8.1f}", flush=True)
    demo.shutdown()


if __name__ == "__main__":
    main()
