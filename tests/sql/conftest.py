"""A real embedded Postgres for the sql tests: one server per session, one fresh database per test."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from sql.embedded import EmbeddedPostgres


@pytest.fixture(scope="session")
def embedded() -> Iterator[EmbeddedPostgres]:
    # pgserver opens the permissions of the data dir's parents when run as root: stay out of /root.
    root = Path(tempfile.mkdtemp(dir="/tmp", prefix="wiretable-sql-"))
    server = EmbeddedPostgres(root / "pgdata", cleanup_mode="delete")
    yield server
    server.close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def target_url(embedded: EmbeddedPostgres) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = embedded.ensure_database(name)
    yield url
    embedded.drop_database(name)


@pytest.fixture
def conn(target_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(target_url, autocommit=True) as connection:
        yield connection
