"""Inference time as the input doubles in keys per record, columns per table and endpoints.

    .venv/bin/python benchmarks/scaling.py [--base N] [--steps K] [--repeat R]

Each shape is inferred in this process at sizes base, 2 x base, 4 x base...; the script prints
the median seconds of each size and the ratio to the size before it. Near-linear inference shows
ratios near 2; a quadratic step shows ratios near 4.

- keys: one collection of 20 records, each with N distinct keys (a very wide record);
- columns: N/20 records of one collection, each with 20 keys of its own: N columns in all
  (wide, sparse objects);
- endpoints: N distinct collection endpoints of 5 small records each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference import infer_schema  # noqa: E402
from kernel.exchange import Exchange, Request, Response  # noqa: E402


def _exchange(url: str, body: object) -> Exchange:
    return Exchange(id=url, started_at=datetime(2026, 1, 1, tzinfo=UTC), source="har",
                    request=Request(method="GET", url=url),
                    response=Response(status=200, content_type="application/json", body=body))


def keys(n: int) -> list[Exchange]:
    return [_exchange("https://app.test/api/things", [{"id": i, **{f"k{j}": j for j in range(n)}} for i in range(20)])]


def columns(n: int) -> list[Exchange]:
    records = [{"id": i, **{f"c{i * 20 + j}": j for j in range(20)}} for i in range(max(1, n // 20))]
    return [_exchange("https://app.test/api/rows", records)]


def endpoints(n: int) -> list[Exchange]:
    return [_exchange(f"https://app.test/api/kind{i}/items", [{"id": j, "name": f"n{j}", "v": j} for j in range(5)])
            for i in range(n)]


SHAPES: dict[str, tuple[Callable[[int], list[Exchange]], int]] = {
    "keys": (keys, 1000), "columns": (columns, 400), "endpoints": (endpoints, 250)}


def _time(make: Callable[[int], list[Exchange]], n: int, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        exchanges = make(n)
        start = time.perf_counter()
        infer_schema(exchanges, name="bench")
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SHAPES))
    args = parser.parse_args()
    for name, (make, base) in SHAPES.items():
        if args.only and name != args.only:
            continue
        previous = None
        for step in range(args.steps):
            n = int(base * args.scale) * 2**step
            seconds = _time(make, n, args.repeat)
            ratio = f"x{seconds / previous:.2f}" if previous else ""
            print(f"{name:9} n={n:7d} {seconds:8.3f} s {ratio}", flush=True)
            previous = seconds


if __name__ == "__main__":
    main()
