"""Shared factories for tests: small, valid instances of the boundary models."""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kernel.errors import CaptureError
from kernel.exchange import Exchange, Request, Response
from kernel.schema import Column, ForeignKey, Schema, Table

_ids = itertools.count(1)


def make_exchange(
    url: str = "http://127.0.0.1:8081/api/users",
    body: Any = None,
    *,
    method: str = "GET",
    status: int = 200,
    request_body: Any = None,
    content_type: str | None = "application/json",
    source: str = "proxy",
) -> Exchange:
    return Exchange(
        id=f"x{next(_ids)}",
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_ms=1.0,
        source=source,  # type: ignore[arg-type]
        request=Request(
            method=method,
            url=url,
            content_type="application/json" if request_body is not None else None,
            body=request_body,
        ),
        response=Response(status=status, content_type=content_type, body=body),
    )


def make_schema() -> Schema:
    """Two related tables: users(id uuid) <- posts(user_id)."""
    return Schema(
        name="blog",
        tables=[
            Table(
                name="users",
                columns=[
                    Column(name="id", type="uuid", nullable=False),
                    Column(name="email", type="text", nullable=False, unique=True),
                    Column(name="created_at", type="timestamptz", nullable=False),
                ],
                primary_key=["id"],
            ),
            Table(
                name="posts",
                columns=[
                    Column(name="id", type="integer", nullable=False),
                    Column(name="user_id", type="uuid", nullable=False),
                    Column(name="title", type="text", nullable=False),
                    Column(name="tags", type="text[]", nullable=True),
                    Column(name="meta", type="jsonb", nullable=True),
                ],
                primary_key=["id"],
                foreign_keys=[ForeignKey(columns=["user_id"], ref_table="users", ref_columns=["id"])],
            ),
        ],
    )


EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
REAL_HARS = sorted((EVAL / "real-har").glob("*.har")) + sorted((EVAL / "dev").glob("*.har"))
# Tests that read the evaluation set beside the checkout (``../shared``) skip in a clone without it.
needs_real_hars = pytest.mark.skipif(not REAL_HARS, reason="the evaluation HARs (../shared/eval) are not present")


def real_har_urls() -> list[str]:
    """The request URLs, as captured (not redacted), of every HAR in ../shared/eval."""
    from capture.har import _iter_entries

    urls: list[str] = []
    for path in REAL_HARS:
        with contextlib.suppress(CaptureError):
            for _index, entry, _pages in _iter_entries(path):
                url = (entry.get("request") or {}).get("url")
                if isinstance(url, str):
                    urls.append(url)
    return urls


def make_shop_har(path: Path, size_mb: float) -> Path:
    """A capture of the benchmark's shop (``benchmarks/make_har.py``, fixed seed) at ``path``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_har", Path(__file__).resolve().parents[1] / "benchmarks"
                                                  / "make_har.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_har(path, size_mb)
    return path


def child_pids() -> set[str]:
    """Processes forked by this process (its main thread), still running or not yet reaped."""
    import os

    return set(Path(f"/proc/self/task/{os.getpid()}/children").read_text().split())


def bytes_read(pid: str) -> int:
    """How many bytes process ``pid`` has read so far (``rchar`` of ``/proc/<pid>/io``)."""
    io = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    return int(io["rchar"])
