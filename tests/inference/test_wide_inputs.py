"""Wide inputs stay near-linear: a guard against the return of quadratic passes over columns.

The bound is generous (the input takes a few seconds); the quadratic passes took minutes on it.
The time ratios themselves are measured by ``benchmarks/scaling.py``.
"""

from __future__ import annotations

import threading

from inference import infer_schema
from tests.factories import make_exchange

BOUND = 120.0


def _finishes(exchanges: list, bound: float = BOUND) -> bool:  # type: ignore[type-arg]
    done = threading.Event()

    def run() -> None:
        infer_schema(exchanges, name="wide")
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(bound)


def test_records_with_ten_thousand_keys() -> None:
    records = [{"id": i, **{f"k{j}": j for j in range(10_000)}} for i in range(20)]
    assert _finishes([make_exchange("https://app.test/api/things", records)])


def test_wide_sparse_records() -> None:
    records = [{"id": i, **{f"c{i * 20 + j}": j for j in range(20)}} for i in range(400)]
    assert _finishes([make_exchange("https://app.test/api/rows", records)])
