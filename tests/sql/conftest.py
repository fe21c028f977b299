"""The sql tests run on the session's embedded Postgres (``tests/conftest.py``), one fresh database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from sql.embedded import EmbeddedPostgres
from tests.sql.mariadb import MariaDB, mariadb_server


@pytest.fixture(scope="session")
def embedded(embedded_pg: EmbeddedPostgres) -> EmbeddedPostgres:
    return embedded_pg


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


@pytest.fixture(scope="session")
def mariadb() -> Iterator[MariaDB]:
    """A throwaway MariaDB server on a Unix socket (no TCP), data dir in /tmp."""
    yield from mariadb_server()
