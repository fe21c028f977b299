"""Throughput of the generated REST API beside a hand-written FastAPI + psycopg endpoint, one run.

Both servers run as separate uvicorn processes over the same table in the same embedded Postgres
(a table of 10,000 rows, created and pushed by wiretable), each with an 8-connection psycopg
pool and orjson responses. The hand-written one does the same work per request: a list of 50
rows with the total count, and one row by primary key. A bounded load (default 2,000 requests
per scenario, 8 concurrent, on 127.0.0.1) is sent to each in turn; the table prints requests per
second, median and p95 latency (each server's best of alternating rounds), and the generated API's throughput as a ratio of the
hand-written one.

Run:  .venv/bin/python benchmarks/api_bench.py [--requests 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROWS = 10_000


def bench_schema() -> Any:
    from kernel.schema import Column, Schema, Table

    return Schema(name="bench", tables=[Table(name="items", primary_key=["id"], columns=[
        Column(name="id", type="integer", nullable=False),
        Column(name="name", type="text", nullable=False),
        Column(name="price", type="numeric(10,2)", nullable=False),
        Column(name="in_stock", type="boolean", nullable=False),
        Column(name="created_at", type="timestamptz", nullable=False),
        Column(name="note", type="text"),
    ])])


def handwritten_app(url: str) -> Any:
    """What a person would write by hand for the same two endpoints."""
    import contextlib

    import orjson
    from fastapi import FastAPI
    from fastapi.responses import Response
    from psycopg.rows import dict_row
    from psycopg_pool import AsyncConnectionPool

    pool = AsyncConnectionPool(url, min_size=1, max_size=8, open=False,
                               kwargs={"autocommit": True, "row_factory": dict_row})

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        await pool.open()
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    def default(value: Any) -> Any:
        return float(value)

    @app.get("/items")
    async def items(limit: int = 50, offset: int = 0) -> Response:
        async with pool.connection() as conn:
            rows = await (await conn.execute(
                "SELECT * FROM items ORDER BY id LIMIT %s OFFSET %s", (min(limit, 1000), offset))).fetchall()
            total = await (await conn.execute("SELECT count(*) FROM items")).fetchone()
        body = {"data": rows, "total": total["count"] if total else 0, "limit": limit, "offset": offset}
        return Response(orjson.dumps(body, default=default), media_type="application/json")

    @app.get("/items/{item_id}")
    async def item(item_id: int) -> Response:
        async with pool.connection() as conn:
            row = await (await conn.execute("SELECT * FROM items WHERE id = %s", (item_id,))).fetchone()
        if row is None:
            return Response(b'{"code":"not_found"}', status_code=404, media_type="application/json")
        return Response(orjson.dumps(row, default=default), media_type="application/json")

    return app


def serve(kind: str, url: str, port: int) -> None:
    import uvicorn

    if kind == "generated":
        from restapi.app import create_app

        app = create_app(bench_schema(), url)
    else:
        app = handwritten_app(url)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(base: str, paths: list[str], concurrency: int) -> tuple[float, list[float], int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    queue = list(reversed(paths))
    async with httpx.AsyncClient(base_url=base, timeout=30,
                                 limits=httpx.Limits(max_connections=concurrency)) as client:
        for path in paths[:concurrency]:  # warm-up: connections and pools
            await client.get(path)

        async def worker() -> None:
            nonlocal errors
            while queue:
                path = queue.pop()
                start = time.perf_counter()
                answer = await client.get(path)
                latencies.append(time.perf_counter() - start)
                if answer.status_code != 200:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return elapsed, latencies, errors


def wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server exited"
        try:
            httpx.get(base + "/items/1", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds; each server's best is kept")
    parser.add_argument("--serve", nargs=3, metavar=("KIND", "URL", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], args.serve[1], int(args.serve[2]))
        return

    import psycopg

    from sql.apply import push
    from sql.embedded import EmbeddedPostgres

    root = Path(tempfile.mkdtemp(prefix="wiretable-api-bench-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    try:
        url = server.ensure_database("bench")
        push(bench_schema(), url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO items SELECT g, 'item ' || g, (g %% 1000) / 10.0, g %% 3 = 0,"
                         " now() - g * interval '1 minute', CASE WHEN g %% 5 = 0 THEN NULL ELSE 'n' END"
                         " FROM generate_series(1, %s) g", (ROWS,))
        rng = random.Random(7)
        scenarios = {
            "list 50 rows + total": [f"/items?limit=50&offset={rng.randrange(0, ROWS - 50)}"
                                     for _ in range(args.requests)],
            "get by key": [f"/items/{rng.randrange(1, ROWS + 1)}" for _ in range(args.requests)],
        }
        results: dict[tuple[str, str], tuple[float, float, float, int]] = {}
        # Alternate the servers over rounds and keep each one's best round: the machine is shared.
        for kind in ["hand-written", "generated"] * args.rounds:
            port = free_port()
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, url, str(port)], env=env)
            base = f"http://127.0.0.1:{port}"
            try:
                wait_up(base, proc)
                for name, paths in scenarios.items():
                    elapsed, lat, errors = asyncio.run(load(base, paths, args.concurrency))
                    lat.sort()
                    measured = (len(paths) / elapsed, statistics.median(lat) * 1000,
                                lat[int(len(lat) * 0.95)] * 1000, errors)
                    if (kind, name) not in results or measured[0] > results[(kind, name)][0]:
                        results[(kind, name)] = measured
            finally:
                proc.terminate()
                proc.wait(10)
        print(f"\n{args.requests} requests per scenario, {args.concurrency} concurrent, table of {ROWS} rows, "
              f"best of {args.rounds} alternating rounds\n")
        print("| scenario | server | req/s | p50 ms | p95 ms | errors | generated / hand-written |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for name in scenarios:
            for kind in ("hand-written", "generated"):
                rps, p50, p95, errors = results[(kind, name)]
                ratio = f"{rps / results[('hand-written', name)][0]:.2f}" if kind == "generated" else ""
                print(f"| {name} | {kind} | {rps:.0f} | {p50:.1f} | {p95:.1f} | {errors} | {ratio} |")
    finally:
        server.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
