"""One way to open a short connection to the app database, shared by its stores."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row

from kernel.errors import WiretableError


@contextmanager
def app_connection(conninfo: str, error: type[WiretableError]) -> Iterator[psycopg.Connection[dict[str, Any]]]:
    """A connection with dict rows, committed on success; an unreachable database raises ``error``
    with the server's first line, never a driver traceback."""
    try:
        conn = psycopg.connect(conninfo, row_factory=dict_row, connect_timeout=10)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise error(f"cannot reach the app database: {first}") from exc
    with conn:
        yield conn
