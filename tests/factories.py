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
    from capture.har import iter_entries

    urls: list[str] = []
    for path in REAL_HARS:
        with contextlib.suppress(CaptureError):
            for _index, entry, _pages in iter_entries(path):
                url = (entry.get("request") or {}).get("url")
                if isinstance(url, str):
                    urls.append(url)
    return urls
