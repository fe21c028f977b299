"""Shared factories for tests: small, valid instances of the boundary models."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from capture.model import Exchange, Request, Response
from sql.model import Column, ForeignKey, Schema, Table

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
