"""How late the API's event stream delivers the events another process stores, in queue mode.

    .venv/bin/python benchmarks/event_latency.py [--events 20] [--spacing 0.25]

Starts `wiretable serve` (WIRETABLE_QUEUE=postgres) on an embedded Postgres in a temporary
WIRETABLE_HOME, follows `GET /api/v1/jobs/{id}/events` with a real HTTP client, and stores events
of that job from this process (as a worker would) at a fixed spacing. The delay of an event is
the time it arrived on the stream minus the time it was stored; prints the median and the maximum.
The job page's delay is measured by tests/webui/test_live_events.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    from jobs.model import JobStatus
    from jobs.store import JobStore
    from sql.embedded import EmbeddedPostgres

    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--spacing", type=float, default=0.25)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="wiretable-latency-", dir="/tmp"))
    server = EmbeddedPostgres(home / "pgdata")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_")}
    env.update(WIRETABLE_HOME=str(home), WIRETABLE_DATABASE_URL=server.app_url, WIRETABLE_QUEUE="postgres")
    serve = subprocess.Popen([WIRETABLE, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        store = JobStore(server.app_url)
        job = store.create_job("http://127.0.0.1:9/")
        store.set_status(job.id, JobStatus.CAPTURING, "capturing")
        arrived: dict[str, datetime] = {}
        stored: dict[str, datetime] = {}
        streaming = threading.Event()

        def follow() -> None:
            with httpx.stream("GET", f"{url}/api/v1/jobs/{job.id}/events", timeout=60) as response:
                for line in response.iter_lines():
                    streaming.set()
                    if line.startswith("data: "):
                        data = json.loads(line[6:])
                        if data.get("message", "").startswith("step "):
                            arrived[data["message"]] = datetime.now(UTC)
                    if len(arrived) == args.events:
                        return

        reader = threading.Thread(target=follow, daemon=True)
        reader.start()
        streaming.wait(30)
        time.sleep(1.0)
        for i in range(args.events):
            event = store.add_event(job.id, stage="capturing", message=f"step {i}")
            stored[event.message] = event.at
            time.sleep(args.spacing)
        reader.join(30)
        delays = [(arrived[m] - stored[m]).total_seconds() for m in stored if m in arrived]
        print(f"event stream: {len(delays)}/{args.events} events, delay median {statistics.median(delays):.3f} s, "
              f"max {max(delays):.3f} s")
    finally:
        serve.terminate()
        serve.wait(20)
        server.close()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
