"""Shared fixtures: one real embedded Postgres per session, a fresh database per test, the demo app."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

# The suite runs inference's Python modules unless asked for the compiled ones (WIRETABLE_COMPILED=1, see
# wiretable.compiled); the choice is made here, before any test module imports inference.
os.environ.setdefault("WIRETABLE_COMPILED", "0")
import wiretable  # noqa: E402,F401
from kernel.settings import Settings  # noqa: E402

if TYPE_CHECKING:
    from sql.embedded import EmbeddedPostgres

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


def database_url(server_url: str, dbname: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, parts.fragment))


@pytest.fixture(scope="session")
def embedded_pg() -> Iterator[EmbeddedPostgres]:
    """The session's one real Postgres 16 (pgserver), its data dir ``pgdata`` outside /root."""
    from sql.embedded import EmbeddedPostgres

    root = Path(tempfile.mkdtemp(prefix="wiretable-test-pg-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    # A server made for one test session need not survive a crash of the machine: without
    # fsync its checkpoints (the one at shutdown flushes every database the tests created) take
    # a fraction of a second instead of about 20. Everything a test can observe stays the same.
    with psycopg.connect(server.app_url, autocommit=True) as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {name} = off")
        conn.execute("SELECT pg_reload_conf()")
    yield server
    server.close()
    # The databases the tests created are thousands of files, whose removal can take seconds on a
    # busy machine: a process of its own removes them, and the session ends without waiting.
    subprocess.Popen(["rm", "-rf", "--", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


@pytest.fixture(scope="session")
def pg_server(embedded_pg: EmbeddedPostgres) -> str:
    """The admin URL of the session's embedded Postgres."""
    return embedded_pg.app_url


def _create_db(server_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(server_url, name)


@pytest.fixture
def app_db_url(pg_server: str) -> str:
    """A fresh, empty app database for this test."""
    return _create_db(pg_server)


@pytest.fixture
def target_db_url(pg_server: str) -> str:
    """A fresh, empty push target database for this test."""
    return _create_db(pg_server)


@pytest.fixture
def settings(tmp_path: Path, app_db_url: str, target_db_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=app_db_url, target_url=target_db_url)


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The bundled demo app on 127.0.0.1, a free port."""
    from demo.server import make_server

    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
